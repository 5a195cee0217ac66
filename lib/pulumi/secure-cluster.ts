import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError, isPxSecurityError } from '../core/errors/errors';
import { IdentityProps, resolveIdentity } from '../core/token/identity';
import { IncludedInstall, planIncludedCluster, secureIncludedObject } from '../core/cluster/in-place';
import { PxKeys } from '../core/keys/keys';
import { KubeObject, SecretObject } from '../core/kube/kube-object';
import {
  IssuedToken,
  SecureClusterOptions,
  SecureClusterPlan,
  TokenSecretPlan,
  TokenSecretPlanProps,
  issueToken,
  keysSecretShape,
  planSecureCluster,
  planTokenSecret,
  signKeysSecret,
  signTokenSecret,
  tokenSecretShape,
} from '../core/cluster/plan';
import { PortworxSpec } from '../node/portworx-spec-file';
import { RotationPolicy, currentTime, issuanceWindow } from '../core/token/rotation';
import { SecretDelivery, SecretDeliveryOptions, deliveredShape, requireKeysSource } from '../core/cluster/secret-delivery';
import { SealCache } from '../core/sealing/seal-cache';
import { SecurityModel, modelTokenSecret } from '../core/cluster/security-model';
import { keysReadBy } from '../core/spec/keys-rollout';
import { SealCacheFiles } from '../node/seal-cache-file';
import { firstApplyOrder } from '../core/cluster/apply-order';
import { ApplyDependencies } from './apply-dependencies';
import { PxKeyInputs, clusterKeys } from './cluster-keys';
import { ProgramContext } from './program-context';
import { ClusterReports, requireSpecGivenOnce } from '../core/cluster/cluster-reports';
import { ClusterVerdict } from './cluster-verdict';
import { deliveredSecret } from './delivered-secret';
import { addKeysDigest } from './keys-digest';
import { InstalledObjects } from './installed-objects';
import { kubeResource, kubeResourceName } from './kube-resource';
import { ClusterResourceOptions, RegisteredObjects } from './registered-objects';
import { ModelCheck } from './model-check';
import { PxValidationError, reportedError, reportedOn } from './validation-error';
import { RenewalOptions, renewerServes, resolveRenewal } from '../core/renewer/renewal';
import { PulumiTokenRenewer } from './token-renewer';
import { signedPlan, signingKeySecret } from '../core/cluster/token-signing-key';
import { PulumiTokenSigning, pulumiTokenSigning } from './token-signing';
import { ExternalValues, externalValues } from '../core/sealing/external-values';
import type { ExternalSecretObject } from '../core/sealing/external-secret';
import { writeExternalValues } from '../node/external-values-file';

/**
 * Arguments of {@link PxSecureCluster}: the cdk8s construct's props, with the keys as Pulumi inputs. Everything
 * else shapes the planned objects and is checked in the constructor, so it is plain data, known at preview.
 */
export interface PxSecureClusterArgs extends SecureClusterOptions, SecretDeliveryOptions, RenewalOptions {
  /**
   * The Portworx install spec to secure and register: `PortworxSpec.fromFile('px-spec.yaml')`, `.fromText()`
   * or `.fromObjects()`. A spec with a `StorageCluster` selects the operator form. Each object becomes a typed
   * `@pulumi/kubernetes` resource named `${name}-${kind}-${namespace}-${objectName}`. Mutually exclusive with
   * `include`.
   * @default - none: Portworx is installed by other means; only the keys Secret and tokens are registered
   */
  readonly spec?: PortworxSpec | undefined;
  /**
   * The Portworx install the program declares itself (`k8s.yaml.ConfigFile`, `ConfigGroup`, `k8s.helm.v3.Chart`),
   * to secure in place: pass {@link PxSecureCluster.transformation} in that resource's `transformations`. Give
   * the same spec (`PortworxSpec.fromFile` of the ConfigFile's file) so the cluster reads the form and
   * namespaces as cdk8s `include` does, or, for a Helm chart whose objects exist only once rendered, the form
   * and namespace it installs: `{ form: 'operator', namespace: 'portworx' }`. The cluster registers none of
   * those objects itself. Mutually exclusive with `spec`.
   * @default - none
   */
  readonly include?: PortworxSpec | IncludedInstall | undefined;
  /**
   * The three shared keys, e.g. from `config.requireSecret(...)` or another resource. `TEST_KEYS` are refused
   * (`KEYS_TEST_ONLY`) unless the program runs under `PxTesting.pulumiMocks()`.
   * @default - three `RandomPassword`s `${name}-system-secret`, `${name}-stork-secret`, `${name}-shared-secret`
   *   (64 characters of the base64 alphabet), generated on the first `pulumi up` and kept in the stack's state
   */
  readonly keys?: PxKeyInputs | undefined;
  /**
   * Where sealed ciphertexts are reused from (sealed delivery), e.g. a `MemorySealCache` whose `snapshot()` you
   * keep yourself, or a `FileSealCache` you `save()` when the program's seals are done.
   * @default - this cluster's own `FileSealCache` of the delivery's `cacheFile`, opened once per cluster and
   *   shared by its tenants: each new ciphertext is appended to the file's journal when it is sealed (so a second
   *   run shows no diff); entries of values no longer sealed stay in the file (delete it to re-seal everything once)
   */
  readonly sealCache?: SealCache | undefined;
  /**
   * The PEM private key (unencrypted PKCS#8, PKCS#1 or SEC1) whose public key `publicKey` configures: tenant
   * and token-Secret tokens, and `mintToken`, are then signed with `publicKey.algorithm` (RS256: RSA of 2048
   * bits or more; ES256: EC P-256), and the Secret or ConfigMap of `publicKey.from` is registered with the
   * public key. A plain Input: `config.requireSecret('tokenSigningKey')`, or a `tls.PrivateKey`'s
   * `privateKeyPem` (`@pulumi/tls`, `algorithm: 'ECDSA', ecdsaCurve: 'P256'` or `'RSA'`). Secret.
   * @default - none: tokens are signed HS256 with the shared secret
   */
  readonly tokenSigningKey?: pulumi.Input<string> | undefined;
  /**
   * The Secret or ConfigMap of `publicKey.from` exists in the cluster already: nothing registers it, and a
   * `publicKey` without `tokenSigningKey` is accepted.
   * @default false
   */
  readonly publicKeyExists?: boolean | undefined;
}

/** Arguments of {@link PxSecureCluster.addTokenSecret}. */
export interface PxTokenSecretArgs extends TokenSecretPlanProps {
  /** How this Secret reaches the cluster. @default - the cluster's secretDelivery */
  readonly secretDelivery?: SecretDelivery;
}

/** Pulumi options of a resource that a cluster method adds. */
export interface PxResourceOptions {
  /**
   * Resources to create first, e.g. the Namespace a token Secret goes into when the program makes it.
   * @default - none
   */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * A Pulumi transformation (`transformations` of `k8s.yaml.ConfigFile`, `ConfigGroup` and `k8s.helm.v3.Chart`):
 * called with each object before it is registered, it changes the object in place.
 */
export type PxKubeTransformation = (object: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => void;

/**
 * A Portworx cluster with PX-Security: the keys Secret, the install spec secured (portworx DaemonSet, stork and
 * autopilot, or the operator's StorageCluster), and the tokens it signs. The Pulumi twin of the cdk8s
 * `PxSecureCluster`: the same plan, objects, tokens and errors. Every pod template that reads the keys carries
 * their keyed digest (`px-security-constructs/keys-digest`, an Output known with the keys), so new keys roll those
 * pods (README, "Key rotation").
 *
 * Validation: props that are wrong on their own throw in the constructor (and in `addTokenSecret`,
 * `mintToken`, `PxTenant`, `PxStorageClass`, `PxVolumeSnapshotClass`), as a {@link PxValidationError} on the
 * component (a `pulumi.ResourceError`, so Pulumi names its URN) whose `errors` hold the one `PxSecurityError`,
 * with the same code and message as cdk8s. Problems that span objects (two tenants with one `sub`, a
 * StorageClass reading a token nobody makes, a plain Secret while `secretsInGit` is `forbid`) are checked at
 * the program's end (Node's `beforeExit`: when the event loop empties, whatever the program awaited before) or
 * when it calls {@link PxSecureCluster.validated}; every Kubernetes resource of the cluster, its tenants and
 * classes waits for that check, so a wrong program fails with one {@link PxValidationError} on the cluster
 * before any of them is registered.
 *
 * Target a cluster other than kubectl's current context with the component's `provider` option: the children
 * inherit it.
 *
 * Secrets: the keys, every token and the `data` of every plain Secret holding them are Pulumi secrets; they are
 * computed when the keys are known (inside `apply`), while the Secret resources themselves, with their names
 * and namespaces, are declared at once, so `pulumi preview` shows them. `secretDelivery` turns them into
 * SealedSecrets (ciphertexts reused from the sealing cache file, so a second `pulumi up` shows no diff),
 * ExternalSecrets, or (keys Secret only) nothing, as in cdk8s.
 */
export class PxSecureCluster extends pulumi.ComponentResource {
  /**
   * The resolved cluster: form, issuer, keys Secret, secured spec objects.
   * @internal
   */
  public readonly plan: SecureClusterPlan;
  /**
   * Every token Secret, tenant and StorageClass of this cluster, checked together (see {@link PxSecureCluster.validate}).
   * @internal
   */
  public readonly model: SecurityModel;
  /**
   * The program the cluster was declared in (its tenants and classes must be declared in it too), and whether
   * it runs under `PxTesting.pulumiMocks()`.
   * @internal
   */
  public readonly program: ProgramContext;
  /** The three keys, as one Pulumi secret. */
  public readonly keys: pulumi.Output<PxKeys>;
  /**
   * The object that delivers the keys Secret (`pxkeys`, or the operator's `px-shared-secret`): a `v1` Secret
   * whose `data` is a Pulumi secret, a SealedSecret or an ExternalSecret; `undefined` with `existing` delivery.
   */
  public readonly keysSecret?: pulumi.CustomResource;
  /** One resource per object of the secured spec, in the spec's order (none with `include`). */
  public readonly specResources: readonly pulumi.CustomResource[];
  /** How this cluster's Secrets reach the cluster, unless a tenant or token Secret says otherwise. */
  public readonly secretDelivery: SecretDelivery;
  /** The name given to the constructor: prefix of every child's name and the field of every message. */
  private readonly clusterName: string;
  /** The cross-object check every resource of the cluster waits for. */
  private readonly modelCheck: ModelCheck;
  /** The objects the cluster, its tenants and classes registered, for the check that objects are unique. */
  private readonly objects = new RegisteredObjects();
  /** How the program learns that the cluster is wrong: through validated(), else at its end. */
  private readonly verdict: ClusterVerdict;
  /** The security settings, for objects secured in place. */
  private readonly settings: SecureClusterOptions;
  /** Whether the program declares the spec itself (`include`). */
  private readonly included: boolean;
  /** Delivery warnings and `secretsInGit` errors, collected as Secrets are registered. */
  private readonly reports: ClusterReports;
  /** The `sealCache` argument, if given. */
  private readonly sealCache: SealCache | undefined;
  /** This cluster's own sealing caches by file, when no `sealCache` is given (never shared through module state). */
  private readonly sealCacheFiles = new SealCacheFiles();
  /** The warnings logged so far. */
  private readonly warned = new Set<string>();
  /** The in-cluster renewer (`renewal: { mode: 'in-cluster' }`), which mints the token Secrets instead of the program. */
  private readonly renewer: PulumiTokenRenewer | undefined;
  /** The Namespaces and Secrets this cluster registered, for the `dependsOn` of what needs them. */
  private readonly applyDependencies = new ApplyDependencies();
  /** Namespaces this cluster registered for token Secrets (`createNamespace`), each once. */
  private readonly createdNamespaces = new Set<string>();
  /** The objects handed to {@link PxSecureCluster.transformation}, checked like a spec's. */
  private readonly installed: InstalledObjects;
  /** What the vault must hold for each ExternalSecret registered so far (see exportExternalValues). Secret. */
  private readonly externalValues: pulumi.Output<ExternalValues[]>[] = [];
  /** The private key that signs tokens (`tokenSigningKey`); without one, the shared secret signs. */
  private readonly signing: PulumiTokenSigning;
  /** The Secret or ConfigMap of `publicKey.from` with the public key of `tokenSigningKey`, unless `publicKeyExists`. */
  public readonly publicKeyResource?: pulumi.CustomResource;

  /** @throws PxValidationError on the cluster, for a problem of `args` (an invalid issuer, `usernameClaim`, key, spec, ...) */
  constructor(name: string, args: PxSecureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('px-security:index:PxSecureCluster', name, {}, opts);
    this.clusterName = name;
    this.installed = new InstalledObjects(name, () => this.objects.all());
    const { spec, include, keys, clock, secretDelivery, keysSecretDelivery, secretsInGit, sealCache, renewal, tokenSigningKey, publicKeyExists, ...settings } =
      args;
    this.sealCache = sealCache;
    // One block, so that a problem of the arguments is thrown as a PxValidationError on the cluster (reportedOn
    // cannot take the block as a function: it assigns readonly fields, which only the constructor itself may).
    try {
      this.program = ProgramContext.current();
      requireSpecGivenOnce(spec?.file, include !== undefined, name);
      const now = currentTime(clock, process.env, `${name}.clock`);
      this.settings = settings;
      this.included = include !== undefined;
      if (include === undefined || include instanceof PortworxSpec) {
        const specObjects = include?.objects ?? spec?.objects;
        const specFile = include ? `include ${include.file}` : spec?.file;
        this.plan = planSecureCluster(
          { ...settings, ...(specObjects !== undefined ? { specObjects } : {}), ...(specFile !== undefined ? { specFile } : {}), now },
          { field: name },
        );
      } else {
        this.plan = planIncludedCluster({ ...settings, now }, include, { field: name });
      }
      this.secretDelivery = secretDelivery ?? { kind: 'plain' };
      const keysDelivery = keysSecretDelivery ?? this.secretDelivery;
      requireKeysSource(keysDelivery, keys !== undefined, name);
      this.model = new SecurityModel(this.plan, name);
      this.reports = new ClusterReports(this.model, secretsInGit, this.program.testMode);
      this.verdict = new ClusterVerdict(() => void this.modelCheck.declared());
      this.modelCheck = new ModelCheck(
        () => {
          this.validate();
          this.reportWarnings();
        },
        (error) => {
          if (error === undefined) this.verdict.passedModel();
          else if (error instanceof PxValidationError) this.verdict.failedModel(error);
          else this.verdict.failedModel(new PxValidationError([], this, error));
        },
        () => this.verdict.throwUntold(),
        () => this.program.isSame(ProgramContext.current()),
      );
      this.keys = clusterKeys(name, keys, this, { field: name, allowTestKeys: this.program.testMode }, this.verdict);
      const renewer = resolveRenewal(renewal, `${name}.renewal`);
      const signing = pulumiTokenSigning(name, this.plan, tokenSigningKey, publicKeyExists ?? false, () => this.resourceOptions(this));
      this.signing = signing;
      if (signing.publicKeyResource !== undefined) this.publicKeyResource = signing.publicKeyResource;
      // With a private key, the renewer signs RS256/ES256 with it (the algorithm of publicKey, checked by the signing).
      const signingAlgorithm = tokenSigningKey === undefined ? undefined : this.plan.publicKey?.algorithm;
      this.renewer =
        renewer === undefined
          ? undefined
          : new PulumiTokenRenewer(name, { ...this.plan, signingAlgorithm }, renewer, this.modelCheck.declared(), () => this.resourceOptions(this));

      // The spec's objects and the keys Secret, each registered after (and depending on) what it needs: the spec's
      // Namespaces before what goes into them, the keys Secret before the portworx DaemonSet and stork.
      const keysShape = keysSecretShape(this.plan);
      const objects = [...(this.included ? [] : this.plan.specObjects), keysShape];
      const resources: (pulumi.CustomResource | undefined)[] = [];
      for (const index of firstApplyOrder(objects)) {
        const object = objects[index] as KubeObject;
        const opts = this.resourceOptions(this, this.applyDependencies.of(object));
        const resource =
          object === keysShape
            ? this.registerSecret(
                kubeResourceName(name, keysShape),
                `${name}/keys`,
                keysShape,
                this.keys.apply((values) => signKeysSecret(this.plan, values, { field: name, allowTestKeys: this.program.testMode })),
                keysDelivery,
                true,
                opts,
              )
            : kubeResource(kubeResourceName(name, object), object, opts, (args) => addKeysDigest(args, this.plan.keysSecret.name, this.keys));
        resources[index] = resource;
        if (resource !== undefined) this.applyDependencies.provided(object, resource);
      }
      this.specResources = resources.slice(0, -1).filter((resource): resource is pulumi.CustomResource => resource !== undefined);
      const keysSecret = resources[objects.length - 1];
      if (keysSecret !== undefined) this.keysSecret = keysSecret;
      if (this.renewer !== undefined && tokenSigningKey !== undefined) {
        // The renewer reads the private key from its own Secret, delivered as the keys are.
        const shape = signingKeySecret(this.plan, '');
        this.registerSecret(
          kubeResourceName(name, shape),
          `${name}/signing-key`,
          shape,
          signing.privateKeyPem.apply((pem) => signingKeySecret(this.plan, pem ?? '')),
          keysDelivery,
          true,
          this.resourceOptions(this),
        );
      }
      this.registerOutputs({ keys: this.keys, keysSecret: this.keysSecret, specResources: this.specResources });
    } catch (error) {
      throw reportedError(this, error);
    }
  }

  /**
   * Secures, in place, the Portworx objects of a `k8s.yaml.ConfigFile`, `k8s.yaml.ConfigGroup` or
   * `k8s.helm.v3.Chart` the program declares: pass it in their `transformations`. The portworx DaemonSet and
   * stork (or the StorageCluster) get exactly what cdk8s `include` gives them, and wait for the cluster's
   * cross-object check like the cluster's own resources; every other object passes unchanged. Needs the
   * cluster declared with `include`. An object that does not fit the cluster (another form, another
   * namespace), a second portworx DaemonSet, StorageCluster or stork Deployment (`SPEC_TARGET_AMBIGUOUS`, as
   * cdk8s `include` and `pxsec patch`), or an object already installed through it or registered by the cluster
   * (`OBJECT_DUPLICATE`: one spec in two ConfigFiles, a ConfigFile holding the keys Secret) is never registered,
   * and fails the program once with a {@link PxValidationError} on the cluster. Pass it to every ConfigFile that
   * goes to this cluster, so that all of them are checked.
   *
   * ```ts
   * const cluster = new PxSecureCluster('portworx', { include: PortworxSpec.fromFile('px-spec.yaml'), issuer: 'portworx.com' });
   * new k8s.yaml.ConfigFile('portworx-spec', { file: 'px-spec.yaml', transformations: [cluster.transformation] });
   * ```
   * @throws PxValidationError on the cluster, `INCLUDE_MISSING`, when read on a cluster declared without `include`
   */
  public get transformation(): PxKubeTransformation {
    if (!this.included) {
      const error = new PxSecurityError({
        code: 'INCLUDE_MISSING',
        field: `${this.clusterName}.include`,
        problem: 'is unset, so the cluster does not know the install that transformation would secure (and spec objects are registered by the cluster itself)',
        fix: 'declare the cluster with include: the spec the program installs, or { form, namespace } for a Helm chart',
      });
      throw new PxValidationError([error], this);
    }
    return (object, opts) => {
      let secured: Record<string, unknown>;
      try {
        this.installed.check(object, opts.parent);
        secured = secureIncludedObject(this.plan, this.settings, object, { field: this.clusterName });
      } catch (error) {
        if (!isPxSecurityError(error)) throw error;
        // Never registered (it waits for the program's end, which fails with this error, on the cluster).
        opts.dependsOn = new Promise<pulumi.Resource[]>(() => undefined);
        this.verdict.failed(new PxValidationError([error], this));
        return;
      }
      if (secured === object && keysReadBy(object, this.plan.keysSecret.name).length === 0) return;
      // A transformation changes the object it is given. The copy is JSON so its arrays are this realm's plain
      // arrays, which the SDK's serializer needs (see kubeResource).
      const copy = JSON.parse(JSON.stringify(secured)) as Record<string, unknown>;
      addKeysDigest(copy, this.plan.keysSecret.name, this.keys);
      for (const key of Object.keys(object)) delete object[key];
      Object.assign(object, copy);
      const before = opts.dependsOn;
      // After the cluster's check, and after the keys Secret it reads.
      const afterCheck = this.resourceOptions(this, this.applyDependencies.of(copy)).opts.dependsOn as Promise<pulumi.Resource[]>;
      opts.dependsOn = before === undefined ? afterCheck : ([before, afterCheck] as pulumi.Input<pulumi.Resource>[]);
    };
  }

  /**
   * Mints a token signed by this cluster, e.g. the storage admin's for `pxctl context create`; export it as a
   * stack output and read it with `pulumi stack output <name> --show-secrets`. The Output is a Pulumi secret.
   * The identity and rotation are checked at once.
   */
  public mintToken(identity: IdentityProps, rotation?: RotationPolicy): pulumi.Output<IssuedToken> {
    const field = `${this.clusterName}.mintToken`;
    const resolved = reportedOn(this, () => {
      const checked = resolveIdentity(identity, { field: `${field}.identity` });
      issuanceWindow(rotation ?? this.plan.rotation, this.plan.now, { field: `${field}.rotation` });
      return checked;
    });
    return pulumi.secret(
      pulumi
        .all([this.keys, this.signing.privateKeyPem])
        .apply(([values, pem]) =>
          issueToken(signedPlan(this.plan, this.signing.signerOf(pem)), values, resolved, { field, ...(rotation !== undefined ? { rotation } : {}) }),
        ),
    );
  }

  /**
   * Adds a token Secret (key `auth-token`), e.g. the docs' Kubernetes user `portworx/px-k8s-user`, as the
   * child `${name}-${id}`: a Secret, SealedSecret or ExternalSecret, as delivered.
   */
  public addTokenSecret(id: string, args: PxTokenSecretArgs, opts: PxResourceOptions = {}): pulumi.CustomResource {
    return reportedOn(this, () => {
      const { secretDelivery, ...props } = args;
      const planned = planTokenSecret(this.plan, props, { field: `${this.clusterName}/${id}` });
      this.model.addTokenSecret(modelTokenSecret(planned, false));
      if (planned.namespaceObject !== undefined && !this.createdNamespaces.has(planned.namespace)) {
        this.createdNamespaces.add(planned.namespace);
        const namespace = kubeResource(kubeResourceName(this.clusterName, planned.namespaceObject), planned.namespaceObject, this.resourceOptions(this));
        this.applyDependencies.provided(planned.namespaceObject, namespace);
      }
      return this.registerTokenSecret(`${this.clusterName}-${id}`, planned, this, opts.dependsOn, secretDelivery, planned.field);
    });
  }

  /**
   * Registers a planned token Secret signed with this cluster's keys (as {@link PxTenant} does), as a child of
   * `parent` and after `dependsOn`, delivered as asked (default: the cluster's `secretDelivery`); with in-cluster
   * renewal, the renewer serves it instead and this returns the renewer's Role in its namespace.
   * @param path the Secret as messages name it, like a cdk8s construct path (`tenant-a/token`)
   * @internal
   */
  public registerTokenSecret(
    name: string,
    planned: TokenSecretPlan,
    parent: pulumi.Resource,
    dependsOn: readonly pulumi.Resource[] = [],
    asked: SecretDelivery | undefined = undefined,
    path: string = name,
  ): pulumi.CustomResource {
    if (this.renewer !== undefined) return this.renewer.serve(renewerServes(planned, asked, path), this.resourceOptions(parent, dependsOn));
    const delivery = asked ?? this.secretDelivery;
    const shape = tokenSecretShape(this.plan, planned);
    const resource = this.registerSecret(
      name,
      path,
      shape,
      pulumi
        .all([this.keys, this.signing.privateKeyPem])
        .apply(([values, pem]) => signTokenSecret(signedPlan(this.plan, this.signing.signerOf(pem)), values, planned).secret),
      delivery,
      false,
      this.resourceOptions(parent, [...new Set([...dependsOn, ...this.applyDependencies.of(shape)])]),
    ) as pulumi.CustomResource;
    this.applyDependencies.provided(shape, resource);
    return resource;
  }

  /**
   * The resources of this cluster registered so far that `object` needs first (its Namespace, the token Secret a
   * class names), for its `dependsOn`.
   * @internal
   */
  public applyDependenciesOf(object: Readonly<Record<string, unknown>>): pulumi.Resource[] {
    return this.applyDependencies.of(object);
  }

  /**
   * Options for a resource of this cluster (its own, or a tenant's or StorageClass's): a child of `parent`,
   * created after `dependsOn`, and held back until the cluster's cross-object check has passed.
   * @internal
   */
  public resourceOptions(parent: pulumi.Resource, dependsOn: readonly pulumi.Resource[] = []): ClusterResourceOptions {
    const afterCheck: Promise<pulumi.Resource[]> = this.modelCheck.declared().then(() => [...dependsOn]);
    return { opts: { parent, dependsOn: afterCheck }, objects: this.objects };
  }

  /**
   * Ends the declaration of the cluster's tenants, token Secrets and classes: runs the cross-object check now
   * (`secretsInGit` included; what is declared later is checked as soon as it is declared) and returns its
   * outcome with the keys check's (`KEYS_WEAK`, `KEYS_UNRESOLVED`, ...): resolves when both have passed, rejects
   * with one {@link PxValidationError} naming every problem (`[CODE] message` per line; `errors` holds each
   * `PxSecurityError`). A program need not call it (then a failure is thrown at its end); a test awaits it:
   * `await expect(cluster.validated()).rejects.toThrow('[STORAGECLASS_NO_TENANT] ...')`. Keys that stay unknown
   * (generated ones in a preview) leave it pending unless the cross-object check fails.
   */
  public validated(): Promise<void> {
    const outcome = this.verdict.requested();
    this.modelCheck.end();
    return outcome;
  }

  /**
   * Checks the cluster's token Secrets, tenants and StorageClasses together, now, and (with `secretsInGit`
   * `forbid`) that no plain Secret holds a key or a token. The program need not call it: the same check runs
   * by itself at the program's end.
   * @throws PxValidationError listing every problem, each with the same code and message as in cdk8s
   */
  public validate(): void {
    // Duplicates last, as cdk8s reports them (on the construct that emits the later object, after the cluster).
    const errors = [...this.model.validate(), ...this.reports.secretErrors(), ...this.objects.duplicates()];
    if (errors.length > 0) throw new PxValidationError(errors, this);
  }

  /**
   * The cluster's warnings (classes without auth while guest access is not `Disabled`; sealing with the published
   * test certificate outside `PxTesting.pulumiMocks()`), as `[CODE] message` lines, the same as the cdk8s cluster's `warnings()`; the check also logs each once on the
   * cluster (`pulumi.log.warn`).
   */
  public warnings(): string[] {
    return this.reports.warnings();
  }

  /** Logs each cross-object warning (an auth-less class while guest access is enabled, ...) once, on the cluster. */
  private reportWarnings(): void {
    for (const message of this.warnings()) {
      if (this.warned.has(message)) continue;
      this.warned.add(message);
      void pulumi.log.warn(message, this);
    }
  }

  private registerSecret(
    name: string,
    path: string,
    shape: SecretObject,
    signed: pulumi.Output<SecretObject>,
    delivery: SecretDelivery,
    holdsKeys: boolean,
    opts: ClusterResourceOptions,
  ): pulumi.CustomResource | undefined {
    this.reports.delivering(delivery, path);
    const options = { field: path, now: this.plan.now, holdsKeys, ...(delivery.kind === 'sealed' ? { sealCache: this.sealCacheFor(delivery.cacheFile) } : {}) };
    const registered = deliveredSecret(name, shape, signed, delivery, options, opts);
    if (delivery.kind === 'external') {
      const declared = deliveredShape(shape, delivery, options) as ExternalSecretObject;
      this.externalValues.push(signed.apply((secret) => externalValues(secret, declared)));
    }
    if (registered !== undefined && delivery.kind === 'plain') this.reports.deliveredPlain(shape, path);
    return registered;
  }

  /**
   * Writes what the vault must hold for this cluster's ExternalSecrets, as the cdk8s cluster's
   * `exportExternalValues` does (one JSON file per remote key, mode 0600, atomic, nothing printed), once the
   * keys are known (on `pulumi up`; a preview with unknown keys writes nothing). Call it after every tenant and
   * token Secret of the cluster is declared. Keep `dir` out of git.
   *
   * @returns the files written (paths, never values; not a Pulumi secret)
   */
  public exportExternalValues(dir: string): pulumi.Output<string[]> {
    return pulumi.unsecret(pulumi.all(this.externalValues).apply((lists) => writeExternalValues(dir, lists.flat())));
  }

  /** The `sealCache` argument, or this cluster's own cache of `file`, opened once. */
  private sealCacheFor(file: string | undefined): SealCache {
    return this.sealCache ?? this.sealCacheFiles.cacheFor(file);
  }
}
