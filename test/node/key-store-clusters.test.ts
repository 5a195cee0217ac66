/**
 * The keystore holds one entry per cluster (lib/core/keys/key-store-text.ts, lib/node/key-store-file.ts): entries are
 * added without losing anything already there, a keystore of one cluster's keys stays readable as it was, and a
 * read that does not say whose keys it wants is refused when the keystore holds several.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeystoreCreated, keysFromKeystore, keystoreCreatedNotice } from '../../lib/node/key-store-file';
import { generateKeys } from '../../lib/core/keys/key-sources';
import { caughtPxSecurityError } from '../support/caught';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-keystore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const flat = (keys = generateKeys()): Record<string, string> => ({ 'system-secret': keys.system, 'stork-secret': keys.stork, 'shared-secret': keys.shared });
const write = (name: string, document: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  return path;
};

test('entries are made per cluster, read back, and the file stays mode 0600 with no lock file left', () => {
  const path = join(dir, '.pxsec/keystore.json');
  const created: KeystoreCreated[] = [];
  const prod = keysFromKeystore(path, { cluster: 'prod', onCreated: (event) => created.push(event) });
  const staging = keysFromKeystore(path, { cluster: 'staging', onCreated: (event) => created.push(event) });
  expect(staging.shared).not.toBe(prod.shared);
  expect(keysFromKeystore(path, { cluster: 'prod' })).toEqual(prod);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(existsSync(`${path}.lock`)).toBe(false);
  expect(created.map(({ cluster, keys }) => [cluster, keys])).toEqual([
    ['prod', 'new'],
    ['staging', 'new'],
  ]);
  expect(keystoreCreatedNotice(created[1] as KeystoreCreated)).toBe(
    `px-security-constructs: new keys for cluster "staging" in keystore ${path} (mode 0600, keep it out of git); back it up privately, every Secret and token is made from it\n`,
  );
});

test('adding an entry keeps every member of the others (such as a previous key set) as it was', () => {
  const previous = flat();
  const prod = { ...flat(), previous };
  const path = write('keystore.json', { clusters: { prod } });
  keysFromKeystore(path, { cluster: 'staging', onCreated: () => undefined });
  const after = JSON.parse(readFileSync(path, 'utf8')) as { clusters: Record<string, unknown> };
  expect(after.clusters.prod).toEqual(prod);
  expect(Object.keys(after.clusters)).toEqual(['prod', 'staging']);
});

test('a keystore of one cluster is read as before, and becomes the entry of the first cluster that names itself', () => {
  const old = flat();
  const path = write('keystore.json', old);
  expect(keysFromKeystore(path)).toEqual({ system: old['system-secret'], stork: old['stork-secret'], shared: old['shared-secret'] });
  const created: KeystoreCreated[] = [];
  expect(keysFromKeystore(path, { cluster: 'px-demo', onCreated: (event) => created.push(event) }).shared).toBe(old['shared-secret']);
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ clusters: { 'px-demo': old } });
  expect(keystoreCreatedNotice(created[0] as KeystoreCreated)).toBe(
    `px-security-constructs: keystore ${path} held one cluster's keys; they are now the entry of cluster "px-demo", unchanged (every other cluster gets keys of its own)\n`,
  );
  // Read without a name, its one entry is still the keys.
  expect(keysFromKeystore(path).shared).toBe(old['shared-secret']);
});

test('several entries and no cluster named: KEYSTORE_CLUSTER_REQUIRED, listing the names (never a key)', () => {
  const path = write('keystore.json', { clusters: { prod: flat(), staging: flat() } });
  const error = caughtPxSecurityError(() => keysFromKeystore(path));
  expect(error.code).toBe('KEYSTORE_CLUSTER_REQUIRED');
  expect(error.message).toBe(
    `keystore "${path}" holds the keys of 2 clusters (prod, staging), so it is not clear whose keys to read: name the cluster: clusterName on the PxSecureCluster, keysFromKeystore(path, { cluster: 'prod' }), or --cluster prod on the command line`,
  );
});

test.each([
  ['clusters that is not an object', { clusters: [] }, 'has a "clusters" that is not a JSON object'],
  ['an entry without a key', { clusters: { prod: { 'system-secret': 'x'.repeat(64) } } }, 'has no string "stork-secret" in the entry "prod"'],
  ['both forms at once', { ...flat(), clusters: {} }, 'holds both "clusters" and a cluster\'s keys at the top'],
])('a keystore with %s is KEYSTORE_CORRUPT, naming no key', (_, document, problem) => {
  const path = write('keystore.json', document);
  const error = caughtPxSecurityError(() => keysFromKeystore(path, { cluster: 'prod' }));
  expect(error.code).toBe('KEYSTORE_CORRUPT');
  expect(error.message).toContain(problem);
  for (const value of Object.values(flat())) expect(error.message).not.toContain(value);
});

test('weak keys in an entry are refused, naming the cluster', () => {
  const path = write('keystore.json', { clusters: { prod: { 'system-secret': 'a', 'stork-secret': 'b', 'shared-secret': 'c' } } });
  const error = caughtPxSecurityError(() => keysFromKeystore(path, { cluster: 'prod' }));
  expect(error.message).toContain(`keystore ${path} (cluster "prod")`);
});
