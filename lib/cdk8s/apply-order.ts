/**
 * The order of the synthesized output: a first `kubectl apply -f dist/` creates objects in file order, so each
 * object must come after what it needs (`applyPrerequisites`: its Namespace, the Secrets its pods read, the
 * fixed token Secret a class names). Expressed as cdk8s dependencies (`ApiObject.addDependency`), which the synth
 * turns into the order of each chart's objects; nothing is sorted by name.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyOrderNeedsBody, applyPrerequisites, prerequisiteKey, providedKeys } from '../core/apply-order';
import { isClusterScoped } from '../core/kube-object';
import { madeObject } from './emit';

/** Apps (tree roots) whose objects are ordered at synth, with how many constructs the tree held when last ordered. */
const ORDERED_ROOTS = new WeakMap<IConstruct, { constructs: number }>();

/**
 * Makes the app `scope` belongs to order its objects for a first apply, once, when it synthesizes (cdk8s has no
 * hook before it orders a chart's objects but validation). Every object of the app counts, whoever made it: a
 * token Secret comes after a `Namespace` the user declared, a DaemonSet after the keys Secret. Only objects of one
 * chart are ordered against each other (a chart is one output file; order charts with `chart.addDependency`).
 */
export function orderForFirstApply(scope: IConstruct): void {
  const root = scope.node.root;
  if (ORDERED_ROOTS.has(root)) return;
  const ordered = { constructs: 0 };
  ORDERED_ROOTS.set(root, ordered);
  root.node.addValidation({
    validate: () => {
      // cdk8s validates again for each chart it renders: the dependencies are there already unless the tree grew.
      const constructs = root.node.findAll();
      if (constructs.length !== ordered.constructs) addApplyDependencies(constructs);
      ordered.constructs = constructs.length;
      return [];
    },
  });
}

/** Adds, for every object of the app, a dependency on each object of its chart that provides what it needs. */
function addApplyDependencies(constructs: readonly IConstruct[]): void {
  const apiObjects = constructs.filter((child): child is ApiObject => ApiObject.isApiObject(child));
  const providers = new Map<Chart, Map<string, ApiObject[]>>();
  const views = apiObjects.map((apiObject) => {
    const view = applyView(apiObject);
    const chart = Chart.of(apiObject);
    let byKey = providers.get(chart);
    if (byKey === undefined) providers.set(chart, (byKey = new Map<string, ApiObject[]>()));
    for (const key of providedKeys(view)) byKey.set(key, [...(byKey.get(key) ?? []), apiObject]);
    return { apiObject, view, chart };
  });
  for (const { apiObject, view, chart } of views) {
    for (const prerequisite of applyPrerequisites(view)) {
      for (const provider of providers.get(chart)?.get(prerequisiteKey(prerequisite)) ?? []) {
        // A dependency the app already has the other way round would make a cycle: leave that order to the app.
        if (provider !== apiObject && !dependsOn(provider, apiObject)) apiObject.addDependency(provider);
      }
    }
  }
}

/**
 * The object as far as its order needs it: the object the constructs made (with the namespace cdk8s gives it), the
 * rendered object for a kind that may name Secrets, else its kind, name and namespace (without rendering it).
 */
function applyView(apiObject: ApiObject): Readonly<Record<string, unknown>> {
  const kind = apiObject.kind;
  const namespace = isClusterScoped(kind) ? undefined : apiObject.metadata.namespace;
  const made = madeObject(apiObject);
  if (made !== undefined) return { ...made, metadata: { ...(made.metadata as Record<string, unknown>), namespace } };
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
