import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeObject } from '../core/kube/kube-object';
import { ResolvedRenewal } from '../core/renewer/renewal';
import type { RenewedTokenSecret } from '../core/renewer/renewal';
import { RenewerCluster, RenewerObjects, renewerObjects, tokenAccessObjects } from '../core/renewer/renewer-objects';
import { kubeResource, kubeResourceName, registerObject } from './kube-resource';
import { ClusterResourceOptions } from './registered-objects';

/**
 * The in-cluster token renewer of a Pulumi `PxSecureCluster` with `renewal: { mode: 'in-cluster' }`: the same
 * objects as the cdk8s renewer (ConfigMap, ServiceAccount, RBAC, CronJob and first Job), as children of the cluster.
 *
 * Tenants and token Secrets are declared after the cluster, so what depends on them (the ConfigMap's data, the pod
 * templates' digest, the Job's name, each namespace's Role rules) is an Output that resolves once the program has
 * declared them: when the cluster's cross-object check has passed (`declared`), which every resource of the
 * cluster waits for anyway.
 */
export class PulumiTokenRenewer {
  private readonly tokens: RenewedTokenSecret[] = [];
  /** The Role of each namespace with a token Secret. */
  private readonly access = new Map<string, pulumi.CustomResource>();
  /** Every Role and RoleBinding of the token Secrets' namespaces: the CronJob and the Job are created after them. */
  private readonly accessResources: pulumi.Resource[] = [];
  /** The objects for every token Secret served, once the program has declared them. */
  private readonly objects: Promise<RenewerObjects>;

  constructor(
    private readonly prefix: string,
    private readonly cluster: RenewerCluster,
    renewal: ResolvedRenewal,
    declared: Promise<void>,
    private readonly options: () => ClusterResourceOptions,
  ) {
    this.objects = declared.then(() => renewerObjects(cluster, renewal, this.tokens));
    const shape = renewerObjects(cluster, renewal, []);
    this.register(shape.configMap, { data: this.later((objects) => objects.configMap.data) });
    kubeResource(kubeResourceName(prefix, shape.serviceAccount), shape.serviceAccount, options());
    for (const object of shape.keysAccess) kubeResource(kubeResourceName(prefix, object), object, options());
    // After the check (as every resource of the cluster) and after every Role and RoleBinding the script needs.
    const afterAccess = (): ClusterResourceOptions => {
      const dependsOn: Promise<pulumi.Resource[]> = declared.then(() => [...this.accessResources]);
      const place = options();
      return { ...place, opts: { ...place.opts, dependsOn } };
    };
    this.register(shape.cronJob, { spec: this.later((objects) => objects.cronJob.spec) }, afterAccess());
    // The Job's name holds a digest of its pod template (known once the tenants are): one resource name for it.
    new k8s.batch.v1.Job(
      `${prefix}-job-${cluster.keysSecret.namespace}-px-token-renewer`,
      {
        metadata: this.later((objects) => objects.job.metadata) as pulumi.Input<k8s.types.input.meta.v1.ObjectMeta>,
        spec: this.later((objects) => objects.job.spec) as pulumi.Input<k8s.types.input.batch.v1.JobSpec>,
      },
      afterAccess().opts,
    );
  }

  /**
   * Serves a token Secret: the renewer mints and renews it in the cluster. Returns the Role in the Secret's
   * namespace that lets the renewer write it (one per namespace, registered with the options of the first).
   */
  public serve(token: RenewedTokenSecret, opts: ClusterResourceOptions): pulumi.CustomResource {
    this.tokens.push(token);
    const existing = this.access.get(token.namespace);
    if (existing !== undefined) return existing;
    const [role, binding] = tokenAccessObjects(this.cluster.keysSecret.namespace, token.namespace, [token.name]);
    const rules = this.later((objects) => objects.tokenAccess.find((entry) => entry.namespace === token.namespace)?.objects[0].rules);
    const registered = this.register(role, { rules }, opts);
    this.accessResources.push(registered, kubeResource(kubeResourceName(this.prefix, binding), binding, opts));
    this.access.set(token.namespace, registered);
    return registered;
  }

  /** A field of the renewer's objects, once the program has declared every token Secret. */
  private later(pick: (objects: RenewerObjects) => unknown): pulumi.Output<unknown> {
    return pulumi.output(this.objects.then(pick));
  }

  /** Registers `object` with the fields `later` (Outputs) in place of its own; its identity is known now. */
  private register(object: KubeObject, later: Record<string, pulumi.Output<unknown>>, place: ClusterResourceOptions = this.options()): pulumi.CustomResource {
    const name = kubeResourceName(this.prefix, object);
    const { apiVersion, kind, metadata } = object;
    registerObject(JSON.parse(JSON.stringify({ apiVersion, kind, metadata })) as Record<string, unknown>, name, place);
    const { opts } = place;
    const args = { apiVersion, kind, metadata, ...later };
    switch (kind) {
      case 'ConfigMap':
        return new k8s.core.v1.ConfigMap(name, args as k8s.core.v1.ConfigMapArgs, opts);
      case 'CronJob':
        return new k8s.batch.v1.CronJob(name, args as k8s.batch.v1.CronJobArgs, opts);
      default:
        return new k8s.rbac.v1.Role(name, args as k8s.rbac.v1.RoleArgs, opts);
    }
  }
}
