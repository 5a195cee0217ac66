/**
 * The body of every cdk8s class construct (`PxStorageClass`, `PxVolumeSnapshotClass`, the next kind). A class
 * construct is its class's `ApiObject` (no wrapper construct: an app of 10,000 tenants holds 20,000 classes, and
 * every construct costs each synth pass): the class is built and checked before the construct exists
 * ({@link buildClass}, the cluster checked, errors naming the construct's path), then the construct, once made,
 * is recorded as emitted with its sync wave and entered in the cluster's model ({@link recordClass}).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClassKindRules } from '../core/classes/class-kinds';
import { buildFrontDoorClass, ClassFrontDoorProps, FrontDoorClass } from '../core/classes/class-front-door';
import { requiredCluster } from '../core/cluster/construct-props';
import { KubeObject } from '../core/kube/kube-object';
import { requireClusterInApp } from './cluster-app';
import { markEmitted } from './emit';
import type { PxSecureCluster } from './secure-cluster';

/** A class built for the construct about to be made: its object, model entry and cluster. */
export interface BuiltClass<Built extends KubeObject> extends FrontDoorClass<Built> {
  readonly cluster: PxSecureCluster;
}

/** Builds the class of `props` for the construct `id` under `scope`, which does not exist yet. */
export function buildClass<Props, Built extends KubeObject>(
  scope: Construct,
  id: string,
  rules: ClassKindRules<Props, Built>,
  props: Props & ClassFrontDoorProps & { readonly cluster: PxSecureCluster },
): BuiltClass<Built> {
  const path = childPath(scope, id);
  const cluster = requiredCluster<PxSecureCluster>(props, path, rules.description.construct);
  requireClusterInApp(cluster, scope, path, rules.description.construct);
  const { object, entry } = buildFrontDoorClass(rules, props, path);
  return { object, entry, cluster };
}

/** Records the class construct `apiObject`, made from `built`, as its cluster's. */
export function recordClass(apiObject: ApiObject, built: BuiltClass<KubeObject>): void {
  built.cluster.annotateWave(markEmitted(apiObject, built.object, built.cluster), built.object);
  built.cluster.model.addStorageClass(built.entry);
}

/** Whether `value` is an instance of `klass` by its prototype chain (`instanceof` as JavaScript has it). */
export function isInstance(klass: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(klass.prototype, value);
}

/** The path the construct `id` under `scope` will have (constructs writes a `/` in an id as `--`). */
function childPath(scope: Construct, id: string): string {
  const own = id.replace(/\//g, '--');
  return scope.node.path === '' ? own : `${scope.node.path}/${own}`;
}
