import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedRenewal } from '../core/renewer/renewal';
import type { RenewedTokenSecret } from '../core/renewer/renewal';
import { RenewerCluster, RenewerObjects, renewerObjects, tokenAccessObjects } from '../core/renewer/renewer-objects';
import { emitObject } from './emit';

/**
 * The in-cluster token renewer of a `PxSecureCluster` with `renewal: { mode: 'in-cluster' }`: its ConfigMap
 * (script and the token Secrets to serve), ServiceAccount, RBAC, CronJob and first Job.
 *
 * Tenants and token Secrets join after the cluster is made, so what depends on them (the ConfigMap's data, the
 * pod templates' digest, the Job's name, each namespace's Role) is rendered lazily at synth, from every token Secret
 * the cluster then serves.
 */
export class PxTokenRenewer extends Construct {
  private readonly tokens: RenewedTokenSecret[] = [];
  /** The Role of each namespace with a token Secret. */
  private readonly access = new Map<string, ApiObject>();
  private rendered?: { readonly count: number; readonly objects: RenewerObjects };
  /** The CronJob and the first Job: applied after every Role and RoleBinding they need. */
  private readonly workloads: readonly ApiObject[];

  constructor(
    scope: Construct,
    id: string,
    private readonly cluster: RenewerCluster,
    private readonly renewal: ResolvedRenewal,
  ) {
    super(scope, id);
    const shape = renewerObjects(cluster, renewal, []);
    this.emit('config', { ...shape.configMap, data: this.lazy((objects) => objects.configMap.data) });
    this.emit('service-account', shape.serviceAccount);
    this.emit('keys-role', shape.keysAccess[0]);
    this.emit('keys-role-binding', shape.keysAccess[1]);
    const cronJob = this.emit('cron-job', { ...shape.cronJob, spec: this.lazy((objects) => objects.cronJob.spec) });
    const job = this.emit('job', {
      ...shape.job,
      metadata: { ...shape.job.metadata, name: this.lazy((objects) => objects.job.metadata.name) as string },
      spec: this.lazy((objects) => objects.job.spec),
    });
    this.workloads = [cronJob, job];
  }

  /** Emits one renewer object as a child of this construct, applied to the cluster it serves. */
  private emit(id: string, object: Readonly<Record<string, unknown>>): ApiObject {
    return emitObject(this, id, object, this.node.scope as Construct);
  }

  /**
   * Serves a token Secret: the renewer mints and renews it in the cluster. Returns the Role in the Secret's
   * namespace that lets the renewer write it (one per namespace), applied after `namespace` when the app makes it.
   */
  public serve(token: RenewedTokenSecret, namespace?: ApiObject): ApiObject {
    this.tokens.push(token);
    const existing = this.access.get(token.namespace);
    if (existing !== undefined) return existing;
    const [role, binding] = tokenAccessObjects(this.cluster.keysSecret.namespace, token.namespace, [token.name]);
    const id = `access-${token.namespace}`;
    const emitted = this.emit(`${id}-role`, {
      ...role,
      rules: this.lazy((objects) => objects.tokenAccess.find((entry) => entry.namespace === token.namespace)?.objects[0].rules),
    });
    const emittedBinding = this.emit(`${id}-role-binding`, binding);
    if (namespace !== undefined) for (const access of [emitted, emittedBinding]) access.addDependency(namespace);
    for (const workload of this.workloads) workload.addDependency(emitted, emittedBinding);
    this.access.set(token.namespace, emitted);
    return emitted;
  }

  /** A value rendered at synth from the objects for every token Secret served by then. */
  private lazy(pick: (objects: RenewerObjects) => unknown): unknown {
    return Lazy.any({ produce: () => pick(this.objects()) });
  }

  private objects(): RenewerObjects {
    if (this.rendered?.count !== this.tokens.length)
      this.rendered = { count: this.tokens.length, objects: renewerObjects(this.cluster, this.renewal, this.tokens) };
    return this.rendered.objects;
  }
}
