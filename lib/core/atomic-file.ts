/**
 * Writing a file so that no reader ever sees half of it: the text goes to a temporary file beside the target
 * (created exclusively, with its final mode from the start, flushed to disk), which then takes the target's
 * place in one step. Keystores, token files, sealing caches and patched specs are all written this way.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How {@link writeFileAtomically} writes. */
export interface AtomicWriteOptions {
  /** Mode of the new file, e.g. 0o600 for anything holding a key or a token. */
  readonly mode: number;
  /**
   * Never replace an existing file: the write fails with `EEXIST` instead (the keystore: whoever created it
   * first wins). Uses a hard link, or a rename on filesystems without them.
   * @default false
   */
  readonly noReplace?: boolean;
  /** Create missing parent directories, mode 0700. @default false */
  readonly createDirectory?: boolean;
}

/** Writes `text` to `path` atomically; throws the file system's own error (callers name the field). */
export function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions): void {
  if (options.createDirectory) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const descriptor = openSync(temporary, 'wx', options.mode);
    try {
      fchmodSync(descriptor, options.mode); // the umask may have taken bits away
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    if (options.noReplace) placeWithoutReplacing(temporary, path);
    else renameSync(temporary, path);
  } finally {
    removeQuietly(temporary);
  }
}

function placeWithoutReplacing(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    renameSync(temporary, path);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // renamed into place, or never created
  }
}
