/**
 * The keystore's text: JSON `{"system-secret": …, "stork-secret": …, "shared-secret": …}` with a trailing
 * newline. Pure: the file itself is read and written by the Node adapter (`lib/node/key-store-file.ts`).
 */

import { PxSecurityError } from './errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from './names';
import { KEY_NAMES, PxKeys } from './keys';

/** The keys of a keystore's text; `KEYSTORE_CORRUPT` naming the path (never the content) when it is not one. */
export function parseKeystore(text: string, path: string): PxKeys {
  const corrupt = (problem: string): PxSecurityError =>
    new PxSecurityError({
      code: 'KEYSTORE_CORRUPT',
      field: 'keystore',
      value: path,
      problem,
      fix: 'restore it from a backup, or move it away to create new keys (then update every Secret made with the old ones)',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the text, which holds keys: never pass them on.
    throw corrupt('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw corrupt('is not a JSON object');
  const entries = parsed as Record<string, unknown>;
  const value = (key: keyof PxKeys): string => {
    const found = entries[KEY_NAMES[key]];
    if (typeof found !== 'string') throw corrupt(`has no string "${KEY_NAMES[key]}"`);
    return found;
  };
  return { system: value('system'), stork: value('stork'), shared: value('shared') };
}

/** The text of a keystore holding `keys`: pretty JSON in the fixed key order, with a trailing newline. */
export function keystoreText(keys: PxKeys): string {
  return `${JSON.stringify({ [SYSTEM_SECRET_KEY]: keys.system, [STORK_SECRET_KEY]: keys.stork, [SHARED_SECRET_KEY]: keys.shared }, null, 2)}\n`;
}
