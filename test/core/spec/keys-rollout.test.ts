/**
 * The keys digest on pod templates, over every spec of both corpora: the text form (`pxsec patch --keystore`)
 * and the objects form (the constructs) agree, the same keys change nothing, new keys change only the digest.
 */
import { parseAllDocuments } from 'yaml';
import { generateKeys } from '../../../lib/core/keys/key-sources';
import { parseSpec } from '../../../lib/core/yaml/documents';
import { secureSpecObjects } from '../../../lib/core/spec/secure-objects';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { SecuritySettings } from '../../../lib/core/cluster/security-settings';
import { keysDigest, keysReadBy, rollOnKeys } from '../../../lib/core/spec/keys-rollout';
import { isInvalidFixture, ownFixtures, sharedFixtures } from './spec-fixtures';

const fixtures = [...ownFixtures(), ...sharedFixtures()].filter((fixture) => !isInvalidFixture(fixture));
const DIGEST = 'px-security-constructs/keys-digest';
type Json = Record<string, any>;

function parseAllObjects(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: false })
    .map((document) => document.toJS() as unknown)
    .filter((object) => object !== null);
}

function issuerFor(name: string): string {
  if (/already-secured|security-enabled/.test(name)) return 'example-domain.com';
  return name.includes('operator-secured') ? 'operator.portworx.io' : 'portworx.com';
}

test('keysDigest: 32 hex characters, per key set read, different for other keys, never a key', () => {
  const keys = generateKeys();
  const all = keysDigest(keys, ['system', 'stork', 'shared']);
  expect(all).toMatch(/^[0-9a-f]{32}$/);
  expect(keysDigest(keys, ['shared', 'system', 'stork'])).toBe(all);
  expect(keysDigest(keys, ['stork'])).not.toBe(all);
  expect(keysDigest({ ...keys, shared: generateKeys().shared }, ['stork'])).toBe(keysDigest(keys, ['stork']));
  expect(keysDigest({ ...keys, shared: generateKeys().shared }, ['system', 'stork', 'shared'])).not.toBe(all);
});

test('keysReadBy reads env secretKeyRefs and envFrom of containers and init containers of workloads only', () => {
  const pod = (spec: Json): Json => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' }, spec: { template: { spec } } });
  expect(
    keysReadBy(pod({ initContainers: [{ name: 'a', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'pxkeys', key: 'system-secret' } } }] }] }), 'pxkeys'),
  ).toEqual(['system']);
  expect(keysReadBy(pod({ containers: [{ name: 'a', envFrom: [{ secretRef: { name: 'pxkeys' } }] }] }), 'pxkeys')).toEqual(['system', 'stork', 'shared']);
  expect(
    keysReadBy(pod({ containers: [{ name: 'a', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 'other', key: 'system-secret' } } }] }] }), 'pxkeys'),
  ).toEqual([]);
  expect(keysReadBy({ kind: 'Pod', spec: { containers: [{ envFrom: [{ secretRef: { name: 'pxkeys' } }] }] } }, 'pxkeys')).toEqual([]);
});

describe.each(fixtures.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
  const settings: SecuritySettings = { issuer: issuerFor(fixture.name) };
  const keysA = generateKeys();
  const keysB = generateKeys();
  const withA = secureSpecText(fixture.text, fixture.name, settings, { keys: keysA });

  test('text and objects agree: the secured objects with the digest of the keys each workload reads', () => {
    expect(parseAllObjects(withA.text)).toEqual(withA.objects);
    const secured = secureSpecObjects(parseSpec(fixture.text, fixture.name).objects, settings, fixture.name).objects;
    expect(withA.objects).toEqual(rollOnKeys(secured, 'pxkeys', keysA));
    for (const object of withA.objects as Json[]) {
      const reads = keysReadBy(object, 'pxkeys');
      expect(object.spec?.template?.metadata?.annotations?.[DIGEST]).toBe(reads.length === 0 ? undefined : keysDigest(keysA, reads));
    }
  });

  test('the same keys change nothing; new keys change only the digest lines', () => {
    const again = secureSpecText(withA.text, fixture.name, settings, { keys: keysA });
    expect(again.text).toBe(withA.text);
    expect(again.report.alreadySecured).toBe(true);
    const withB = secureSpecText(withA.text, fixture.name, settings, { keys: keysB });
    const before = withA.text.split('\n');
    const after = withB.text.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [line]));
    expect(changed.every((line) => line.includes(DIGEST))).toBe(true);
    expect(changed.length).toBe((withA.objects as Json[]).filter((object) => keysReadBy(object, 'pxkeys').length > 0).length);
  });
});
