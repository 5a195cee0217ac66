/**
 * The keystore's text with a previous key set (after `pxsec keys rotate`), in both forms (one cluster's keys, or
 * an entry per cluster): readers of the current keys ignore `previous`; a rotation keeps every other entry and
 * member; a malformed `previous` is KEYSTORE_CORRUPT without its content.
 */
import { keystoreText, keystoreTextWithCluster, keystoreTextWithEntry, parseKeystoreContents, rotatedEntry } from '../../lib/core/keys/key-store-text';
import { generateKeys } from '../../lib/core/keys/key-sources';
import { PxKeys } from '../../lib/core/keys/keys';
import { caughtPxSecurityError } from '../support/caught';

const ALL: readonly (keyof PxKeys)[] = ['system', 'stork', 'shared'];

test('a rotation keeps the replaced keys as previous, and readers of the current keys ignore them (one-cluster form)', () => {
  const current = generateKeys();
  const fresh = generateKeys();
  const contents = parseKeystoreContents(keystoreText(current), 'k.json');
  if (contents.form !== 'single') throw new Error('expected the one-cluster form');
  const rotated = rotatedEntry(contents.document, 'rotate', { fresh, only: ALL, path: 'k.json', where: '' });
  const text = keystoreTextWithEntry(contents, undefined, rotated.entry);
  expect(Object.keys(JSON.parse(text) as object)).toEqual(['system-secret', 'stork-secret', 'shared-secret', 'previous']);
  const reread = parseKeystoreContents(text, 'k.json');
  expect(reread.form === 'single' && reread.keys).toEqual(fresh);
  expect(rotated.previous).toEqual(current);
  // A rollback swaps them back, and can itself be undone.
  const back = rotatedEntry(reread.document, 'rollback', { fresh: generateKeys(), only: ALL, path: 'k.json', where: '' });
  expect(back.current).toEqual(current);
  expect(back.previous).toEqual(fresh);
});

test('--only replaces the named keys and keeps the others', () => {
  const current = generateKeys();
  const fresh = generateKeys();
  const contents = parseKeystoreContents(keystoreText(current), 'k.json');
  const rotated = rotatedEntry(contents.document, 'rotate', { fresh, only: ['shared'], path: 'k.json', where: '' });
  expect(rotated.current).toEqual({ system: current.system, stork: current.stork, shared: fresh.shared });
});

test('in the per-cluster form a rotation changes one entry and keeps every other', () => {
  const prod = generateKeys();
  const staging = generateKeys();
  const fresh = generateKeys();
  const text = keystoreTextWithCluster(parseKeystoreContents(keystoreTextWithCluster(undefined, 'prod', 'prod', prod), 'k.json'), 'prod', 'staging', staging);
  const contents = parseKeystoreContents(text, 'k.json');
  if (contents.form !== 'clusters') throw new Error('expected the per-cluster form');
  const entry = (contents.document.clusters as Record<string, Record<string, unknown>>).staging as Record<string, unknown>;
  const rotated = rotatedEntry(entry, 'rotate', { fresh, only: ALL, path: 'k.json', where: 'the entry "staging" ' });
  const reread = parseKeystoreContents(keystoreTextWithEntry(contents, 'staging', rotated.entry), 'k.json');
  expect(reread.form === 'clusters' && reread.clusters.get('prod')).toEqual(prod);
  expect(reread.form === 'clusters' && reread.clusters.get('staging')).toEqual(fresh);
});

test('a malformed previous set is KEYSTORE_CORRUPT naming the entry, never a value; a rollback without one is KEYSTORE_NO_PREVIOUS', () => {
  const current = generateKeys();
  const keys = { 'system-secret': current.system, 'stork-secret': current.stork, 'shared-secret': current.shared };
  const options = { fresh: generateKeys(), only: ALL, path: 'k.json', where: '' };
  const partial = caughtPxSecurityError(() => rotatedEntry({ ...keys, previous: { 'system-secret': current.system } }, 'rollback', options));
  expect(partial.code).toBe('KEYSTORE_CORRUPT');
  expect(partial.message).toContain('has no string "previous.stork-secret"');
  expect(partial.message).not.toContain(current.system);
  expect(caughtPxSecurityError(() => rotatedEntry({ ...keys, previous: 'x' }, 'rotate', options)).message).toContain(
    'has a "previous" that is not a JSON object',
  );
  expect(caughtPxSecurityError(() => rotatedEntry(keys, 'rollback', options)).code).toBe('KEYSTORE_NO_PREVIOUS');
});
