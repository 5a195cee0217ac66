import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Identity, IdentityProps, RotationPolicy, planTenant } from '../core';
import { kubeResource } from './kube-resource';
import { PxSecureCluster } from './secure-cluster';

/** Arguments of {@link PxTenant}. */
export interface PxTenantArgs {
  /** The cluster whose shared secret signs the tenant's token. */
  readonly cluster: PxSecureCluster;
  /** The tenant's namespace (RFC 1123 label). */
  readonly namespace: string;
  /**
   * The tenant's identity; every field is optional.
   * @default - name = namespace, roles ['system.user'], groups [], sub derived from the name
   */
  readonly identity?: Partial<IdentityProps>;
  /** Name of the tenant's token Secret (key `auth-token`). @default 'px-k8s-user' */
  readonly tokenSecretName?: string;
  /** Register the Namespace; false when the namespace is made elsewhere. @default true */
  readonly createNamespace?: boolean;
  /** Labels of the Namespace. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Namespace. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Overrides the cluster's token rotation for this tenant. @default - the cluster's */
  readonly rotation?: RotationPolicy;
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
  /** The tenant's token Secret; its `data` is a Pulumi secret. */
  public readonly tokenSecret: k8s.core.v1.Secret;

  constructor(name: string, args: PxTenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxTenant', name, {}, opts);
    const { cluster } = args;
    const planned = planTenant(cluster.plan, args, name);
    this.identity = planned.tokenSecret.identity;
    this.namespace = args.namespace;
    if (planned.namespace) this.namespaceResource = kubeResource(`${name}-namespace`, planned.namespace, cluster.resourceOptions(this));
    // The Secret goes into the Namespace: create that first.
    this.tokenSecret = cluster.registerTokenSecret(`${name}-token`, planned.tokenSecret, this, this.namespaceResource ? [this.namespaceResource] : []);
    cluster.model.addTokenSecret({ ...planned.tokenSecret, tenant: true });
    this.registerOutputs({ namespace: this.namespaceResource, tokenSecret: this.tokenSecret });
  }
}
