/**
 * Key rotation takes effect (issue 16, section 3), played as a user plays it: synthesize the app with keys A,
 * replace the keys with B, synthesize again. The keys Secret and every token Secret change (tokens re-minted
 * with B in the same synth), the pod templates of portworx, stork and autopilot change (their keys digest), and
 * nothing else does. Tokens verify with B and not with A, by this library and by jsonwebtoken independently.
 */
import * as path from 'node:path';
import { Chart, Include, Testing } from 'cdk8s';
import * as jwt from 'jsonwebtoken';
import { stringify } from 'yaml';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, PxKeys, verifyToken } from '../../lib';
import { generateKeys } from '../../lib/core/keys/key-sources';
import { keysDigest } from '../../lib/core/spec/keys-rollout';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { secretValues, synthObjects } from '../support/cdk8s-synth';
import { digestOf, identityOf, objectChanges } from '../support/rotation-diff';

const AUTOPILOT_SPEC = path.join(__dirname, '../fixtures/specs/15-autopilot-flow-command-env.yaml');
const NOW = TEST_NOW_MS / 1000;
type Json = Record<string, any>;

/** The app a platform team writes: the cluster from the spec, a Kubernetes user token, a tenant, a class. */
function synth(keys: PxKeys, form: 'spec' | 'include'): Json[] {
  const app = Testing.app();
  const chart = new Chart(app, 'px');
  const spec = PortworxSpec.fromFile(AUTOPILOT_SPEC);
  const include = form === 'include' ? new Include(chart, 'portworx-spec', { url: AUTOPILOT_SPEC }) : undefined;
  const cluster = new PxSecureCluster(chart, 'cluster', { ...(include ? { include } : { spec }), issuer: 'portworx.com', keys, clock: TEST_CLOCK });
  cluster.addTokenSecret('k8s-user', {
    identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] },
    namespace: 'portworx',
    namespaceExists: true,
  });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 2 });
  return synthObjects(app, chart) as Json[];
}

function tokensOf(objects: readonly Json[]): Record<string, string> {
  return Object.fromEntries(
    objects
      .filter((object) => object.kind === 'Secret' && object.data?.['auth-token'] !== undefined)
      .map((object) => [identityOf(object), secretValues(object)['auth-token'] as string]),
  );
}

describe.each(['spec', 'include'] as const)('cdk8s, the spec given as %s', (form) => {
  const keysA = generateKeys();
  const keysB = generateKeys();
  const before = synth(keysA, form);
  const after = synth(keysB, form);
  const changes = objectChanges(before, after);

  test('only the keys Secret, the token Secrets and the pod templates reading keys change', () => {
    expect(Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== 'unchanged'))).toEqual({
      'v1 Secret portworx/pxkeys': 'secret data',
      'v1 Secret portworx/px-k8s-user': 'secret data',
      'v1 Secret tenant-a/px-k8s-user': 'secret data',
      'apps/v1 DaemonSet portworx/portworx': 'keys digest',
      'apps/v1 Deployment portworx/stork': 'keys digest',
      'apps/v1 Deployment portworx/autopilot': 'keys digest',
    });
    expect(Object.values(changes).filter((change) => change === 'unchanged').length).toBeGreaterThan(0);
  });

  test('each pod template carries the digest of exactly the keys its containers read, never a key', () => {
    const byName = Object.fromEntries(after.map((object) => [identityOf(object), object]));
    expect(digestOf(byName['apps/v1 DaemonSet portworx/portworx'] as Json)).toBe(keysDigest(keysB, ['system', 'stork', 'shared']));
    expect(digestOf(byName['apps/v1 Deployment portworx/stork'] as Json)).toBe(keysDigest(keysB, ['stork']));
    expect(digestOf(byName['apps/v1 Deployment portworx/autopilot'] as Json)).toBe(keysDigest(keysB, ['stork']));
    // autopilot keeps the annotation it had.
    expect((byName['apps/v1 Deployment portworx/autopilot'] as Json).spec.template.metadata.annotations['scheduler.alpha.kubernetes.io/critical-pod']).toBe('');
    const text = JSON.stringify(after.filter((object) => object.kind !== 'Secret'));
    for (const key of Object.values(keysB)) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(Buffer.from(key).toString('base64'));
    }
  });

  test('every token is re-minted in the same synth: it verifies with keys B, not with keys A (this library and jsonwebtoken)', () => {
    const tokens = tokensOf(after);
    expect(Object.keys(tokens).sort()).toEqual(['v1 Secret portworx/px-k8s-user', 'v1 Secret tenant-a/px-k8s-user']);
    const old = tokensOf(before);
    for (const [identity, token] of Object.entries(tokens)) {
      expect(token).not.toBe(old[identity]);
      expect(verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: keysB.shared }, now: NOW }).valid).toBe(true);
      expect(verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: keysA.shared }, now: NOW }).valid).toBe(false);
      expect(jwt.verify(token, keysB.shared, { algorithms: ['HS256'], issuer: 'portworx.com', clockTimestamp: NOW })).toMatchObject({ iss: 'portworx.com' });
      expect(() => jwt.verify(token, keysA.shared, { algorithms: ['HS256'], clockTimestamp: NOW })).toThrow('invalid signature');
    }
  });

  test('pxsec check: the new synth is consistent; the new keys Secret beside the old workloads is KEYS_DIGEST_STALE', async () => {
    const check = async (objects: readonly Json[]): Promise<string[]> =>
      (
        await auditBundle(bundleFromTexts([{ file: 'dist/px.k8s.yaml', text: objects.map((object) => stringify(object)).join('---\n') }]), {
          now: NOW,
          warnExpirySeconds: 0,
        })
      )
        .filter((finding) => finding.code === 'KEYS_DIGEST_STALE')
        .map((finding) => finding.object);
    expect(await check(after)).toEqual([]);
    const onlySecretChanged = before.map((object) =>
      identityOf(object) === 'v1 Secret portworx/pxkeys' ? (after.find((other) => identityOf(other) === identityOf(object)) as Json) : object,
    );
    expect((await check(onlySecretChanged)).sort()).toEqual(['DaemonSet portworx/portworx', 'Deployment portworx/autopilot', 'Deployment portworx/stork']);
  });

  test('the same keys synthesize the same bytes: no roll without a key change', () => {
    expect(synth(keysB, form)).toEqual(after);
  });
});

test('a new shared secret alone (pxsec keys rotate --only shared) rolls portworx only: stork and autopilot keep their pods', () => {
  const keysA = generateKeys();
  const changes = objectChanges(synth(keysA, 'spec'), synth({ ...keysA, shared: generateKeys().shared }, 'spec'));
  expect(Object.fromEntries(Object.entries(changes).filter(([, change]) => change !== 'unchanged'))).toEqual({
    'v1 Secret portworx/pxkeys': 'secret data',
    'v1 Secret portworx/px-k8s-user': 'secret data',
    'v1 Secret tenant-a/px-k8s-user': 'secret data',
    'apps/v1 DaemonSet portworx/portworx': 'keys digest',
  });
});
