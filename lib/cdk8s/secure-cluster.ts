import { ApiObject, Include, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { PxSecurityError } from '../core/errors';
import { IdentityProps } from '../core/identity';
import { DEFAULT_KEYSTORE_PATH, keysFromKeystore } from '../node/key-store-file';
import { PxKeys } from '../core/keys';
import { SecretObject } from '../core/kube-object';
import { IssuedToken, SecureClusterOptions, SecureClusterPlan, TokenSecretPlan, TokenSecretPlanProps, issueToken, planSecureCluster, planTokenSecret, signKeysSecret, signTokenSecret } from '../core/plan';
import { PortworxSpec } from '../core/portworx-spec';
import { RotationPolicy, currentTime } from '../core/rotation';
import {
  SecretDelivery,
  SecretDeliveryOptions,
  plainSecretForbidden,
  requireKeysSource,
  deliverSecret,
} from '../core/secret-delivery';
import { SecurityModel } from '../core/security-model';
import { MemorySealCache, SealCache } from '../core/sealing/seal-cache';
import { TEST_CLOCK, TEST_KEYS } from '../testing/test-values';
import { isTestingApp } from '../testing/testing-apps';
import { checkUniqueObjects, emitObject } from './emit';
import { PxSealing } from './sealing';
import { RenewalOptions, renewerServes, resolveRenewal } from '../core/renewer/renewal';
import { PxTokenRenewer } from './token-renewer';
import { TokenSigningOptions, planTokenSigning, signingKeySecret } from '../core/token-signing-key';
import { ExternalValues, externalValues } from '../core/external-values';
import type { ExternalSecretObject } from '../core/sealing/external-secret';
import { writeExternalValues } from '../node/external-values-file';

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
   * @default - keysFromKeystore('.pxsec/keystore.json'), created on first synth (with a `.gitignore` keeping
   *   it out of git); in `PxTesting.app()` (px-security-constructs/testing): `TEST_KEYS`, and no keystore
   */
  readonly keys?: PxKeys | undefined;
  /**
   * Where sealed ciphertexts are reused from (sealed delivery), e.g. a `MemorySealCache` you keep yourself, or
   * `FileSealCache.open(file)` you save after `app.synth()`.
   * @default - the App's cache of the delivery's `cacheFile` (`PxSealing.of(app).cacheFor(cacheFile)`): each new
   *   ciphertext is written when sealed; `PxSealing.of(app).save()` after `app.synth()` also prunes unused ones.
   *   In `PxTesting.app()`: a `MemorySealCache` (nothing written)
   */
  readonly sealCache?: SealCache | undefined;
}

/** Props of {@link PxSecureCluster.addTokenSecret}. */
export interface PxTokenSecretProps extends TokenSecretPlanProps {
  /** How this Secret reaches the cluster. @default - the cluster's secretDelivery */
  readonly secretDelivery?: SecretDelivery;
}

/**
 * A Portworx cluster with PX-Security: the keys Secret, the install spec secured (portworx DaemonSet and stork,
 * or the operator's StorageCluster), and the tokens it signs.
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
  /** Whether a plain Secret with a key or token fails the synth. */
  private readonly secretsInGit: 'allow' | 'forbid';
  /** What the vault must hold for each ExternalSecret emitted so far (see exportExternalValues). Secret. */
  private readonly externalValues: ExternalValues[] = [];
  /** The error of each plain Secret with a key or a token emitted so far, if secretsInGit forbids them. */
  private readonly plainSecrets: PxSecurityError[] = [];
  /** The sealing cache of every sealed delivery: the `sealCache` prop, or in `PxTesting.app()` one in memory. */
  private readonly sealCache: SealCache | undefined;
  /** Warnings already reported (a synth may validate more than once). */
  private readonly reportedWarnings = new Set<string>();
  /** The in-cluster renewer (`renewal: { mode: 'in-cluster' }`), which mints the token Secrets instead of the synth. */
  private readonly renewer: PxTokenRenewer | undefined;

  constructor(scope: Construct, id: string, props: PxSecureClusterProps) {
    super(scope, id);
    const field = this.node.path;
    // PxTesting.app() (px-security-constructs/testing): fixed keys and clock, nothing read from or written to .pxsec/.
    // The mark is module-private (not a context string any code could set): only PxTesting.app() switches to the public keys.
    const testing = isTestingApp(this.node.root);
    if (testing) {
      props = { ...props, keys: props.keys ?? TEST_KEYS, clock: props.clock ?? TEST_CLOCK };
      props = { ...props, sealCache: props.sealCache ?? new MemorySealCache() };
    }
    this.sealCache = props.sealCache;
    if (props.spec && props.include) {
      throw new PxSecurityError({
        code: 'SPEC_GIVEN_TWICE',
        field: `${field}.spec`,
        value: props.spec.file,
        problem: 'is given together with include',
        fix: 'give the spec once: as spec to emit it, or as include to secure objects already in the app',
      });
    }
    const specObjects = props.include ? props.include.apiObjects.map((o) => o.toJson() as Record<string, unknown>) : props.spec?.objects;
    const planned = planSecureCluster(
      {
        ...props,
        ...(specObjects !== undefined ? { specObjects } : {}),
        ...(props.spec ? { specFile: props.spec.file } : props.include ? { specFile: `include ${props.include.node.path}` } : {}),
        now: currentTime(props.clock, process.env, `${field}.clock`),
      },
      { field },
    );
    const signing = planTokenSigning(planned, props, field);
    this.plan = signing.plan;
    this.secretDelivery = props.secretDelivery ?? { kind: 'plain' };
    this.secretsInGit = props.secretsInGit ?? 'allow';
    const keysDelivery = props.keysSecretDelivery ?? this.secretDelivery;
    requireKeysSource(keysDelivery, props.keys !== undefined, field);
    this.keys = props.keys ?? keysFromKeystore(DEFAULT_KEYSTORE_PATH);
    this.model = new SecurityModel(this.plan, field);
    const renewal = resolveRenewal(props.renewal, `${field}.renewal`);
    const signingAlgorithm = this.plan.tokenSigningKey?.algorithm;
    this.renewer = renewal === undefined ? undefined : new PxTokenRenewer(this, 'renewer', { ...this.plan, signingAlgorithm }, renewal);

    if (props.include) {
      // Secure the included objects in place: replace each changed object's body by its secured form.
      props.include.apiObjects.forEach((apiObject, index) => {
        const secured = this.plan.specObjects[index];
        if (JSON.stringify(secured) !== JSON.stringify(specObjects?.[index])) {
          for (const [key, value] of Object.entries(secured ?? {})) {
            if (key !== 'apiVersion' && key !== 'kind') apiObject.addJsonPatch(JsonPatch.add(`/${key}`, value));
          }
        }
      });
    } else {
      this.plan.specObjects.forEach((object, index) => emitObject(this, `spec${index}`, object));
    }
    this.emitSecret(this, 'keys', signKeysSecret(this.plan, this.keys, { field }), keysDelivery);
    // The in-cluster renewer signs with the private key: it reads it from its own Secret, delivered as the keys are.
    if (this.renewer !== undefined && props.tokenSigningKey !== undefined) this.emitSecret(this, 'signing-key', signingKeySecret(this.plan, props.tokenSigningKey), keysDelivery);
    // The public key is no secret: emitted plain whatever the delivery.
    if (signing.publicKeyObject !== undefined) emitObject(this, 'public-key', signing.publicKeyObject);
    this.node.addValidation({ validate: () => this.validateAtSynth() });
    checkUniqueObjects(this);
  }

  /**
   * Mints a token signed by this cluster, e.g. the storage admin's for `pxctl context create`.
   * The token is a secret: never log it or write it into the synthesized output.
   */
  public mintToken(identity: IdentityProps, rotation?: RotationPolicy): IssuedToken {
    return issueToken(this.plan, this.keys, identity, { field: `${this.node.path}.mintToken`, ...(rotation !== undefined ? { rotation } : {}) });
  }

  /**
   * Adds a token Secret (key `auth-token`), e.g. the docs' Kubernetes user `portworx/px-k8s-user`.
   */
  public addTokenSecret(id: string, props: PxTokenSecretProps): ApiObject {
    const planned = planTokenSecret(this.plan, props, { field: `${this.node.path}/${id}` });
    this.model.addTokenSecret({ ...planned, tenant: false });
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
    const delivered = deliverSecret(secret, delivery, {
      field: path,
      now: this.plan.now,
      holdsKeys: scope === this && (id === 'keys' || id === 'signing-key'),
      ...(delivery.kind === 'sealed' ? { sealCache: this.sealCache ?? PxSealing.of(this).cacheFor(delivery.cacheFile) } : {}),
    });
    if (delivered === undefined) return undefined;
    if (delivered.kind === 'Secret' && this.secretsInGit === 'forbid') this.plainSecrets.push(plainSecretForbidden(secret, path));
    if (delivery.kind === 'external') this.externalValues.push(...externalValues(secret, delivered as ExternalSecretObject));
    return emitObject(scope, id, delivered);
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
   * The cluster's cross-object warnings (classes without auth while guest access is not `Disabled`), as
   * `[CODE] message` lines; the synth also prints them to stderr and records them as construct metadata
   * (type `px-security:warning`).
   */
  public warnings(): string[] {
    return this.model.warnings().map((warning) => `[${warning.code}] ${warning.message}`);
  }

  private validateAtSynth(): string[] {
    for (const warning of this.warnings()) {
      if (this.reportedWarnings.has(warning)) continue;
      this.reportedWarnings.add(warning);
      this.node.addMetadata(WARNING_METADATA, warning);
      process.stderr.write(`warning: ${warning}\n`);
    }
    const errors = this.model.validate().map((error) => `[${error.code}] ${error.message}`);
    if (this.secretsInGit === 'forbid') errors.push(...this.plainSecrets.map((error) => `[${error.code}] ${error.message}`));
    return errors;
  }
}
