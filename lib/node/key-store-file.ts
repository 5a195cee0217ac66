/**
 * The keystore file: the keys of a cluster kept in a local file (mode 0600, git-ignored), created on first use.
 * All of its file-system access is here, in the Node adapter; the key policy and the text format are pure core.
 */

import { lstatSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileWriteError, writeFileAtomically } from './atomic-file';
import { readInputFile } from './input-file';
import { PxSecurityError } from '../core/errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../core/names';
import { checkKeys, KEY_ORDER, PxKeys } from '../core/keys';
import { generateKeys } from '../core/key-sources';
import { keystoreKeySetsText, keystoreText, parseKeystore, parseKeystoreKeySets } from '../core/key-store-text';

/** Default keystore file, relative to the working directory (git-ignored: it holds real keys). */
export const DEFAULT_KEYSTORE_PATH = '.pxsec/keystore.json';

/** Options of {@link keysFromKeystore}. */
export interface KeystoreOptions {
  /**
   * Called once when this call created the keystore (never when it read an existing one, nor when another
   * process created it first), with the keystore's path and the `.gitignore` written beside it (if any).
   * @default - prints one line on standard error naming the file (see {@link keystoreCreatedNotice})
   */
  readonly onCreated?: (created: KeystoreCreated) => void;
}

/** What the first use of a keystore created. */
export interface KeystoreCreated {
  /** The keystore file, as given. */
  readonly keystore: string;
  /** The `.gitignore` (`*`) written into the keystore's directory, when one was written. */
  readonly gitignore?: string;
}

/** The one line the default `onCreated` prints on standard error (with its newline). */
export function keystoreCreatedNotice(created: KeystoreCreated): string {
  const ignored = created.gitignore === undefined ? 'keep it out of git' : `git-ignored by ${created.gitignore}`;
  return `px-security-constructs: created keystore ${created.keystore} with new keys (mode 0600, ${ignored}); back it up privately, every Secret and token is made from it\n`;
}

/** The directory name of the default keystore, whose `.gitignore` ignores everything in it. */
const KEYSTORE_DIRECTORY = '.pxsec';

/**
 * The keys of a keystore file, created on first use.
 *
 * The file is JSON `{"system-secret": …, "stork-secret": …, "shared-secret": …}` with a trailing newline.
 * When it is missing, its directory is made (mode 0700), new keys are written to a temporary file opened
 * exclusively with mode 0600, flushed, and linked into place in one step: readers never see half a file, and
 * if another process created the keystore meanwhile its keys win (an existing file is never rewritten; on a
 * filesystem without hard links the temporary file is renamed instead). An existing file is refused when
 * group or others may read it (`KEYSTORE_PERMISSIONS`), and is an error when it is not the JSON above
 * (`KEYSTORE_CORRUPT`) or holds weak keys.
 *
 * Creating it also writes a `.gitignore` holding `*` into its directory, unless one is there, when that
 * directory is new or is a `.pxsec` directory (never into a directory of the user's own, such as the
 * repository root), and reports the creation through `options.onCreated`: by default one line on standard
 * error naming the file, so a keystore never appears silently. The `.gitignore` is written first, through the
 * same atomic writer; if either write fails (`KEYSTORE_UNWRITABLE` naming the file and the errno code), the
 * `.gitignore` and directories this call made are removed again, so no half keystore is left behind. A keystore
 * path that is a dangling symbolic link is `KEYSTORE_UNREADABLE`.
 *
 * @param path the keystore file, e.g. `DEFAULT_KEYSTORE_PATH`
 */
export function keysFromKeystore(path: string, options: KeystoreOptions = {}): PxKeys {
  const existing = readKeystore(path);
  if (existing !== undefined) return existing;
  return createKeystore(path, options.onCreated ?? ((created) => process.stderr.write(keystoreCreatedNotice(created))));
}

/** The keys of an existing keystore, or `undefined` when there is no file at `path`. */
function readKeystore(path: string): PxKeys | undefined {
  const text = readKeystoreText(path);
  if (text === undefined) return undefined;
  const keys = parseKeystore(text, path);
  checkKeys(keys, { system: `keystore ${path}: ${SYSTEM_SECRET_KEY}`, stork: `keystore ${path}: ${STORK_SECRET_KEY}`, shared: `keystore ${path}: ${SHARED_SECRET_KEY}` });
  return keys;
}

/** The text of an existing keystore (a regular file, mode 0600 or stricter), or `undefined` when there is none. */
function readKeystoreText(path: string): string | undefined {
  let mode: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      throw new PxSecurityError({
        code: 'KEYSTORE_CORRUPT',
        field: 'keystore',
        value: path,
        problem: 'is not a regular file',
        fix: 'give the path of a keystore file, or a path where none exists yet to create one',
      });
    }
    mode = stats.mode & 0o777;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      refuseDanglingLink(path);
      return undefined;
    }
    if (error instanceof PxSecurityError) throw error;
    throw unreadable(path, error);
  }
  if ((mode & 0o077) !== 0) {
    throw new PxSecurityError({
      code: 'KEYSTORE_PERMISSIONS',
      field: 'keystore',
      value: path,
      problem: `has mode ${octal(mode)}: group or others may read the keys`,
      fix: `run "chmod 600 ${path}" (and consider the keys exposed: make new ones if others could read it)`,
    });
  }
  return readInputFile(path, { field: 'keystore', errorCode: 'KEYSTORE_UNREADABLE', unreadableFix: 'give the path of a keystore file you can read' });
}

/**
 * A keystore path that is a symbolic link to nothing: creating the keystore there would write through the link
 * to wherever it points, so it is refused, naming the path.
 */
function refuseDanglingLink(path: string): void {
  let isLink: boolean;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return; // nothing at the path: the keystore is created
  }
  if (!isLink) return;
  throw new PxSecurityError({
    code: 'KEYSTORE_UNREADABLE',
    field: 'keystore',
    value: path,
    problem: 'is a symbolic link to a file that does not exist (a dangling link)',
    fix: 'restore the file the link points to, or remove the link to create a new keystore there',
  });
}

/**
 * Writes new keys to `path` atomically (never replacing a file); returns the keys the file then holds.
 *
 * The `.gitignore` is written first, so a keystore never exists un-ignored even for a moment. When a write
 * fails, what this call made (the `.gitignore`, new directories) is removed again: a failure leaves no half
 * keystore behind. Both files go through the one atomic writer.
 */
function createKeystore(path: string, onCreated: (created: KeystoreCreated) => void): PxKeys {
  const keys = generateKeys();
  const text = keystoreText(keys);
  const directory = dirname(path);
  const newDirectories = missingDirectories(directory);
  let gitignore: string | undefined;
  try {
    if (newDirectories.length > 0 || basename(directory) === KEYSTORE_DIRECTORY) gitignore = ignoreAll(directory);
    writeFileAtomically(path, text, { mode: 0o600, noReplace: true, createDirectory: true, field: 'keystore', errorCode: 'KEYSTORE_UNWRITABLE' });
  } catch (error) {
    // Another process created it first: its keys win (and the .gitignore written here serves them).
    if (error instanceof FileWriteError && error.errno === 'EEXIST') {
      const created = readKeystore(path);
      if (created === undefined) throw unreadable(path, { code: 'ENOENT' });
      return created;
    }
    undoCreation(path, gitignore, newDirectories);
    throw error;
  }
  onCreated({ keystore: path, ...(gitignore !== undefined ? { gitignore } : {}) });
  return keys;
}

/**
 * Writes `<directory>/.gitignore` holding `*` (making the directory, mode 0700) unless something is there
 * already, which is the user's own and left as it is; its path when written.
 */
function ignoreAll(directory: string): string | undefined {
  const file = join(directory, '.gitignore');
  try {
    writeFileAtomically(file, '*\n', { mode: 0o644, noReplace: true, createDirectory: true, field: 'keystore .gitignore', errorCode: 'KEYSTORE_UNWRITABLE' });
  } catch (error) {
    if (error instanceof FileWriteError && (error.errno === 'EEXIST' || error.code === 'FILE_TARGET_SYMLINK' || error.code === 'FILE_TARGET_NOT_A_FILE')) return undefined;
    throw error;
  }
  return file;
}

/** The directories from `directory` up that do not exist (nothing at all at the path), deepest first. */
function missingDirectories(directory: string): string[] {
  const missing: string[] = [];
  for (let current = directory; !existsNoFollow(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  return missing;
}

function existsNoFollow(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes what a failed creation made: the `.gitignore` it wrote (unless a keystore stands beside it, another
 * process's) and the directories it made, each only while empty. Best effort: the write's error is what counts.
 */
function undoCreation(path: string, gitignore: string | undefined, newDirectories: readonly string[]): void {
  if (gitignore !== undefined && !existsNoFollow(path)) {
    try {
      unlinkSync(gitignore);
    } catch {
      // gone already
    }
  }
  for (const directory of newDirectories) {
    try {
      rmdirSync(directory);
    } catch {
      return; // not empty (someone else's files), or not ours to remove
    }
  }
}

function unreadable(path: string, error: unknown): PxSecurityError {
  return new PxSecurityError({
    code: 'KEYSTORE_UNREADABLE',
    field: 'keystore',
    value: path,
    problem: `cannot be read (${errnoCode(error) ?? 'unreadable'})`,
    fix: 'give the path of a keystore file you can read',
  });
}

/**
 * The `code` of a Node.js system error (`ENOENT`, `EACCES`, ...), never its message. Checked by shape, not with
 * `instanceof Error`: errors from another realm (a vm context, as under jest) are not instances of this one's.
 */
function errnoCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/** What {@link rotateKeystore} does: new keys, or back to the keys the last rotation replaced. */
export type KeystoreRotation = 'rotate' | 'rollback';

/** Options of {@link rotateKeystore}. */
export interface RotateKeystoreOptions {
  /**
   * The keys a rotation replaces; the others stay (e.g. `['shared']`: new token-signing key, while Portworx nodes
   * keep authenticating each other with the system key they share during the roll). Ignored by a rollback.
   * @default - all three
   */
  readonly only?: readonly (keyof PxKeys)[];
}

/**
 * Rotates the keys of an existing keystore: `rotate` makes three new keys and keeps the current ones as
 * `previous`; `rollback` makes `previous` current again and keeps the keys it replaces as `previous` (so a
 * rollback can itself be undone with another). The file is replaced atomically (a temporary file, mode 0600,
 * renamed over it): a reader sees the old keystore or the new one, never half of one. Nothing is printed.
 *
 * Errors: `KEYSTORE_MISSING` when there is no keystore at `path`, `KEYSTORE_NO_PREVIOUS` for a rollback without
 * a previous key set, those of reading a keystore (`KEYSTORE_PERMISSIONS`, `KEYSTORE_CORRUPT`, `KEYS_WEAK`, ...)
 * and `KEYSTORE_UNWRITABLE`.
 */
export function rotateKeystore(path: string, rotation: KeystoreRotation, options: RotateKeystoreOptions = {}): void {
  const text = readKeystoreText(path);
  if (text === undefined) {
    throw new PxSecurityError({
      code: 'KEYSTORE_MISSING',
      field: 'keystore',
      value: path,
      problem: 'does not exist, so there are no keys to rotate',
      fix: 'give the keystore the cluster is made from, or create one with "pxsec keys generate --keystore"',
    });
  }
  const sets = parseKeystoreKeySets(text, path);
  const check = (keys: PxKeys, where: string): void =>
    checkKeys(keys, { system: `keystore ${path}: ${where}${SYSTEM_SECRET_KEY}`, stork: `keystore ${path}: ${where}${STORK_SECRET_KEY}`, shared: `keystore ${path}: ${where}${SHARED_SECRET_KEY}` });
  check(sets.current, '');
  if (sets.previous !== undefined) check(sets.previous, 'previous.');
  if (rotation === 'rollback' && sets.previous === undefined) {
    throw new PxSecurityError({
      code: 'KEYSTORE_NO_PREVIOUS',
      field: 'keystore',
      value: path,
      problem: 'holds no previous key set to roll back to (it was never rotated, or was written before rotation existed)',
      fix: 'restore the keystore from a backup, or rotate to new keys with "pxsec keys rotate"',
    });
  }
  const fresh = generateKeys();
  const only = options.only ?? KEY_ORDER;
  const rotated: PxKeys = { system: only.includes('system') ? fresh.system : sets.current.system, stork: only.includes('stork') ? fresh.stork : sets.current.stork, shared: only.includes('shared') ? fresh.shared : sets.current.shared };
  const next = rotation === 'rotate' ? { current: rotated, previous: sets.current } : { current: sets.previous as PxKeys, previous: sets.current };
  writeFileAtomically(path, keystoreKeySetsText(next), { mode: 0o600, field: 'keystore', errorCode: 'KEYSTORE_UNWRITABLE' });
}
