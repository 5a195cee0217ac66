import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxStorageClassProps, STORAGE_CLASS_RULES } from '../core/storage-class';
import { emitClass } from './class-construct';
import { PxSecureCluster } from './secure-cluster';

/** Props of {@link PxStorageClass}. */
export interface PxStorageClassProps extends PortworxStorageClassProps {
  /** The secured cluster whose tokens the class's volumes are created with. */
  readonly cluster: PxSecureCluster;
  /**
   * The fixed token Secret is created outside this app: do not report it as missing.
   * @default false
   */
  readonly tokenSecretExternal?: boolean;
}

/**
 * A Portworx StorageClass whose volumes are created with a token: per tenant (CSI, `${pvc.namespace}`) or
 * from one fixed Secret.
 */
export class PxStorageClass extends Construct {
  /** The StorageClass name, for claims. */
  public readonly name: string;
  /** The emitted StorageClass. */
  public readonly storageClass: ApiObject;

  constructor(scope: Construct, id: string, props: PxStorageClassProps) {
    super(scope, id);
    const emitted = emitClass(this, STORAGE_CLASS_RULES, props);
    this.name = emitted.name;
    this.storageClass = emitted.apiObject;
  }
}
