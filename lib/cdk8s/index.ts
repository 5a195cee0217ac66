/**
 * px-security-constructs/cdk8s: PX-Security as cdk8s constructs.
 */
export * from './secure-cluster';
export * from './tenant';
export * from './storage-class';
export * from './volume-snapshot-class';
