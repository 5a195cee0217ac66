/**
 * `px-security-constructs`: what a cdk8s or Pulumi user of the constructs types. The props types, the key
 * sources, the install spec, the roles, secret delivery and the error type. Tool-level modules have their own
 * entry points: `/model` (props in, plain objects out), `/spec` (patching an install spec), `/audit`
 * (`pxsec check` as a library), `/sealing` (SealedSecrets and ExternalSecrets), `/names` (every Portworx
 * constant), `/errors` (the error catalogue).
 */

// Errors
export { PxSecurityError, isPxSecurityError } from './core/errors/errors';
export type { PxErrorCause, PxSecurityErrorInit } from './core/errors/errors';
export type { PxErrorCode } from './core/errors/error-catalogue';

// The three shared keys
export { validateKeys } from './core/keys/keys';
export type { PxKeys } from './core/keys/keys';
export type { KeysFromMasterSecretOptions } from './core/keys/key-sources';
export { generateKeys, keysFromEnv, keysFromMasterSecret, keysFromValues } from './core/keys/key-sources';
export { privateKeyFromEnv } from './core/cluster/token-signing-key';
export { TOKEN_PRIVATE_KEY_ENV } from './core/names';
export type { TokenSigningOptions } from './core/cluster/token-signing-key';
export { privateKeyFromFile } from './node/private-key-file';
export { keysFromKeystore } from './node/key-store-file';
export type { KeystoreCreated, KeystoreOptions } from './node/key-store-file';

// The install spec
export { PortworxSpec } from './node/portworx-spec-file';
export type { SpecWarning } from './core/yaml/documents';
export type { OidcSettings, PublicKeySettings, SecuritySettings } from './core/cluster/security-settings';

// Identities, roles and tokens
export { ALL_GROUPS, ROLES, VOLUME_SNAPSHOT_API_VERSION, VOLUME_SNAPSHOT_KIND } from './core/names';
export type { ExternalSecretApiVersion, GuestAccess, UsernameClaim } from './core/names';
export type { Identity, IdentityProps } from './core/token/identity';
export { mintToken } from './core/token/token-sign';
export type { MintTokenOptions, PreparedSigningKey, SigningKey } from './core/token/token-sign';
export { prepareSigningKey } from './core/token/token-sign';
export { decodeToken } from './core/token/token-claims';
export type { DecodedToken, PortworxClaims } from './core/token/token-claims';
export { verifyToken } from './core/token/token-verify';
export type { TokenProblem, TokenVerdict, VerificationKey, VerifyTokenOptions } from './core/token/token-verdict';
export type { Clock, IssuanceWindow, RotationPolicy } from './core/token/rotation';
export type { RenewalOptions, TokenRenewal } from './core/renewer/renewal';

// Props types of the cluster, its StorageClasses and VolumeSnapshotClasses
export type { ClusterForm, IssuedToken, SecureClusterOptions, TenantPlanProps, TokenSecretPlanProps } from './core/cluster/plan';
export type { FieldOptions } from './core/errors/field-options';
export type { IncludedInstall } from './core/cluster/in-place';
export type {
  IoProfile,
  PortworxFilesystem,
  PortworxProvisioner,
  PortworxStorageClassProps,
  PriorityIo,
  ReclaimPolicy,
  TokenReference,
  VolumeBindingMode,
} from './core/classes/storage-class';
export type { PortworxVolumeSnapshotClassProps, SnapshotDeletionPolicy } from './core/classes/volume-snapshot-class';
export type { KubeObject, ObjectMeta, SecretObject } from './core/kube/kube-object';

// How a Secret holding a key or a token reaches the cluster
export { sealedDeliveryFromFile } from './node/sealed-delivery-file';
export type { ExistingDelivery, ExternalDelivery, PlainDelivery, SealedDelivery, SecretDelivery, SecretDeliveryOptions } from './core/cluster/secret-delivery';
export type { SyncWaves } from './core/cluster/sync-waves';
export type { SealingScope } from './core/sealing/sealed-secret';
export type { SecretStoreKind } from './core/sealing/external-secret';

// What the signatures above use
export { EXTERNAL_SECRET_API_VERSIONS, GUEST_ACCESS_MODES, IO_PROFILES, PORTWORX_FILESYSTEMS, PRIORITY_IO_LEVELS, USERNAME_CLAIMS } from './core/names';
export type { KeyPolicyOptions } from './core/keys/keys';
