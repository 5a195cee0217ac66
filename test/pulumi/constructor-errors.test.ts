/**
 * Where a Pulumi program learns of a PX-Security problem: what a component can tell from its own arguments is
 * thrown by its constructor (or the cluster method called), as a `pulumi.ResourceError` on that component, so
 * the language host prints the component's URN with `[CODE] message`; what spans objects comes from the
 * cluster's check, on the cluster. Either way it is a `PxValidationError` whose `errors` hold the codes.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant, PxValidationError, PxVolumeSnapshotClass } from '../../lib/pulumi';
import { TEST_CLOCK } from '../../lib/testing';
import { startRun, valueOf } from './mocks';

const COMMON = { issuer: 'portworx.com', clock: TEST_CLOCK } as const;

/** What `run` threw (fails the test when it throws nothing). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** Each component with one mistake in its own arguments: its type, its name, the code. */
const MISTAKES: readonly (readonly [string, string, string, (cluster: PxSecureCluster) => unknown])[] = [
  [
    'px-security:index:PxSecureCluster',
    'bad-cluster',
    'SPEC_SETTING_INVALID',
    () => new PxSecureCluster('bad-cluster', { ...COMMON, usernameClaim: 'uid' as 'sub' }),
  ],
  ['px-security:index:PxTenant', 'tenant-a', 'NAME_INVALID', (cluster) => new PxTenant('tenant-a', { cluster, namespace: 'Tenant_A' })],
  [
    'px-security:index:PxStorageClass',
    'px-storage',
    'STORAGECLASS_PARAMETER_INVALID',
    (cluster) => new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 4 }),
  ],
  [
    'px-security:index:PxVolumeSnapshotClass',
    'px-snapshots',
    'VOLUMESNAPSHOTCLASS_FIELD_INVALID',
    (cluster) => new PxVolumeSnapshotClass('px-snapshots', { cluster, name: 'px-snapshots', deletionPolicy: 'delete' as 'Delete' }),
  ],
];

describe('an error a component knows in its constructor', () => {
  it.each(MISTAKES)('%s: a pulumi.ResourceError on the component, naming its URN', async (type, name, code, declare) => {
    startRun();
    const cluster = new PxSecureCluster('portworx', COMMON);
    const error = thrownBy(() => declare(cluster));
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(PxValidationError);
    const { resource, hideStack, message, errors } = error as PxValidationError;
    expect(resource).toBeInstanceOf(pulumi.ComponentResource);
    expect(resource).not.toBe(cluster);
    expect(await valueOf((resource as pulumi.ComponentResource).urn)).toBe(`urn:pulumi:test::px-security::${type}::${name}`);
    expect(hideStack).toBe(true);
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(errors[0]).toBeInstanceOf(PxSecurityError);
    expect(message).toBe(`[${code}] ${errors[0]?.message}`);
    await cluster.validated();
  });

  it("a cluster method's error is on the cluster: addTokenSecret, mintToken, transformation", () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', COMMON);
    const problems = [
      () => cluster.addTokenSecret('k8s-user', { namespace: 'Portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } }),
      () => cluster.mintToken({ name: 'Storage Administrator', roles: ['system.admins'] }),
      () => cluster.transformation,
    ].map((run) => thrownBy(run));
    expect(problems.map((error) => pulumi.ResourceError.isInstance(error) && error.resource === cluster)).toEqual([true, true, true]);
    expect(problems.map((error) => (error as PxValidationError).errors.map((e) => e.code))).toEqual([
      ['NAME_INVALID'],
      ['IDENTITY_ROLE_UNKNOWN'],
      ['INCLUDE_MISSING'],
    ]);
  });

  it('an error that is not a PxSecurityError (a bug) passes unchanged', () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', COMMON);
    const bug = new TypeError('a bug, not a model problem');
    const args = { cluster, name: 'px-storage' };
    Object.defineProperty(args, 'repl', {
      enumerable: true,
      get: () => {
        throw bug;
      },
    });
    expect(thrownBy(() => new PxStorageClass('px-storage', args))).toBe(bug);
  });
});

it('one catch serves both: a constructor error and the cross-object check, each a PxValidationError with its codes', async () => {
  startRun();
  const codes = (error: unknown): string[] => (error instanceof PxValidationError ? error.errors.map((e) => e.code) : ['not a PxValidationError']);
  const cluster = new PxSecureCluster('portworx', COMMON);
  const inConstructor = thrownBy(() => new PxTenant('tenant-a', { cluster, namespace: 'Tenant_A' }));
  new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });
  const atCheck = await cluster.validated().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect([codes(inConstructor), codes(atCheck)]).toEqual([['NAME_INVALID'], ['STORAGECLASS_NO_TENANT']]);
  expect((atCheck as PxValidationError).resource).toBe(cluster);
});
