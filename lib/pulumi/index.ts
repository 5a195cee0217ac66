/**
 * px-security-constructs/pulumi: PX-Security as Pulumi components.
 */
export type { PxKeyInputs } from './cluster-keys';
export * from './secure-cluster';
export * from './tenant';
export * from './storage-class';
export * from './volume-snapshot-class';
export { PxValidationError } from './validation-error';
export { kubeResource, kubeResourceName, typedKubeClass } from './kube-resource';
