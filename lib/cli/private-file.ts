/**
 * Writing a token or keys to `--output FILE`: mode 0600, atomically.
 *
 * The text goes to a temporary file beside the target (created 0600, so it is never readable by others) which is
 * then renamed over the target: a reader sees the old file or the whole new one, never a partial file. An
 * existing target that others can read is refused: the user put it there for a reason, and it may be shared.
 */
import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomically } from '../node/atomic-file';
import { PxSecurityError } from '../core/errors/errors';
import { CliIO } from './io';

/** Mode of every file `pxsec` writes secret material to: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Writes `text` to `path` (relative to `io.cwd`) with mode 0600, atomically; `flag` names the option in errors. */
export function writePrivateFile(flag: string, path: string, text: string, io: Pick<CliIO, 'cwd'>): void {
  const target = resolve(io.cwd, path);
  refuseExposedTarget(flag, path, target);
  writeFileAtomically(target, text, { mode: PRIVATE_FILE_MODE, field: flag, displayPath: path, errorCode: 'OUTPUT_FILE_UNWRITABLE' });
}

/** An existing target that group or others can read is refused (links and non-files are the writer's to refuse). */
function refuseExposedTarget(flag: string, path: string, target: string): void {
  let mode: number;
  try {
    const stats = lstatSync(target);
    if (!stats.isFile()) return;
    mode = stats.mode;
  } catch {
    return; // no such file yet: it is created 0600
  }
  const permissions = mode & 0o777;
  if ((permissions & 0o044) !== 0) {
    throw new PxSecurityError({
      code: 'OUTPUT_FILE_EXPOSED',
      field: flag,
      value: path,
      problem: `exists with mode ${permissions.toString(8).padStart(4, '0')}, readable by group or others`,
      fix: `remove it or run "chmod 600" on it first, or give a new path`,
    });
  }
}
