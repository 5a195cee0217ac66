/**
 * px-security-constructs/pulumi: PX-Security as Pulumi components.
 */
export type { PxKeyInputs } from './cluster-keys';
export { PxSecureCluster } from './secure-cluster';
export type { PxKubeTransformation, PxResourceOptions, PxSecureClusterArgs, PxTokenSecretArgs } from './secure-cluster';
export { PxTenant } from './tenant';
export type { PxTenantArgs } from './tenant';
export { PxStorageClass } from './storage-class';
export type { PxStorageClassArgs } from './storage-class';
export { PxVolumeSnapshotClass } from './volume-snapshot-class';
export type { PxVolumeSnapshotClassArgs } from './volume-snapshot-class';
export { PxValidationError } from './validation-error';
