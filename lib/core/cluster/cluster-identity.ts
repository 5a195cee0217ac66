/**
 * A cluster's identity: the stable name under which its keys are kept (one keystore entry per cluster) and by
 * which messages name it. It is a name the user can read in what they wrote: the `clusterName` prop, else the
 * spec's own cluster name (the portworx container's `-c <name>` in the DaemonSet form, the StorageCluster's
 * `metadata.name` in the operator form). A spec naming two different clusters is ambiguous and refused.
 */
import { PxSecurityError } from '../errors/errors';
import { valueAt } from '../yaml/plain-json';
import { loadSpecContainerArgs, loadSpecTargets } from '../loaders/spec-patching';

/** A cluster name as a keystore entry takes it: letters, digits, `.`, `_`, `-`; starts and ends alphanumeric. */
const CLUSTER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** The flag of the portworx container that names the Portworx cluster (`-c px-cluster`). */
const CLUSTER_NAME_FLAG = '-c';

/** Where a cluster's identity comes from, for messages. */
export type ClusterIdentitySource = 'clusterName' | 'spec';

/** A cluster's identity and where it was read. */
export interface ClusterIdentity {
  readonly name: string;
  readonly source: ClusterIdentitySource;
}

/**
 * The identity of a cluster: `clusterName` when given (checked), else the name the spec gives its cluster,
 * else `undefined` (no spec, or a spec that names no cluster).
 * @param specObjects the install spec's objects, as given (the DaemonSet's args or the StorageCluster)
 * @param field the cluster's construct path, for messages
 * @throws PxSecurityError `CLUSTER_NAME_INVALID` for a `clusterName` a keystore cannot key, `CLUSTER_IDENTITY_AMBIGUOUS`
 *   when the spec names two clusters
 */
export function clusterIdentity(
  clusterName: string | undefined,
  specObjects: readonly Record<string, unknown>[] | undefined,
  field: string,
): ClusterIdentity | undefined {
  if (clusterName !== undefined) {
    if (typeof clusterName !== 'string' || !CLUSTER_NAME.test(clusterName)) {
      throw new PxSecurityError({
        code: 'CLUSTER_NAME_INVALID',
        field: `${field}.clusterName`,
        value: typeof clusterName === 'string' ? clusterName : String(clusterName),
        problem: 'is not a cluster name: 1 to 253 letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
        fix: 'name the cluster as you call it, e.g. "prod" or "staging"',
      });
    }
    return { name: clusterName, source: 'clusterName' };
  }
  if (specObjects === undefined || specObjects.length === 0) return undefined;
  const names = new Set<string>();
  specObjects.forEach((object, index) => {
    for (const name of specClusterNames(object, index)) names.add(name);
  });
  if (names.size > 1) {
    throw new PxSecurityError({
      code: 'CLUSTER_IDENTITY_AMBIGUOUS',
      field: `${field}.spec`,
      value: [...names].join(', '),
      problem: 'names more than one Portworx cluster, so it is not clear whose keys this cluster takes',
      fix: 'set clusterName to the name the keys are kept under (e.g. clusterName: "prod"), or give a spec of one cluster',
    });
  }
  const [name] = names;
  return name === undefined ? undefined : { name, source: 'spec' };
}

/** The cluster names one spec object gives: the portworx container's `-c` values, or a StorageCluster's name. */
function specClusterNames(object: Record<string, unknown>, index: number): string[] {
  // Spec reading loads when a spec is given, as in planSecureCluster (the construct door does not load it otherwise).
  const { POD_CONTAINERS_PATH, targetOf } = loadSpecTargets();
  const { findFlag } = loadSpecContainerArgs();
  const target = targetOf(object, 'spec', index);
  if (target?.kind === 'storageCluster') {
    const name = valueAt(object, ['metadata', 'name']);
    return typeof name === 'string' && name !== '' ? [name] : [];
  }
  if (target?.kind !== 'daemonSet') return [];
  const args = valueAt(object, [...POD_CONTAINERS_PATH, target.containerIndex, 'args']);
  if (!Array.isArray(args) || !args.every((arg): arg is string => typeof arg === 'string')) return [];
  return findFlag(args, CLUSTER_NAME_FLAG).flatMap((found) => (found.value !== undefined && found.value !== '' ? [found.value] : []));
}
