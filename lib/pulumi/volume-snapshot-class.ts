import * as pulumi from '@pulumi/pulumi';
import { PortworxVolumeSnapshotClassProps, VOLUME_SNAPSHOT_CLASS_RULES } from '../core/classes/volume-snapshot-class';
import { registerClass } from './class-component';
import { PxSecureCluster } from './secure-cluster';

/** Arguments of {@link PxVolumeSnapshotClass}: the core's VolumeSnapshotClass props and the cluster. */
export interface PxVolumeSnapshotClassArgs extends PortworxVolumeSnapshotClassProps {
  /** The secured cluster whose tokens the class's snapshots are created and deleted with. */
  readonly cluster: PxSecureCluster;
  /**
   * The fixed token Secret is created outside this program: do not report it as missing.
   * @default false
   */
  readonly tokenSecretExternal?: boolean;
}

/**
 * A Portworx VolumeSnapshotClass (`snapshot.storage.k8s.io/v1`, `driver: pxd.portworx.com`) whose snapshots are
 * created and deleted with a token: per tenant (`px-k8s-user` in `${volumesnapshot.namespace}`), from one fixed
 * Secret, or none. The Pulumi twin of the cdk8s `PxVolumeSnapshotClass`; child `${name}-volume-snapshot-class`
 * (a `CustomResource`: the provider has no typed class for it), held back until the cluster's cross-object
 * check has passed.
 */
export class PxVolumeSnapshotClass extends pulumi.ComponentResource {
  /** The VolumeSnapshotClass name, for snapshots (`volumeSnapshotClassName`). */
  public readonly name: string;
  /** The registered VolumeSnapshotClass. */
  public readonly volumeSnapshotClass: pulumi.CustomResource;

  /** @throws PxValidationError on the class, for a problem of `args` (a missing cluster, an invalid parameter, ...) */
  constructor(name: string, args: PxVolumeSnapshotClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxVolumeSnapshotClass', name, {}, opts);
    const registered = registerClass(this, name, VOLUME_SNAPSHOT_CLASS_RULES, args);
    this.name = registered.name;
    this.volumeSnapshotClass = registered.resource;
    this.registerOutputs({ volumeSnapshotClass: this.volumeSnapshotClass });
  }
}
