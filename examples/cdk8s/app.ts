/**
 * The Portworx docs' whole PX-Security setup (PORTWORX-FACTS.md section 9) as one cdk8s chart:
 * the secured DaemonSet spec, the Kubernetes user's token, two tenants, the multi-tenant CSI class,
 * the in-tree class, and the docs' MySQL application in tenant-a, with a per-tenant VolumeSnapshotClass and a
 * CSI snapshot of the application's claim.
 */
import * as path from 'node:path';
import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { Clock, PortworxSpec, PxKeys, ROLES, SecretDelivery, VOLUME_SNAPSHOT_API_VERSION, VOLUME_SNAPSHOT_KIND } from '../../lib';

/** Options a test or another app may pin. */
export interface PxExampleOptions {
  /** The three keys. @default - the cluster's entry (its spec's cluster name) of the keystore `.pxsec/keystore.json`, created on first synth */
  readonly keys?: PxKeys | undefined;
  /** Where "now" comes from. @default - SOURCE_DATE_EPOCH, else the system clock */
  readonly clock?: Clock | undefined;
  /** How keys and tokens reach the cluster. @default { kind: 'plain' } */
  readonly secretDelivery?: SecretDelivery | undefined;
}

/** The example chart. */
export class PxExampleChart extends Chart {
  /** The secured cluster. */
  public readonly cluster: PxSecureCluster;

  constructor(scope: Construct, id: string, options: PxExampleOptions = {}) {
    super(scope, id);

    // Steps 1 and 2: the keys Secret and the secured DaemonSet and stork.
    this.cluster = new PxSecureCluster(this, 'portworx', {
      spec: PortworxSpec.fromFile(path.join(__dirname, 'px-spec.yaml')),
      issuer: 'portworx.com',
      keys: options.keys,
      clock: options.clock,
      secretDelivery: options.secretDelivery,
      // With sealed delivery the output may go to git: refuse any plain Secret holding a key or token.
      secretsInGit: options.secretDelivery?.kind === 'sealed' ? 'forbid' : 'allow',
    });

    // Steps 3 and 4: the Kubernetes user's token as portworx/px-k8s-user, in the namespace portworx: created by the
    // spec when it holds it (the spec generator's DaemonSet specs do), else by the cluster; the Secret comes after it.
    this.cluster.addTokenSecret('k8s-user', {
      identity: { name: 'Kubernetes', email: 'kubernetes@portworx.com', roles: [ROLES.user], groups: ['kubernetes'] },
      namespace: 'portworx',
      createNamespace: true,
    });

    // Step 5: the in-tree class, using the Kubernetes user's token.
    new PxStorageClass(this, 'px-storage-repl-1', {
      cluster: this.cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
      repl: 1,
    });

    // Step 6: tenants, each with its own token, and the multi-tenant CSI class.
    new PxTenant(this, 'tenant-a', { cluster: this.cluster, namespace: 'tenant-a', identity: { groups: ['developers'] } });
    new PxTenant(this, 'tenant-b', { cluster: this.cluster, namespace: 'tenant-b', identity: { groups: ['developers'] } });
    const storageClass = new PxStorageClass(this, 'px-storage', { cluster: this.cluster, name: 'px-storage', repl: 1 });

    // Step 7: the docs' application in tenant-a.
    const claim = new kplus.PersistentVolumeClaim(this, 'mysql-data', {
      metadata: { name: 'mysql-data', namespace: 'tenant-a' },
      storageClassName: storageClass.name,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(2),
    });
    const mysql = new kplus.Deployment(this, 'mysql', {
      metadata: { name: 'mysql', namespace: 'tenant-a' },
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      securityContext: { ensureNonRoot: false },
    });
    const container = mysql.addContainer({
      name: 'mysql',
      image: 'mysql:5.7.33',
      portNumber: 3306,
      envVariables: { MYSQL_ALLOW_EMPTY_PASSWORD: kplus.EnvValue.fromValue('1') },
      securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
    });
    // cdk8s-plus types resourceName as `string | undefined` on the class and `?: string` on the interface, which
    // exactOptionalPropertyTypes treats as incompatible: the claim is the interface's value, so say so.
    container.mount('/var/lib/mysql', kplus.Volume.fromPersistentVolumeClaim(this, 'mysql-data-volume', claim as kplus.IPersistentVolumeClaim));

    // Snapshots: a per-tenant class (each snapshot is taken with its own namespace's px-k8s-user token) and a
    // CSI snapshot of the application's claim.
    const snapshotClass = new PxVolumeSnapshotClass(this, 'px-snapshots', { cluster: this.cluster, name: 'px-snapshots' });
    new ApiObject(this, 'mysql-data-snapshot', {
      apiVersion: VOLUME_SNAPSHOT_API_VERSION,
      kind: VOLUME_SNAPSHOT_KIND,
      metadata: { name: 'mysql-data-snapshot', namespace: 'tenant-a' },
      spec: { volumeSnapshotClassName: snapshotClass.name, source: { persistentVolumeClaimName: claim.name } },
    });
  }
}
