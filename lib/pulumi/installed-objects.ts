/**
 * The objects a program installs itself and hands to `cluster.transformation` (a `k8s.yaml.ConfigFile`,
 * `ConfigGroup` or `k8s.helm.v3.Chart`), checked as cdk8s `include` and `pxsec patch` check a spec: one portworx
 * DaemonSet, StorageCluster and stork Deployment per cluster (`SPEC_TARGET_AMBIGUOUS`), and every object unique
 * among them and the objects the cluster, its tenants and classes register (`OBJECT_DUPLICATE`): one spec
 * installed through two ConfigFiles, or a ConfigFile holding the keys Secret the cluster makes, is refused.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError } from '../core/errors/errors';
import { describeObject, targetOf } from '../core/spec/targets';
import { duplicateObjects, EmittedObject } from '../core/kube/unique-objects';

/** What each kind of target is called in messages, and the fix when a program installs two. */
const TARGETS = {
  daemonSet: { what: 'portworx DaemonSets', fix: 'keep one portworx DaemonSet per cluster: install the spec once, and give each cluster its own' },
  storageCluster: { what: 'StorageClusters', fix: 'keep one StorageCluster per cluster: install the spec once, and give each cluster its own' },
  stork: { what: 'stork Deployments', fix: 'keep one stork Deployment per cluster: install the spec once' },
  autopilot: { what: 'autopilot Deployments', fix: 'keep one autopilot Deployment per cluster: install the spec once' },
} as const;

/** The installed objects of one cluster seen so far. */
export class InstalledObjects {
  private readonly seen: EmittedObject[] = [];
  private readonly targets = new Map<keyof typeof TARGETS, { readonly described: string; readonly owner: string }>();

  /**
   * @param cluster the cluster's name, for messages
   * @param registered the objects the cluster, its tenants and classes registered so far
   */
  constructor(
    private readonly cluster: string,
    private readonly registered: () => readonly EmittedObject[],
  ) {}

  /**
   * Checks one object a transformation is given, by the resource that installs it (`opts.parent`).
   * @throws PxSecurityError `SPEC_TARGET_AMBIGUOUS` for a second portworx DaemonSet, StorageCluster or stork
   *   Deployment; `OBJECT_DUPLICATE` for an object that is already installed or registered
   */
  public check(object: Record<string, unknown>, parent: pulumi.Resource | undefined): void {
    const metadata = object.metadata as { name?: unknown } | undefined;
    // A List is registered as its items (each handed over again); an object without a name is refused by the API server.
    if (typeof object.kind !== 'string' || object.kind.endsWith('List') || typeof metadata?.name !== 'string') return;
    const described = describeObject(object, this.seen.length);
    const owner = `${parent === undefined ? this.cluster : pulumi.resourceName(parent)} (${described})`;
    const target = targetOf(object, owner, this.seen.length);
    if (target !== undefined) {
      const first = this.targets.get(target.kind);
      if (first === undefined) this.targets.set(target.kind, { described, owner });
      else if (first.described !== described) {
        throw new PxSecurityError({
          code: 'SPEC_TARGET_AMBIGUOUS',
          field: `${this.cluster}.transformation`,
          problem: `is given 2 ${TARGETS[target.kind].what} (${first.owner}, ${owner})`,
          fix: TARGETS[target.kind].fix,
        });
      }
    }
    const entry: EmittedObject = { object: JSON.parse(JSON.stringify(object)) as Record<string, unknown>, owner };
    const duplicate = duplicateObjects([...this.registered(), ...this.seen, entry]).find(({ second }) => second === entry);
    if (duplicate !== undefined) throw duplicate.error;
    this.seen.push(entry);
  }
}
