/**
 * Two clusters in one Pulumi program (prod and staging, each with its own provider in a real program), from one
 * spec: objects are unique per cluster, so both are registered, and each has its own generated keys; a token of
 * one is refused by the other's keys. Under Pulumi's mocks, with each RandomPassword given a random result of its
 * own as the provider does (PxTesting.pulumiMocks gives every RandomPassword the fixed test keys instead).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './mocks';
import { PortworxSpec, verifyToken } from '../../lib';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));

test('prod and staging from one spec in one program: no OBJECT_DUPLICATE, separate keys, tokens that open only their own cluster', async () => {
  const registered: { type: string; name: string }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name });
        const state = args.type === 'random:index/randomPassword:RandomPassword' ? { ...args.inputs, result: randomBytes(48).toString('base64') } : args.inputs;
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    'px-security',
    'several-clusters',
  );
  const prod = new PxSecureCluster('prod', { spec: SPEC, issuer: 'portworx.com', clock: TEST_CLOCK });
  const staging = new PxSecureCluster('staging', { spec: SPEC, issuer: 'portworx.com', clock: TEST_CLOCK });
  new PxTenant('prod-tenant-a', { cluster: prod, namespace: 'tenant-a' });
  new PxTenant('staging-tenant-a', { cluster: staging, namespace: 'tenant-a' });
  await expect(Promise.all([prod.validated(), staging.validated()])).resolves.toEqual([undefined, undefined]);
  const [prodKeys, stagingKeys] = await Promise.all([valueOf(prod.keys), valueOf(staging.keys)]);
  expect(Object.values(stagingKeys).filter((key) => Object.values(prodKeys).includes(key))).toEqual([]);
  const identity = { name: 'tenant-a', roles: ['system.user'] };
  expect(
    registered
      .filter((r) => r.type === 'random:index/randomPassword:RandomPassword')
      .map((r) => r.name)
      .sort(),
  ).toEqual(['prod-shared-secret', 'prod-stork-secret', 'prod-system-secret', 'staging-shared-secret', 'staging-stork-secret', 'staging-system-secret']);
  const [prodToken, stagingToken] = await Promise.all([valueOf(prod.mintToken(identity)), valueOf(staging.mintToken(identity))]);
  const opens = (token: string, sharedSecret: string): boolean =>
    verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret }, now: TEST_NOW_MS / 1000 }).valid;
  expect([opens(prodToken.token, prodKeys.shared), opens(stagingToken.token, stagingKeys.shared)]).toEqual([true, true]);
  expect([opens(prodToken.token, stagingKeys.shared), opens(stagingToken.token, prodKeys.shared)]).toEqual([false, false]);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  expect(registered.filter((r) => r.type === 'kubernetes:apps/v1:DaemonSet').map((r) => r.name)).toEqual([
    'prod-daemonset-kube-system-portworx',
    'staging-daemonset-kube-system-portworx',
  ]);
});
