/**
 * How the components put the core's plain objects into a Pulumi program: each object becomes one typed
 * `@pulumi/kubernetes` resource (never a YAML component, which tests and previews cannot look into).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeObject, SecretObject } from '../core/kube/kube-object';
import { ClusterResourceOptions } from './registered-objects';

/** Records an object registered with `place`'s options, for the check that objects are unique per cluster. */
export function registerObject(object: Readonly<Record<string, unknown>>, name: string, place: ClusterResourceOptions): void {
  place.objects.record(object, name, place.opts.parent);
}

/** A `@pulumi/kubernetes` resource class, e.g. `k8s.apps.v1.DaemonSet`. */
type KubeResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** `@pulumi/kubernetes` as a tree: API group module, then version, then kind. */
type KubeModules = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>> | undefined> | undefined>>;

/**
 * The logical name of a spec object's resource: `${prefix}-${kind}-${namespace}-${name}` (kind lower-cased,
 * namespace left out when the object has none), e.g. `portworx-daemonset-kube-system-portworx`. It depends on
 * nothing but the object's identity, so it stays the same when the spec's order or contents change.
 */
export function kubeResourceName(prefix: string, object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return [prefix, object.kind.toLowerCase(), ...(namespace === undefined ? [] : [namespace]), name].join('-');
}

/**
 * The typed `@pulumi/kubernetes` class of an `apiVersion` and `kind`, or `undefined` for kinds the provider
 * has no class for (custom resources such as the operator's `StorageCluster`).
 *
 * Only Kubernetes' own API groups are looked up: the core group (`v1` → `k8s.core.v1`), groups without a dot
 * (`apps/v1` → `k8s.apps.v1`) and groups under `k8s.io` by their first label
 * (`rbac.authorization.k8s.io/v1` → `k8s.rbac.v1`). A custom group such as `core.libopenstorage.org` is never
 * mistaken for `k8s.core`. Legacy versions the provider still ships, e.g. `extensions/v1beta1` DaemonSet and
 * Deployment from old Portworx specs, map to their own typed class, so the object keeps its `apiVersion`
 * exactly as written; versions the provider no longer ships fall back to `CustomResource`, which also sends
 * the object as written (a cluster that no longer serves that version refuses it either way).
 */
export function typedKubeClass(apiVersion: string, kind: string): KubeResourceClass | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  const moduleName = group === '' ? 'core' : (group.split('.')[0] ?? group);
  const candidate = (k8s as unknown as KubeModules)[moduleName]?.[version]?.[kind];
  return typeof candidate === 'function' ? (candidate as KubeResourceClass) : undefined;
}

/**
 * Registers `object` as its typed `@pulumi/kubernetes` resource, or as `k8s.apiextensions.CustomResource`
 * when the provider has no class for its kind. The object's fields are passed unchanged, as a JSON copy taken
 * now: the SDK serializes inputs later (after the cluster's check), so a later change to the plan's object
 * must not reach the resource; and the copy's arrays are this realm's plain arrays, which the SDK's
 * serializer needs (it tests `instanceof Array`, which fails for arrays made by `structuredClone` in a jest
 * or `vm` context). `complete` may then add Outputs to the copy (the keys digest of a pod template).
 */
export function kubeResource(
  name: string,
  object: Readonly<Record<string, unknown>>,
  place: ClusterResourceOptions,
  complete?: (args: Record<string, unknown>) => void,
): pulumi.CustomResource {
  const args = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
  registerObject(args, name, place);
  const { opts } = place;
  complete?.(args);
  const typed = typedKubeClass(String(object.apiVersion), String(object.kind));
  if (typed) return new typed(name, args, opts);
  return new k8s.apiextensions.CustomResource(name, { ...args, apiVersion: String(object.apiVersion), kind: String(object.kind) }, opts);
}

/**
 * Registers a Secret whose values depend on keys: everything but `data` comes from `shape` and is known at
 * preview; `data` is a Pulumi secret, so its plaintext reaches the state only encrypted.
 */
export function kubeSecret(
  name: string,
  shape: Pick<SecretObject, 'apiVersion' | 'kind' | 'metadata' | 'type'>,
  data: pulumi.Output<Readonly<Record<string, string>>>,
  place: ClusterResourceOptions,
): k8s.core.v1.Secret {
  registerObject(
    JSON.parse(JSON.stringify({ apiVersion: shape.apiVersion, kind: shape.kind, metadata: shape.metadata })) as Record<string, unknown>,
    name,
    place,
  );
  return new k8s.core.v1.Secret(
    name,
    { apiVersion: shape.apiVersion, kind: shape.kind, metadata: shape.metadata, type: shape.type, data: pulumi.secret(data) },
    place.opts,
  );
}
