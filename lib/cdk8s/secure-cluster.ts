import { ApiObject, Include, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { IdentityProps } from '../core/token/identity';
import { clusterIdentity } from '../core/cluster/cluster-identity';
import { PxKeys } from '../core/keys/keys';
import { SecretObject } from '../core/kube/kube-object';
import {
  IssuedToken,
  SecureClusterOptions,
  SecureClusterPlan,
  TokenSecretPlan,
  TokenSecretPlanProps,
  issueToken,
  planSecureCluster,
  planTokenSecret,
  signKeysSecret,
  signTokenSecret,
} from '../core/cluster/plan';
import { PortworxSpec } from '../node/portworx-spec-file';
import { RotationPolicy, currentTime } from '../core/token/rotation';
import { SecretDelivery, SecretDeliveryOptions, requireKeysSource, deliverSecret } from '../core/cluster/secret-delivery';
import { SecurityModel, modelTokenSecret } from '../core/cluster/security-model';
import { SYNC_WAVE_ANNOTATION, SyncWaves, resolveSyncWaves, syncWaveOf } from '../core/cluster/sync-waves';
import { MemorySealCache, SealCache } from '../core/sealing/seal-cache';
import { testModeOf } from '../core/keys/test-mode';
import { ClusterReports, requireSpecGivenOnce } from '../core/cluster/cluster-reports';
import { defaultClusterKeys } from './default-keys';
import { emitObject, securedInPlace } from './emit';
import { checkAtSynth } from './synth-checks';
import { PxSealing } from './sealing';
import { RenewalOptions, renewerServes, resolveRenewal } from '../core/renewer/renewal';
import { PxTokenRenewer } from './token-renewer';
import { TokenSigningOptions, planTokenSigning, signingKeySecret } from '../core/cluster/token-signing-key';
import { ExternalValues, externalValues } from '../core/sealing/external-values';
import type { ExternalSecretObject } from '../core/sealing/external-secret';
import { writeExternalValues } from '../node/external-values-file';
import { loadKeysRollout } from '../core/loaders/spec-patching';

/** Construct metadata type of the cluster's synth warnings. */
export const WARNING_METADATA = 'px-security:warning';

/** Props of {@link PxSecureCluster}. */
export interface PxSecureClusterProps extends SecureClusterOptions, SecretDeliveryOptions, RenewalOptions, TokenSigningOptions {
  /**
   * The Portworx install spec to secure and emit: `PortworxSpec.fromFile('px-spec.yaml')`, `.fromText()` or
   * `.fromObjects()`. A spec with a `StorageCluster` selects the operator form.
   * @default - none: Portworx is installed by other means; only the keys Secret and tokens are emitted
   */
  readonly spec?: PortworxSpec | undefined;
  /**
   * Spec objects already in the app (e.g. from cdk8s `Include`): secured in place instead of emitted again.
   * Mutually exclusive with `spec`.
   * @default - none
   */
  readonly include?: Include | undefined;
  /**
   * The three shared keys (`keysFromEnv`, `keysFromValues`, `keysFromMasterSecret`, `keysFromKeystore`, `generateKeys`).
   * Two clusters share keys only when given the same keys here, e.g. `keysFromKeystore(path, { cluster: 'prod' })`.
   * @default - this cluster's own entry of the keystore `.pxsec/keystore.json`, named by `clusterName` (made with
   *   new keys on first synth; the keystore gets a `.gitignore` keeping it out of git); two clusters of one
   *   process taking the same entry are refused (`CLUSTER_KEYS_SHARED`). In `PxTesting.app()`
   *   (px-security-constructs/testing): `TEST_KEYS`, and no keystore.
   *   `TEST_KEYS` are refused (`KEYS_TEST_ONLY`) in any other App
   */
  readonly keys?: PxKeys | undefined;
  /**
   * The cluster's name: the entry of the keystore its default keys are kept under, and how messages name it.
   * Set it when two clusters come from specs that name their cluster alike (e.g. prod and staging from one spec).
   * @default - the spec's cluster name (the portworx container's `-c`, or the StorageCluster's name), else
   *   'default'; a spec that names two clusters is refused (`CLUSTER_IDENTITY_AMBIGUOUS`)
   */
  readonly clusterName?: string | undefined;
  /**
   * Where sealed ciphertexts are reused from (sealed delivery), e.g. a `MemorySealCache` you keep yourself, or
   * `FileSealCache.open(file)` you save after `app.synth()`.
   * @default - the App's cache of the delivery's `cacheFile` (`PxSealing.of(app).cacheFor(cacheFile)`): each new
   *   ciphertext is written when sealed; `PxSealing.of(app).save()` after `app.synth()` also prunes unused ones.
   *   In `PxTesting.app()`: a `MemorySealCache` (nothing written)
   */
  readonly sealCache?: SealCache | undefined;
  /**
   * Argo CD sync waves (annotation `argocd.argoproj.io/sync-wave`) on the cluster's objects, for GitOps tools that
   * apply a directory at once rather than in file order: `true` for Namespaces -2, key and token Secrets -1, and 0
   * for what reads them (the portworx DaemonSet, stork, classes naming a fixed token Secret); or your own
   * `{ namespaces, secrets, readers }`. The file order of `cdk8s synth` is right without them.
   * @default false
   */
  readonly syncWaves?: boolean | SyncWaves | undefined;
}

/** Props of {@link PxSecureCluster.addTokenSecret}. */
export interface PxTokenSecretProps extends TokenSecretPlanProps {
  /** How this Secret reaches the cluster. @default - the cluster's secretDelivery */
  readonly secretDelivery?: SecretDelivery;
}

/**
 * A Portworx cluster with PX-Security: the keys Secret, the install spec secured (portworx DaemonSet, stork and
 * autopilot, or the operator's StorageCluster), and the tokens it signs. Every pod template that reads the keys
 * carries their keyed digest (`px-security-constructs/keys-digest`), so new keys roll those pods (README, "Key
 * rotation").
 */
export class PxSecureCluster extends Construct {
  /**
   * The resolved cluster: form, issuer, keys Secret, secured spec objects.
   * @internal
   */
  public readonly plan: SecureClusterPlan;
  /**
   * Every token Secret, tenant and StorageClass of this cluster, checked together at synth.
   * @internal
   */
  public readonly model: SecurityModel;
  /** How this cluster's Secrets reach the cluster, unless a tenant or token Secret says otherwise. */
  public readonly secretDelivery: SecretDelivery;
  /** The three keys. Secret: never log them. */
  private readonly keys: PxKeys;
  /** What the vault must hold for each ExternalSecret emitted so far (see exportExternalValues). Secret. */
  private readonly externalValues: ExternalValues[] = [];
  /** Delivery warnings and `secretsInGit` errors, collected as Secrets are emitted. */
  private readonly reports: ClusterReports;
  /** The sealing cache of every sealed delivery: the `sealCache` prop, or in `PxTesting.app()` one in memory. */
  private readonly sealCache: SealCache | undefined;
  /**
   * Whether the cluster is in an App of `PxTesting.app()`: it then accepts `TEST_KEYS`.
   * @internal
   */
  public readonly testMode: boolean;
  /** Warnings already reported (a synth may validate more than once). */
  private readonly reportedWarnings = new Set<string>();
  /** The in-cluster renewer (`renewal: { mode: 'in-cluster' }`), which mints the token Secrets instead of the synth. */
  private readonly renewer: PxTokenRenewer | undefined;
  /** Namespaces this cluster emitted for token Secrets (`createNamespace`), each once. */
  private readonly createdNamespaces = new Set<string>();
  /** The Argo CD sync waves of the cluster's objects, when asked for. */
  private readonly syncWaves: Required<SyncWaves> | undefined;

  constructor(scope: Construct, id: string, props: PxSecureClusterProps) {
    super(scope, id);
    const field = this.node.path;
    // PxTesting.app() (px-security-constructs/testing): fixed keys and clock, nothing read from or written to .pxsec/,
    // and TEST_KEYS accepted. The mark is a registered symbol holding the test keys (lib/core/keys/test-mode.ts), so a
    // second loaded copy of this package sees it; outside such an app TEST_KEYS are KEYS_TEST_ONLY.
    const testing = testModeOf(this.node.root, `the App of ${field}`);
    if (testing) {
      props = { ...props, keys: props.keys ?? testing.keys, clock: props.clock ?? testing.clock };
      props = { ...props, sealCache: props.sealCache ?? new MemorySealCache() };
    }
    this.testMode = testing !== undefined;
    this.sealCache = props.sealCache;
    requireSpecGivenOnce(props.spec?.file, props.include !== undefined, field);
    const specObjects = props.include ? props.include.apiObjects.map((o) => o.toJson() as Record<string, unknown>) : props.spec?.objects;
    const { clusterName, ...options } = props;
    const planned = planSecureCluster(
      {
        ...options,
        ...(specObjects !== undefined ? { specObjects } : {}),
        ...(props.spec ? { specFile: props.spec.file } : props.include ? { specFile: `include ${props.include.node.path}` } : {}),
        now: currentTime(props.clock, process.env, `${field}.clock`),
      },
      { field },
    );
    const signing = planTokenSigning(planned, props, field);
    this.plan = signing.plan;
    this.secretDelivery = props.secretDelivery ?? { kind: 'plain' };
    const keysDelivery = props.keysSecretDelivery ?? this.secretDelivery;
    requireKeysSource(keysDelivery, props.keys !== undefined, field);
    const identity = clusterIdentity(clusterName, specObjects, field);
    this.keys = props.keys ?? defaultClusterKeys(this, identity);
    this.model = new SecurityModel(this.plan, field);
    this.reports = new ClusterReports(this.model, props.secretsInGit, this.testMode);
    const renewal = resolveRenewal(props.renewal, `${field}.renewal`);
    const signingAlgorithm = this.plan.tokenSigningKey?.algorithm;
    this.renewer = renewal === undefined ? undefined : new PxTokenRenewer(this, 'renewer', { ...this.plan, signingAlgorithm }, renewal);
    // Every workload reading the keys carries their keyed digest on its pod template: new keys roll its pods.
    const rolled = rolledOnKeys(this.plan, this.keys);
    this.syncWaves = resolveSyncWaves(props.syncWaves, field);

    if (props.include) {
      // Secure the included objects in place: replace each changed object's body by its secured form.
      props.include.apiObjects.forEach((apiObject, index) => {
        securedInPlace(apiObject, this);
        const secured = rolled[index];
        if (secured !== undefined) this.annotateWave(apiObject, secured);
        if (JSON.stringify(secured) !== JSON.stringify(specObjects?.[index])) {
          for (const [key, value] of Object.entries(secured ?? {})) {
            if (key !== 'apiVersion' && key !== 'kind') apiObject.addJsonPatch(JsonPatch.add(`/${key}`, value));
          }
        }
      });
    } else {
      rolled.forEach((object, index) => this.annotateWave(emitObject(this, `spec${index}`, object, this), object));
    }
    this.emitSecret(this, 'keys', signKeysSecret(this.plan, this.keys, { field, allowTestKeys: this.testMode }), keysDelivery);
    // The in-cluster renewer signs with the private key: it reads it from its own Secret, delivered as the keys are.
    if (this.renewer !== undefined && props.tokenSigningKey !== undefined)
      this.emitSecret(this, 'signing-key', signingKeySecret(this.plan, props.tokenSigningKey), keysDelivery);
    // The public key is no secret: emitted plain whatever the delivery.
    if (signing.publicKeyObject !== undefined) this.annotateWave(emitObject(this, 'public-key', signing.publicKeyObject, this), signing.publicKeyObject);
    this.node.addValidation({ validate: () => this.validateAtSynth() });
    checkAtSynth(this);
  }

  /**
   * Mints a token signed by this cluster, e.g. the storage admin's for `pxctl context create`.
   * The token is a secret: never log it or write it into the synthesized output.
   */
  public mintToken(identity: IdentityProps, rotation?: RotationPolicy): IssuedToken {
    return issueToken(this.plan, this.keys, identity, { field: `${this.node.path}.mintToken`, ...(rotation !== undefined ? { rotation } : {}) });
  }

  /**
   * Adds a token Secret (key `auth-token`), e.g. the docs' Kubernetes user `portworx/px-k8s-user`. With
   * `createNamespace: true` its namespace is created too: by the spec when the spec holds that `Namespace`, else
   * by the cluster (child `namespace-<name>`, once per namespace). The synth orders the Secret after it.
   */
  public addTokenSecret(id: string, props: PxTokenSecretProps): ApiObject {
    const planned = planTokenSecret(this.plan, props, { field: `${this.node.path}/${id}` });
    this.model.addTokenSecret(modelTokenSecret(planned, false));
    if (planned.namespaceObject !== undefined && !this.createdNamespaces.has(planned.namespace)) {
      this.createdNamespaces.add(planned.namespace);
      this.annotateWave(emitObject(this, `namespace-${planned.namespace}`, planned.namespaceObject, this), planned.namespaceObject);
    }
    return this.emitTokenSecret(this, id, planned, props.secretDelivery);
  }

  /**
   * Signs a planned token Secret with this cluster's keys and adds it under `scope`, delivered as asked
   * (as {@link PxTenant} does). Returns the emitted object: a Secret, SealedSecret or ExternalSecret; with in-cluster
   * renewal, the renewer's Role in the Secret's namespace (the renewer mints the Secret in the cluster), applied
   * after `namespace` (the Namespace object the app makes for it, if any).
   * @internal
   */
  public emitTokenSecret(scope: Construct, id: string, planned: TokenSecretPlan, delivery?: SecretDelivery, namespace?: ApiObject): ApiObject {
    if (this.renewer !== undefined) return this.renewer.serve(renewerServes(planned, delivery, `${scope.node.path}/${id}`), namespace);
    const secret = signTokenSecret(this.plan, this.keys, planned).secret;
    return this.emitSecret(scope, id, secret, delivery ?? this.secretDelivery) as ApiObject;
  }

  private emitSecret(scope: Construct, id: string, secret: SecretObject, delivery: SecretDelivery): ApiObject | undefined {
    const path = `${scope.node.path}/${id}`;
    this.reports.delivering(delivery, path);
    const holdsKeys = scope === this && (id === 'keys' || id === 'signing-key');
    const delivered = deliverSecret(
      secret,
      delivery,
      delivery.kind === 'sealed'
        ? { field: path, now: this.plan.now, holdsKeys, sealCache: this.sealCache ?? PxSealing.of(this).cacheFor(delivery.cacheFile) }
        : { field: path, now: this.plan.now, holdsKeys },
    );
    if (delivered === undefined) return undefined;
    if (delivered.kind === 'Secret') this.reports.deliveredPlain(secret, path);
    if (delivery.kind === 'external') this.externalValues.push(...externalValues(secret, delivered as ExternalSecretObject));
    return this.annotateWave(emitObject(scope, id, delivered, this), delivered);
  }

  /**
   * Writes what the vault must hold for this cluster's ExternalSecrets (`secretDelivery: { kind: 'external' }`):
   * the keys and tokens this synth signed, one JSON file per remote key, `<dir>/<remote key>.json` holding
   * `{ "<property>": "<value>" }`, exactly what the ExternalSecrets' remoteRefs point at. Each file mode 0600,
   * written atomically; nothing is printed. Call it after the tenants and token Secrets are declared, and load
   * the files into the vault (`vault kv put -mount=secret KEY @file.json`). Keep `dir` out of git.
   *
   * @returns the files written (paths, never values); none without external delivery
   */
  public exportExternalValues(dir: string): string[] {
    return writeExternalValues(dir, this.externalValues);
  }

  /**
   * Gives `apiObject` (emitted from `object`) its Argo CD sync wave, when the cluster has `syncWaves`.
   * @internal
   */
  public annotateWave(apiObject: ApiObject, object: Readonly<Record<string, unknown>>): ApiObject {
    const wave = this.syncWaves === undefined ? undefined : syncWaveOf(object, this.syncWaves);
    if (wave !== undefined) apiObject.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, wave);
    return apiObject;
  }

  /**
   * The cluster's warnings (classes without auth while guest access is not `Disabled`; sealing with the published
   * test certificate outside `PxTesting.app()`), as
   * `[CODE] message` lines; the synth also prints them to stderr and records them as construct metadata
   * (type `px-security:warning`).
   */
  public warnings(): string[] {
    return this.reports.warnings();
  }

  private validateAtSynth(): string[] {
    for (const warning of this.warnings()) {
      if (this.reportedWarnings.has(warning)) continue;
      this.reportedWarnings.add(warning);
      this.node.addMetadata(WARNING_METADATA, warning);
      process.stderr.write(`warning: ${warning}\n`);
    }
    return [...this.model.validate(), ...this.reports.secretErrors()].map((error) => `[${error.code}] ${error.message}`);
  }
}

/**
 * The plan's spec objects with the keys digest on every pod template that reads the keys. Spec patching loads
 * when there is a spec, not with the constructs (clusters installed by other means never need it).
 */
function rolledOnKeys(plan: SecureClusterPlan, keys: PxKeys): readonly Record<string, unknown>[] {
  if (plan.specObjects.length === 0) return plan.specObjects;
  const { rollOnKeys } = loadKeysRollout();
  return rollOnKeys(plan.specObjects, plan.keysSecret.name, keys);
}
