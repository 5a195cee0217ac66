import * as pulumi from '@pulumi/pulumi';
import { PortworxStorageClassProps, STORAGE_CLASS_RULES } from '../core/classes/storage-class';
import { registerClass } from './class-component';
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

  /** @throws PxValidationError on the class, for a problem of `args` (a missing cluster, an invalid parameter, ...) */
  constructor(name: string, args: PxStorageClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxStorageClass', name, {}, opts);
    const registered = registerClass(this, name, STORAGE_CLASS_RULES, args);
    this.name = registered.name;
    this.storageClass = registered.resource;
    this.registerOutputs({ storageClass: this.storageClass });
  }
}
