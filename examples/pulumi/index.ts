/**
 * The Portworx docs' whole PX-Security setup (PORTWORX-FACTS.md section 9) as a Pulumi program: the same
 * objects as the cdk8s example (examples/cdk8s/app.ts), from the same spec file, down to the per-tenant
 * VolumeSnapshotClass and the snapshot of the application's claim. The three keys are
 * RandomPasswords kept (encrypted) in the stack's state; every token is issued per rotation window, so a
 * second `pulumi up` changes nothing.
 *
 *   cd examples/pulumi && pulumi stack init dev && pulumi up
 *   pulumi stack output storageAdminToken --show-secrets   # for `pxctl context create admin --token=...`
 */
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import { ALL_GROUPS, PortworxSpec, ROLES, VOLUME_SNAPSHOT_API_VERSION, VOLUME_SNAPSHOT_KIND } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/pulumi';

// Steps 1 and 2: the keys Secret and the secured DaemonSet and stork.
const cluster = new PxSecureCluster('portworx', {
  spec: PortworxSpec.fromFile(path.join(__dirname, '../cdk8s/px-spec.yaml')),
  issuer: 'portworx.com',
});

// Steps 3 and 4: the storage admin's token (a secret stack output) and the Kubernetes user's token as
// portworx/px-k8s-user.
export const storageAdminToken = cluster.mintToken({
  name: 'Storage Administrator',
  email: 'storage-admin@portworx.com',
  roles: [ROLES.admin],
  groups: [ALL_GROUPS],
}).token;
// createNamespace: the spec's Namespace portworx when it holds one, else the cluster's; the Secret depends on it.
cluster.addTokenSecret('k8s-user', {
  identity: { name: 'Kubernetes', email: 'kubernetes@portworx.com', roles: [ROLES.user], groups: ['kubernetes'] },
  namespace: 'portworx',
  createNamespace: true,
});

// Step 5: the in-tree class, using the Kubernetes user's token.
new PxStorageClass('px-storage-repl-1', {
  cluster,
  name: 'px-storage-repl-1',
  provisioner: 'in-tree',
  token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
  repl: 1,
});

// Step 6: tenants, each with its own token, and the multi-tenant CSI class.
const tenantA = new PxTenant('tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: ['developers'] } });
new PxTenant('tenant-b', { cluster, namespace: 'tenant-b', identity: { groups: ['developers'] } });
const storageClass = new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });

// Step 7: the docs' application in tenant-a.
const claim = new k8s.core.v1.PersistentVolumeClaim(
  'mysql-data',
  {
    metadata: { name: 'mysql-data', namespace: tenantA.namespace },
    spec: {
      storageClassName: storageClass.name,
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '2Gi' } },
    },
  },
  { dependsOn: [tenantA, storageClass] },
);
new k8s.apps.v1.Deployment(
  'mysql',
  {
    metadata: { name: 'mysql', namespace: tenantA.namespace },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { app: 'mysql' } },
      template: {
        metadata: { labels: { app: 'mysql' } },
        spec: {
          containers: [
            {
              name: 'mysql',
              image: 'mysql:5.7.33',
              ports: [{ containerPort: 3306 }],
              env: [{ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: '1' }],
              volumeMounts: [{ name: 'mysql-data', mountPath: '/var/lib/mysql' }],
            },
          ],
          volumes: [{ name: 'mysql-data', persistentVolumeClaim: { claimName: claim.metadata.name } }],
        },
      },
    },
  },
  { dependsOn: [tenantA] },
);

// Snapshots: a per-tenant class (each snapshot is taken with its own namespace's px-k8s-user token) and a CSI
// snapshot of the application's claim.
const snapshotClass = new PxVolumeSnapshotClass('px-snapshots', { cluster, name: 'px-snapshots' });
new k8s.apiextensions.CustomResource(
  'mysql-data-snapshot',
  {
    apiVersion: VOLUME_SNAPSHOT_API_VERSION,
    kind: VOLUME_SNAPSHOT_KIND,
    metadata: { name: 'mysql-data-snapshot', namespace: tenantA.namespace },
    spec: { volumeSnapshotClassName: snapshotClass.name, source: { persistentVolumeClaimName: claim.metadata.name } },
  },
  { dependsOn: [snapshotClass, claim] },
);
