/**
 * The body of every cdk8s class construct (`PxStorageClass`, `PxVolumeSnapshotClass`, the next kind): the
 * cluster checked, the class built by its kind's builder, emitted with its sync wave, and recorded in the
 * cluster's model for the synth-time cross-object check.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClassKindRules } from '../core/class-kinds';
import { buildFrontDoorClass, ClassFrontDoorProps } from '../core/class-front-door';
import { requiredCluster } from '../core/construct-props';
import { KubeObject } from '../core/kube-object';
import { requireClusterInApp } from './cluster-app';
import { emitObject } from './emit';
import type { PxSecureCluster } from './secure-cluster';

/** A class emitted by a construct: its name and its ApiObject. */
export interface EmittedClass {
  readonly name: string;
  readonly apiObject: ApiObject;
}

/** Builds, emits and records the class of `props` under `construct`. */
export function emitClass<Props>(
  construct: Construct,
  rules: ClassKindRules<Props, KubeObject>,
  props: Props & ClassFrontDoorProps & { readonly cluster: PxSecureCluster },
): EmittedClass {
  const field = construct.node.path;
  const cluster = requiredCluster<PxSecureCluster>(props, field, rules.description.construct);
  requireClusterInApp(cluster, construct, rules.description.construct);
  const { object, entry } = buildFrontDoorClass(rules, props, field);
  const apiObject = cluster.annotateWave(emitObject(construct, rules.description.objectId, object, cluster), object);
  cluster.model.addStorageClass(entry);
  return { name: object.metadata.name, apiObject };
}
