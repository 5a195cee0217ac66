/**
 * `px-security-constructs`: what a cdk8s or Pulumi user of the constructs types. The props types, the key
 * sources, the install spec, the roles, secret delivery and the error type. Tool-level modules have their own
 * entry points: `/model` (props in, plain objects out), `/spec` (patching an install spec), `/audit`
 * (`pxsec check` as a library), `/sealing` (SealedSecrets and ExternalSecrets), `/names` (every Portworx
 * constant), `/errors` (the error catalogue).
 */

// Errors
export { PxSecurityError, isPxSecurityError } from './errors';
export type { PxErrorCause, PxSecurityErrorInit } from './errors';
export type { PxErrorCode } from './error-catalogue';

// The three shared keys
export { validateKeys } from './keys';
export type { PxKeys } from './keys';
export type { KeysFromMasterSecretOptions } from './key-sources';
export { generateKeys, keysFromEnv, keysFromMasterSecret, keysFromValues } from './key-sources';
export { privateKeyFromEnv } from './token-signing-key';
export { TOKEN_PRIVATE_KEY_ENV } from './names';
export type { TokenSigningOptions } from './token-signing-key';
export { privateKeyFromFile } from '../node/private-key-file';
export { keysFromKeystore } from '../node/key-store-file';
export type { KeystoreCreated, KeystoreOptions } from '../node/key-store-file';

// The install spec
export { PortworxSpec } from '../node/portworx-spec-file';
export type { SpecWarning } from './yaml/documents';
export type { OidcSettings, PublicKeySettings, SecuritySettings } from './security-settings';

// Identities, roles and tokens
export { ALL_GROUPS, ROLES, VOLUME_SNAPSHOT_API_VERSION, VOLUME_SNAPSHOT_KIND } from './names';
export type { ExternalSecretApiVersion, GuestAccess, UsernameClaim } from './names';
export type { Identity, IdentityProps } from './identity';
export { mintToken } from './token-sign';
export type { MintTokenOptions, PreparedSigningKey, SigningKey } from './token-sign';
export { prepareSigningKey } from './token-sign';
export { decodeToken } from './token-claims';
export type { DecodedToken, PortworxClaims } from './token-claims';
export { verifyToken } from './token-verify';
export type { TokenProblem, TokenVerdict, VerificationKey, VerifyTokenOptions } from './token-verify';
export type { Clock, IssuanceWindow, RotationPolicy } from './rotation';
export type { RenewalOptions, TokenRenewal } from './renewer/renewal';

// Props types of the cluster, its StorageClasses and VolumeSnapshotClasses
export type { ClusterForm, IssuedToken, SecureClusterOptions, TenantPlanProps, TokenSecretPlanProps } from './plan';
export type { FieldOptions } from './field-options';
export type { IncludedInstall } from './in-place';
export type {
  IoProfile,
  PortworxFilesystem,
  PortworxProvisioner,
  PortworxStorageClassProps,
  PriorityIo,
  ReclaimPolicy,
  TokenReference,
  VolumeBindingMode,
} from './storage-class';
export type { PortworxVolumeSnapshotClassProps, SnapshotDeletionPolicy } from './volume-snapshot-class';
export type { KubeObject, ObjectMeta, SecretObject } from './kube-object';

// How a Secret holding a key or a token reaches the cluster
export { sealedDeliveryFromFile } from '../node/sealed-delivery-file';
export type { ExistingDelivery, ExternalDelivery, PlainDelivery, SealedDelivery, SecretDelivery, SecretDeliveryOptions } from './secret-delivery';
export type { SyncWaves } from './sync-waves';
export type { SealingScope } from './sealing/sealed-secret';
export type { SecretStoreKind } from './sealing/external-secret';

// What the signatures above use
export { EXTERNAL_SECRET_API_VERSIONS, GUEST_ACCESS_MODES, IO_PROFILES, PORTWORX_FILESYSTEMS, PRIORITY_IO_LEVELS, USERNAME_CLAIMS } from './names';
export type { KeyPolicyOptions } from './keys';
