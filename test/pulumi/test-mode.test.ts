/**
 * Publicly known keys in a Pulumi program (issue 17, items 1 and 2): `TEST_KEYS` are accepted only while the
 * program runs under `PxTesting.pulumiMocks()`; under any other mocks (a user's own, as a real program's
 * stand-in) they are `KEYS_TEST_ONLY`. A tenant or class declared in another program than its cluster (new
 * mocks, another project or stack: as Automation API inline programs run one after another in one process) is
 * `CLUSTER_OTHER_APP`. What a process cannot see, and is not claimed: another process.
 */
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { sealedDeliveryFromFile } from '../../lib';
import { MemorySealCache } from '../../lib/sealing';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { caughtOnComponent } from './caught-on-component';

/** Waits until every registration so far is answered, before the next program sets its own mocks. */
async function programDone(): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/** Mocks as a user writes them (not PxTesting's): every resource echoes its inputs. */
const userMocks: pulumi.runtime.Mocks = { newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }), call: (args) => args.inputs };

describe('TEST_KEYS in a Pulumi program', () => {
  it('given as strings under other mocks than PxTesting.pulumiMocks(): KEYS_TEST_ONLY in the constructor', async () => {
    await pulumi.runtime.setMocks(userMocks, 'project', 'prod', false);
    const error = caughtOnComponent(() => new PxSecureCluster('portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }));
    expect({ code: error.code, field: error.field }).toEqual({ code: 'KEYS_TEST_ONLY', field: 'portworx.keys.system-secret' });
  });

  it('given as Outputs under other mocks: the cluster fails once with KEYS_TEST_ONLY', async () => {
    await pulumi.runtime.setMocks(userMocks, 'project', 'prod', false);
    const keys = { system: pulumi.output(SUITE_KEYS.system), stork: pulumi.output(SUITE_KEYS.stork), shared: pulumi.secret(TEST_KEYS.shared) };
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', keys, clock: TEST_CLOCK });
    await expect(cluster.validated()).rejects.toMatchObject({ errors: [{ code: 'KEYS_TEST_ONLY', field: 'portworx.keys.shared-secret' }] });
  });

  it('under PxTesting.pulumiMocks(), given or generated, they are accepted', async () => {
    await pulumi.runtime.setMocks(PxTesting.pulumiMocks(userMocks), 'project', 'test', false);
    await expect(new PxSecureCluster('portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }).validated()).resolves.toBeUndefined();
    await programDone();
    await pulumi.runtime.setMocks(PxTesting.pulumiMocks(userMocks), 'project', 'test', false);
    await expect(new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK }).validated()).resolves.toBeUndefined();
    await programDone();
  });

  it("sealing with the repository's test certificate is a warning outside PxTesting's mocks, none under them", async () => {
    const certificate = path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem');
    await pulumi.runtime.setMocks(userMocks, 'project', 'prod', false);
    const production = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      secretDelivery: sealedDeliveryFromFile(certificate, { cacheFile: path.join(__dirname, 'never-written.json') }),
      sealCache: new MemorySealCache(),
    });
    expect(production.warnings()).toEqual([
      "[SEAL_CERT_TEST_ONLY] portworx/keys.secretDelivery.certificatePem is the test sealing certificate of px-security-constructs, whose private key is published: anyone can open what it seals: seal with your controller's own certificate: kubeseal --fetch-cert > cert.pem",
    ]);
    await production.validated();
    await programDone();
    await pulumi.runtime.setMocks(PxTesting.pulumiMocks(userMocks), 'project', 'test', false);
    const testCluster = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      clock: TEST_CLOCK,
      secretDelivery: sealedDeliveryFromFile(certificate),
      sealCache: new MemorySealCache(),
    });
    expect(testCluster.warnings()).toEqual([]);
    await testCluster.validated();
    await programDone();
  });
});

describe('a cluster of another program (CLUSTER_OTHER_APP)', () => {
  it.each([
    ['PxTenant', (cluster: PxSecureCluster) => new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' })],
    ['PxStorageClass', (cluster: PxSecureCluster) => new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 })],
    ['PxVolumeSnapshotClass', (cluster: PxSecureCluster) => new PxVolumeSnapshotClass('px-snapshots', { cluster, name: 'px-snapshots' })],
  ])('%s declared in a production program with a cluster of a test program', async (kind, make) => {
    await pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'test', false);
    const testCluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    await testCluster.validated();
    await programDone();
    await pulumi.runtime.setMocks(userMocks, 'project', 'prod', false);
    const error = caughtOnComponent(() => make(testCluster));
    expect(error.code).toBe('CLUSTER_OTHER_APP');
    expect(error.message).toBe(
      `${kind === 'PxTenant' ? 'tenant-a' : kind === 'PxStorageClass' ? 'px-storage' : 'px-snapshots'}.cluster was declared in another Pulumi program ` +
        `(project/test (under PxTesting.pulumiMocks, keys TEST_KEYS)) than this ${kind} (project/prod): its tokens would be signed with that program's keys: ` +
        `declare the PxSecureCluster in the same program as this ${kind}`,
    );
  });

  it('the same program is fine', async () => {
    await pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'test', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    await expect(cluster.validated()).resolves.toBeUndefined();
    await programDone();
  });
});
