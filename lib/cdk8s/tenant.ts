import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Identity } from '../core/token/identity';
import { TenantPlanProps, planTenant } from '../core/cluster/plan';
import { modelTokenSecret } from '../core/cluster/security-model';
import { SecretDelivery } from '../core/cluster/secret-delivery';
import { requiredCluster } from '../core/cluster/construct-props';
import { requireClusterInApp } from './cluster-app';
import { emitObject } from './emit';
import { PxSecureCluster } from './secure-cluster';

/** Props of {@link PxTenant}. */
export interface PxTenantProps extends TenantPlanProps {
  /** The cluster whose shared secret signs the tenant's token. */
  readonly cluster: PxSecureCluster;
  /** How the tenant's token Secret reaches the cluster. @default - the cluster's secretDelivery */
  readonly secretDelivery?: SecretDelivery;
}

/**
 * A tenant: a namespace whose claims on a per-tenant StorageClass are made with the tenant's own token,
 * kept in the namespace's `px-k8s-user` Secret.
 */
export class PxTenant extends Construct {
  /** The tenant's identity, with defaults filled in. */
  public readonly identity: Identity;
  /** The tenant's namespace. */
  public readonly namespace: string;
  /**
   * The tenant's token Secret (a Secret, SealedSecret or ExternalSecret, as delivered); with the cluster's in-cluster
   * renewal, the renewer's Role in the namespace (the renewer writes the Secret in the cluster).
   */
  public readonly tokenSecret: ApiObject;

  constructor(scope: Construct, id: string, props: PxTenantProps) {
    super(scope, id);
    const cluster = requiredCluster(props, this.node.path, 'PxTenant');
    requireClusterInApp(cluster, this, this.node.path, 'PxTenant');
    const planned = planTenant(cluster.plan, props, { field: this.node.path });
    this.identity = planned.tokenSecret.identity;
    this.namespace = props.namespace;
    const namespace = planned.namespace ? emitObject(this, 'namespace', planned.namespace, cluster) : undefined;
    if (namespace !== undefined && planned.namespace) cluster.annotateWave(namespace, planned.namespace);
    this.tokenSecret = cluster.emitTokenSecret(this, 'token', planned.tokenSecret, props.secretDelivery, namespace);
    cluster.model.addTokenSecret(modelTokenSecret(planned.tokenSecret, true));
  }
}
