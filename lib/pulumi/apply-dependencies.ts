/**
 * The order of a first apply in a Pulumi program: each resource of a cluster names in `dependsOn` the resources
 * that provide what it needs (`applyPrerequisites`: its Namespace, the Secrets its pods read, the fixed token
 * Secret a class names), so the engine creates a Namespace before what goes into it and the keys Secret before
 * the portworx DaemonSet and stork.
 */
import * as pulumi from '@pulumi/pulumi';
import { applyPrerequisites, prerequisiteKey, providedKeys } from '../core/cluster/apply-order';

/** The resources a cluster registered that provide Namespaces and Secrets, by what they provide. */
export class ApplyDependencies {
  private readonly providers = new Map<string, pulumi.Resource[]>();

  /** Records that `resource`, registered from `object`, provides what `object` provides. */
  public provided(object: Readonly<Record<string, unknown>>, resource: pulumi.Resource): void {
    for (const key of providedKeys(object)) this.providers.set(key, [...(this.providers.get(key) ?? []), resource]);
  }

  /** The resources registered so far that provide what `object` needs, each once. */
  public of(object: Readonly<Record<string, unknown>>): pulumi.Resource[] {
    return [...new Set(applyPrerequisites(object).flatMap((prerequisite) => this.providers.get(prerequisiteKey(prerequisite)) ?? []))];
  }
}
