/**
 * The Kubernetes objects a cluster, its tenants and classes registered, for the check that they are unique per
 * cluster (`OBJECT_DUPLICATE`, as cdk8s checks an app): two clusters of one program (prod and staging, each with
 * its provider) each have a `kube-system/pxkeys`.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError } from '../core/errors/errors';
import { duplicateObjects, EmittedObject } from '../core/kube/unique-objects';

/** The objects of one cluster, by Pulumi resource name. */
export class RegisteredObjects {
  // One resource name twice is one Pulumi resource (a real program fails on the duplicate URN itself): the last counts.
  private readonly byResource = new Map<string, EmittedObject>();

  /** Records `object`, registered as the resource `name`, named in messages by the component that emits it (as in cdk8s). */
  public record(object: Readonly<Record<string, unknown>>, name: string, parent: pulumi.Resource | undefined): void {
    this.byResource.set(name, { object, owner: parent === undefined ? name : pulumi.resourceName(parent) });
  }

  /** Every object recorded, one per resource name. */
  public all(): EmittedObject[] {
    return [...this.byResource.values()];
  }

  /** `OBJECT_DUPLICATE` for each object whose identity (API group, kind, namespace, name) an earlier one has. */
  public duplicates(): PxSecurityError[] {
    return duplicateObjects(this.all()).map(({ error }) => error);
  }
}

/** The options of a resource of a cluster, and where the cluster records the object it registers. */
export interface ClusterResourceOptions {
  readonly opts: pulumi.CustomResourceOptions;
  readonly objects: RegisteredObjects;
}
