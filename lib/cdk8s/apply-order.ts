/**
 * The order of the synthesized output: a first `kubectl apply -f dist/` creates objects in file order, so each
 * object must come after what it needs (`applyPrerequisites`: its Namespace, the Secrets its pods read, the
 * fixed token Secret a class names). cdk8s writes a chart's objects in the order of its dependency graph: the
 * tree's order for an object nothing depends on, and right before the first object that depends on it for any
 * other. So an object that would come before what it needs gets a cdk8s dependency on it
 * (`ApiObject.addDependency`), and so does every need of an object that something depends on (it may move up).
 * Nothing is sorted by name, and an app declared in a working order (a tenant's Namespace before its Secret, a
 * class after the tenant whose Secret it names) gets no dependency at all. The first-apply tests check the order
 * cdk8s writes.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyOrderNeedsBody, applyPrerequisites } from '../core/cluster/apply-order';
import { isClusterScoped } from '../core/kube/kube-object';
import { madeObject } from './emit';
import type { ObjectsByIdentity } from './unique-objects';

/**
 * Orders the app's objects for a first apply. `constructs` is the app's tree in order, `apiObjects` its ApiObjects
 * in that order: every object of the app counts, whoever made it (a token Secret comes after a `Namespace` the user declared, a DaemonSet after the keys
 * Secret). Only objects of one chart are ordered against each other (a chart is one output file; order charts with
 * `chart.addDependency`).
 */
export function orderForFirstApply(constructs: readonly IConstruct[], apiObjects: readonly ApiObject[], identities: ObjectsByIdentity): void {
  // Objects something depends on: cdk8s may write them before their place in the tree.
  const movable = new Set<IConstruct>();
  for (const construct of constructs) for (const dependency of construct.node.dependencies) movable.add(dependency);
  const needs = needsOf(apiObjects, identities);
  // Needs settled: given a dependency, or left to the app (which depends the other way round).
  const settled = new Uint8Array(needs.objects.length);
  // A dependency makes its provider movable, whose own needs then want dependencies too: until none is added.
  for (let added = true; added;) {
    added = false;
    for (let need = 0; need < settled.length; need++) {
      if (settled[need] === 1) continue;
      const at = needs.objects[need] ?? 0;
      const providerAt = needs.providers[need] ?? 0;
      const apiObject = apiObjects[at] as ApiObject;
      const provider = apiObjects[providerAt] as ApiObject;
      if (providerAt < at && !movable.has(apiObject) && !movable.has(provider)) continue;
      settled[need] = 1;
      // A dependency the app has the other way round would make a cycle: that order is left to the app.
      if (dependsOn(provider, apiObject)) continue;
      apiObject.addDependency(provider);
      movable.add(provider);
      added = true;
    }
  }
}

/**
 * Every (object, provider) pair of objects of one chart, as positions in `apiObjects` (two lists of one length,
 * not an object per pair: an app of 10,000 tenants has 30,000 of them). The provider of a Namespace or Secret is
 * the object of that identity the duplicate check found (two would be a duplicate, which fails the synth).
 */
function needsOf(apiObjects: readonly ApiObject[], identities: ObjectsByIdentity): { readonly objects: number[]; readonly providers: number[] } {
  const objects: number[] = [];
  const found: number[] = [];
  apiObjects.forEach((apiObject, at) => {
    // One need per provider (a pod may read one Secret in several places).
    const first = found.length;
    for (const prerequisite of applyPrerequisites(applyView(apiObject))) {
      const provider = identities.providerAt(at, prerequisite);
      if (provider === undefined || provider === at || found.indexOf(provider, first) >= 0) continue;
      found.push(provider);
      objects.push(at);
    }
  });
  return { objects, providers: found };
}

/**
 * The object as far as its order needs it: the object the constructs made (with the namespace cdk8s gives it), the
 * rendered object for a kind that may name Secrets, else its kind, name and namespace (without rendering it).
 */
function applyView(apiObject: ApiObject): Readonly<Record<string, unknown>> {
  const kind = apiObject.kind;
  const namespace = isClusterScoped(kind) ? undefined : apiObject.metadata.namespace;
  const made = madeObject(apiObject);
  if (made !== undefined) {
    const metadata = made.metadata as Record<string, unknown>;
    return metadata.namespace === namespace ? made : { ...made, metadata: { ...metadata, namespace } };
  }
  if (applyOrderNeedsBody(kind)) return apiObject.toJson() as Record<string, unknown>;
  return { apiVersion: apiObject.apiVersion, kind, metadata: { name: apiObject.metadata.name, namespace } };
}

/** Whether `from` depends on `to`, directly or through other constructs' dependencies. */
function dependsOn(from: IConstruct, to: IConstruct): boolean {
  const seen = new Set<IConstruct>();
  const pending = [from];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next === to) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...next.node.dependencies);
  }
  return false;
}
