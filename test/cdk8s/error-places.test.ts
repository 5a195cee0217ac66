/**
 * Every construct error names its construct path and field, also for inputs that only go wrong further down (a
 * clock in seconds, a huge backdate) and for props plain JavaScript can leave out (no cluster, no props at all).
 */
import { Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';

function chart(): Chart {
  return new Chart(PxTesting.app(), 'test');
}

describe('clock and rotation inputs are checked where they enter, naming the construct path', () => {
  test('a clock giving seconds instead of milliseconds: ROTATION_INVALID at <path>.rotation.backdateSeconds, saying why', () => {
    const error = caughtPxSecurityError(
      () => new PxSecureCluster(chart(), 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: () => 1_700_000_000 }),
    );
    expect(error.code).toBe('ROTATION_INVALID');
    expect(error.field).toBe('test/portworx.rotation.backdateSeconds');
    expect(error.message).toContain('the clock looks like it gives seconds, not milliseconds');
    expect(error.message).toContain('Date.now');
  });

  test('backdateSeconds 1e12: ROTATION_INVALID at <path>.rotation.backdateSeconds, not TOKEN_TIMES_INVALID on issuedAt', () => {
    const error = caughtPxSecurityError(
      () => new PxSecureCluster(chart(), 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, rotation: { backdateSeconds: 1e12 } }),
    );
    expect(error.code).toBe('ROTATION_INVALID');
    expect(error.message).toMatch(/^test\/portworx\.rotation\.backdateSeconds 1000000000000 is more than the \d+ s since the epoch/);
  });

  test('a token Secret with backdateSeconds 1e12 names its own path', () => {
    const cluster = new PxSecureCluster(chart(), 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    const error = caughtPxSecurityError(() => cluster.mintToken({ name: 'a', roles: ['system.user'] }, { backdateSeconds: 1e12 }));
    expect(error.field).toBe('test/portworx.mintToken.rotation.backdateSeconds');
  });

  test('a clock returning NaN: CLOCK_INVALID at <path>.clock', () => {
    const error = caughtPxSecurityError(() => new PxSecureCluster(chart(), 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: () => Number.NaN }));
    expect(error).toMatchObject({ code: 'CLOCK_INVALID', field: 'test/portworx.clock' });
  });
});

describe('no cluster from plain JavaScript: CLUSTER_MISSING naming the path, not a TypeError', () => {
  const untyped = (props: unknown): never => props as never;
  test.each([
    ['PxTenant without cluster', () => new PxTenant(chart(), 'tenant-a', untyped({ namespace: 'tenant-a' })), 'test/tenant-a.cluster is missing'],
    ['PxTenant without props', () => new PxTenant(chart(), 'tenant-a', untyped(undefined)), 'test/tenant-a.cluster is missing: PxTenant was given no props'],
    [
      'PxTenant with a cluster that is not one',
      () => new PxTenant(chart(), 'tenant-a', untyped({ cluster: 'portworx', namespace: 'a' })),
      'test/tenant-a.cluster "string" is not a PxSecureCluster',
    ],
    ['PxStorageClass without cluster', () => new PxStorageClass(chart(), 'px-storage', untyped({ name: 'px-storage' })), 'test/px-storage.cluster is missing'],
    [
      'PxVolumeSnapshotClass without cluster',
      () => new PxVolumeSnapshotClass(chart(), 'snapshots', untyped({ name: 'px-snapshots' })),
      'test/snapshots.cluster is missing',
    ],
    [
      'PxVolumeSnapshotClass without props',
      () => new PxVolumeSnapshotClass(chart(), 'snapshots', untyped(undefined)),
      'test/snapshots.cluster is missing: PxVolumeSnapshotClass was given no props',
    ],
  ])('%s', (_case, make, message) => {
    const error = caughtPxSecurityError(make);
    expect(error.code).toBe('CLUSTER_MISSING');
    expect(error.message).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
