/**
 * px-security-constructs/cdk8s: PX-Security as cdk8s constructs.
 */
export * from './secure-cluster';
export * from './sealing';
export * from './tenant';
export * from './storage-class';
export * from './volume-snapshot-class';

// px-security-constructs/testing's PxTesting.app() and .chart() return cdk8s types only once this entry is
// loaded, so that the testing entry's declarations name no cdk8s module for Pulumi-only projects.
import type { App, Chart } from 'cdk8s';
declare module '../testing' {
  interface PxTestingCdk8sTypes {
    readonly app: App;
    readonly chart: Chart;
  }
}
