import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  IdentityProps,
  IssuedToken,
  KubeObject,
  PortworxSpec,
  PxKeys,
  RotationPolicy,
  SecureClusterOptions,
  SecureClusterPlan,
  SecurityModel,
  TokenSecretPlan,
  TokenSecretPlanProps,
  currentTime,
  issuanceWindow,
  issueToken,
  keysSecretPlacement,
  opaqueSecret,
  tokenSecretPlacement,
  planSecureCluster,
  planTokenSecret,
  resolveIdentity,
  signKeysSecret,
  signTokenSecret,
} from '../core';
import { PxKeyInputs, clusterKeys } from './cluster-keys';
import { ClusterVerdict } from './cluster-verdict';
import { kubeResource, kubeResourceName, kubeSecret } from './kube-resource';
import { ModelCheck } from './model-check';
import { PxValidationError } from './validation-error';

/**
 * Arguments of {@link PxSecureCluster}: the cdk8s construct's props, with the keys as Pulumi inputs. Everything
 * else shapes the planned objects and is checked in the constructor, so it is plain data, known at preview.
 */
export interface PxSecureClusterArgs extends SecureClusterOptions {
  /**
   * The Portworx install spec to secure and register: `PortworxSpec.fromFile('px-spec.yaml')`, `.fromText()`
   * or `.fromObjects()`. A spec with a `StorageCluster` selects the operator form. Each object becomes a typed
   * `@pulumi/kubernetes` resource named `${name}-${kind}-${namespace}-${objectName}`.
   * @default - none: Portworx is installed by other means; only the keys Secret and tokens are registered
   */
  readonly spec?: PortworxSpec;
  /**
   * The three shared keys, e.g. from `config.requireSecret(...)` or another resource.
   * @default - three `RandomPassword`s `${name}-system-secret`, `${name}-stork-secret`, `${name}-shared-secret`
   *   (64 characters of the base64 alphabet), generated on the first `pulumi up` and kept in the stack's state
   */
  readonly keys?: PxKeyInputs;
}

/** Arguments of {@link PxSecureCluster.addTokenSecret}. */
export type PxTokenSecretArgs = TokenSecretPlanProps;
/** Pulumi options of a resource that a cluster method adds. */
export interface PxResourceOptions {
  /**
   * Resources to create first, e.g. the Namespace a token Secret goes into when the program makes it.
   * @default - none
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * A Portworx cluster with PX-Security: the keys Secret, the install spec secured (portworx DaemonSet and stork,
 * or the operator's StorageCluster), and the tokens it signs. The Pulumi twin of the cdk8s `PxSecureCluster`:
 * the same plan, objects, tokens and errors.
 *
 * Validation: props that are wrong on their own throw in the constructor (and in `addTokenSecret`,
 * `mintToken`, `PxTenant`, `PxStorageClass`), with the same `PxSecurityError` codes and messages as cdk8s.
 * Problems that span objects (two tenants with one `sub`, a StorageClass reading a token nobody makes) are
 * checked once the program has declared everything, i.e. after its synchronous pass (Node's `setImmediate`
 * after the latest declaration; there is no Pulumi event for it). Every Kubernetes resource of the cluster, its
 * tenants and its StorageClasses has that check in its `dependsOn`, so when it fails, `pulumi preview` and
 * `pulumi up` fail with one {@link PxValidationError} on the cluster before any of them is registered.
 * Declare a cluster's tenants, token Secrets and StorageClasses in the same synchronous stretch as the
 * cluster (not after an `await` of real I/O, not inside an `apply`). {@link PxSecureCluster.validate} runs the
 * same check on demand, e.g. at the end of an async program.
 *
 * Target a cluster other than kubectl's current context with the component's `provider` option: the children
 * inherit it.
 *
 * Secrets: the keys, every token and the `data` of every Secret holding them are Pulumi secrets; they are
 * computed when the keys are known (inside `apply`), while the Secret resources themselves, with their names
 * and namespaces, are declared at once, so `pulumi preview` shows them.
 */
export class PxSecureCluster extends pulumi.ComponentResource {
  /** The resolved cluster: form, issuer, keys Secret, secured spec objects. */
  public readonly plan: SecureClusterPlan;
  /** Every token Secret, tenant and StorageClass of this cluster, checked together (see {@link PxSecureCluster.validate}). */
  public readonly model: SecurityModel;
  /** The three keys, as one Pulumi secret. */
  public readonly keys: pulumi.Output<PxKeys>;
  /** The keys Secret (`pxkeys`, or the operator's `px-shared-secret`); its `data` is a Pulumi secret. */
  public readonly keysSecret: k8s.core.v1.Secret;
  /** One resource per object of the secured spec, in the spec's order. */
  public readonly specResources: readonly pulumi.CustomResource[];
  /** The name given to the constructor: prefix of every child's name and the field of every message. */
  private readonly clusterName: string;
  /** The cross-object check every resource of the cluster waits for. */
  private readonly modelCheck: ModelCheck;
  /** The one promise through which the program fails when the cluster is wrong. */
  private readonly verdict: ClusterVerdict;

  constructor(name: string, args: PxSecureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxSecureCluster', name, {}, opts);
    this.clusterName = name;
    const { spec, keys, clock, ...settings } = args;
    this.plan = planSecureCluster({ ...settings, specObjects: spec?.objects, specFile: spec?.file, now: currentTime(clock) }, name);
    this.model = new SecurityModel(this.plan, name);
    this.verdict = new ClusterVerdict();
    this.modelCheck = new ModelCheck(
      () => this.validate(),
      (error) => {
        if (error === undefined) this.verdict.passedModel();
        else if (error instanceof PxValidationError) this.verdict.failed(error);
        else this.verdict.failed(new PxValidationError([], this, error));
      },
    );
    this.keys = clusterKeys(name, keys, this, name, this.verdict);

    this.specResources = this.plan.specObjects.map((object) =>
      kubeResource(kubeResourceName(name, object as KubeObject), object, this.resourceOptions(this)),
    );
    const keysShape = opaqueSecret(keysSecretPlacement(this.plan), {});
    this.keysSecret = kubeSecret(
      kubeResourceName(name, keysShape),
      keysShape,
      this.keys.apply((values) => signKeysSecret(this.plan, values, name).data),
      this.resourceOptions(this),
    );
    this.registerOutputs({ keys: this.keys, keysSecret: this.keysSecret, specResources: this.specResources });
  }

  /**
   * Mints a token signed by this cluster, e.g. the storage admin's for `pxctl context create`; export it as a
   * stack output and read it with `pulumi stack output <name> --show-secrets`. The Output is a Pulumi secret.
   * The identity and rotation are checked at once.
   */
  public mintToken(identity: IdentityProps, rotation?: RotationPolicy): pulumi.Output<IssuedToken> {
    const field = `${this.clusterName}.mintToken`;
    const resolved = resolveIdentity(identity, `${field}.identity`);
    issuanceWindow(rotation ?? this.plan.rotation, this.plan.now, `${field}.rotation`);
    return pulumi.secret(this.keys.apply((values) => issueToken(this.plan, values, resolved, field, rotation)));
  }

  /**
   * Adds a token Secret (key `auth-token`), e.g. the docs' Kubernetes user `portworx/px-k8s-user`, as the
   * child `${name}-${id}`.
   */
  public addTokenSecret(id: string, args: PxTokenSecretArgs, opts: PxResourceOptions = {}): k8s.core.v1.Secret {
    const planned = planTokenSecret(this.plan, args, `${this.clusterName}/${id}`);
    this.model.addTokenSecret({ ...planned, tenant: false });
    return this.registerTokenSecret(`${this.clusterName}-${id}`, planned, this, opts.dependsOn);
  }

  /**
   * Registers a planned token Secret signed with this cluster's keys (as {@link PxTenant} does), as a child of
   * `parent` and after `dependsOn`; its `data` is a Pulumi secret.
   */
  public registerTokenSecret(
    name: string,
    planned: TokenSecretPlan,
    parent: pulumi.Resource,
    dependsOn: readonly pulumi.Resource[] = [],
  ): k8s.core.v1.Secret {
    return kubeSecret(
      name,
      opaqueSecret(tokenSecretPlacement(this.plan, planned), {}),
      this.keys.apply((values) => signTokenSecret(this.plan, values, planned).secret.data),
      this.resourceOptions(parent, dependsOn),
    );
  }

  /**
   * Options for a resource of this cluster (its own, or a tenant's or StorageClass's): a child of `parent`,
   * created after `dependsOn`, and held back until the cluster's cross-object check has passed.
   */
  public resourceOptions(parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[] = []): pulumi.CustomResourceOptions {
    const afterCheck: Promise<pulumi.Resource[]> = this.modelCheck.declared().then(() => [...dependsOn]);
    return { parent, dependsOn: afterCheck };
  }

  /**
   * The outcome of the checks that run once the program has declared the cluster's tenants, token Secrets and
   * StorageClasses (the cross-object check) and once its keys are known (`KEYS_WEAK`, `KEYS_UNRESOLVED`, ...):
   * resolves when both have passed, rejects once with a {@link PxValidationError} naming every problem
   * (`[CODE] message` per line; `errors` holds each `PxSecurityError`). A program need not call it: when
   * nothing handles the rejection, it is what fails `pulumi preview`/`pulumi up`, once. A test awaits it:
   * `await expect(cluster.validated()).rejects.toThrow('[STORAGECLASS_NO_TENANT] ...')`, in the same synchronous
   * stretch that declared the cluster. (Keys that stay unknown, as generated ones in a preview under mocks
   * that do not resolve them, leave it pending unless the cross-object check fails.)
   */
  public validated(): Promise<void> {
    return this.verdict.settled;
  }

  /**
   * Checks the cluster's token Secrets, tenants and StorageClasses together, now. The program need not call
   * it: the same check runs by itself once the program has declared everything.
   * @throws PxValidationError listing every problem, each with the same code and message as in cdk8s
   */
  public validate(): void {
    const errors = this.model.validate();
    if (errors.length > 0) throw new PxValidationError(errors, this);
  }
}
