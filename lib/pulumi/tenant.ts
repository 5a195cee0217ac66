import * as pulumi from '@pulumi/pulumi';
import { Identity } from '../core/token/identity';
import { TenantPlanProps, planTenant } from '../core/cluster/plan';
import { modelTokenSecret } from '../core/cluster/security-model';
import { SecretDelivery } from '../core/cluster/secret-delivery';
import { requiredCluster } from '../core/cluster/construct-props';
import { requireClusterInProgram } from './program-context';
import { kubeResource } from './kube-resource';
import { PxSecureCluster } from './secure-cluster';
import { reportedOn } from './validation-error';

/** Arguments of {@link PxTenant}. */
export interface PxTenantArgs extends TenantPlanProps {
  /** The cluster whose shared secret signs the tenant's token. */
  readonly cluster: PxSecureCluster;
  /** How the tenant's token Secret reaches the cluster. @default - the cluster's secretDelivery */
  readonly secretDelivery?: SecretDelivery;
}

/**
 * A tenant: a namespace whose claims on a per-tenant StorageClass are made with the tenant's own token, kept
 * in the namespace's `px-k8s-user` Secret. The Pulumi twin of the cdk8s `PxTenant`; children
 * `${name}-namespace` and `${name}-token`, held back until the cluster's cross-object check has passed.
 */
export class PxTenant extends pulumi.ComponentResource {
  /** The tenant's identity, with defaults filled in. */
  public readonly identity: Identity;
  /** The tenant's namespace. */
  public readonly namespace: string;
  /** The Namespace, unless `createNamespace` is false. */
  public readonly namespaceResource?: pulumi.CustomResource;
  /**
   * The tenant's token Secret (a Secret whose `data` is a Pulumi secret, a SealedSecret or an ExternalSecret, as
   * delivered); with the cluster's in-cluster renewal, the renewer's Role in the namespace.
   */
  public readonly tokenSecret: pulumi.CustomResource;

  /** @throws PxValidationError on the tenant, for a problem of `args` (a missing cluster, an invalid namespace, ...) */
  constructor(name: string, args: PxTenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxTenant', name, {}, opts);
    const declared = reportedOn(this, () => declareTenant(this, name, args));
    this.identity = declared.identity;
    this.namespace = args.namespace;
    if (declared.namespaceResource) this.namespaceResource = declared.namespaceResource;
    this.tokenSecret = declared.tokenSecret;
    this.registerOutputs({ namespace: this.namespaceResource, tokenSecret: this.tokenSecret });
  }
}

/** The tenant's objects registered as children of `tenant`, and recorded in the cluster's model. */
function declareTenant(tenant: PxTenant, name: string, args: PxTenantArgs): Pick<PxTenant, 'identity' | 'namespaceResource' | 'tokenSecret'> {
  const cluster = requiredCluster(args, name, 'PxTenant');
  requireClusterInProgram(cluster, name, 'PxTenant');
  const planned = planTenant(cluster.plan, args, { field: name });
  const namespaceResource = planned.namespace ? kubeResource(`${name}-namespace`, planned.namespace, cluster.resourceOptions(tenant)) : undefined;
  // The Secret goes into the Namespace: create that first.
  const tokenSecret = cluster.registerTokenSecret(
    `${name}-token`,
    planned.tokenSecret,
    tenant,
    namespaceResource ? [namespaceResource] : [],
    args.secretDelivery,
    `${name}/token`,
  );
  cluster.model.addTokenSecret(modelTokenSecret(planned.tokenSecret, true));
  return { identity: planned.tokenSecret.identity, tokenSecret, ...(namespaceResource ? { namespaceResource } : {}) };
}
