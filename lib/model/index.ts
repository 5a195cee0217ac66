/**
 * `px-security-constructs/model`: the framework-free model the cdk8s constructs and the Pulumi components are
 * built from. Props in, plain Kubernetes objects and signed tokens out, for another framework or a script.
 */
export type { FieldOptions } from '../core/field-options';
export { planSecureCluster, planTenant, planTokenSecret, issueToken, signKeysSecret, signTokenSecret, keysSecretShape, tokenSecretShape } from '../core/plan';
export type { IssueTokenOptions, IssuedToken, KeysSecretPlacement, SecureClusterPlan, SecureClusterPlanProps, SignedTokenSecret, TenantPlan, TenantPlanProps, TokenSecretPlan, TokenSecretPlanProps } from '../core/plan';
export { planIncludedCluster, secureIncludedObject } from '../core/in-place';
export type { IncludedInstall } from '../core/in-place';
export { SecurityModel } from '../core/security-model';
export type { ModelStorageClass, ModelTokenSecret } from '../core/security-model';
export { portworxStorageClass, requiredTokenSecret } from '../core/storage-class';
export type { RequiredTokenSecret, StorageClassMetadata, StorageClassObject } from '../core/storage-class';
export { checkStorageClassAuthParameters } from '../core/storage-class-auth';
export type { StorageClassProblem } from '../core/storage-class-auth';
export { checkVolumeSnapshotClassAuthParameters, portworxVolumeSnapshotClass, requiredSnapshotTokenSecret } from '../core/volume-snapshot-class';
export type { VolumeSnapshotClassMetadata, VolumeSnapshotClassObject, VolumeSnapshotClassProblem } from '../core/volume-snapshot-class';
export { keysSecret, opaqueSecret, tokenSecret } from '../core/secrets';
export type { SecretPlacement } from '../core/secrets';
export { resolveIdentity } from '../core/identity';
export { parseDuration } from '../core/duration';
export { issuanceWindow } from '../core/rotation';
export type { IssuanceWindow } from '../core/rotation';
