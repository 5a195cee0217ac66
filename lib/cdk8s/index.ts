/**
 * px-security-constructs/cdk8s: PX-Security as cdk8s constructs.
 */
export { PxSealing } from './sealing';
export { PxSecureCluster } from './secure-cluster';
export type { PxSecureClusterProps, PxTokenSecretProps } from './secure-cluster';
export { PxTenant } from './tenant';
export type { PxTenantProps } from './tenant';
export { PxStorageClass } from './storage-class';
export type { PxStorageClassProps } from './storage-class';
export { PxVolumeSnapshotClass } from './volume-snapshot-class';
export type { PxVolumeSnapshotClassProps } from './volume-snapshot-class';

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

// px-security-constructs/testing's PxTesting.app() and .chart() return cdk8s types only once this entry is
// loaded, so that the testing entry's declarations name no cdk8s module for Pulumi-only projects.
import type { App, Chart } from 'cdk8s';
declare module '../testing' {
  interface PxTestingCdk8sTypes {
    readonly app: App;
    readonly chart: Chart;
  }
}
