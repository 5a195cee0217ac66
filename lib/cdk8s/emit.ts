/**
 * How the constructs put the core's plain objects into a cdk8s app.
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeObject, isClusterScoped } from '../core/kube-object';
import { duplicateObjects } from '../core/unique-objects';

/** Every ApiObject the constructs emitted (`instanceof` cannot tell: cdk8s answers it for any ApiObject). */
const EMITTED = new WeakSet<object>();

/**
 * An ApiObject the constructs emitted (for the check that they are unique across the app), with the object it was
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
  ) {
    super(scope, id, made as unknown as KubeObject);
    EMITTED.add(this);
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

/** Apps (tree roots) that already check their emitted objects. */
const CHECKED_ROOTS = new WeakSet<Construct>();

/**
 * Adds `object` as an `ApiObject`. cdk8s stamps a chart's namespace on every object; a cluster-scoped object
 * (Namespace, StorageClass, ClusterRole, ...) must not carry one, so it is removed again for those.
 */
export function emitObject(scope: Construct, id: string, object: Readonly<Record<string, unknown>>): ApiObject {
  const apiObject = new EmittedApiObject(scope, id, object);
  const metadata = object.metadata as { namespace?: unknown } | undefined;
  if (Chart.of(scope).namespace !== undefined && metadata?.namespace === undefined && isClusterScoped(String(object.kind))) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    // A cluster-scoped object's identity has no namespace: this patch does not change it.
    apiObject.patched = false;
  }
  return apiObject;
}

/**
 * Makes the app `scope` belongs to check, once at synth, that the objects the constructs emitted are unique by
 * API group, kind, namespace and name (`OBJECT_DUPLICATE`, naming both construct paths).
 */
export function checkUniqueObjects(scope: Construct): void {
  const root = scope.node.root;
  if (CHECKED_ROOTS.has(root)) return;
  CHECKED_ROOTS.add(root);
  root.node.addValidation({
    validate: () => {
      const builtInResolvers = root instanceof App && root.resolvers.every((resolver) => BUILT_IN_RESOLVERS.has(resolver.constructor));
      const emitted = root.node
        .findAll()
        .filter((child): child is EmittedApiObject => EMITTED.has(child))
        .map((apiObject) => ({
          object: identityView(apiObject, builtInResolvers),
          // A construct path is only needed for a message: work it out then (it walks the tree up).
          get owner(): string {
            return apiObject.node.scope?.node.path ?? apiObject.node.path;
          },
        }));
      return duplicateObjects(emitted).map(({ error }) => `[${error.code}] ${error.message}`);
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
