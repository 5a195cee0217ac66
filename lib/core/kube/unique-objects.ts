/**
 * Every object applied to one cluster must be unique by (API group, kind, namespace, name), whoever made it:
 * applied, the later of two equal objects silently replaces the earlier (a token Secret named like the keys
 * Secret stops Portworx from starting). A SealedSecret or ExternalSecret counts also as the Secret its controller
 * writes. Two clusters each have their own objects (prod and staging both have a `kube-system/pxkeys`).
 *
 * One pure rule over the objects of one cluster and the construct paths that own them, called by both front
 * doors (which group the objects by cluster): cdk8s at synth (validation), Pulumi in the cluster's cross-object
 * check and its transformation, and `pxsec check` over a bundle.
 */
import { PxSecurityError } from '../errors/errors';
import { isClusterScoped } from './kube-object';

/** An object the library emits, and the construct path (or Pulumi resource name) that emits it. */
export interface EmittedObject {
  /** The object as it will be applied (namespace as the framework sets it). */
  readonly object: Readonly<Record<string, unknown>>;
  /** Construct path or resource name, for messages. */
  readonly owner: string;
}

/** Two emitted objects with one identity; `error` is reported on the later one. */
export interface DuplicateObject<T = EmittedObject> {
  readonly first: T;
  readonly second: T;
  readonly error: PxSecurityError;
}

/** An object's identity as the API server sees it. */
export interface ObjectIdentity {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** The identities an object takes in the cluster: its own, and the Secret a SealedSecret or ExternalSecret writes. */
export function objectIdentities(object: Readonly<Record<string, unknown>>): ObjectIdentity[] {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const metadata = record(object.metadata);
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = isClusterScoped(kind) || typeof metadata.namespace !== 'string' ? '' : metadata.namespace;
  const identities: ObjectIdentity[] = [{ group: groupOf(apiVersion), kind, namespace, name }];
  const spec = record(object.spec);
  if (kind === 'SealedSecret') {
    const templateName = record(record(spec.template).metadata).name;
    identities.push({ group: '', kind: 'Secret', namespace, name: typeof templateName === 'string' ? templateName : name });
  } else if (kind === 'ExternalSecret') {
    const targetName = record(spec.target).name;
    identities.push({ group: '', kind: 'Secret', namespace, name: typeof targetName === 'string' ? targetName : name });
  }
  return identities;
}

/** The API groups of the apiVersions seen (a handful per app): one string each, not a new one per object. */
const GROUPS = new Map<string, string>();
const GROUPS_KEPT = 256;

/** The API group of `apiVersion`: `''` for the core group (`v1`). */
function groupOf(apiVersion: string): string {
  let group = GROUPS.get(apiVersion);
  if (group !== undefined) return group;
  const slash = apiVersion.indexOf('/');
  group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (GROUPS.size < GROUPS_KEPT) GROUPS.set(apiVersion, group);
  return group;
}

/**
 * Items by object identity, in maps keyed by the object's own strings (no key string is built per object: an app
 * of 10,000 tenants has 40,000 objects, each looked up): by group and kind, then by name, then by namespace. Name
 * before namespace, because names repeat across namespaces (every tenant's `px-k8s-user`) while a namespace holds
 * few objects of a kind; a cluster-scoped object (namespace `''`) is found by its name alone.
 */
export class IdentityIndex<T> {
  private readonly groups = new Map<string, Map<string, KindIndex<T>>>();

  /** The item added for the identity (group, kind, namespace, name), if any. */
  public get(group: string, kind: string, namespace: string, name: string): T | undefined {
    const index = this.groups.get(group)?.get(kind);
    if (index === undefined) return undefined;
    return namespace === '' ? index.clusterScoped.get(name) : index.namespaced.get(name)?.get(namespace);
  }

  /** Adds `item` for `identity` unless an item has that identity already; returns that earlier item, else `undefined`. */
  public addFirst(identity: ObjectIdentity, item: T): T | undefined {
    let kinds = this.groups.get(identity.group);
    if (kinds === undefined) this.groups.set(identity.group, (kinds = new Map<string, KindIndex<T>>()));
    let index = kinds.get(identity.kind);
    if (index === undefined) kinds.set(identity.kind, (index = { clusterScoped: new Map<string, T>(), namespaced: new Map<string, Map<string, T>>() }));
    let items = index.clusterScoped;
    if (identity.namespace !== '') {
      const namespaces = index.namespaced.get(identity.name);
      if (namespaces === undefined) index.namespaced.set(identity.name, (items = new Map<string, T>()));
      else items = namespaces;
    }
    const key = identity.namespace === '' ? identity.name : identity.namespace;
    const first = items.get(key);
    if (first === undefined) items.set(key, item);
    return first;
  }
}

/** The items of one group and kind: cluster-scoped ones by name, the others by name, then namespace. */
interface KindIndex<T> {
  readonly clusterScoped: Map<string, T>;
  readonly namespaced: Map<string, Map<string, T>>;
}

/** Each later object that has the identity of an earlier one (one report per pair, in emission order). */
export function duplicateObjects<T extends EmittedObject>(objects: readonly T[]): DuplicateObject<T>[] {
  return duplicatesAmong(
    objects,
    (emitted) => emitted.object,
    (emitted) => emitted.owner,
  );
}

/**
 * {@link duplicateObjects} over any list: `objectOf` gives an item's object as it will be applied, `ownerOf` its
 * construct path or resource name (asked for a message only). `seen` receives the first item of each identity, for
 * a caller that looks objects up by identity afterwards.
 */
export function duplicatesAmong<T>(
  items: readonly T[],
  objectOf: (item: T) => Readonly<Record<string, unknown>>,
  ownerOf: (item: T) => string,
  seen = new IdentityIndex<T>(),
): DuplicateObject<T>[] {
  const duplicates: DuplicateObject<T>[] = [];
  for (const item of items) {
    const object = objectOf(item);
    // The earlier objects this one was reported against (two identities may clash with one object).
    let reported: T[] | undefined;
    for (const identity of objectIdentities(object)) {
      const first = seen.addFirst(identity, item);
      if (first === undefined || first === item || reported?.includes(first) === true) continue;
      (reported ??= []).push(first);
      const error = duplicateError({ object: objectOf(first), owner: ownerOf(first) }, { object, owner: ownerOf(item) }, identity);
      duplicates.push({ first, second: item, error });
    }
  }
  return duplicates;
}

function duplicateError(first: EmittedObject, second: EmittedObject, identity: ObjectIdentity): PxSecurityError {
  const group = identity.group === '' ? '' : `.${identity.group}`;
  const place = identity.namespace === '' ? identity.name : `${identity.namespace}/${identity.name}`;
  const via = (emitted: EmittedObject): string => (emitted.object.kind === identity.kind ? '' : ` (through its ${String(emitted.object.kind)})`);
  return new PxSecurityError({
    code: 'OBJECT_DUPLICATE',
    field: second.owner,
    value: `${identity.kind}${group} ${place}`,
    problem: `is also emitted by ${first.owner}${via(first)}${via(second) === '' ? '' : `, here${via(second)}`}; applied, one silently replaces the other`,
    fix: "give each object its own name or namespace (e.g. a token Secret must not take the keys Secret's name), or declare it once",
  });
}

/** What {@link record} reads from a value that is no object: one shared, frozen empty object (read once per object of an app). */
const NO_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : NO_RECORD;
}
