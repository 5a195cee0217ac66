/**
 * The keystore's text, in one of two forms, each JSON with a trailing newline:
 * - one cluster's keys (the form of keystores written before several clusters): `{"system-secret": …,
 *   "stork-secret": …, "shared-secret": …}`;
 * - one entry per cluster, keyed by the cluster's identity (`lib/core/cluster/cluster-identity.ts`):
 *   `{"clusters": {"prod": {"system-secret": …, …}, "staging": {…}}}`.
 * An entry may hold more members than the three keys (a later version keeps e.g. the previous key set there):
 * they are kept as they are when another entry is added. Pure: the file itself is read and written by the Node
 * adapter (`lib/node/key-store-file.ts`).
 */

import { PxSecurityError } from '../errors/errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../names';
import { KEY_NAMES, PxKeys } from './keys';

/** The member of the per-cluster form that holds the entries. */
const CLUSTERS_MEMBER = 'clusters';

/** What a keystore holds: one cluster's keys, or an entry per cluster (with the whole document, to add to it). */
export type KeystoreContents =
  | { readonly form: 'single'; readonly keys: PxKeys; readonly document: Readonly<Record<string, unknown>> }
  | { readonly form: 'clusters'; readonly clusters: ReadonlyMap<string, PxKeys>; readonly document: Readonly<Record<string, unknown>> };

/** What a keystore's text holds, in either form; `KEYSTORE_CORRUPT` naming the path (never the content) when it is not a keystore. */
export function parseKeystoreContents(text: string, path: string): KeystoreContents {
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
  if (!isObject(parsed)) throw corrupt('is not a JSON object');
  const document = parsed;
  const keysOf = (entry: Readonly<Record<string, unknown>>, where: string): PxKeys => {
    const value = (key: keyof PxKeys): string => {
      const found = entry[KEY_NAMES[key]];
      if (typeof found !== 'string') throw corrupt(`has no string "${KEY_NAMES[key]}"${where}`);
      return found;
    };
    return { system: value('system'), stork: value('stork'), shared: value('shared') };
  };
  if (!hasOwn(document, CLUSTERS_MEMBER)) return { form: 'single', keys: keysOf(document, ''), document };
  if (Object.values(KEY_NAMES).some((name) => hasOwn(document, name))) throw corrupt(`holds both "${CLUSTERS_MEMBER}" and a cluster's keys at the top`);
  const clusters = document[CLUSTERS_MEMBER];
  if (!isObject(clusters)) throw corrupt(`has a "${CLUSTERS_MEMBER}" that is not a JSON object`);
  const entries = new Map<string, PxKeys>();
  for (const [name, entry] of Object.entries(clusters)) {
    // The name is the user's own cluster name, not secret.
    if (!isObject(entry)) throw corrupt(`has an entry "${name}" that is not a JSON object`);
    entries.set(name, keysOf(entry, ` in the entry "${name}"`));
  }
  return { form: 'clusters', clusters: entries, document };
}

/**
 * The text of a keystore that holds everything `contents` holds and the entry `name` with `keys`. A keystore of
 * one cluster's keys becomes the per-cluster form, its keys (with every member they had) the entry `single`.
 * @param single the cluster a one-cluster keystore's keys belong to
 */
export function keystoreTextWithCluster(contents: KeystoreContents | undefined, single: string, name: string, keys: PxKeys): string {
  const existing: Record<string, unknown> =
    contents === undefined
      ? {}
      : contents.form === 'single'
        ? { [single]: contents.document }
        : { ...(contents.document[CLUSTERS_MEMBER] as Record<string, unknown>) };
  const clusters = hasOwn(existing, name) ? existing : { ...existing, [name]: keysObject(keys) };
  const document = contents?.form === 'clusters' ? { ...contents.document, [CLUSTERS_MEMBER]: clusters } : { [CLUSTERS_MEMBER]: clusters };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function hasOwn(object: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysObject(keys: PxKeys): Record<string, string> {
  return { [SYSTEM_SECRET_KEY]: keys.system, [STORK_SECRET_KEY]: keys.stork, [SHARED_SECRET_KEY]: keys.shared };
}

/** The text of a keystore holding `keys`: pretty JSON in the fixed key order, with a trailing newline. */
export function keystoreText(keys: PxKeys): string {
  return `${JSON.stringify(keysObject(keys), null, 2)}\n`;
}

/** The member of a keystore entry that holds the key set a rotation replaced (for `pxsec keys rollback`). */
const PREVIOUS_MEMBER = 'previous';

/** What {@link rotatedEntry} does: new keys (the current ones kept as previous), or the previous ones back. */
export type KeystoreRotation = 'rotate' | 'rollback';

/**
 * One cluster's entry after a rotation: `rotate` replaces the keys named in `only` with those of `fresh` and keeps
 * the replaced set as `previous`; `rollback` makes `previous` current and keeps the keys it replaces as `previous`
 * (so a rollback can itself be undone). Other members of the entry stay as they are. `KEYSTORE_CORRUPT` for a
 * `previous` that is not a key set, `KEYSTORE_NO_PREVIOUS` for a rollback without one.
 * @param entry a one-cluster keystore's document, or one entry of the per-cluster form
 * @param where the keystore and cluster, for messages (never a key)
 */
export function rotatedEntry(
  entry: Readonly<Record<string, unknown>>,
  rotation: KeystoreRotation,
  options: { readonly fresh: PxKeys; readonly only: readonly (keyof PxKeys)[]; readonly path: string; readonly where: string },
): { readonly entry: Record<string, unknown>; readonly current: PxKeys; readonly previous: PxKeys | undefined } {
  const corrupt = (problem: string): PxSecurityError =>
    new PxSecurityError({
      code: 'KEYSTORE_CORRUPT',
      field: 'keystore',
      value: options.path,
      problem: `${options.where}${problem}`,
      fix: 'restore it from a backup',
    });
  const keysOf = (record: Readonly<Record<string, unknown>>, prefix: string): PxKeys => {
    const value = (key: keyof PxKeys): string => {
      const found = record[KEY_NAMES[key]];
      if (typeof found !== 'string') throw corrupt(`has no string "${prefix}${KEY_NAMES[key]}"`);
      return found;
    };
    return { system: value('system'), stork: value('stork'), shared: value('shared') };
  };
  const current = keysOf(entry, '');
  const previousMember = entry[PREVIOUS_MEMBER];
  if (previousMember !== undefined && !isObject(previousMember)) throw corrupt(`has a "${PREVIOUS_MEMBER}" that is not a JSON object`);
  const previous = previousMember === undefined ? undefined : keysOf(previousMember, `${PREVIOUS_MEMBER}.`);
  if (rotation === 'rollback' && previous === undefined) {
    throw new PxSecurityError({
      code: 'KEYSTORE_NO_PREVIOUS',
      field: 'keystore',
      value: options.path,
      problem: `${options.where}holds no previous key set to roll back to (it was never rotated, or was written before rotation existed)`,
      fix: 'restore the keystore from a backup, or rotate to new keys with "pxsec keys rotate"',
    });
  }
  const pick = (key: keyof PxKeys): string => (options.only.includes(key) ? options.fresh[key] : current[key]);
  const next: PxKeys = rotation === 'rotate' ? { system: pick('system'), stork: pick('stork'), shared: pick('shared') } : (previous as PxKeys);
  return { entry: { ...entry, ...keysObject(next), [PREVIOUS_MEMBER]: keysObject(current) }, current: next, previous: current };
}

/**
 * The text of a keystore whose entry `name` (or, for a one-cluster keystore, whose document) is `entry`; every
 * other entry and member stays as it is.
 */
export function keystoreTextWithEntry(contents: KeystoreContents, name: string | undefined, entry: Readonly<Record<string, unknown>>): string {
  if (contents.form === 'single' || name === undefined) return `${JSON.stringify(entry, null, 2)}\n`;
  const clusters = { ...(contents.document[CLUSTERS_MEMBER] as Record<string, unknown>), [name]: entry };
  return `${JSON.stringify({ ...contents.document, [CLUSTERS_MEMBER]: clusters }, null, 2)}\n`;
}
