/**
 * The synth-time check that the objects applied to each cluster are unique by API group, kind, namespace and name
 * (`OBJECT_DUPLICATE`, naming both construct paths): the objects the constructs emitted and every other `ApiObject`
 * of the app (the user's own, an `Include`'s), grouped by the cluster they are applied to as `objectsPerCluster`
 * says.
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ApplyPrerequisite, prerequisiteProvider } from '../core/cluster/apply-order';
import { IdentityIndex, duplicatesAmong } from '../core/kube/unique-objects';
import { clusterOf, emittedFrom, emitterOf, isPatched } from './emit';
import { objectsPerCluster } from './objects-per-cluster';

/** What the duplicate check found, by position in the app's ApiObjects. */
export interface ObjectsByIdentity {
  /** No two objects applied to one cluster share an identity. */
  readonly clean: boolean;
  /** The position of the object of `at`'s chart that provides `prerequisite` (the first, if several do); `undefined`: none. */
  providerAt(at: number, prerequisite: ApplyPrerequisite): number | undefined;
}

/** Where an app's duplicates are reported: each error on the construct that emits the later object of a pair. */
export class DuplicateReports {
  private readonly found = new Map<Construct, string[]>();

  constructor(private readonly root: IConstruct) {}

  /**
   * Finds the duplicates among `apiObjects` (the app's, in tree order) and hands each error to the construct that
   * emits the later object (cdk8s prints that construct's path before it), whose validation, run later in the same
   * pass (cdk8s validates the tree top down), returns it. Returns whether there was none, and the objects by
   * identity (which the first-apply order looks its providers up in).
   */
  public check(apiObjects: readonly ApiObject[]): ObjectsByIdentity {
    const builtInResolvers = this.root instanceof App && this.root.resolvers.every((resolver) => BUILT_IN_RESOLVERS.has(resolver.constructor));
    const objectAt = (at: number): Readonly<Record<string, unknown>> => {
      const apiObject = apiObjects[at] as ApiObject;
      const made = emittedFrom(apiObject);
      return made !== undefined ? identityView(apiObject, made, isPatched(apiObject), builtInResolvers) : (apiObject.toJson() as Record<string, unknown>);
    };
    const reporterAt = (at: number): Construct => reporterOf(apiObjects[at] as ApiObject);
    const chartOf = (at: number): Chart => (apiObjects[at] as ApiObject).chart;
    // Each chart's group's objects by identity (a chart is in one group).
    const byChart = new Map<Chart, IdentityIndex<number>>();
    let clean = true;
    const groups = objectsPerCluster(
      apiObjects.map((_, at) => at),
      { chartOf, clusterOf: (at) => clusterOf(apiObjects[at] as ApiObject) },
    );
    for (const group of groups) {
      const seen = new IdentityIndex<number>();
      for (const { second, error } of duplicatesAmong(group, objectAt, (at) => reporterAt(at).node.path, seen)) {
        clean = false;
        this.report(reporterAt(second), `[${error.code}] ${error.message}`);
      }
      for (const at of group) if (!byChart.has(chartOf(at))) byChart.set(chartOf(at), seen);
    }
    return {
      clean,
      providerAt: (at, prerequisite) => {
        const index = byChart.get(chartOf(at));
        const provider = index === undefined ? undefined : prerequisiteProvider(index, prerequisite);
        return provider !== undefined && chartOf(provider) === chartOf(at) ? provider : undefined;
      },
    };
  }

  private report(reporter: Construct, message: string): void {
    const errors = this.found.get(reporter);
    if (errors !== undefined) {
      errors.push(message);
      return;
    }
    this.found.set(reporter, [message]);
    reporter.node.addValidation({
      validate: () => {
        const reported = this.found.get(reporter) ?? [];
        this.found.set(reporter, []);
        return reported;
      },
    });
  }
}

/** The construct that emits `apiObject`, on which its duplicate is reported: the library's construct for its own objects, else the ApiObject itself. */
function reporterOf(apiObject: ApiObject): Construct {
  return emitterOf(apiObject) ?? apiObject;
}

/** cdk8s's own resolvers: they change only Lazy values, objects with a `resolve` method and number-or-string unions. */
const BUILT_IN_RESOLVERS: ReadonlySet<unknown> = new Set([LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver]);

/**
 * The fields of `apiObject` that make its identity (`objectIdentities`), as `toJson()` renders them, read without
 * rendering the whole object when that is certainly the same: no JSON patch added, only cdk8s's built-in resolvers,
 * and every value on the way a string, nothing, or a plain object those resolvers leave as it is. Otherwise (and for
 * a SealedSecret or ExternalSecret whose written Secret's name is not plain) the rendered object.
 */
function identityView(
  apiObject: ApiObject,
  made: Readonly<Record<string, unknown>>,
  patched: boolean,
  builtInResolvers: boolean,
): Readonly<Record<string, unknown>> {
  const { name, namespace } = apiObject.metadata;
  const madeMetadata = made.metadata as Record<string, unknown> | undefined;
  let plain =
    builtInResolvers && !patched && unchangedBySynth(made.apiVersion) && unchangedBySynth(made.kind) && unchangedBySynth(name) && unchangedBySynth(namespace);
  if (plain && made.kind === 'SealedSecret') plain = pathUnchangedBySynth(made, ['spec', 'template', 'metadata', 'name']);
  else if (plain && made.kind === 'ExternalSecret') plain = pathUnchangedBySynth(made, ['spec', 'target', 'name']);
  if (!plain) return apiObject.toJson() as Record<string, unknown>;
  // The object itself when cdk8s renders its name and namespace as they are (no chart namespace stamped on it).
  if (madeMetadata !== undefined && madeMetadata.name === name && madeMetadata.namespace === namespace) return made;
  return { apiVersion: made.apiVersion, kind: made.kind, metadata: { name, namespace }, spec: made.spec };
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
