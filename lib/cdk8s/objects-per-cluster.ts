/**
 * Which objects of a cdk8s app are applied to the same cluster, for the check that they are unique there.
 *
 * cdk8s writes one file per chart, and a file is applied to one cluster. So the charts that hold a cluster's
 * objects (its keys Secret and spec, its tenants', token Secrets' and classes' objects, wherever those
 * constructs sit) are applied to that cluster, and with them every other `ApiObject` in those charts (the
 * user's own, an `Include`'s). Charts joined by one cluster form one group; a chart holding objects of two
 * clusters joins both into one group (both are applied where that file is, so their objects meet there).
 * An app with at most one such group is applied to one cluster as a whole: every chart belongs to it. In an app
 * with several, a chart holding no cluster's objects is a group of its own (where it is applied is not known).
 */
import { Construct } from 'constructs';

/** How {@link objectsPerCluster} sees an object of the app. */
export interface ObjectPlaces<T> {
  /** The chart the object is in. */
  chartOf(object: T): Construct;
  /** The `PxSecureCluster` the library emitted the object for (or secures it in place, `include`); `undefined` for any other object. */
  clusterOf(object: T): Construct | undefined;
}

/**
 * The app's objects (ApiObjects, or their positions) grouped by the cluster they are applied to, each group in the
 * given order. With one cluster (or none) the group is `objects` itself.
 */
export function objectsPerCluster<T>(objects: readonly T[], places: ObjectPlaces<T>): (readonly T[])[] {
  // Union-find over charts and clusters: a cluster's object joins its chart to the cluster.
  const parent = new Map<Construct, Construct>();
  const find = (node: Construct): Construct => {
    let current = node;
    for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) {
      const grand = parent.get(next) ?? next;
      parent.set(current, grand);
      current = grand;
    }
    return current;
  };
  const union = (a: Construct, b: Construct): void => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent.set(rootB, rootA);
  };
  const clusterCharts = new Set<Construct>();
  for (const object of objects) {
    const cluster = places.clusterOf(object);
    if (cluster === undefined) continue;
    const chart = places.chartOf(object);
    union(cluster, chart);
    clusterCharts.add(chart);
  }
  // One cluster (or none) in the app: the whole app is applied to it.
  if (new Set([...clusterCharts].map(find)).size <= 1) return [objects];
  const groups = new Map<Construct, T[]>();
  for (const object of objects) {
    const key = find(places.chartOf(object));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [object]);
    else group.push(object);
  }
  return [...groups.values()];
}
