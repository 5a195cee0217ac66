/**
 * Manifest copies made private, as `pxsec check` asks of files holding plaintext keys and tokens (a file group or
 * others can read is the warning MANIFEST_PERMISSIONS).
 */
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Sets every manifest file under `dir` (read recursively) to mode 0600, but the files of `readable` to 0644. */
export function makeManifestsPrivate(dir: string, readable: readonly string[] = []): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (/\.(ya?ml|json)$/.test(entry)) chmodSync(join(dir, entry), readable.includes(entry) ? 0o644 : 0o600);
  }
}
