import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxStorageClassProps, portworxStorageClass, requiredTokenSecret } from '../core/storage-class';
import { requiredCluster } from '../core/construct-props';
import { requireClusterInApp } from './cluster-app';
import { emitObject } from './emit';
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
    const cluster = requiredCluster(props, this.node.path, 'PxStorageClass');
    requireClusterInApp(cluster, this, 'PxStorageClass');
    const { tokenSecretExternal, ...classProps } = props;
    delete (classProps as { cluster?: unknown }).cluster;
    const object = portworxStorageClass(classProps, { field: this.node.path });
    this.name = object.metadata.name;
    this.storageClass = cluster.annotateWave(emitObject(this, 'storage-class', object, cluster), object);
    const token = requiredTokenSecret(classProps);
    cluster.model.addStorageClass({
      field: this.node.path,
      name: this.name,
      ...(token !== undefined ? { token } : {}),
      tokenSecretExternal: tokenSecretExternal ?? false,
    });
  }
}
