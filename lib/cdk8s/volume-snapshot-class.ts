import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxVolumeSnapshotClassProps, VOLUME_SNAPSHOT_CLASS_RULES } from '../core/volume-snapshot-class';
import { emitClass } from './class-construct';
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
    const emitted = emitClass(this, VOLUME_SNAPSHOT_CLASS_RULES, props);
    this.name = emitted.name;
    this.volumeSnapshotClass = emitted.apiObject;
  }
}
