/**
 * A cdk8s cluster's default keys: its own entry of the keystore `.pxsec/keystore.json`, named by the cluster's
 * identity (`clusterName`, else the spec's cluster name, else `default`). Two clusters of one process that would
 * take the same entry by default (two Apps, prod and staging, built from one spec) are refused: their keys
 * would be equal, and a token of one would open the other. Sharing keys is what `keys: keysFromKeystore(path,
 * { cluster })` on both says explicitly.
 */
import { resolve } from 'node:path';
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterIdentity } from '../core/cluster/cluster-identity';
import { PxSecurityError } from '../core/errors/errors';
import { PxKeys } from '../core/keys/keys';
import { DEFAULT_KEYSTORE_PATH, keysFromKeystore } from '../node/key-store-file';

/** The keystore entry of a cluster that has no identity of its own (no spec, no `clusterName`). */
export const DEFAULT_CLUSTER_ENTRY = 'default';

/**
 * Which cluster took each keystore entry by default in this process: keystore file and entry, to the cluster's
 * output directory and construct path (the same cluster built again, as a test does, takes it again).
 */
const TAKEN = new Map<string, { readonly outdir: string; readonly path: string }>();

/** The keys of `cluster` from the default keystore, under its identity; `CLUSTER_KEYS_SHARED` when another cluster took that entry. */
export function defaultClusterKeys(cluster: Construct, identity: ClusterIdentity | undefined): PxKeys {
  const entry = identity?.name ?? DEFAULT_CLUSTER_ENTRY;
  const key = `${resolve(DEFAULT_KEYSTORE_PATH)}\0${entry}`;
  const root = cluster.node.root;
  const claimant = { outdir: root instanceof App ? resolve(root.outdir) : '', path: cluster.node.path };
  const taken = TAKEN.get(key);
  if (taken !== undefined && (taken.outdir !== claimant.outdir || taken.path !== claimant.path)) {
    const where =
      identity === undefined
        ? 'has no name (no spec, no clusterName)'
        : identity.source === 'spec'
          ? `is named "${entry}" by its spec`
          : `has clusterName "${entry}"`;
    throw new PxSecurityError({
      code: 'CLUSTER_KEYS_SHARED',
      field: cluster.node.path,
      value: entry,
      problem: `${where}, like the cluster ${taken.path === '' ? '(the root)' : taken.path} of the app writing to ${taken.outdir}: both would take the keystore entry "${entry}", so their keys (and every token) would be equal`,
      fix: `give each cluster its own clusterName (e.g. "prod" and "staging"); to share keys on purpose, pass keys: keysFromKeystore('${DEFAULT_KEYSTORE_PATH}', { cluster: '${entry}' }) to both`,
    });
  }
  TAKEN.set(key, claimant);
  return keysFromKeystore(DEFAULT_KEYSTORE_PATH, { cluster: entry });
}
