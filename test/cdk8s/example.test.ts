/**
 * The example app (the main job): synthesized with a pinned clock and test keys for the snapshot. Running it
 * for real, the way `npm run synth` does, is in example.slow.test.ts.
 */
import { PxExampleChart } from '../../examples/cdk8s/app';
import { validateKubernetesObjects } from '../support/kube-schema';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, redactSecretValues } from '../../lib/testing';
import { findObject, synthObjects } from '../support/cdk8s-synth';
import { verifyAllTokens } from './example-tokens';

describe('the cdk8s example', () => {
  const app = PxTesting.app();
  const chart = new PxExampleChart(app, 'px-security', { keys: TEST_KEYS, clock: TEST_CLOCK });
  const objects = synthObjects(app, chart);

  it('matches the snapshot (Secret values redacted)', () => {
    expect(redactSecretValues(objects)).toMatchSnapshot();
  });

  it('holds every object of the Portworx docs walkthrough', () => {
    const names = objects.map((o) => `${o.kind} ${(o.metadata as { namespace?: string }).namespace ?? ''}/${(o.metadata as { name: string }).name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Secret kube-system/pxkeys',
        'DaemonSet kube-system/portworx',
        'Deployment kube-system/stork',
        'Secret portworx/px-k8s-user',
        'Namespace /tenant-a',
        'Secret tenant-a/px-k8s-user',
        'Namespace /tenant-b',
        'Secret tenant-b/px-k8s-user',
        'StorageClass /px-storage',
        'StorageClass /px-storage-repl-1',
        'PersistentVolumeClaim tenant-a/mysql-data',
        'Deployment tenant-a/mysql',
        'VolumeSnapshotClass /px-snapshots',
        'VolumeSnapshot tenant-a/mysql-data-snapshot',
      ]),
    );
    const claim = findObject(objects, 'PersistentVolumeClaim', 'mysql-data', 'tenant-a');
    expect(claim.spec).toMatchObject({ storageClassName: 'px-storage', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
  });

  it('validates every object against the Kubernetes schema', () => {
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('holds tokens that verify against the synthesized shared secret and issuer', async () => {
    expect(await verifyAllTokens(objects, TEST_NOW_MS / 1000)).toEqual(['portworx/px-k8s-user', 'tenant-a/px-k8s-user', 'tenant-b/px-k8s-user']);
  });
});
