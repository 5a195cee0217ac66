/**
 * The one way this library writes a file, so that no reader ever sees half of it and a failure changes nothing.
 *
 * The content goes to a temporary file beside the target (created exclusively, with its final mode from the
 * start), written completely (a short write is continued, a write of nothing is an error), flushed to disk, and
 * then takes the target's place in one step (rename, or a hard link that never replaces); the directory is
 * flushed too, so the new name survives a crash. On any error the target is left as it was, the temporary file
 * is removed, and a `PxSecurityError` names the path and the file system's errno code (`ENOSPC`, `EROFS`, ...).
 * Keystores, token and key files, sealing caches, SealedSecrets and patched specs are all written here.
 *
 * Symbolic links: a target that is a symbolic link, dangling or not, is refused (`FILE_TARGET_SYMLINK`). Renaming
 * over it would silently turn the link into a plain file, and writing through it would change a file elsewhere;
 * the user names the real path instead. An existing target that is not a regular file (a directory, a device, a
 * FIFO) is refused (`FILE_TARGET_NOT_A_FILE`). Parent directories may be symbolic links.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { PxErrorCode } from '../core/errors/error-catalogue';
import { PxSecurityError } from '../core/errors/errors';

/** How {@link writeFileAtomically} writes. */
export interface AtomicWriteOptions {
  /** Mode of the new file, e.g. 0o600 for anything holding a key or a token. */
  readonly mode: number;
  /**
   * Never replace an existing file: the write fails with a {@link FileWriteError} whose `errno` is `EEXIST`
   * instead (the keystore: whoever created it first wins). Uses a hard link, or a rename on filesystems
   * without them.
   * @default false
   */
  readonly noReplace?: boolean;
  /** Create missing parent directories, mode 0700. @default false */
  readonly createDirectory?: boolean;
  /** The flag or field that named the file, for messages, e.g. `--output`. @default "file" */
  readonly field?: string;
  /** The path as the user wrote it, for messages. @default - the path written to */
  readonly displayPath?: string;
  /** The error code for a failure of the file system (the errno is in the message). @default "FILE_WRITE_FAILED" */
  readonly errorCode?: PxErrorCode;
}

/** A write that failed: the target is unchanged. `errno` is the file system's code, e.g. `ENOSPC`. */
export class FileWriteError extends PxSecurityError {
  constructor(
    init: ConstructorParameters<typeof PxSecurityError>[0],
    /** The errno code (`ENOSPC`, `EACCES`, `EROFS`, `EEXIST`, ...), or `ELOOP` for a symbolic link target. */
    public readonly errno: string,
  ) {
    super(init);
  }
}

/**
 * Writes `content` to `path` atomically: the target ends up holding all of `content`, or stays as it was.
 *
 * @throws FileWriteError `FILE_TARGET_SYMLINK`, `FILE_TARGET_NOT_A_FILE`, or `options.errorCode` naming the
 *   path and the errno code
 */
export function writeFileAtomically(path: string, content: string | Uint8Array, options: AtomicWriteOptions): void {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  refuseUnsuitableTarget(path, options);
  // Beside the target (one file system, so the rename is atomic); short enough for a target whose name is at the limit.
  const temporary = join(dirname(path), `.${basename(path).slice(0, 200)}.${randomBytes(6).toString('hex')}.tmp`);
  let placed = false;
  try {
    if (options.createDirectory) createDirectory(dirname(path));
    const descriptor = openSync(temporary, 'wx', options.mode);
    try {
      fchmodSync(descriptor, options.mode); // the umask may have taken bits away
      writeFully(descriptor, bytes);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    if (options.noReplace) placeWithoutReplacing(temporary, path);
    else renameSync(temporary, path);
    placed = true;
    syncDirectory(dirname(path));
  } catch (error) {
    if (error instanceof PxSecurityError) throw error;
    throw writeFailed(path, options, errnoOf(error), placed);
  } finally {
    removeQuietly(temporary);
  }
}

/** Writes every byte, continuing after short writes; a write that makes no progress is `ENOSPC`. */
function writeFully(descriptor: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(descriptor, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error('no progress writing'), { code: 'ENOSPC' });
    offset += written;
  }
}

function refuseUnsuitableTarget(path: string, options: AtomicWriteOptions): void {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return; // no such file yet (or an unreadable directory, which the write itself reports)
  }
  const field = options.field ?? 'file';
  const value = options.displayPath ?? path;
  if (stats.isSymbolicLink()) {
    throw new FileWriteError(
      {
        code: 'FILE_TARGET_SYMLINK',
        field,
        value,
        problem: 'is a symbolic link; pxsec does not write through links nor replace them',
        fix: 'give the path of the file the link points to (realpath), or remove the link; nothing was written',
      },
      'ELOOP',
    );
  }
  if (!stats.isFile()) {
    throw new FileWriteError(
      { code: 'FILE_TARGET_NOT_A_FILE', field, value, problem: 'exists and is not a regular file', fix: 'give the path of a file; nothing was written' },
      'EISDIR',
    );
  }
}

/** Creates the target's directory (mode 0700); something else in its place is ENOTDIR, never EEXIST (which means the target exists). */
function createDirectory(directory: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    throw error;
  }
}

/** Makes a rename durable; file systems that cannot sync a directory (or forbid opening it) are accepted. */
function syncDirectory(directory: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(directory, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(descriptor);
  } catch (error) {
    if (!['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF', 'EPERM', 'EACCES'].includes(errnoOf(error))) throw error;
  } finally {
    closeSync(descriptor);
  }
}

function placeWithoutReplacing(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
  } catch (error) {
    const code = errnoOf(error);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    renameSync(temporary, path);
  }
}

function writeFailed(path: string, options: AtomicWriteOptions, errno: string, placed: boolean): FileWriteError {
  return new FileWriteError(
    {
      code: options.errorCode ?? 'FILE_WRITE_FAILED',
      cause: { code: errno },
      field: options.field ?? 'file',
      value: options.displayPath ?? path,
      problem: placed ? `was written but its directory could not be flushed to disk (${errno})` : `cannot be written (${errno})`,
      fix: placed
        ? 'check the file system; the file holds the new content'
        : `${FIX_BY_ERRNO[errno] ?? 'give a path in a directory you can write to'}; nothing was changed`,
    },
    errno,
  );
}

const FIX_BY_ERRNO: Readonly<Record<string, string>> = {
  ENOSPC: 'free space on that file system, or write elsewhere',
  EDQUOT: 'free space within your disk quota, or write elsewhere',
  EROFS: 'the file system is read-only: write elsewhere',
  EACCES: 'give a path in a directory you can write to',
  EPERM: 'give a path in a directory you can write to',
  ENOENT: 'give a path in an existing directory you can write to',
  ENOTDIR: 'give a path in an existing directory you can write to',
  EISDIR: 'give the path of a file, not a directory',
  EEXIST: 'the file already exists',
};

/**
 * The `code` of a Node.js system error (`ENOENT`, `EACCES`, ...), never its message. Checked by shape: errors
 * from another realm (a vm context, as under jest) are not instances of this one's `Error`.
 */
export function errnoOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'EIO';
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // renamed into place, or never created
  }
}
