/**
 * Comparing the objects of a cdk8s synth with those a Pulumi program registers. cdk8s drops `null` and
 * `undefined` values and writes keys sorted, and the Pulumi engine never receives `undefined`; so both sides are
 * compared with null/undefined values removed and keys sorted, keyed by identity.
 */
/** `value` with null/undefined values dropped and object keys sorted: the form both sides are compared in. */
export function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(normalised);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== null && item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, normalised(item)]),
    );
  }
  return value;
}

/** An object's identity: apiVersion, kind, namespace and name. */
export function identityOf(object: Record<string, unknown>): string {
  const metadata = object.metadata as { namespace?: string; name: string };
  return `${String(object.apiVersion)} ${String(object.kind)} ${metadata.namespace ?? ''}/${metadata.name}`;
}

/** Objects keyed and ordered by identity, normalised. */
export function byIdentity(objects: readonly Record<string, unknown>[]): Record<string, unknown> {
  const entries = objects.map((object) => [identityOf(object), normalised(object)] as const);
  expect(new Set(entries.map(([identity]) => identity)).size).toBe(entries.length);
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}
