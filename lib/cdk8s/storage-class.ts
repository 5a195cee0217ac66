import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PortworxStorageClassProps, STORAGE_CLASS_RULES } from '../core/classes/storage-class';
import { buildClass, isInstance, recordClass } from './class-construct';
import { notePatched } from './emit';
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
 * from one fixed Secret. The construct is the StorageClass's `ApiObject` (`name` is the StorageClass's name).
 */
export class PxStorageClass extends ApiObject {
  /** The emitted StorageClass: this construct. */
  public readonly storageClass: ApiObject;

  /**
   * `instanceof` as for any class: true for a PxStorageClass (cdk8s answers `instanceof` of an ApiObject class for any
   * ApiObject).
   */
  public static override [Symbol.hasInstance](value: unknown): value is PxStorageClass {
    return isInstance(this, value);
  }

  constructor(scope: Construct, id: string, props: PxStorageClassProps) {
    const built = buildClass(scope, id, STORAGE_CLASS_RULES, props);
    super(scope, id, built.object);
    this.storageClass = this;
    recordClass(this, built);
  }

  /** Adds a JSON patch to the StorageClass, as `ApiObject.addJsonPatch` does; the synth checks read the patched object. */
  public override addJsonPatch(...ops: JsonPatch[]): void {
    notePatched(this);
    super.addJsonPatch(...ops);
  }
}
