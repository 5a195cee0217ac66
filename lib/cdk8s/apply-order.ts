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
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyOrderNeedsBody, applyPrerequisites, prerequisiteKey, providedKeys } from '../core/cluster/apply-order';
import { isClusterScoped } from '../core/kube/kube-object';
import { madeObject } from './emit';

/** An object and one object of its chart that provides something it needs. */
interface Need {
  readonly apiObject: ApiObject;
  readonly provider: ApiObject;
}

/**
 * Orders the app's objects for a first apply. `constructs` is the app's tree in order, `apiObjects` its ApiObjects
 * in that order: every object of the app counts, whoever made it (a token Secret comes after a `Namespace` the user declared, a DaemonSet after the keys
 * Secret). Only objects of one chart are ordered against each other (a chart is one output file; order charts with
 * `chart.addDependency`).
 */
export function orderForFirstApply(constructs: readonly IConstruct[], apiObjects: readonly ApiObject[]): void {
  const treeOrder = new Map<ApiObject, number>(apiObjects.map((apiObject, index) => [apiObject, index]));
  // Objects something depends on: cdk8s may write them before their place in the tree.
  const movable = new Set<IConstruct>();
  for (const construct of constructs) for (const dependency of construct.node.dependencies) movable.add(dependency);
  let pending = needsOf(apiObjects);
  // A dependency makes its provider movable, whose own needs then want dependencies too: until none is added.
  for (let added = true; added;) {
    added = false;
    pending = pending.filter(({ apiObject, provider }) => {
      if ((treeOrder.get(provider) ?? 0) < (treeOrder.get(apiObject) ?? 0) && !movable.has(apiObject) && !movable.has(provider)) return true;
      // A dependency the app has the other way round would make a cycle: that order is left to the app.
      if (dependsOn(provider, apiObject)) return false;
      apiObject.addDependency(provider);
      movable.add(provider);
      added = true;
      return false;
    });
  }
}

/** Every (object, provider) pair of objects of one chart. */
function needsOf(apiObjects: readonly ApiObject[]): Need[] {
  const providers = new Map<Chart, Map<string, ApiObject[]>>();
  const views = apiObjects.map((apiObject) => {
    const view = applyView(apiObject);
    let byKey = providers.get(apiObject.chart);
    if (byKey === undefined) providers.set(apiObject.chart, (byKey = new Map<string, ApiObject[]>()));
    for (const key of providedKeys(view)) {
      const provided = byKey.get(key);
      if (provided === undefined) byKey.set(key, [apiObject]);
      else provided.push(apiObject);
    }
    return view;
  });
  const needs: Need[] = [];
  apiObjects.forEach((apiObject, index) => {
    const prerequisites = applyPrerequisites(views[index] ?? {});
    if (prerequisites.length === 0) return;
    const byKey = providers.get(apiObject.chart);
    // Several fields may name one Secret (a class's secret pairs): one need each.
    const found: ApiObject[] = [];
    for (const prerequisite of prerequisites) {
      for (const provider of byKey?.get(prerequisiteKey(prerequisite)) ?? []) {
        if (provider === apiObject || found.includes(provider)) continue;
        found.push(provider);
        needs.push({ apiObject, provider });
      }
    }
  });
  return needs;
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
