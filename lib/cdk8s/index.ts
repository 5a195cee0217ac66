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

// px-security-constructs/testing's PxTesting.app() and .chart() return cdk8s types only once this entry is
// loaded, so that the testing entry's declarations name no cdk8s module for Pulumi-only projects.
import type { App, Chart } from 'cdk8s';
declare module '../testing' {
  interface PxTestingCdk8sTypes {
    readonly app: App;
    readonly chart: Chart;
  }
}
