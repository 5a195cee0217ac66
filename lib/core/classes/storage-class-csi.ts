/**
 * The CSI secret pairs of a StorageClass: every pair the external-provisioner reads, and which parameters only
 * a class's `token` may write. The pairs Portworx needs and the provisioner's template rules are in the
 * StorageClass's description (`class-kinds.ts`).
 */
import type { SecretPair } from './csi-secret-pairs';
import { CSI_DEPRECATED_SECRET_PARAMS, CSI_OTHER_SECRET_PARAMS, CSI_SECRET_PARAMS, IN_TREE_AUTH_PARAMS } from '../names';

/** Every CSI secret pair the external-provisioner reads, with its deprecated spelling if it has one. */
export const CSI_OPERATIONS: readonly { readonly pair: SecretPair; readonly deprecated?: SecretPair }[] = [
  { pair: CSI_SECRET_PARAMS.provisioner, deprecated: CSI_DEPRECATED_SECRET_PARAMS.provisioner },
  { pair: CSI_SECRET_PARAMS.nodePublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodePublish },
  { pair: CSI_SECRET_PARAMS.controllerExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.controllerPublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.controllerPublish },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeStage, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodeStage },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.default },
];

/** Parameters only `token` may write. */
export const AUTH_PARAMETERS: ReadonlySet<string> = new Set([
  IN_TREE_AUTH_PARAMS.name,
  IN_TREE_AUTH_PARAMS.namespace,
  ...CSI_OPERATIONS.flatMap(({ pair, deprecated }) => [pair.name, pair.namespace, ...(deprecated ? [deprecated.name, deprecated.namespace] : [])]),
]);
