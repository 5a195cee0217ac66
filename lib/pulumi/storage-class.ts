import * as pulumi from '@pulumi/pulumi';
import { PortworxStorageClassProps, portworxStorageClass, requiredTokenSecret } from '../core/storage-class';
import { requiredCluster } from '../core/construct-props';
import { requireClusterInProgram } from './program-context';
import { kubeResource } from './kube-resource';
import { PxSecureCluster } from './secure-cluster';

/** Arguments of {@link PxStorageClass}: the core's StorageClass props and the cluster. */
export interface PxStorageClassArgs extends PortworxStorageClassProps {
  /** The secured cluster whose tokens the class's volumes are created with. */
  readonly cluster: PxSecureCluster;
  /**
   * The fixed token Secret is created outside this program: do not report it as missing.
   * @default false
   */
  readonly tokenSecretExternal?: boolean;
}

/**
 * A Portworx StorageClass whose volumes are created with a token: per tenant (CSI, `${pvc.namespace}`) or from
 * one fixed Secret. The Pulumi twin of the cdk8s `PxStorageClass`; child `${name}-storage-class`, held back
 * until the cluster's cross-object check has passed.
 */
export class PxStorageClass extends pulumi.ComponentResource {
  /** The StorageClass name, for claims (`storageClassName`). */
  public readonly name: string;
  /** The registered `k8s.storage.v1.StorageClass`. */
  public readonly storageClass: pulumi.CustomResource;

  constructor(name: string, args: PxStorageClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxStorageClass', name, {}, opts);
    const cluster = requiredCluster(args, name, 'PxStorageClass');
    requireClusterInProgram(cluster, name, 'PxStorageClass');
    const { tokenSecretExternal, ...classProps } = args;
    delete (classProps as { cluster?: unknown }).cluster;
    const object = portworxStorageClass(classProps, { field: name });
    this.name = object.metadata.name;
    this.storageClass = kubeResource(`${name}-storage-class`, object, cluster.resourceOptions(this, cluster.applyDependenciesOf(object)));
    const token = requiredTokenSecret(classProps);
    cluster.model.addStorageClass({
      field: name,
      name: object.metadata.name,
      ...(token !== undefined ? { token } : {}),
      tokenSecretExternal: tokenSecretExternal ?? false,
    });
    this.registerOutputs({ storageClass: this.storageClass });
  }
}
