import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxVolumeSnapshotClassProps, VOLUME_SNAPSHOT_CLASS_RULES } from '../core/classes/volume-snapshot-class';
import { buildClass, isInstance, recordClass } from './class-construct';
import { notePatched } from './emit';
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
 * (`${volumesnapshot.namespace}`) or from one fixed Secret. The construct is the VolumeSnapshotClass's `ApiObject` (`name` is the VolumeSnapshotClass's name).
 */
export class PxVolumeSnapshotClass extends ApiObject {
  /** The emitted VolumeSnapshotClass: this construct. */
  public readonly volumeSnapshotClass: ApiObject;

  /**
   * `instanceof` as for any class: true for a PxVolumeSnapshotClass (cdk8s answers `instanceof` of an ApiObject class for any
   * ApiObject).
   */
  public static override [Symbol.hasInstance](value: unknown): value is PxVolumeSnapshotClass {
    return isInstance(this, value);
  }

  constructor(scope: Construct, id: string, props: PxVolumeSnapshotClassProps) {
    const built = buildClass(scope, id, VOLUME_SNAPSHOT_CLASS_RULES, props);
    super(scope, id, built.object);
    this.volumeSnapshotClass = this;
    recordClass(this, built);
  }

  /** Adds a JSON patch to the VolumeSnapshotClass, as `ApiObject.addJsonPatch` does; the synth checks read the patched object. */
  public override addJsonPatch(...ops: JsonPatch[]): void {
    notePatched(this);
    super.addJsonPatch(...ops);
  }
}
