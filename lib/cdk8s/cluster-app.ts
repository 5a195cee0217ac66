/**
 * A tenant, StorageClass or VolumeSnapshotClass and its cluster belong to one cdk8s App: the construct's
 * objects are synthesized with its own App, its token is signed with the cluster's keys, and a cluster of
 * another App (say a `PxTesting.chart()`'s, whose keys are the published `TEST_KEYS`) would put a token
 * signed with keys that App chose into this App's output.
 */
import { Construct } from 'constructs';
import { PxSecurityError } from '../core/errors/errors';
import type { PxSecureCluster } from './secure-cluster';

/**
 * Throws `CLUSTER_OTHER_APP` when `cluster` is not in the App of the construct at `path` under `scope`.
 *
 * @param kind the construct's name, e.g. `PxTenant`
 */
export function requireClusterInApp(cluster: PxSecureCluster, scope: Construct, path: string, kind: string): void {
  if (cluster.node.root === scope.node.root) return;
  throw new PxSecurityError({
    code: 'CLUSTER_OTHER_APP',
    field: `${path}.cluster`,
    value: cluster.node.path,
    problem: `belongs to another App than this ${kind}${cluster.testMode ? ' (an App of PxTesting, whose keys are the published TEST_KEYS)' : ''}: its tokens would be signed with that App's keys`,
    fix: `make the PxSecureCluster in the same App as this ${kind}, e.g. new PxSecureCluster(chart, 'portworx', { ... }) in a chart of this App`,
  });
}
