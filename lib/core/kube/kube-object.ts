/**
 * The plain Kubernetes objects the core emits: JSON-shaped data, no framework types.
 */

/** `T` with its keys writable: an object built key by key (only the keys that have a value), then returned as `T`. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `metadata` of an emitted object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object as plain data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Kubernetes `Secret` of type Opaque, as the core emits it. */
export interface SecretObject extends KubeObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly type: 'Opaque';
  /** Values base64-encoded (not `stringData`, which GitOps tools show as a permanent diff). */
  readonly data: Readonly<Record<string, string>>;
}

/** Kinds that live outside any namespace (those this library emits or finds in Portworx specs). */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'CSIDriver',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'Namespace',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'StorageClass',
  'ValidatingWebhookConfiguration',
  'VolumeSnapshotClass',
]);

/** True for a kind that is cluster-scoped (has no namespace). */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}
