/**
 * How the constructs put the core's plain objects into a cdk8s app.
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, isClusterScoped } from '../core/kube-object';
import { duplicateObjects } from '../core/unique-objects';
import { ClusterObject, objectsPerCluster } from './objects-per-cluster';

/**
 * Every ApiObject the constructs emitted, with the cluster (the `PxSecureCluster` construct) it is applied to
 * (`instanceof` cannot tell: cdk8s answers it for any ApiObject).
 */
const EMITTED = new WeakMap<object, Construct>();
/** ApiObjects of the user's that a cluster secures in place (`include`), with that cluster. */
const SECURED_IN_PLACE = new WeakMap<object, Construct>();

/** Records that `cluster` secures `apiObject` in place (an object of its `include`): it is applied to that cluster. */
export function securedInPlace(apiObject: ApiObject, cluster: Construct): void {
  SECURED_IN_PLACE.set(apiObject, cluster);
}

/**
 * An ApiObject the constructs emitted (for the check that they are unique per cluster), with the object it was
 * made from, noting whether a JSON patch was added to it since (a patch may rename it).
 */
class EmittedApiObject extends ApiObject {
  /** Whether a JSON patch other than the namespace removal of {@link emitObject} was added. */
  public patched = false;

  constructor(
    scope: Construct,
    id: string,
    /** The object given, which the ApiObject keeps as its props (the same reference). */
    public readonly made: Readonly<Record<string, unknown>>,
    cluster: Construct,
  ) {
    super(scope, id, made as unknown as KubeObject);
    EMITTED.set(this, cluster);
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }
}
/**
 * The object `apiObject` was made from, when the constructs emitted it and no JSON patch changed it since (so it
 * is what the synth renders, but for the namespace cdk8s may stamp on it); otherwise `undefined`.
 */
export function madeObject(apiObject: ApiObject): Readonly<Record<string, unknown>> | undefined {
  return EMITTED.has(apiObject) && !(apiObject as EmittedApiObject).patched ? (apiObject as EmittedApiObject).made : undefined;
}

/**
 * Apps (tree roots) that already check their emitted objects, with how many constructs the tree held when last
 * checked and whether that check found no duplicate.
 */
const CHECKED_ROOTS = new WeakMap<Construct, { constructs: number; clean: boolean }>();

/**
 * Adds `object` as an `ApiObject` of `cluster` (the `PxSecureCluster` it is applied to). cdk8s stamps a chart's
 * namespace on every object; a cluster-scoped object (Namespace, StorageClass, ClusterRole, ...) must not carry
 * one, so it is removed again for those.
 */
export function emitObject(scope: Construct, id: string, object: Readonly<Record<string, unknown>>, cluster: Construct): ApiObject {
  const apiObject = new EmittedApiObject(scope, id, object, cluster);
  const metadata = object.metadata as { namespace?: unknown } | undefined;
  if (Chart.of(scope).namespace !== undefined && metadata?.namespace === undefined && isClusterScoped(String(object.kind))) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    // A cluster-scoped object's identity has no namespace: this patch does not change it.
    apiObject.patched = false;
  }
  return apiObject;
}

/**
 * Makes the app `scope` belongs to check, once at synth, that the objects applied to each cluster are unique by
 * API group, kind, namespace and name (`OBJECT_DUPLICATE`, naming both construct paths): the objects the
 * constructs emitted and every other `ApiObject` of the app (the user's own, an `Include`'s), grouped by the
 * cluster they are applied to as `objectsPerCluster` says. Each error is reported on the construct that emits the
 * later object of the pair (cdk8s prints that construct's path before it).
 */
export function checkUniqueObjects(scope: Construct): void {
  const root = scope.node.root;
  if (CHECKED_ROOTS.has(root)) return;
  const checked = { constructs: 0, clean: false };
  CHECKED_ROOTS.set(root, checked);
  const found = new WeakMap<Construct, string[]>();
  const reporters = new WeakSet<Construct>();
  // The app's own validation runs first (cdk8s validates the tree top down): it works out every duplicate and
  // hands each error to the construct that emits it, whose validation, run later in the same pass, returns it.
  root.node.addValidation({
    validate: () => {
      // cdk8s validates again for each chart it renders: a tree found clean is clean still unless it grew.
      const constructs = root.node.findAll();
      if (checked.clean && constructs.length === checked.constructs) return [];
      checked.constructs = constructs.length;
      checked.clean = true;
      const builtInResolvers = root instanceof App && root.resolvers.every((resolver) => BUILT_IN_RESOLVERS.has(resolver.constructor));
      const apiObjects = constructs.filter((child): child is ApiObject => ApiObject.isApiObject(child));
      const groups = objectsPerCluster(
        apiObjects.map((apiObject): ClusterObject => ({ apiObject, cluster: EMITTED.get(apiObject) ?? SECURED_IN_PLACE.get(apiObject) })),
      );
      for (const group of groups) {
        const objects = group.map((apiObject) => {
          const emitted = EMITTED.has(apiObject);
          // The construct that emits the object: the library's construct for its own objects, else the ApiObject itself.
          const reporter = emitted ? (apiObject.node.scope ?? apiObject) : apiObject;
          return {
            object: emitted ? identityView(apiObject as EmittedApiObject, builtInResolvers) : (apiObject.toJson() as Record<string, unknown>),
            reporter,
            // A construct path is only needed for a message: work it out then (it walks the tree up).
            get owner(): string {
              return reporter.node.path;
            },
          };
        });
        for (const { second, error } of duplicateObjects(objects)) {
          checked.clean = false;
          const reporter = second.reporter;
          const errors = found.get(reporter) ?? [];
          found.set(reporter, [...errors, `[${error.code}] ${error.message}`]);
          if (reporters.has(reporter)) continue;
          reporters.add(reporter);
          reporter.node.addValidation({
            validate: () => {
              const reported = found.get(reporter) ?? [];
              found.delete(reporter);
              return reported;
            },
          });
        }
      }
      return [];
    },
  });
}

/** cdk8s's own resolvers: they change only Lazy values, objects with a `resolve` method and number-or-string unions. */
const BUILT_IN_RESOLVERS: ReadonlySet<unknown> = new Set([LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver]);

/**
 * The fields of `apiObject` that make its identity (`objectIdentities`), as `toJson()` renders them, read without
 * rendering the whole object when that is certainly the same: no JSON patch added, only cdk8s's built-in resolvers,
 * and every value on the way a string, nothing, or a plain object those resolvers leave as it is. Otherwise (and for
 * a SealedSecret or ExternalSecret whose written Secret's name is not plain) the rendered object.
 */
function identityView(apiObject: EmittedApiObject, builtInResolvers: boolean): Record<string, unknown> {
  const made = apiObject.made;
  const { name, namespace } = apiObject.metadata;
  const view: Record<string, unknown> = { apiVersion: made.apiVersion, kind: made.kind, metadata: { name, namespace } };
  let plain = builtInResolvers && !apiObject.patched && [made.apiVersion, made.kind, name, namespace].every(unchangedBySynth);
  if (plain && made.kind === 'SealedSecret') {
    plain = pathUnchangedBySynth(made, ['spec', 'template', 'metadata', 'name']);
    view.spec = made.spec;
  } else if (plain && made.kind === 'ExternalSecret') {
    plain = pathUnchangedBySynth(made, ['spec', 'target', 'name']);
    view.spec = made.spec;
  }
  return plain ? view : (apiObject.toJson() as Record<string, unknown>);
}

/** True when rendering `value` gives `value` itself, for what `objectIdentities` reads of it. */
function unchangedBySynth(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'string') return true;
  // A plain object: rendered as a plain object of the same keys (none of the built-in resolvers replaces it).
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && typeof (value as { resolve?: unknown }).resolve !== 'function';
}

/** True when every value from `object` down `keys` (while there is one) is unchanged by the synth. */
function pathUnchangedBySynth(object: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
  let value: unknown = object;
  for (const key of keys) {
    value = (value as Record<string, unknown>)[key];
    if (!unchangedBySynth(value)) return false;
    if (value === undefined || value === null || typeof value === 'string') return true;
  }
  return true;
}
