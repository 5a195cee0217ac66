import * as pulumi from '@pulumi/pulumi';
import { requiredCluster } from '../core/construct-props';
import { requireClusterInProgram } from './program-context';
import { PortworxVolumeSnapshotClassProps, portworxVolumeSnapshotClass, requiredSnapshotTokenSecret } from '../core/volume-snapshot-class';
import { kubeResource } from './kube-resource';
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

  constructor(name: string, args: PxVolumeSnapshotClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxVolumeSnapshotClass', name, {}, opts);
    const cluster = requiredCluster(args, name, 'PxVolumeSnapshotClass');
    requireClusterInProgram(cluster, name, 'PxVolumeSnapshotClass');
    const { tokenSecretExternal, ...classProps } = args;
    delete (classProps as { cluster?: unknown }).cluster;
    const object = portworxVolumeSnapshotClass(classProps, { field: name });
    this.name = object.metadata.name;
    this.volumeSnapshotClass = kubeResource(`${name}-volume-snapshot-class`, object, cluster.resourceOptions(this, cluster.applyDependenciesOf(object)));
    const token = requiredSnapshotTokenSecret(classProps);
    cluster.model.addVolumeSnapshotClass({
      field: name,
      name: object.metadata.name,
      ...(token !== undefined ? { token } : {}),
      tokenSecretExternal: tokenSecretExternal ?? false,
    });
    this.registerOutputs({ volumeSnapshotClass: this.volumeSnapshotClass });
  }
}
