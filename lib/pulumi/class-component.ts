/**
 * The body of every Pulumi class component (`PxStorageClass`, `PxVolumeSnapshotClass`, the next kind): the
 * cluster checked, the class built by its kind's builder, registered as the child `${name}-<kind>` held back
 * until the cluster's cross-object check has passed, and recorded in the cluster's model for that check. A
 * problem of the arguments is thrown as a `PxValidationError` on the component.
 */
import * as pulumi from '@pulumi/pulumi';
import { ClassKindRules } from '../core/classes/class-kinds';
import { buildFrontDoorClass, ClassFrontDoorProps } from '../core/classes/class-front-door';
import { requiredCluster } from '../core/cluster/construct-props';
import { KubeObject } from '../core/kube/kube-object';
import { kubeResource } from './kube-resource';
import { requireClusterInProgram } from './program-context';
import type { PxSecureCluster } from './secure-cluster';
import { reportedOn } from './validation-error';

/** A class registered by a component: its name and its resource. */
export interface RegisteredClass {
  readonly name: string;
  readonly resource: pulumi.CustomResource;
}

/**
 * Builds, registers and records the class of `args` as a child of `component`, named `name`.
 * @throws PxValidationError on `component`, for a problem of `args` (a missing cluster, an invalid parameter)
 */
export function registerClass<Args>(
  component: pulumi.ComponentResource,
  name: string,
  rules: ClassKindRules<Args, KubeObject>,
  args: Args & ClassFrontDoorProps & { readonly cluster: PxSecureCluster },
): RegisteredClass {
  return reportedOn(component, () => {
    const cluster = requiredCluster<PxSecureCluster>(args, name, rules.description.construct);
    requireClusterInProgram(cluster, name, rules.description.construct);
    const { object, entry } = buildFrontDoorClass(rules, args, name);
    const resource = kubeResource(`${name}-${rules.description.objectId}`, object, cluster.resourceOptions(component, cluster.applyDependenciesOf(object)));
    cluster.model.addStorageClass(entry);
    return { name: object.metadata.name, resource };
  });
}
