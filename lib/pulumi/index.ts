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

// What the props, methods and errors above use, so that one import serves a program (API Extractor enforces it).
export { PortworxSpec } from '../node/portworx-spec-file';
export type { PxErrorCode } from '../core/errors/error-catalogue';
export { PxSecurityError } from '../core/errors/errors';
export type { PxErrorCause, PxSecurityErrorInit } from '../core/errors/errors';
export { EXTERNAL_SECRET_API_VERSIONS, GUEST_ACCESS_MODES, IO_PROFILES, PORTWORX_FILESYSTEMS, PRIORITY_IO_LEVELS, USERNAME_CLAIMS } from '../core/names';
export type { ExternalSecretApiVersion, GuestAccess, UsernameClaim } from '../core/names';
export type { Identity, IdentityProps } from '../core/token/identity';
export type { IncludedInstall } from '../core/cluster/in-place';
export type { PxKeys } from '../core/keys/keys';
export type { IssuedToken, SecureClusterOptions, TenantPlanProps, TokenSecretPlanProps } from '../core/cluster/plan';
export type { RenewalOptions, TokenRenewal } from '../core/renewer/renewal';
export type { Clock, IssuanceWindow, RotationPolicy } from '../core/token/rotation';
export type { SealCache, SealCacheEntry } from '../core/sealing/seal-cache';
export type { SealingScope } from '../core/sealing/sealed-secret';
export type { SecretStoreKind } from '../core/sealing/external-secret';
export type { ExistingDelivery, ExternalDelivery, PlainDelivery, SealedDelivery, SecretDelivery, SecretDeliveryOptions } from '../core/cluster/secret-delivery';
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
export type { SyncWaves } from '../core/cluster/sync-waves';
export type { OidcSettings, PublicKeySettings, SecuritySettings } from '../core/cluster/security-settings';
export type { TokenSigningOptions } from '../core/cluster/token-signing-key';
export type { PortworxVolumeSnapshotClassProps, SnapshotDeletionPolicy } from '../core/classes/volume-snapshot-class';
export type { SpecWarning } from '../core/yaml/documents';
