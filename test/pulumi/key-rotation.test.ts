/**
 * Key rotation takes effect in a Pulumi program (issue 16, section 3): the same program run with keys A, then
 * with keys B, registers the same resources with the same inputs except the keys Secret's and token Secrets'
 * data and the keys digest on the pod templates of portworx, stork and autopilot, as the spec form and as the
 * `cluster.transformation` of a ConfigFile. Each digest equals the one cdk8s synthesizes for the same keys.
 */
import { RegisteredResource, openSecrets, programDone, startRun } from './mocks';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as jwt from 'jsonwebtoken';
import { PortworxSpec, PxKeys } from '../../lib';
import { generateKeys } from '../../lib/core/keys/key-sources';
import { keysDigest } from '../../lib/core/spec/keys-rollout';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { digestOf, identityOf, objectChanges } from '../support/rotation-diff';

const AUTOPILOT_SPEC = path.join(__dirname, '../fixtures/specs/15-autopilot-flow-command-env.yaml');
const COMPONENT_TYPES = ['kubernetes:yaml:ConfigFile'];
type Json = Record<string, any>;

/** The DaemonSet's inputs as the engine received them, secrets still wrapped: the digest is no secret, so it shows. */
let rawDaemonSet: Json | undefined;

async function run(keys: PxKeys, form: 'spec' | 'transformation'): Promise<Json[]> {
  startRun();
  const spec = PortworxSpec.fromFile(AUTOPILOT_SPEC);
  const cluster = new PxSecureCluster('portworx', { ...(form === 'spec' ? { spec } : { include: spec }), issuer: 'portworx.com', keys, clock: TEST_CLOCK });
  if (form === 'transformation') new k8s.yaml.ConfigFile('px-spec', { file: AUTOPILOT_SPEC, transformations: [cluster.transformation] });
  new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
  const registered: RegisteredResource[] = await programDone();
  rawDaemonSet = registered.find((r) => r.type === 'kubernetes:apps/v1:DaemonSet')?.inputs;
  const objects = registered
    .filter((r) => r.type.startsWith('kubernetes:') && !COMPONENT_TYPES.includes(r.type))
    .map((r) => openSecrets(r.inputs).value as Json);
  return objects.sort((a, b) => identityOf(a).localeCompare(identityOf(b)));
}

describe.each(['spec', 'transformation'] as const)('Pulumi, the spec registered as %s', (form) => {
  const keysA = generateKeys();
  const keysB = generateKeys();
  let before: Json[];
  let after: Json[];

  beforeAll(async () => {
    before = await run(keysA, form);
    after = await run(keysB, form);
  });

  test('only the keys Secret, the token Secret and the pod templates reading keys change', () => {
    const changes = objectChanges(before, after);
    expect(Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== 'unchanged'))).toEqual({
      'v1 Secret portworx/pxkeys': 'secret data',
      'v1 Secret tenant-a/px-k8s-user': 'secret data',
      'apps/v1 DaemonSet portworx/portworx': 'keys digest',
      'apps/v1 Deployment portworx/stork': 'keys digest',
      'apps/v1 Deployment portworx/autopilot': 'keys digest',
    });
  });

  test('the digests are those cdk8s writes for the same keys, and the token verifies with B only (jsonwebtoken)', () => {
    const byName = Object.fromEntries(after.map((object) => [identityOf(object), object]));
    expect(digestOf(byName['apps/v1 DaemonSet portworx/portworx'] as Json)).toBe(keysDigest(keysB, ['system', 'stork', 'shared']));
    expect(digestOf(rawDaemonSet as Json)).toBe(keysDigest(keysB, ['system', 'stork', 'shared']));
    expect(digestOf(byName['apps/v1 Deployment portworx/stork'] as Json)).toBe(keysDigest(keysB, ['stork']));
    expect(digestOf(byName['apps/v1 Deployment portworx/autopilot'] as Json)).toBe(keysDigest(keysB, ['stork']));
    const token = Buffer.from(String((byName['v1 Secret tenant-a/px-k8s-user'] as Json).data['auth-token']), 'base64').toString('utf8');
    const now = TEST_NOW_MS / 1000;
    expect(jwt.verify(token, keysB.shared, { algorithms: ['HS256'], issuer: 'portworx.com', clockTimestamp: now })).toMatchObject({ name: 'tenant-a' });
    expect(() => jwt.verify(token, keysA.shared, { algorithms: ['HS256'], clockTimestamp: now })).toThrow('invalid signature');
  });
});
