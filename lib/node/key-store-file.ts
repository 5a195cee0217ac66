/**
 * The keystore file: the keys of a cluster kept in a local file (mode 0600, git-ignored), created on first use.
 * All of its file-system access is here, in the Node adapter; the key policy and the text format are pure core.
 */

import { lstatSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileWriteError, writeFileAtomically } from './atomic-file';
import { withFileLock } from './file-lock';
import { readInputFile } from './input-file';
import { PxSecurityError } from '../core/errors/errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../core/names';
import { checkKeys, KEY_ORDER, PxKeys } from '../core/keys/keys';
import { generateKeys } from '../core/keys/key-sources';
import {
  KeystoreContents,
  KeystoreRotation,
  keystoreText,
  keystoreTextWithCluster,
  keystoreTextWithEntry,
  parseKeystoreContents,
  rotatedEntry,
} from '../core/keys/key-store-text';
export type { KeystoreRotation } from '../core/keys/key-store-text';

/** Default keystore file, relative to the working directory (git-ignored: it holds real keys). */
export const DEFAULT_KEYSTORE_PATH = '.pxsec/keystore.json';

/** Options of {@link keysFromKeystore}. */
export interface KeystoreOptions {
  /**
   * Called once when this call created the keystore (never when it read an existing one, nor when another
   * process created it first), with the keystore's path and the `.gitignore` written beside it (if any).
   * Also called when this call added a cluster's entry to an existing keystore (`cluster` set).
   * @default - prints one line on standard error naming the file (see {@link keystoreCreatedNotice})
   */
  readonly onCreated?: (created: KeystoreCreated) => void;
  /**
   * The cluster whose keys to read: its entry in the keystore (see {@link keysFromKeystore}), made with new keys
   * when there is none. Give the same name to two clusters to share keys between them on purpose.
   * @default - the keystore's only keys: a keystore of one cluster's keys, or the one entry of the per-cluster form
   */
  readonly cluster?: string | undefined;
}

/** What the first use of a keystore created. */
export interface KeystoreCreated {
  /** The keystore file, as given. */
  readonly keystore: string;
  /** The `.gitignore` (`*`) written into the keystore's directory, when one was written. */
  readonly gitignore?: string;
  /** The cluster whose entry this call wrote, when it wrote one. */
  readonly cluster?: string;
  /**
   * `new`: the entry holds new keys; `kept`: the keystore held one cluster's keys (the form before several
   * clusters), which are now the entry of `cluster`, unchanged.
   * @default 'new'
   */
  readonly keys?: 'new' | 'kept';
}

/** The one line the default `onCreated` prints on standard error (with its newline). */
export function keystoreCreatedNotice(created: KeystoreCreated): string {
  const ignored = created.gitignore === undefined ? 'keep it out of git' : `git-ignored by ${created.gitignore}`;
  const backUp = 'back it up privately, every Secret and token is made from it';
  if (created.cluster === undefined) return `px-security-constructs: created keystore ${created.keystore} with new keys (mode 0600, ${ignored}); ${backUp}\n`;
  if (created.keys === 'kept') {
    return `px-security-constructs: keystore ${created.keystore} held one cluster's keys; they are now the entry of cluster "${created.cluster}", unchanged (every other cluster gets keys of its own)\n`;
  }
  return `px-security-constructs: new keys for cluster "${created.cluster}" in keystore ${created.keystore} (mode 0600, ${ignored}); ${backUp}\n`;
}

/** The directory name of the default keystore, whose `.gitignore` ignores everything in it. */
const KEYSTORE_DIRECTORY = '.pxsec';

/**
 * The keys of a keystore file, created on first use.
 *
 * The file is JSON with a trailing newline, in one of two forms (`lib/core/keys/key-store-text.ts`): one cluster's
 * keys, `{"system-secret": …, "stork-secret": …, "shared-secret": …}` (what a keystore held before several
 * clusters, and what a call without `cluster` creates), or one entry per cluster, `{"clusters": {"prod": {…},
 * "staging": {…}}}`. With `options.cluster`, the keys are that cluster's entry; a missing entry is made with new
 * keys and added. A keystore of one cluster's keys belongs to the first cluster that reads it by name: that read
 * keeps its keys, unchanged, as the cluster's entry (so an existing single-cluster setup keeps its keys), and
 * every other cluster then gets an entry of its own. Without `cluster`, a keystore of one cluster's keys, or of
 * one entry, gives those keys; one of several entries is `KEYSTORE_CLUSTER_REQUIRED`.
 *
 * When it is missing, its directory is made (mode 0700), new keys are written to a temporary file opened
 * exclusively with mode 0600, flushed, and linked into place in one step: readers never see half a file, and
 * if another process created the keystore meanwhile its keys win (an existing file is never replaced by a
 * creation; on a filesystem without hard links the temporary file is renamed instead). Adding an entry rewrites
 * the file the same atomic way under a lock file (`<keystore>.lock`, made exclusively), after reading it again,
 * so concurrent synths never lose an entry. An existing file is refused when group or others may read it
 * (`KEYSTORE_PERMISSIONS`), and is an error when it is not the JSON above (`KEYSTORE_CORRUPT`) or holds weak keys.
 *
 * Creating it also writes a `.gitignore` holding `*` into its directory, unless one is there, when that
 * directory is new or is a `.pxsec` directory (never into a directory of the user's own, such as the
 * repository root), and reports the creation (and each added entry) through `options.onCreated`: by default one
 * line on standard error naming the file, so a keystore never appears silently. The `.gitignore` is written first,
 * through the same atomic writer; if either write fails (`KEYSTORE_UNWRITABLE` naming the file and the errno
 * code), the `.gitignore` and directories this call made are removed again, so no half keystore is left behind.
 * A keystore path that is a dangling symbolic link is `KEYSTORE_UNREADABLE`.
 *
 * @param path the keystore file, e.g. `DEFAULT_KEYSTORE_PATH`
 */
export function keysFromKeystore(path: string, options: KeystoreOptions = {}): PxKeys {
  const onCreated = options.onCreated ?? ((created: KeystoreCreated) => process.stderr.write(keystoreCreatedNotice(created)));
  const cluster = options.cluster;
  if (cluster === undefined) {
    const existing = readKeystore(path);
    if (existing !== undefined) return onlyKeys(existing, path);
    const keys = generateKeys();
    return onlyKeys(createKeystore(path, keystoreText(keys), keys, onCreated, {}), path);
  }
  const existing = readKeystore(path);
  const found = existing === undefined ? undefined : entryOf(existing, cluster, path);
  if (found !== undefined) return found;
  if (existing === undefined) {
    const keys = generateKeys();
    const created = createKeystore(path, keystoreTextWithCluster(undefined, cluster, cluster, keys), keys, onCreated, { cluster, keys: 'new' });
    // Another process created the keystore first: read (or add) the entry in what it wrote.
    if (created !== keys) return keysFromKeystore(path, options);
    return keys;
  }
  return withKeystoreLock(path, () => addEntry(path, cluster, onCreated));
}

/** The keys of a keystore read without naming a cluster: its one cluster's keys, or its only entry. */
function onlyKeys(contents: KeystoreContents | PxKeys, path: string): PxKeys {
  if (!('form' in contents)) return contents;
  if (contents.form === 'single') return contents.keys;
  const entries = [...contents.clusters.entries()];
  const [only] = entries;
  if (entries.length === 1 && only !== undefined) return only[1];
  throw new PxSecurityError({
    code: 'KEYSTORE_CLUSTER_REQUIRED',
    field: 'keystore',
    value: path,
    problem: `holds the keys of ${entries.length} clusters (${entries.map(([name]) => name).join(', ')}), so it is not clear whose keys to read`,
    fix: "name the cluster: clusterName on the PxSecureCluster, keysFromKeystore(path, { cluster: 'prod' }), or --cluster prod on the command line",
  });
}

/** The keys of `cluster` in a keystore of the per-cluster form, else `undefined`. */
function entryOf(contents: KeystoreContents, cluster: string, path: string): PxKeys | undefined {
  if (contents.form !== 'clusters') return undefined;
  const keys = contents.clusters.get(cluster);
  if (keys !== undefined) checkKeystoreKeys(keys, path, cluster);
  return keys;
}

/**
 * Adds the entry of `cluster` to the existing keystore at `path` (called under its lock, so the file is read
 * again here): a one-cluster keystore's keys become the entry, unchanged; else new keys.
 */
function addEntry(path: string, cluster: string, onCreated: (created: KeystoreCreated) => void): PxKeys {
  const current = readKeystore(path);
  if (current === undefined) throw unreadable(path, { code: 'ENOENT' });
  const found = entryOf(current, cluster, path);
  if (found !== undefined) return found;
  const kept = current.form === 'single';
  const keys = current.form === 'single' ? current.keys : generateKeys();
  writeFileAtomically(path, keystoreTextWithCluster(current, cluster, cluster, keys), {
    mode: 0o600,
    createDirectory: false,
    field: 'keystore',
    errorCode: 'KEYSTORE_UNWRITABLE',
  });
  onCreated({ keystore: path, cluster, keys: kept ? 'kept' : 'new' });
  return keys;
}

/** The keystore's lock (`<path>.lock`, see `file-lock.ts`): one writer at a time, so no entry another process adds is lost. */
function withKeystoreLock<T>(path: string, update: () => T): T {
  return withFileLock(path, update, { field: 'keystore', busyCode: 'KEYSTORE_UNWRITABLE', errorCode: 'KEYSTORE_UNWRITABLE' });
}

function checkKeystoreKeys(keys: PxKeys, path: string, cluster?: string): void {
  const where = cluster === undefined ? `keystore ${path}` : `keystore ${path} (cluster "${cluster}")`;
  checkKeys(keys, { system: `${where}: ${SYSTEM_SECRET_KEY}`, stork: `${where}: ${STORK_SECRET_KEY}`, shared: `${where}: ${SHARED_SECRET_KEY}` });
}

/** What an existing keystore holds, or `undefined` when there is no file at `path`. */
function readKeystore(path: string): KeystoreContents | undefined {
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
  const text = readInputFile(path, { field: 'keystore', errorCode: 'KEYSTORE_UNREADABLE', unreadableFix: 'give the path of a keystore file you can read' });
  const contents = parseKeystoreContents(text, path);
  if (contents.form === 'single') checkKeystoreKeys(contents.keys, path);
  return contents;
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
 * Writes `text` (holding `keys`) to `path` atomically (never replacing a file); returns `keys`, or what the file
 * holds when another process created it first.
 *
 * The `.gitignore` is written first, so a keystore never exists un-ignored even for a moment. When a write
 * fails, what this call made (the `.gitignore`, new directories) is removed again: a failure leaves no half
 * keystore behind. Both files go through the one atomic writer.
 */
function createKeystore(
  path: string,
  text: string,
  keys: PxKeys,
  onCreated: (created: KeystoreCreated) => void,
  entry: Pick<KeystoreCreated, 'cluster' | 'keys'>,
): PxKeys | KeystoreContents {
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
  onCreated({ keystore: path, ...(gitignore !== undefined ? { gitignore } : {}), ...entry });
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
    if (error instanceof FileWriteError && (error.errno === 'EEXIST' || error.code === 'FILE_TARGET_SYMLINK' || error.code === 'FILE_TARGET_NOT_A_FILE'))
      return undefined;
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

/** Options of {@link rotateKeystore}. */
export interface RotateKeystoreOptions {
  /**
   * The keys a rotation replaces; the others stay (e.g. `['shared']`: new token-signing key, while Portworx nodes
   * keep authenticating each other with the system key they share during the roll). Ignored by a rollback.
   * @default - all three
   */
  readonly only?: readonly (keyof PxKeys)[];
  /**
   * The cluster whose entry rotates, in a keystore of several clusters.
   * @default - the keystore's only cluster (`KEYSTORE_CLUSTER_REQUIRED` when it holds several)
   */
  readonly cluster?: string;
}

/**
 * Rotates the keys of one cluster of an existing keystore: `rotate` makes new keys and keeps the current ones as
 * `previous`; `rollback` makes `previous` current again and keeps the keys it replaces as `previous` (so a
 * rollback can itself be undone with another). Every other cluster's entry stays as it is. The file is replaced
 * atomically under the keystore's lock (a temporary file, mode 0600, renamed over it): a reader sees the old
 * keystore or the new one, never half of one. Nothing is printed.
 *
 * Errors: `KEYSTORE_MISSING` when there is no keystore at `path`, `KEYSTORE_NO_PREVIOUS` for a rollback without
 * a previous key set or for a cluster the keystore does not hold, `KEYSTORE_CLUSTER_REQUIRED` for a keystore of several
 * clusters without `cluster`, those of reading a keystore (`KEYSTORE_PERMISSIONS`, `KEYSTORE_CORRUPT`, `KEYS_WEAK`,
 * ...) and `KEYSTORE_UNWRITABLE`.
 */
export function rotateKeystore(path: string, rotation: KeystoreRotation, options: RotateKeystoreOptions = {}): void {
  const missing = (problem: string, fix: string): PxSecurityError =>
    new PxSecurityError({ code: 'KEYSTORE_MISSING', field: 'keystore', value: path, problem, fix });
  if (readKeystore(path) === undefined) {
    throw missing(
      'does not exist, so there are no keys to rotate',
      'give the keystore the cluster is made from, or create one with "pxsec keys generate --keystore"',
    );
  }
  withKeystoreLock(path, () => {
    const contents = readKeystore(path);
    if (contents === undefined) throw unreadable(path, { code: 'ENOENT' });
    let name: string | undefined;
    let entry: Readonly<Record<string, unknown>>;
    if (contents.form === 'single') {
      entry = contents.document;
    } else {
      name = options.cluster ?? (contents.clusters.size === 1 ? [...contents.clusters.keys()][0] : undefined);
      if (name === undefined) onlyKeys(contents, path); // throws KEYSTORE_CLUSTER_REQUIRED, naming the clusters
      const clusters = contents.document.clusters as Record<string, Readonly<Record<string, unknown>>>;
      const found = name === undefined ? undefined : clusters[name];
      if (found === undefined) {
        throw missing(
          `holds no keys of the cluster "${name ?? ''}" (it holds ${[...contents.clusters.keys()].join(', ')})`,
          'name a cluster the keystore holds with --cluster',
        );
      }
      entry = found;
    }
    const where = name === undefined ? '' : `the entry "${name}" `;
    const rotated = rotatedEntry(entry, rotation, { fresh: generateKeys(), only: options.only ?? KEY_ORDER, path, where });
    checkKeystoreKeys(rotated.current, path, name);
    if (rotated.previous !== undefined) checkKeystoreKeys(rotated.previous, path, name);
    writeFileAtomically(path, keystoreTextWithEntry(contents, name, rotated.entry), {
      mode: 0o600,
      createDirectory: false,
      field: 'keystore',
      errorCode: 'KEYSTORE_UNWRITABLE',
    });
  });
}
