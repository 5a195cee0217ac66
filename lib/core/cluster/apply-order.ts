/**
 * The order a first `kubectl apply` needs: `kubectl apply -f dist/` creates objects one by one, in file order
 * (files of a directory in lexical order), on a cluster that may hold none of them yet.
 *
 * - An object in a namespace is refused until its Namespace exists (`namespaces "portworx" not found`).
 * - A workload whose pods read a Secret (a `secretKeyRef`, `envFrom`, a secret volume, an image pull Secret) is
 *   created, but its pods fail with `CreateContainerConfigError` until the Secret exists: the portworx DaemonSet
 *   and stork start before their keys do.
 * - A StorageClass or VolumeSnapshotClass naming a fixed token Secret provisions with a missing token until it
 *   exists.
 *
 * One pure rule over plain objects, used by every home: the cdk8s constructs turn each prerequisite into a cdk8s
 * dependency (so the synth orders the output), the Pulumi components into `dependsOn`, and `pxsec check` reports
 * an object that comes before what it needs (`APPLY_ORDER`).
 */
import { isClusterScoped } from '../kube/kube-object';
import { CSI_DEPRECATED_SECRET_PARAMS, CSI_OTHER_SECRET_PARAMS, CSI_SECRET_PARAMS, CSI_SNAPSHOTTER_SECRET_PARAMS, IN_TREE_AUTH_PARAMS } from '../names';
import { IdentityIndex, objectIdentities } from '../kube/unique-objects';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';

/** Something an object needs to exist in the cluster before it is applied. */
export interface ApplyPrerequisite {
  /** `Namespace` or `Secret`. */
  readonly kind: 'Namespace' | 'Secret';
  /** The Secret's namespace; empty for a Namespace. */
  readonly namespace: string;
  /** The Namespace's or Secret's name. */
  readonly name: string;
  /** The field of the object that needs it, as shown to the user (e.g. `metadata.namespace`). */
  readonly field: string;
  /** The path of that field in the object. */
  readonly path: readonly PathSegment[];
}

/** An object that comes before something it needs, which a later object provides. */
export interface ApplyOrderProblem {
  /** Position of the object in the list given. */
  readonly index: number;
  /** What it needs. */
  readonly prerequisite: ApplyPrerequisite;
  /** Position of the first object that provides it (always after `index`). */
  readonly providerIndex: number;
}

/** Where a kind of workload keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly PathSegment[]>> = {
  Pod: ['spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** A secret pair of a class, with the field and path of its name parameter (made once: they are the same for every class). */
interface ClassSecretPair {
  readonly name: string;
  readonly namespace: string;
  readonly field: string;
  readonly path: readonly PathSegment[];
}

function classSecretPairs(pairs: readonly { readonly name: string; readonly namespace: string }[]): readonly ClassSecretPair[] {
  return pairs.map((pair) => ({ ...pair, field: `parameters[${JSON.stringify(pair.name)}]`, path: ['parameters', pair.name] }));
}

/** Secret pairs of a StorageClass (in-tree and every CSI spelling) and of a VolumeSnapshotClass. */
const CLASS_SECRET_PAIRS: Readonly<Record<string, readonly ClassSecretPair[]>> = {
  StorageClass: classSecretPairs([
    IN_TREE_AUTH_PARAMS,
    ...Object.values(CSI_SECRET_PARAMS),
    ...Object.values(CSI_OTHER_SECRET_PARAMS),
    ...Object.values(CSI_DEPRECATED_SECRET_PARAMS),
  ]),
  VolumeSnapshotClass: classSecretPairs(Object.values(CSI_SNAPSHOTTER_SECRET_PARAMS)),
};

/**
 * True for a kind whose objects may name Secrets they read (workloads, StorageClasses, VolumeSnapshotClasses)
 * or make a Secret under another name (SealedSecret, ExternalSecret): a front door needs the whole object for
 * these, for any other kind the kind, name and namespace are enough.
 */
export function applyOrderNeedsBody(kind: string): boolean {
  return kind in POD_SPEC_PATHS || kind in CLASS_SECRET_PAIRS || kind === 'SealedSecret' || kind === 'ExternalSecret';
}

/** Where an object keeps its namespace. */
const NAMESPACE_PATH: readonly PathSegment[] = ['metadata', 'namespace'];

/** The key of a Namespace or Secret in the cluster, as prerequisites and providers share it. */
export function prerequisiteKey(prerequisite: Pick<ApplyPrerequisite, 'kind' | 'namespace' | 'name'>): string {
  return prerequisite.kind === 'Namespace' ? `Namespace/${prerequisite.name}` : `Secret/${prerequisite.namespace}/${prerequisite.name}`;
}

/** The object of `index` that provides `prerequisite` (a core/v1 Namespace or Secret), if any. */
export function prerequisiteProvider<T>(index: IdentityIndex<T>, prerequisite: Pick<ApplyPrerequisite, 'kind' | 'namespace' | 'name'>): T | undefined {
  return index.get('', prerequisite.kind, prerequisite.kind === 'Namespace' ? '' : prerequisite.namespace, prerequisite.name);
}

/** What `object` makes that others may need: a Namespace, or a Secret (also the one a SealedSecret or ExternalSecret makes). */
export function providedKeys(object: Readonly<Record<string, unknown>>): string[] {
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
    const name = valueAt(object, ['metadata', 'name']);
    return typeof name === 'string' ? [prerequisiteKey({ kind: 'Namespace', namespace: '', name })] : [];
  }
  if (object.kind === 'Secret') {
    // A core/v1 Secret in a namespace (as `objectIdentities` reads it, without making its identities).
    const namespace = valueAt(object, NAMESPACE_PATH);
    const name = valueAt(object, ['metadata', 'name']);
    if (object.apiVersion !== 'v1' || typeof namespace !== 'string' || namespace === '') return [];
    return [prerequisiteKey({ kind: 'Secret', namespace, name: typeof name === 'string' ? name : '' })];
  }
  // Only these kinds take the identity of a Secret besides their own.
  if (object.kind !== 'SealedSecret' && object.kind !== 'ExternalSecret') return [];
  return objectIdentities(object)
    .filter((identity) => identity.group === '' && identity.kind === 'Secret' && identity.namespace !== '')
    .map((identity) => prerequisiteKey({ kind: 'Secret', namespace: identity.namespace, name: identity.name }));
}

/**
 * What `object` needs to exist before it is applied: its Namespace (a namespaced object with
 * `metadata.namespace`), the Secrets its pods read (not those marked `optional: true`), the fixed Secrets a class
 * names (not templates such as `${pvc.namespace}`, which name no one Secret; each Secret once, at its first pair).
 */
export function applyPrerequisites(object: Readonly<Record<string, unknown>>): ApplyPrerequisite[] {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const namespace = valueAt(object, NAMESPACE_PATH);
  const prerequisites: ApplyPrerequisite[] = [];
  const inNamespace = typeof namespace === 'string' && namespace !== '' && kind !== 'Namespace' && !isClusterScoped(kind);
  if (inNamespace) prerequisites.push({ kind: 'Namespace', namespace: '', name: namespace, field: 'metadata.namespace', path: NAMESPACE_PATH });
  const podSpecPath = POD_SPEC_PATHS[kind];
  if (podSpecPath !== undefined && inNamespace) podSecrets(object, podSpecPath, namespace, prerequisites);
  const pairs = CLASS_SECRET_PAIRS[kind];
  if (pairs !== undefined) classSecrets(object, pairs, prerequisites);
  return prerequisites;
}

/**
 * Every object of `objects` (in apply order) that comes before something it needs which a later object of the
 * list provides (once per object and thing needed). What no object of the list provides is not an order problem (it may exist already; other rules
 * report what is missing).
 */
export function firstApplyProblems(objects: readonly Readonly<Record<string, unknown>>[]): ApplyOrderProblem[] {
  const firstProvider = new Map<string, number>();
  objects.forEach((object, index) => {
    for (const key of providedKeys(object)) if (!firstProvider.has(key)) firstProvider.set(key, index);
  });
  const problems: ApplyOrderProblem[] = [];
  objects.forEach((object, index) => {
    // One problem per thing needed, at the first field that needs it (three keys read from one Secret are one).
    const reported = new Set<string>();
    for (const prerequisite of applyPrerequisites(object)) {
      const key = prerequisiteKey(prerequisite);
      const providerIndex = firstProvider.get(key);
      if (providerIndex === undefined || providerIndex < index || reported.has(key)) continue;
      reported.add(key);
      problems.push({ index, prerequisite, providerIndex });
    }
  });
  return problems;
}

/**
 * Positions of `objects` in an order a first apply accepts: each object after the objects of the list that provide
 * what it needs (depth first), otherwise in list order. (Providers need nothing but a Namespace, which needs
 * nothing, so there is no circle.) For a front door that must create providers first (Pulumi names them in
 * `dependsOn`).
 */
export function firstApplyOrder(objects: readonly Readonly<Record<string, unknown>>[]): number[] {
  const providers = new Map<string, number[]>();
  objects.forEach((object, index) => {
    for (const key of providedKeys(object)) providers.set(key, [...(providers.get(key) ?? []), index]);
  });
  const order: number[] = [];
  const visited = new Set<number>();
  const visit = (index: number): void => {
    if (visited.has(index)) return;
    visited.add(index);
    for (const prerequisite of applyPrerequisites(objects[index] ?? {})) {
      for (const provider of providers.get(prerequisiteKey(prerequisite)) ?? []) visit(provider);
    }
    order.push(index);
  };
  objects.forEach((_, index) => visit(index));
  return order;
}

/** Adds to `found` the Secrets the containers and volumes of a pod spec read, in the pod's namespace. */
function podSecrets(object: Readonly<Record<string, unknown>>, podSpecPath: readonly PathSegment[], namespace: string, found: ApplyPrerequisite[]): void {
  const podSpec = valueAt(object, podSpecPath);
  if (!isRecord(podSpec)) return;
  const add = (reference: unknown, nameKey: string, path: readonly PathSegment[]): void => {
    if (!isRecord(reference) || reference.optional === true) return;
    const name = reference[nameKey];
    if (typeof name === 'string' && name !== '') found.push({ kind: 'Secret', namespace, name, field: fieldOf(path), path });
  };
  for (const listName of ['initContainers', 'containers']) {
    const containers = podSpec[listName];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, c) => {
      if (!isRecord(container)) return;
      const at = [...podSpecPath, listName, c];
      if (Array.isArray(container.env)) {
        container.env.forEach((entry, e) => add(valueAt(entry, ['valueFrom', 'secretKeyRef']), 'name', [...at, 'env', e, 'valueFrom', 'secretKeyRef']));
      }
      if (Array.isArray(container.envFrom))
        container.envFrom.forEach((entry, e) => add(valueAt(entry, ['secretRef']), 'name', [...at, 'envFrom', e, 'secretRef']));
    });
  }
  if (Array.isArray(podSpec.volumes)) {
    podSpec.volumes.forEach((volume, v) => {
      const at = [...podSpecPath, 'volumes', v];
      add(valueAt(volume, ['secret']), 'secretName', [...at, 'secret']);
      const sources = valueAt(volume, ['projected', 'sources']);
      if (Array.isArray(sources)) sources.forEach((source, s) => add(valueAt(source, ['secret']), 'name', [...at, 'projected', 'sources', s, 'secret']));
    });
  }
  if (Array.isArray(podSpec.imagePullSecrets)) podSpec.imagePullSecrets.forEach((entry, i) => add(entry, 'name', [...podSpecPath, 'imagePullSecrets', i]));
}

/**
 * Adds to `found` the fixed Secrets a class's parameters name (both halves of a pair written, neither a template),
 * each once, at the first pair that names it (a CSI class names its token Secret in three pairs).
 */
function classSecrets(object: Readonly<Record<string, unknown>>, pairs: readonly ClassSecretPair[], found: ApplyPrerequisite[]): void {
  const parameters = object.parameters;
  if (!isRecord(parameters)) return;
  const first = found.length;
  for (const pair of pairs) {
    const name = parameters[pair.name];
    const namespace = parameters[pair.namespace];
    if (typeof name !== 'string' || typeof namespace !== 'string' || name === '' || namespace === '' || name.includes('${') || namespace.includes('${'))
      continue;
    if (namedBefore(found, first, namespace, name)) continue;
    found.push({ kind: 'Secret', namespace, name, field: pair.field, path: pair.path });
  }
}

/** Whether a Secret `namespace/name` is among `found` from position `from` on. */
function namedBefore(found: readonly ApplyPrerequisite[], from: number, namespace: string, name: string): boolean {
  for (let i = from; i < found.length; i++) if (found[i]?.namespace === namespace && found[i]?.name === name) return true;
  return false;
}

/** A path as a field, e.g. `spec.template.spec.containers[0].env[3].valueFrom.secretKeyRef`. */
function fieldOf(path: readonly PathSegment[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${segment}`)).join('');
}
