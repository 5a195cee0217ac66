/**
 * A test that expects a Pulumi program to fail, written the way the README shows: the program's problems come
 * once, from `cluster.validated()`, with the same codes and messages as a cdk8s synth of the same app, before
 * any Kubernetes resource is registered, and with no unhandled promise rejection. (jest fails a test on any
 * unhandled rejection during it, listening on the real process before any listener a test could add; the
 * rejection each test awaits is the only one the program makes, see validation.slow.test.ts.)
 */
import * as pulumi from '@pulumi/pulumi';
import * as cdk8s from '../../lib/cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxValidationError, PxVolumeSnapshotClass, PxVolumeSnapshotClassArgs } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { FAILING_PROGRAMS } from './failing-programs';
import { programDone, registrations, startRun } from './mocks';
import { cdk8sProblems } from '../support/cdk8s-synth';
import { caughtOnComponent } from './caught-on-component';

/** The error `cluster.validated()` rejects with (fails the test when it resolves). */
async function verdictOf(cluster: PxSecureCluster): Promise<PxValidationError> {
  try {
    await cluster.validated();
  } catch (error) {
    expect(error).toBeInstanceOf(PxValidationError);
    return error as PxValidationError;
  }
  throw new Error('expected cluster.validated() to reject');
}

/**
 * The errors of two tenants in one namespace and an in-tree class on a token nobody makes: in cdk8s's order, with
 * cdk8s's messages for the same app.
 */
function expectTwoTenantsErrors(error: PxValidationError): void {
  expect(error.errors.map((e) => e.code)).toEqual([
    'TENANT_NAMESPACE_DUPLICATE',
    'TOKEN_SUB_SHARED',
    'TOKEN_SUB_SHARED',
    'STORAGECLASS_SECRET_MISSING',
    'OBJECT_DUPLICATE',
    'OBJECT_DUPLICATE',
  ]);
  const expected = cdk8sProblems((chart) => {
    const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new cdk8s.PxTenant(chart, 'tenant-a', { cluster: cdk8sCluster, namespace: 'tenant-a' });
    new cdk8s.PxTenant(chart, 'tenant-a-again', { cluster: cdk8sCluster, namespace: 'tenant-a' });
    new cdk8s.PxStorageClass(chart, 'px-storage-repl-1', {
      cluster: cdk8sCluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
  });
  expect(error.message).toBe(expected.join('\n'));
}

describe('expecting a Pulumi program to fail', () => {
  it('several cross-object errors: one PxValidationError naming every code and message, nothing registered', async () => {
    startRun();
    const cluster = FAILING_PROGRAMS['two tenants in one namespace and a token nobody makes']?.() as PxSecureCluster;
    const error = await verdictOf(cluster);
    // The second tenant emits the Namespace and token Secret again (OBJECT_DUPLICATE, as cdk8s reports them: on
    // the second tenant, after the cluster's own errors).
    expectTwoTenantsErrors(error);
    expect(error.resource).toBe(cluster);
    expect(error.hideStack).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registrations.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });

  it('tenants and classes declared after awaits of real timers get every error, nothing registered', async () => {
    startRun();
    const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    await new Promise((resolve) => setTimeout(resolve, 50));
    new PxTenant('test/tenant-a', { cluster, namespace: 'tenant-a' });
    new PxTenant('test/tenant-a-again', { cluster, namespace: 'tenant-a' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    new PxStorageClass('test/px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
    const error = await verdictOf(cluster);
    expectTwoTenantsErrors(error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registrations.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });

  it('OBJECT_DUPLICATE comes through the same single verdict, with the message of cdk8s, nothing registered', async () => {
    startRun();
    const cluster = FAILING_PROGRAMS['a tenant whose token Secret is named pxkeys in kube-system, and two StorageClasses with one name']?.() as PxSecureCluster;
    const error = await verdictOf(cluster);
    expect(error.errors.map((e) => e.code)).toEqual(['OBJECT_DUPLICATE', 'OBJECT_DUPLICATE']);
    const expected = cdk8sProblems((chart) => {
      const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
      new cdk8s.PxTenant(chart, 'system-tenant', { cluster: cdk8sCluster, namespace: 'kube-system', tokenSecretName: 'pxkeys', createNamespace: false });
      new cdk8s.PxStorageClass(chart, 'px-storage', {
        cluster: cdk8sCluster,
        name: 'px-storage',
        repl: 1,
        token: { kind: 'per-tenant', secretName: 'pxkeys' },
      });
      new cdk8s.PxStorageClass(chart, 'px-storage-again', {
        cluster: cdk8sCluster,
        name: 'px-storage',
        repl: 2,
        token: { kind: 'per-tenant', secretName: 'pxkeys' },
      });
    });
    expect(expected.every((line) => line.startsWith('[OBJECT_DUPLICATE] '))).toBe(true);
    expect(error.message).toBe(expected.join('\n'));
    expect(error.resource).toBe(cluster);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(registrations.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });

  it('a constructor error, as the README test writes it', () => {
    pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'stack', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com' });
    const tenant = () => new PxTenant('tenant-a', { cluster, namespace: 'Tenant_A' });
    expect(tenant).toThrow(PxValidationError);
    expect(tenant).toThrow('[NAME_INVALID] tenant-a.namespace "Tenant_A" is not a valid RFC 1123 label');
  });

  it('one cross-object error, as the README test writes it', async () => {
    pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'stack', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com' });
    new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });
    await expect(cluster.validated()).rejects.toThrow(
      '[STORAGECLASS_NO_TENANT] px-storage.token "per-tenant" reads each claim\'s token from the claim\'s own namespace, but this app declares no tenant: add a PxTenant for every namespace that will use the class, or use a fixed token Secret',
    );
  });

  it('resolves when the program is right and its generated keys are known', async () => {
    pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'stack', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    await expect(cluster.validated()).resolves.toBeUndefined();
  });
});

describe("Pulumi's standard mocks (state: inputs) leave RandomPassword's result undefined", () => {
  it('KEYS_UNRESOLVED, once, saying how to fix it; nothing signed with the keys is registered', async () => {
    startRun();
    pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}_id`, state: args.inputs }), call: (args) => args.inputs }, 'project', 'stack', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    const error = await verdictOf(cluster);
    expect(error.errors.map((e) => e.code)).toEqual(['KEYS_UNRESOLVED']);
    expect(error.message).toBe(
      "[KEYS_UNRESOLVED] portworx.keys.system-secret is unresolved: RandomPassword \"portworx-system-secret\" has no result, as under pulumi.runtime.setMocks with mocks that return a resource's inputs as its state: in tests, set the mocks with PxTesting.pulumiMocks() from 'px-security-constructs/testing' (it resolves RandomPassword and passes everything else to your own mocks), or pass keys: { system, stork, shared }",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});

describe('the in-process runs leave the runtime usable', () => {
  it('a later program under PxTesting.pulumiMocks() registers its Secrets', async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    await cluster.validated();
    expect((await programDone()).filter((r) => r.type === 'kubernetes:core/v1:Secret').map((r) => r.name)).toEqual([
      'portworx-k8s-user',
      'portworx-secret-kube-system-pxkeys',
    ]);
  });
});

describe('PxVolumeSnapshotClass, like PxStorageClass', () => {
  it('no cluster from plain JavaScript: CLUSTER_MISSING naming the field, not a TypeError', () => {
    startRun();
    const build = (args: unknown) => () => new PxVolumeSnapshotClass('px-snapshots', args as PxVolumeSnapshotClassArgs);
    expect(caughtOnComponent(build({ name: 'px-snapshots' }))).toMatchObject({
      code: 'CLUSTER_MISSING',
      message: expect.stringContaining('px-snapshots.cluster is missing'),
    });
    expect(caughtOnComponent(build(undefined)).code).toBe('CLUSTER_MISSING');
  });

  it('two classes with one name: OBJECT_DUPLICATE names the components, as cdk8s does', async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    new PxTenant('test/tenant-a', { cluster, namespace: 'tenant-a' });
    new PxVolumeSnapshotClass('test/px-snapshots', { cluster, name: 'px-snapshots' });
    new PxVolumeSnapshotClass('test/px-snapshots-again', { cluster, name: 'px-snapshots' });
    const error = await verdictOf(cluster);
    expect(error.errors.map((e) => e.code)).toEqual(['OBJECT_DUPLICATE']);
    const expected = cdk8sProblems((chart) => {
      const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
      new cdk8s.PxTenant(chart, 'tenant-a', { cluster: cdk8sCluster, namespace: 'tenant-a' });
      new cdk8s.PxVolumeSnapshotClass(chart, 'px-snapshots', { cluster: cdk8sCluster, name: 'px-snapshots' });
      new cdk8s.PxVolumeSnapshotClass(chart, 'px-snapshots-again', { cluster: cdk8sCluster, name: 'px-snapshots' });
    });
    expect(error.message).toBe(expected.join('\n'));
    expect(error.message).toContain('test/px-snapshots-again');
    expect(error.message).not.toContain('-volume-snapshot-class');
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});

describe('PxValidationError with a cause that is not a PxSecurityError', () => {
  it('shows the cause by name and code only, never its message', () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    const leaky = Object.assign(new TypeError(`cannot read key ${TEST_KEYS.shared}`), { code: 'ERR_SOMETHING' });
    const error = new PxValidationError([], cluster, leaky);
    expect(error.message).not.toContain(TEST_KEYS.shared);
    expect(error.message).not.toContain('cannot read key');
    expect(error.message).toBe('internal error: TypeError ERR_SOMETHING (its message is not shown, as it may hold a key or token)');
    expect(new PxValidationError([], cluster, 'a string with a secret').message).toBe(
      'internal error: string (its message is not shown, as it may hold a key or token)',
    );
  });
});
