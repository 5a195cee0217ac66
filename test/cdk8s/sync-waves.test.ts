/**
 * Argo CD sync waves (`argocd.argoproj.io/sync-wave`), off by default: with `syncWaves`, Namespaces, then the key
 * and token Secrets, then what reads them, each in its wave.
 */
import { join } from 'node:path';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, ROLES, sealedDeliveryFromFile } from '../../lib';
import { PxTesting } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';

const SPEC = join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const identity = { name: 'Kubernetes', roles: [ROLES.user] };

/** `Kind namespace/name` → wave of every object of an app with the docs' objects, with `syncWaves` as given. */
function waves(
  syncWaves: ConstructorParameters<typeof PxSecureCluster>[2]['syncWaves'],
  more: Partial<ConstructorParameters<typeof PxSecureCluster>[2]> = {},
): Record<string, string | undefined> {
  const chart = PxTesting.chart();
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: PortworxSpec.fromFile(SPEC), issuer: 'portworx.com', syncWaves, ...more });
  cluster.addTokenSecret('k8s-user', { identity, namespace: 'portworx', createNamespace: true });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  new PxStorageClass(chart, 'repl-1', {
    cluster,
    name: 'repl-1',
    provisioner: 'in-tree',
    token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
  });
  new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage' });
  return Object.fromEntries(
    PxTesting.synth(chart).map((object) => {
      const metadata = object.metadata as { name: string; namespace?: string; annotations?: Record<string, string> };
      return [`${String(object.kind)} ${metadata.namespace ?? ''}/${metadata.name}`, metadata.annotations?.['argocd.argoproj.io/sync-wave']];
    }),
  );
}

test('off by default: no object carries a sync wave', () => {
  expect(Object.values(waves(undefined)).filter((wave) => wave !== undefined)).toEqual([]);
});

test('syncWaves: true gives Namespaces -2, key and token Secrets -1, their readers 0, and nothing else a wave', () => {
  expect(waves(true)).toEqual({
    'ServiceAccount kube-system/px-account': undefined,
    'ClusterRole /node-get-put-list-role': undefined,
    'ClusterRoleBinding /node-role-binding': undefined,
    'Service kube-system/portworx-service': undefined,
    'CSIDriver /pxd.portworx.com': undefined,
    'Secret kube-system/pxkeys': '-1',
    'DaemonSet kube-system/portworx': '0',
    'ServiceAccount kube-system/stork-account': undefined,
    'Deployment kube-system/stork': '0',
    'Namespace /portworx': '-2',
    'Secret portworx/px-k8s-user': '-1',
    'Namespace /tenant-a': '-2',
    'Secret tenant-a/px-k8s-user': '-1',
    'StorageClass /repl-1': '0',
    'StorageClass /px-storage': undefined,
  });
});

test('own waves, and sealed Secrets in the Secrets wave', () => {
  const sealed = sealedDeliveryFromFile(join(__dirname, '../fixtures/sealing/example-sealing-cert.pem'));
  const own = waves({ namespaces: 1, secrets: 5, readers: 10 }, { secretDelivery: sealed });
  expect(own['Namespace /portworx']).toBe('1');
  expect(own['SealedSecret kube-system/pxkeys']).toBe('5');
  expect(own['SealedSecret tenant-a/px-k8s-user']).toBe('5');
  expect(own['DaemonSet kube-system/portworx']).toBe('10');
});

test('waves out of first-apply order, or not whole numbers, are SPEC_SETTING_INVALID naming the field', () => {
  const cluster = (syncWaves: object) => () => new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com', syncWaves });
  expect(caughtPxSecurityError(cluster({ secrets: -3 })).message).toBe(
    'test/portworx.syncWaves "namespaces -2, secrets -3, readers 0" are not in first-apply order: give namespaces a lower wave than secrets, and secrets a lower wave than readers',
  );
  expect(caughtPxSecurityError(cluster({ readers: 0.5 })).message).toBe(
    'test/portworx.syncWaves.readers 0.5 is not a whole number: give Argo CD sync waves as whole numbers, e.g. { namespaces: -2, secrets: -1, readers: 0 }',
  );
});
