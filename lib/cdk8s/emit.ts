/**
 * How the constructs put the core's plain objects into a cdk8s app, and which cluster each object of the app is
 * applied to (for the synth-time checks of `synth-checks.ts`).
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, isClusterScoped } from '../core/kube/kube-object';

/*
 * What the constructs know of an ApiObject they emitted, kept on the object under symbols (`instanceof` cannot
 * tell: cdk8s answers it for any ApiObject): three fields of the object itself, set in its constructor. Not a
 * `WeakMap` entry (tens of thousands of weak entries slow every garbage collection), nor a record object (an app
 * of 10,000 tenants would keep 40,000 of them).
 */
/** The `PxSecureCluster` the object is applied to. */
const CLUSTER = Symbol('px-security-constructs.cluster');
/** The object it was made from, which the ApiObject keeps as its props (the same reference). */
const MADE = Symbol('px-security-constructs.made');
/** Whether a JSON patch other than the namespace removal of {@link markEmitted} was added (it may rename it). */
const PATCHED = Symbol('px-security-constructs.patched');

type EmittedApiObject = ApiObject & {
  [CLUSTER]?: Construct;
  [MADE]?: Readonly<Record<string, unknown>>;
  [PATCHED]?: boolean;
};

/** ApiObjects of the user's that a cluster secures in place (`include`), with that cluster. */
const SECURED_IN_PLACE = new WeakMap<object, Construct>();

/** Records that `cluster` secures `apiObject` in place (an object of its `include`): it is applied to that cluster. */
export function securedInPlace(apiObject: ApiObject, cluster: Construct): void {
  SECURED_IN_PLACE.set(apiObject, cluster);
}

/**
 * An ApiObject a construct emits under itself, noting the JSON patches added to it. Recorded as emitted in its
 * constructor, so its marks are fields the object is made with, not properties added to it later.
 */
class ChildApiObject extends ApiObject {
  constructor(scope: Construct, id: string, object: Readonly<Record<string, unknown>>, cluster: Construct) {
    super(scope, id, object as unknown as KubeObject);
    markEmitted(this, object, cluster);
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    notePatched(this);
    super.addJsonPatch(...ops);
  }
}

/** Adds `object` under `scope` as an `ApiObject` of `cluster` (the `PxSecureCluster` it is applied to). */
export function emitObject(scope: Construct, id: string, object: Readonly<Record<string, unknown>>, cluster: Construct): ApiObject {
  return new ChildApiObject(scope, id, object, cluster);
}

/**
 * Records that the constructs emitted `apiObject`, made from `made` (its props), for `cluster`; call it from the
 * ApiObject's constructor.
 * cdk8s stamps a chart's namespace on every object; a cluster-scoped object (Namespace, StorageClass,
 * ClusterRole, ...) must not carry one, so it is removed again for those. A construct that is its own ApiObject
 * calls {@link notePatched} from its `addJsonPatch`.
 */
export function markEmitted<T extends ApiObject>(apiObject: T, made: Readonly<Record<string, unknown>>, cluster: Construct): T {
  const metadata = made.metadata as { namespace?: unknown } | undefined;
  if (metadata?.namespace === undefined && isClusterScoped(String(made.kind)) && apiObject.chart.namespace !== undefined) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  // A cluster-scoped object's identity has no namespace: that patch does not count.
  const emitted = apiObject as EmittedApiObject;
  emitted[CLUSTER] = cluster;
  emitted[MADE] = made;
  emitted[PATCHED] = false;
  return apiObject;
}

/** Notes that a JSON patch was added to `apiObject` (if the constructs emitted it). */
export function notePatched(apiObject: ApiObject): void {
  const emitted = apiObject as EmittedApiObject;
  if (emitted[CLUSTER] !== undefined) emitted[PATCHED] = true;
}

/** The object the constructs emitted `apiObject` from (patched since or not); `undefined` for any other ApiObject. */
export function emittedFrom(apiObject: ApiObject): Readonly<Record<string, unknown>> | undefined {
  return (apiObject as EmittedApiObject)[MADE];
}

/** Whether a JSON patch was added to `apiObject` since the constructs emitted it (see {@link notePatched}). */
export function isPatched(apiObject: ApiObject): boolean {
  return (apiObject as EmittedApiObject)[PATCHED] === true;
}

/**
 * The library's construct that emits `apiObject` (reported on for a duplicate): the construct it was emitted under,
 * or for a class construct the object itself; `undefined` for an ApiObject the constructs did not emit.
 */
export function emitterOf(apiObject: ApiObject): Construct | undefined {
  if ((apiObject as EmittedApiObject)[CLUSTER] === undefined) return undefined;
  // By prototype: cdk8s answers `instanceof` of any ApiObject class for every ApiObject.
  return Object.prototype.isPrototypeOf.call(ChildApiObject.prototype, apiObject) ? apiObject.node.scope : apiObject;
}

/** The `PxSecureCluster` `apiObject` is applied to: the one that emitted it or secures it in place, if any. */
export function clusterOf(apiObject: ApiObject): Construct | undefined {
  return (apiObject as EmittedApiObject)[CLUSTER] ?? SECURED_IN_PLACE.get(apiObject);
}

/**
 * The object `apiObject` was made from, when the constructs emitted it and no JSON patch changed it since (so it
 * is what the synth renders, but for the namespace cdk8s may stamp on it); otherwise `undefined`.
 */
export function madeObject(apiObject: ApiObject): Readonly<Record<string, unknown>> | undefined {
  return isPatched(apiObject) ? undefined : emittedFrom(apiObject);
}
