/**
 * Checks of construct props that TypeScript cannot make for callers in plain JavaScript: props given at all, and
 * a `cluster` that is a PxSecureCluster. Shared by the cdk8s constructs and the Pulumi components, so that both
 * answer a missing cluster with the same coded error naming the construct path instead of a bare TypeError.
 */
import { PxSecurityError } from '../errors/errors';

/** What every PxSecureCluster (cdk8s or Pulumi) carries and its dependents use. */
interface ClusterShape {
  readonly plan: object;
  readonly model: object;
}

/**
 * Returns `props.cluster` when it is a PxSecureCluster.
 *
 * @param props the construct's props (from plain JavaScript they may be missing)
 * @param field the construct path or resource name, for messages
 * @param kind the construct's name, e.g. `PxTenant`
 * @throws PxSecurityError `CLUSTER_MISSING` naming `<field>.cluster`
 */
export function requiredCluster<Cluster extends ClusterShape>(props: { readonly cluster?: Cluster } | undefined, field: string, kind: string): Cluster {
  const cluster: unknown = typeof props === 'object' && props !== null ? props.cluster : undefined;
  if (
    typeof cluster === 'object' &&
    cluster !== null &&
    typeof (cluster as Partial<ClusterShape>).plan === 'object' &&
    typeof (cluster as Partial<ClusterShape>).model === 'object'
  ) {
    return cluster as Cluster;
  }
  throw new PxSecurityError({
    code: 'CLUSTER_MISSING',
    field: `${field}.cluster`,
    value: typeof props !== 'object' || props === null ? undefined : cluster === undefined ? undefined : typeof cluster,
    problem:
      typeof props !== 'object' || props === null
        ? `is missing: ${kind} was given no props`
        : cluster === undefined
          ? 'is missing'
          : 'is not a PxSecureCluster',
    fix: `pass the PxSecureCluster this ${kind} belongs to, e.g. new ${kind}(scope, id, { cluster, ... })`,
  });
}
