/**
 * The keystore's text: JSON `{"system-secret": …, "stork-secret": …, "shared-secret": …}` with a trailing
 * newline; after `pxsec keys rotate`, also `"previous": {…}`, the key set the current one replaced (kept for
 * `pxsec keys rollback`; readers of the current keys ignore it). Pure: the file itself is read and written by the
 * Node adapter (`lib/node/key-store-file.ts`).
 */

import { PxSecurityError } from './errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from './names';
import { KEY_NAMES, PxKeys } from './keys';

/** The key property of the key set a rotation replaced. */
const PREVIOUS = 'previous';

/** A keystore's key sets: the keys in use and, after a rotation, the ones they replaced. */
export interface KeystoreKeySets {
  /** The keys in use. Secret: never log them. */
  readonly current: PxKeys;
  /** The keys `current` replaced, kept for a rollback. Secret: never log them. */
  readonly previous?: PxKeys;
}

/** The keys of a keystore's text; `KEYSTORE_CORRUPT` naming the path (never the content) when it is not one. */
export function parseKeystore(text: string, path: string): PxKeys {
  return parseKeystoreKeySets(text, path).current;
}

/** The current and previous keys of a keystore's text; `KEYSTORE_CORRUPT` as {@link parseKeystore}. */
export function parseKeystoreKeySets(text: string, path: string): KeystoreKeySets {
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
  const keySet = (entries: Record<string, unknown>, where: string): PxKeys => {
    const value = (key: keyof PxKeys): string => {
      const found = entries[KEY_NAMES[key]];
      if (typeof found !== 'string') throw corrupt(`has no string "${where}${KEY_NAMES[key]}"`);
      return found;
    };
    return { system: value('system'), stork: value('stork'), shared: value('shared') };
  };
  const entries = parsed as Record<string, unknown>;
  const previous = entries[PREVIOUS];
  if (previous !== undefined && (typeof previous !== 'object' || previous === null || Array.isArray(previous))) throw corrupt(`has a "${PREVIOUS}" that is not a JSON object`);
  const current = keySet(entries, '');
  return previous === undefined ? { current } : { current, previous: keySet(previous as Record<string, unknown>, `${PREVIOUS}.`) };
}

/** The text of a keystore holding `keys`: pretty JSON in the fixed key order, with a trailing newline. */
export function keystoreText(keys: PxKeys): string {
  return keystoreKeySetsText({ current: keys });
}

/** The text of a keystore holding `sets`: the current keys, then `previous` when there is one. */
export function keystoreKeySetsText(sets: KeystoreKeySets): string {
  const keySet = (keys: PxKeys): Record<string, string> => ({ [SYSTEM_SECRET_KEY]: keys.system, [STORK_SECRET_KEY]: keys.stork, [SHARED_SECRET_KEY]: keys.shared });
  return `${JSON.stringify({ ...keySet(sets.current), ...(sets.previous === undefined ? {} : { [PREVIOUS]: keySet(sets.previous) }) }, null, 2)}\n`;
}
