/**
 * Clusters checked together must not share a key (lib/core/audit/shared-keys-checks.ts): any of the three keys
 * of one cluster's plain Secrets found in another's is KEYS_SHARED_BETWEEN_CLUSTERS, named without the key.
 */
import { bundleFromTexts } from '../../../lib/core/audit/bundle';
import { sharedKeyFindings } from '../../../lib/core/audit/shared-keys-checks';
import { generateKeys } from '../../../lib/core/keys/key-sources';
import { PxKeys } from '../../../lib/core/keys/keys';

const keysSecret = (keys: PxKeys, name = 'pxkeys'): string =>
  [
    'apiVersion: v1',
    'kind: Secret',
    `metadata: { name: ${name}, namespace: kube-system }`,
    'data:',
    `  system-secret: ${Buffer.from(keys.system).toString('base64')}`,
    `  stork-secret: ${Buffer.from(keys.stork).toString('base64')}`,
    `  shared-secret: ${Buffer.from(keys.shared).toString('base64')}`,
    '',
  ].join('\n');
const cluster = (name: string, text: string) => ({ name, bundle: bundleFromTexts([{ file: `${name}/keys.yaml`, text }]) });

test('separate keys: nothing; one cluster alone: nothing', () => {
  expect(sharedKeyFindings([cluster('prod', keysSecret(generateKeys())), cluster('staging', keysSecret(generateKeys()))])).toEqual([]);
  const keys = generateKeys();
  // The same cluster holding a key twice (e.g. an old Secret beside the new) is not another cluster's key.
  expect(sharedKeyFindings([cluster('prod', `${keysSecret(keys)}---\n${keysSecret(keys, 'pxkeys-copy')}`)])).toEqual([]);
});

test('one shared key, even under another name, is an error on the later cluster, naming the earlier, never the key', () => {
  const prod = generateKeys();
  const staging = { ...generateKeys(), stork: prod.shared };
  const findings = sharedKeyFindings([cluster('prod', keysSecret(prod)), cluster('staging', keysSecret(staging))]);
  expect(findings).toEqual([
    {
      code: 'KEYS_SHARED_BETWEEN_CLUSTERS',
      severity: 'error',
      object: 'Secret kube-system/pxkeys',
      field: 'data["stork-secret"]',
      message:
        'data["stork-secret"] of this cluster (staging) equals "shared-secret" of Secret kube-system/pxkeys in prod/keys.yaml, another cluster\'s bundle (prod): a token signed for one cluster is accepted by the other',
      fix: expect.stringContaining('give each cluster its own keys'),
      location: { file: 'staging/keys.yaml', line: 6 },
    },
  ]);
});
