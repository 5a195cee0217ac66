import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxVolumeSnapshotClassProps, portworxVolumeSnapshotClass, requiredSnapshotTokenSecret } from '../core/volume-snapshot-class';
import { requiredCluster } from '../core/construct-props';
import { requireClusterInApp } from './cluster-app';
import { emitObject } from './emit';
import { PxSecureCluster } from './secure-cluster';

/** Props of {@link PxVolumeSnapshotClass}. */
export interface PxVolumeSnapshotClassProps extends PortworxVolumeSnapshotClassProps {
  /** The secured cluster whose tokens the class's snapshots are taken with. */
  readonly cluster: PxSecureCluster;
  /**
   * The fixed token Secret is created outside this app: do not report it as missing.
   * @default false
   */
  readonly tokenSecretExternal?: boolean;
}

/**
 * A Portworx VolumeSnapshotClass whose CSI snapshots are taken with a token: per tenant
 * (`${volumesnapshot.namespace}`) or from one fixed Secret.
 */
export class PxVolumeSnapshotClass extends Construct {
  /** The VolumeSnapshotClass name, for snapshots (`volumeSnapshotClassName`). */
  public readonly name: string;
  /** The emitted VolumeSnapshotClass. */
  public readonly volumeSnapshotClass: ApiObject;

  constructor(scope: Construct, id: string, props: PxVolumeSnapshotClassProps) {
    super(scope, id);
    const cluster = requiredCluster(props, this.node.path, 'PxVolumeSnapshotClass');
    requireClusterInApp(cluster, this, 'PxVolumeSnapshotClass');
    const { tokenSecretExternal, ...classProps } = props;
    delete (classProps as { cluster?: unknown }).cluster;
    const object = portworxVolumeSnapshotClass(classProps, { field: this.node.path });
    this.name = object.metadata.name;
    this.volumeSnapshotClass = cluster.annotateWave(emitObject(this, 'volume-snapshot-class', object, cluster), object);
    const token = requiredSnapshotTokenSecret(classProps);
    cluster.model.addVolumeSnapshotClass({
      field: this.node.path,
      name: this.name,
      ...(token !== undefined ? { token } : {}),
      tokenSecretExternal: tokenSecretExternal ?? false,
    });
  }
}
