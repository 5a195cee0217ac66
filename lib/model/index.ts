/**
 * `px-security-constructs/model`: the framework-free model the cdk8s constructs and the Pulumi components are
 * built from. Props in, plain Kubernetes objects and signed tokens out, for another framework or a script.
 *
 * Like every entry folder, this one holds only the entry's barrel and is named after the entry: the model itself
 * lives in lib/core (cluster/: the plan and the security model; classes/ and kube/: the object builders).
 */
export type { FieldOptions } from '../core/errors/field-options';
export {
  planSecureCluster,
  planTenant,
  planTokenSecret,
  issueToken,
  signKeysSecret,
  signTokenSecret,
  keysSecretShape,
  tokenSecretShape,
} from '../core/cluster/plan';
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
} from '../core/cluster/plan';
export { planIncludedCluster, secureIncludedObject } from '../core/cluster/in-place';
export type { IncludedInstall } from '../core/cluster/in-place';
export { SecurityModel } from '../core/cluster/security-model';
export type { ModelStorageClass, ModelTokenSecret } from '../core/cluster/security-model';
export { portworxStorageClass, requiredTokenSecret } from '../core/classes/storage-class';
export type { RequiredTokenSecret, StorageClassMetadata, StorageClassObject } from '../core/classes/storage-class';
export { checkStorageClassAuthParameters } from '../core/classes/storage-class-auth';
export type { StorageClassProblem } from '../core/classes/storage-class-auth';
export { checkVolumeSnapshotClassAuthParameters, portworxVolumeSnapshotClass, requiredSnapshotTokenSecret } from '../core/classes/volume-snapshot-class';
export type { VolumeSnapshotClassMetadata, VolumeSnapshotClassObject, VolumeSnapshotClassProblem } from '../core/classes/volume-snapshot-class';
export { keysSecret, opaqueSecret, tokenSecret } from '../core/cluster/secrets';
export type { SecretPlacement } from '../core/cluster/secrets';
export { resolveIdentity } from '../core/token/identity';
export { parseDuration } from '../core/token/duration';
export { issuanceWindow } from '../core/token/rotation';
export type { IssuanceWindow } from '../core/token/rotation';

// What the signatures above use
export type { PxErrorCode } from '../core/errors/error-catalogue';
export { PxSecurityError } from '../core/errors/errors';
export type { PxErrorCause, PxSecurityErrorInit } from '../core/errors/errors';
export {
  GUEST_ACCESS_MODES,
  IO_PROFILES,
  PORTWORX_FILESYSTEMS,
  PRIORITY_IO_LEVELS,
  VOLUME_SNAPSHOT_API_VERSION,
  VOLUME_SNAPSHOT_CLASS_KIND,
} from '../core/names';
export type { GuestAccess } from '../core/names';
export type { AuthClassKind } from '../core/classes/class-kinds';
export type { ClassParameterProblem } from '../core/classes/csi-secret-pairs';
export type { ClusterForm, SecureClusterOptions } from '../core/cluster/plan';
export type { Identity, IdentityProps } from '../core/token/identity';
export type { KeyPolicyOptions, PxKeys } from '../core/keys/keys';
export type { KubeObject, ObjectMeta, SecretObject } from '../core/kube/kube-object';
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
} from '../core/classes/storage-class';
export type { PortworxVolumeSnapshotClassProps, SnapshotDeletionPolicy } from '../core/classes/volume-snapshot-class';
export type { PreparedSigningKey } from '../core/token/token-sign';
export type { OidcSettings, PublicKeySettings, SecuritySettings } from '../core/cluster/security-settings';
export type { Clock, RotationPolicy } from '../core/token/rotation';
export type { SpecWarning } from '../core/yaml/documents';
