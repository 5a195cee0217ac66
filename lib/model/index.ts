/**
 * `px-security-constructs/model`: the framework-free model the cdk8s constructs and the Pulumi components are
 * built from. Props in, plain Kubernetes objects and signed tokens out, for another framework or a script.
 */
export type { FieldOptions } from '../core/field-options';
export { planSecureCluster, planTenant, planTokenSecret, issueToken, signKeysSecret, signTokenSecret, keysSecretShape, tokenSecretShape } from '../core/plan';
export type {
  IssueTokenOptions,
  IssuedToken,
  KeysSecretPlacement,
  SecureClusterPlan,
  SecureClusterPlanProps,
  SignedTokenSecret,
  TenantPlan,
  TenantPlanProps,
  TokenSecretPlan,
  TokenSecretPlanProps,
} from '../core/plan';
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

// What the signatures above use
export type { PxErrorCode } from '../core/error-catalogue';
export { PxSecurityError } from '../core/errors';
export type { PxErrorCause, PxSecurityErrorInit } from '../core/errors';
export {
  GUEST_ACCESS_MODES,
  IO_PROFILES,
  PORTWORX_FILESYSTEMS,
  PRIORITY_IO_LEVELS,
  VOLUME_SNAPSHOT_API_VERSION,
  VOLUME_SNAPSHOT_CLASS_KIND,
} from '../core/names';
export type { GuestAccess } from '../core/names';
export type { AuthClassKind } from '../core/class-kinds';
export type { ClassParameterProblem } from '../core/csi-secret-pairs';
export type { ClusterForm, SecureClusterOptions } from '../core/plan';
export type { Identity, IdentityProps } from '../core/identity';
export type { KeyPolicyOptions, PxKeys } from '../core/keys';
export type { KubeObject, ObjectMeta, SecretObject } from '../core/kube-object';
export type { PatchReport, SpecChange, SpecForm } from '../core/spec/report';
export type {
  IoProfile,
  PortworxFilesystem,
  PortworxProvisioner,
  PortworxStorageClassProps,
  PriorityIo,
  ReclaimPolicy,
  TokenReference,
  VolumeBindingMode,
} from '../core/storage-class';
export type { PortworxVolumeSnapshotClassProps, SnapshotDeletionPolicy } from '../core/volume-snapshot-class';
export type { PreparedSigningKey } from '../core/token-sign';
export type { OidcSettings, PublicKeySettings, SecuritySettings } from '../core/security-settings';
export type { Clock, RotationPolicy } from '../core/rotation';
export type { SpecWarning } from '../core/yaml/documents';
