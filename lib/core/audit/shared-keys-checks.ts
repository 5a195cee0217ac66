/**
 * Several clusters checked together (`pxsec check --clusters`, one bundle per cluster): each cluster must have
 * keys of its own. Two bundles whose Secrets hold an equal key (`system-secret`, `stork-secret`,
 * `shared-secret`, whichever names they hold it under) are `KEYS_SHARED_BETWEEN_CLUSTERS`: a token signed for one
 * cluster opens the other, and a node of one can talk to the other. Only plain Secrets are compared (a sealed or
 * external key is not in the bundle). No message holds a key.
 */
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../names';
import { Bundle } from './bundle';
import { indexSecrets } from './bundle-secrets';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** The bundle of one cluster, and how findings name it (the path given on the command line). */
export interface ClusterBundle {
  readonly name: string;
  readonly bundle: Bundle;
}

const KEY_NAMES: readonly string[] = [SYSTEM_SECRET_KEY, STORK_SECRET_KEY, SHARED_SECRET_KEY];

/** Where a key value was first seen: the cluster, the Secret and the key it is held under. */
interface KeyPlace {
  readonly cluster: string;
  readonly secret: string;
  readonly file: string;
  readonly key: string;
}

/** One `KEYS_SHARED_BETWEEN_CLUSTERS` error for each key of a later cluster that an earlier cluster also holds. */
export function sharedKeyFindings(clusters: readonly ClusterBundle[]): Finding[] {
  const seen = new Map<string, KeyPlace>();
  const findings: Finding[] = [];
  for (const { name: cluster, bundle } of clusters) {
    const own = new Map<string, KeyPlace>();
    for (const secret of indexSecrets(bundle).secrets) {
      if (secret.form !== 'Secret') continue;
      for (const key of KEY_NAMES) {
        const value = secret.value(key);
        if (value.kind !== 'value' || value.value === '') continue;
        const earlier = seen.get(value.value);
        if (earlier !== undefined && earlier.cluster !== cluster) {
          findings.push(
            findingOn(secret.entry, {
              code: 'KEYS_SHARED_BETWEEN_CLUSTERS',
              severity: 'error',
              field: value.field,
              path: value.path,
              message: `${value.field} of this cluster (${cluster}) equals "${earlier.key}" of ${earlier.secret} in ${earlier.file}, another cluster's bundle (${earlier.cluster}): a token signed for one cluster is accepted by the other`,
              fix: ruleFix('KEYS_SHARED_BETWEEN_CLUSTERS'),
            }),
          );
          continue;
        }
        if (!own.has(value.value)) own.set(value.value, { cluster, secret: secret.entry.name, file: secret.entry.file, key });
      }
    }
    for (const [value, place] of own) if (!seen.has(value)) seen.set(value, place);
  }
  return findings;
}
