/**
 * The plan: high-level props in, plain Kubernetes objects and signed tokens out.
 *
 * This is the single source of truth for both front doors. The cdk8s constructs and the Pulumi components
 * only hand what these functions return to their framework, so the two produce the same objects, the same
 * tokens and the same errors.
 */
import { PxSecurityError } from '../errors/errors';
import { GUEST_ACCESS_FIX, guestAccessProblem, isGuestAccess } from './guest-access';
import { checkIssuer } from '../token/issuer';
import { Identity, IdentityProps, resolveIdentity } from '../token/identity';
import { KeyPolicyOptions, PxKeys, validateKeys } from '../keys/keys';
import { labelsAndAnnotations } from '../kube/object-metadata';
import { validateAnnotations, validateDnsLabel, validateDnsSubdomain, validateLabels } from '../kube/kube-names';
import { KubeObject, Mutable, SecretObject } from '../kube/kube-object';
import {
  GUEST_ACCESS_ANNOTATION,
  GuestAccess,
  NAMESPACE_EXISTS_ANNOTATION,
  K8S_USER_SECRET_NAME,
  OPERATOR_SHARED_SECRET_NAME,
  PX_KEYS_SECRET_NAME,
  PX_KEYS_SECRET_NAMESPACE,
  ROLES,
  SHARED_SECRET_KEY,
  STORK_SKIP_RESOURCE_ANNOTATION,
} from '../names';
import { Clock, IssuanceWindow, RotationPolicy, issuanceWindow } from '../token/rotation';
import { SecretPlacement, keysSecret, opaqueSecret, tokenSecret } from './secrets';
import { PatchReport } from '../spec/report';
import { SecuritySettings, resolveSecuritySettings } from './security-settings';
import { PreparedSigningKey, SigningKey, mintToken } from '../token/token-sign';
import type { PublicKeySettings } from './security-settings';
import type { FieldOptions } from '../errors/field-options';
import { loadSecureSpecObjects, loadSpecTargets } from '../loaders/spec-patching';

/** How the cluster was installed, as far as this library can tell from the spec. */
export type ClusterForm = 'daemonset' | 'operator' | 'external';

/** What both front doors take to secure a cluster, besides the spec and the keys. */
export interface SecureClusterOptions extends SecuritySettings {
  /** Namespace of the keys Secret (DaemonSet form). @default - the portworx DaemonSet's namespace, else 'kube-system' */
  readonly keysSecretNamespace?: string | undefined;
  /** Lifetime and renewal of every token this cluster signs. @default - lifetime '1y', renewEvery '30d' */
  readonly rotation?: RotationPolicy | undefined;
  /**
   * Where "now" comes from (epoch milliseconds). Tokens are issued per rotation window, so re-running with
   * unchanged inputs in the same window gives the same bytes.
   * @default - SOURCE_DATE_EPOCH, else the system clock; `TEST_CLOCK` in `PxTesting.app()` (cdk8s)
   */
  readonly clock?: Clock | undefined;
  /**
   * Annotate the keys Secret and every token Secret with `stork.libopenstorage.org/skip-resource: "true"`,
   * as the operator does with its own Secrets, so stork backups and migrations do not copy keys and tokens
   * into another cluster. Turn it off only if a stork migration must carry them.
   * @default true
   */
  readonly storkSkipResource?: boolean | undefined;
}

/** Props of a secured Portworx cluster. Keys are not among them: they join when Secrets and tokens are signed. */
export interface SecureClusterPlanProps extends Omit<SecureClusterOptions, 'clock'> {
  /**
   * The objects of the Portworx install spec, unpatched. An operator spec (a `StorageCluster`) selects the
   * operator form.
   * @default - none: the cluster was installed by other means; only the keys Secret and tokens are emitted
   */
  readonly specObjects?: readonly Record<string, unknown>[];
  /** Where the spec came from, for messages. @default 'spec' */
  readonly specFile?: string;
  /** The current time, epoch seconds (from `currentTime`). */
  readonly now: number;
}

/** Where Portworx reads its keys from, and which of the three it needs. */
export interface KeysSecretPlacement {
  readonly name: string;
  readonly namespace: string;
  /** `all`: `pxkeys` with the three keys (DaemonSet form); `shared`: the operator's `shared-secret` only. */
  readonly keys: 'all' | 'shared';
}

/** A secured cluster, resolved. */
export interface SecureClusterPlan {
  readonly form: ClusterForm;
  /** The issuer every token carries and Portworx trusts. */
  readonly issuer: string;
  /** The spec's objects, secured; empty for the external form. */
  readonly specObjects: readonly Record<string, unknown>[];
  /** What securing the spec changed; absent for the external form. */
  readonly report?: PatchReport;
  /** The Secret Portworx reads its keys from: `pxkeys` (DaemonSet form) or `px-shared-secret` (operator form). */
  readonly keysSecret: KeysSecretPlacement;
  /** The operator cluster's namespace (operator form only): the operator owns some token Secret names there. */
  readonly operatorNamespace?: string;
  /** Rotation policy applied to tokens unless a token overrides it. */
  readonly rotation: RotationPolicy;
  /** The time tokens are issued against, epoch seconds. */
  readonly now: number;
  /**
   * The declared guest access mode: written to the StorageCluster (operator form), recorded on the keys
   * Secret (annotation `px-security-constructs/guest-access`) otherwise; `undefined`: not declared.
   */
  readonly guestAccess?: GuestAccess;
  /** Whether the keys Secret and token Secrets carry stork's skip annotation. */
  readonly storkSkipResource: boolean;
  /** Where Portworx reads the public key of RS256/ES256 tokens from; `undefined`: HS256 only. */
  readonly publicKey?: PublicKeySettings;
  /**
   * The private key that signs this cluster's tokens (see `token-signing-key.ts`); `undefined`: the shared
   * secret (HS256). A front door sets it once the key is known.
   */
  readonly tokenSigningKey?: PreparedSigningKey;
}

/** Secures the spec (if any) and places the keys Secret. Throws `PxSecurityError` on bad props. */
export function planSecureCluster(props: SecureClusterPlanProps, options: FieldOptions = {}): SecureClusterPlan {
  const field = options.field ?? 'cluster';
  checkIssuer(props.issuer, `${field}.issuer`, { oidc: props.oidc !== undefined });
  const rotation = props.rotation ?? {};
  // Resolve once so a bad rotation policy fails here, on the cluster, not on its first token.
  issuanceWindow(rotation, props.now, { field: `${field}.rotation` });
  const guestAccess = checkedGuestAccess(props.guestAccess, field);
  // Every spec setting, with or without a spec: an invalid one names its path here, not later and not never.
  resolveSecuritySettings(props, { field });
  const storkSkipResource = props.storkSkipResource ?? true;
  if (typeof storkSkipResource !== 'boolean') {
    throw new PxSecurityError({
      code: 'SPEC_SETTING_INVALID',
      field: `${field}.storkSkipResource`,
      value: storkSkipResource,
      problem: 'is not true or false',
      fix: 'write storkSkipResource: true (the default) or false',
    });
  }
  const common = {
    issuer: props.issuer,
    rotation,
    now: props.now,
    storkSkipResource,
    ...(guestAccess !== undefined ? { guestAccess } : {}),
    ...(props.publicKey !== undefined ? { publicKey: props.publicKey } : {}),
  };

  if (props.specObjects === undefined) {
    return { ...common, form: 'external', specObjects: [], keysSecret: placeKeysSecret(props, undefined, field) };
  }
  // Spec patching loads when a spec is given, not with the package (clusters installed by other means skip it).
  const { findPortworxTargets } = loadSpecTargets();
  const { secureSpecObjects } = loadSecureSpecObjects();
  const file = props.specFile ?? 'spec';
  const targets = findPortworxTargets(props.specObjects, file);
  // Guest access is a spec setting in the operator form only; the DaemonSet form records it on the keys Secret.
  const { guestAccess: _guestAccess, ...withoutGuestAccess } = props;
  const settings = targets.storageCluster !== undefined ? props : withoutGuestAccess;
  const secured = secureSpecObjects(props.specObjects, settings, file);
  if (targets.storageCluster !== undefined) {
    const namespace = secured.report.storageClusterNamespace ?? PX_KEYS_SECRET_NAMESPACE;
    const name = props.sharedSecretName ?? OPERATOR_SHARED_SECRET_NAME;
    return {
      ...common,
      form: 'operator',
      specObjects: secured.objects,
      report: secured.report,
      keysSecret: { name, namespace, keys: 'shared' },
      operatorNamespace: namespace,
    };
  }
  const daemonSet = props.specObjects[targets.daemonSet?.index ?? 0] as { metadata?: { namespace?: unknown } };
  const specNamespace = typeof daemonSet.metadata?.namespace === 'string' ? daemonSet.metadata.namespace : undefined;
  return {
    ...common,
    form: 'daemonset',
    specObjects: secured.objects,
    report: secured.report,
    keysSecret: placeKeysSecret(props, specNamespace, field),
  };
}

function checkedGuestAccess(guestAccess: unknown, field: string): GuestAccess | undefined {
  if (guestAccess === undefined) return undefined;
  if (isGuestAccess(guestAccess)) return guestAccess;
  throw new PxSecurityError({
    code: 'SPEC_SETTING_INVALID',
    field: `${field}.guestAccess`,
    value: guestAccess,
    problem: guestAccessProblem(guestAccess) ?? 'is not a guest access mode',
    fix: GUEST_ACCESS_FIX,
  });
}

/** Annotations of the cluster's Secrets: stork's skip annotation (unless turned off). */
function secretAnnotations(cluster: SecureClusterPlan): Record<string, string> {
  return cluster.storkSkipResource ? { [STORK_SKIP_RESOURCE_ANNOTATION]: 'true' } : {};
}

function placeKeysSecret(props: SecureClusterPlanProps, specNamespace: string | undefined, field: string): KeysSecretPlacement {
  const name = props.keysSecretName ?? PX_KEYS_SECRET_NAME;
  const namespace = props.keysSecretNamespace ?? specNamespace ?? PX_KEYS_SECRET_NAMESPACE;
  validateDnsSubdomain(name, `${field}.keysSecretName`);
  validateDnsLabel(namespace, `${field}.keysSecretNamespace`);
  if (specNamespace !== undefined && namespace !== specNamespace) {
    throw new PxSecurityError({
      code: 'KEYS_SECRET_NAMESPACE_MISMATCH',
      field: `${field}.keysSecretNamespace`,
      value: namespace,
      problem: `differs from the portworx DaemonSet's namespace "${specNamespace}"; a secretKeyRef only reads Secrets in the pod's own namespace`,
      fix: `leave keysSecretNamespace unset or set it to "${specNamespace}"`,
    });
  }
  return { name, namespace, keys: 'all' };
}

/**
 * Name, namespace and annotations of the keys Secret: stork's skip annotation (unless turned off) and, outside
 * the operator form, the declared guest access.
 */
function keysSecretPlacement(cluster: SecureClusterPlan): SecretPlacement {
  const annotations: Record<string, string> = {
    ...(cluster.form !== 'operator' && cluster.guestAccess !== undefined ? { [GUEST_ACCESS_ANNOTATION]: cluster.guestAccess } : {}),
    ...secretAnnotations(cluster),
  };
  return { name: cluster.keysSecret.name, namespace: cluster.keysSecret.namespace, annotations };
}

/** Name, namespace, labels and annotations (stork's skip annotation, unless turned off) of a token Secret. */
function tokenSecretPlacement(cluster: SecureClusterPlan, plan: TokenSecretPlan): SecretPlacement {
  const annotations: Record<string, string> = { ...plan.annotations };
  if (cluster.storkSkipResource) annotations[STORK_SKIP_RESOURCE_ANNOTATION] = 'true';
  return plan.labels !== undefined
    ? { name: plan.name, namespace: plan.namespace, labels: plan.labels, annotations }
    : { name: plan.name, namespace: plan.namespace, annotations };
}

/**
 * The keys Secret with the cluster's keys (validated: long, distinct, no placeholders, not `TEST_KEYS` unless
 * `allowTestKeys`: a test's explicit allowance).
 */
export function signKeysSecret(cluster: SecureClusterPlan, keys: PxKeys, options: KeyPolicyOptions = {}): SecretObject {
  const field = options.field ?? 'keys';
  validateKeys(keys, { field: `${field}.keys`, allowTestKeys: options.allowTestKeys === true });
  return keysSecretWith(cluster, keys);
}

/**
 * The keys Secret as {@link signKeysSecret} makes it, with every value empty: what is known before the keys
 * are (a Pulumi program declares the Secret at once and fills its values in when the keys are known).
 */
export function keysSecretShape(cluster: SecureClusterPlan): SecretObject {
  return keysSecretWith(cluster, { system: '', stork: '', shared: '' });
}

function keysSecretWith(cluster: SecureClusterPlan, keys: PxKeys): SecretObject {
  const placement = keysSecretPlacement(cluster);
  return cluster.keysSecret.keys === 'all' ? keysSecret(keys, placement) : opaqueSecret(placement, { [SHARED_SECRET_KEY]: keys.shared });
}

/** A token signed by a cluster, and when it is due to be replaced. */
export interface IssuedToken {
  /** The identity the token speaks for, with defaults filled in. */
  readonly identity: Identity;
  /** The compact JWT. Secret: never log it. */
  readonly token: string;
  /** The issuance window the token belongs to. */
  readonly window: IssuanceWindow;
}

/** Options of {@link issueToken}. */
export interface IssueTokenOptions extends FieldOptions {
  /**
   * When the token is issued and how long it lives.
   * @default - the cluster's rotation (`lifetime`, `renewEvery`)
   */
  readonly rotation?: RotationPolicy;
}

/**
 * Mints a token for `identity` with the cluster's issuer and rotation (or `options.rotation`), signed with the
 * cluster's private key if it has one, else the shared secret.
 */
export function issueToken(cluster: SecureClusterPlan, keys: PxKeys, identity: IdentityProps, options: IssueTokenOptions = {}): IssuedToken {
  const field = options.field ?? 'identity';
  const rotation = options.rotation;
  const resolved = resolveIdentity(identity, { field: `${field}.identity` });
  return signIdentity(cluster, keys, resolved, windowOf(cluster, rotation, `${field}.rotation`));
}

/** The cluster's own issuance windows, one per plan: worked out for its first token, not again for each. */
const CLUSTER_WINDOWS = new WeakMap<SecureClusterPlan, IssuanceWindow>();

/** The issuance window of a token with `rotation` (`undefined`: the cluster's), resolved at `field`. */
function windowOf(cluster: SecureClusterPlan, rotation: RotationPolicy | undefined, field: string): IssuanceWindow {
  if (rotation !== undefined) return issuanceWindow(rotation, cluster.now, { field });
  let window = CLUSTER_WINDOWS.get(cluster);
  if (window === undefined) CLUSTER_WINDOWS.set(cluster, (window = issuanceWindow(cluster.rotation, cluster.now, { field })));
  return window;
}

function signIdentity(cluster: SecureClusterPlan, keys: PxKeys, identity: Identity, window: IssuanceWindow): IssuedToken {
  const key: SigningKey | PreparedSigningKey = cluster.tokenSigningKey ?? { algorithm: 'HS256', sharedSecret: keys.shared };
  const token = mintToken({ identity, issuer: cluster.issuer, key, issuedAt: window.issuedAt, expiresAt: window.expiresAt });
  return { identity, token, window };
}

/** Props of a token Secret. */
export interface TokenSecretPlanProps {
  /** Who the token speaks for. */
  readonly identity: IdentityProps;
  /** Secret name. @default 'px-k8s-user' */
  readonly name?: string;
  /** Secret namespace. */
  readonly namespace: string;
  /** Overrides the cluster's rotation policy for this token. @default - the cluster's */
  readonly rotation?: RotationPolicy;
  /** Labels of the Secret. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The namespace exists already (made outside this app, e.g. by the Portworx install or another team's
   * manifests): the Secret gets the annotation `px-security-constructs/namespace-exists: "true"`, so
   * `pxsec check` does not warn `TOKEN_SECRET_NAMESPACE_UNKNOWN` about it. Otherwise create the Namespace in
   * the app, or pass `pxsec check --namespace-exists NAME`.
   * @default false
   */
  readonly namespaceExists?: boolean;
  /**
   * Make sure the namespace is created with the Secret: the cluster's spec creates it (the DaemonSet specs of the
   * Portworx spec generator hold `Namespace portworx`), else the cluster emits the `Namespace` once, however many
   * token Secrets ask for it. The Secret is applied after it either way.
   * @default false: the namespace is the spec's, the app's own, or made elsewhere (then say so with namespaceExists)
   */
  readonly createNamespace?: boolean;
}

/** A token Secret, validated but not yet signed (the keys join in `signTokenSecret`). */
export interface TokenSecretPlan {
  readonly name: string;
  readonly namespace: string;
  readonly identity: Identity;
  /** The issuance window the token will be signed for. */
  readonly window: IssuanceWindow;
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Secret (`px-security-constructs/namespace-exists` for `namespaceExists`). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The Namespace to create with the Secret (`createNamespace`, when the cluster's spec does not create it). */
  readonly namespaceObject?: KubeObject;
  /** Construct path or resource name, for messages. */
  readonly field: string;
}

/** Validates a token Secret's name, namespace and identity. */
export function planTokenSecret(cluster: SecureClusterPlan, props: TokenSecretPlanProps, options: FieldOptions = {}): TokenSecretPlan {
  const field = options.field ?? 'tokenSecret';
  const name = props.name ?? K8S_USER_SECRET_NAME;
  validateDnsSubdomain(name, `${field}.name`);
  validateDnsLabel(props.namespace, `${field}.namespace`);
  if (props.labels !== undefined) validateLabels(props.labels, `${field}.labels`);
  const identity = resolveIdentity(props.identity, { field: `${field}.identity` });
  // Resolved when declared, so a bad rotation fails here and not when signed.
  const window = windowOf(cluster, props.rotation, `${field}.rotation`);
  const annotations = props.namespaceExists === true ? { [NAMESPACE_EXISTS_ANNOTATION]: 'true' } : undefined;
  if (props.createNamespace === true && props.namespaceExists === true) {
    throw new PxSecurityError({
      code: 'SPEC_SETTING_INVALID',
      field: `${field}.createNamespace`,
      value: true,
      problem: 'is given with namespaceExists: true, which says the namespace is made elsewhere',
      fix: 'keep one: createNamespace to create the namespace with the Secret, or namespaceExists when it exists already',
    });
  }
  const namespaceObject = props.createNamespace === true && !specNamespaces(cluster).includes(props.namespace) ? namespaceOf(props.namespace) : undefined;
  // Only the parts given are keys of the plan; set one by one (an app plans a token Secret per tenant).
  const plan: Mutable<TokenSecretPlan> = { name, namespace: props.namespace, identity, window, field };
  if (props.labels !== undefined) plan.labels = { ...props.labels };
  if (annotations !== undefined) plan.annotations = annotations;
  if (namespaceObject !== undefined) plan.namespaceObject = namespaceObject;
  return plan;
}

/** The namespaces the cluster's spec creates (its `v1` `Namespace` objects), in the spec's order. */
export function specNamespaces(cluster: SecureClusterPlan): string[] {
  return cluster.specObjects.flatMap((object) => {
    const name = (object.metadata as { name?: unknown } | undefined)?.name;
    return object.kind === 'Namespace' && object.apiVersion === 'v1' && typeof name === 'string' ? [name] : [];
  });
}

/** A `v1` Namespace. */
function namespaceOf(name: string, metadata: Omit<KubeObject['metadata'], 'name'> = {}): KubeObject {
  const plain = metadata.labels === undefined && metadata.annotations === undefined;
  return { apiVersion: 'v1', kind: 'Namespace', metadata: plain ? { name } : { name, ...metadata } };
}

/** A signed token Secret. */
export interface SignedTokenSecret extends IssuedToken {
  readonly secret: SecretObject;
}

/** Mints the planned token and wraps it in a Secret under `auth-token`. */
export function signTokenSecret(cluster: SecureClusterPlan, keys: PxKeys, plan: TokenSecretPlan): SignedTokenSecret {
  const { identity, token, window } = signIdentity(cluster, keys, plan.identity, plan.window);
  return { identity, token, window, secret: tokenSecret(token, tokenSecretPlacement(cluster, plan)) };
}

/** The token Secret as {@link signTokenSecret} makes it, with the token empty: what is known before the keys are. */
export function tokenSecretShape(cluster: SecureClusterPlan, plan: TokenSecretPlan): SecretObject {
  return tokenSecret('', tokenSecretPlacement(cluster, plan));
}

/** Props of a tenant: a namespace whose users get volumes with their own token. */
export interface TenantPlanProps {
  /** The tenant's namespace. */
  readonly namespace: string;
  /**
   * The tenant's identity; every field is optional.
   * @default - name = namespace, roles ['system.user'], groups [] (sub derived from the name)
   */
  readonly identity?: Partial<IdentityProps>;
  /** Name of the token Secret in the namespace. @default 'px-k8s-user' */
  readonly tokenSecretName?: string;
  /**
   * Emit the Namespace object. `false` means it exists already: the token Secret is then annotated
   * `px-security-constructs/namespace-exists: "true"` for `pxsec check`.
   * @default true
   */
  readonly createNamespace?: boolean;
  /** Labels of the Namespace. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Namespace. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Overrides the cluster's rotation policy. @default - the cluster's */
  readonly rotation?: RotationPolicy;
}

/** A tenant, planned. */
export interface TenantPlan {
  /** The Namespace object, unless `createNamespace` is false. */
  readonly namespace?: KubeObject;
  /** The tenant's token Secret, to be signed. */
  readonly tokenSecret: TokenSecretPlan;
}

/** Plans a tenant's Namespace and token Secret. */
export function planTenant(cluster: SecureClusterPlan, props: TenantPlanProps, options: FieldOptions = {}): TenantPlan {
  const field = options.field ?? 'tenant';
  validateDnsLabel(props.namespace, `${field}.namespace`);
  // The tenant's defaults filled in, key by key (what resolveIdentity reads of it).
  const given: Partial<IdentityProps> = props.identity ?? {};
  const identity: Mutable<IdentityProps> = { name: given.name ?? props.namespace, roles: given.roles ?? [ROLES.user] };
  if (given.email !== undefined) identity.email = given.email;
  if (given.sub !== undefined) identity.sub = given.sub;
  if (given.groups !== undefined) identity.groups = given.groups;
  if (given.allowAllGroups !== undefined) identity.allowAllGroups = given.allowAllGroups;
  const tokenSecretProps: Mutable<TokenSecretPlanProps> = { identity, namespace: props.namespace, namespaceExists: props.createNamespace === false };
  if (props.tokenSecretName !== undefined) tokenSecretProps.name = props.tokenSecretName;
  if (props.rotation !== undefined) tokenSecretProps.rotation = props.rotation;
  const tokenSecret = planTokenSecret(cluster, tokenSecretProps, { field });
  if (props.labels !== undefined && props.labels !== null) validateLabels(props.labels, `${field}.labels`);
  if (props.annotations !== undefined && props.annotations !== null) validateAnnotations(props.annotations, `${field}.annotations`);
  if (props.createNamespace === false) return { tokenSecret };
  return { namespace: namespaceOf(props.namespace, labelsAndAnnotations(props.labels, props.annotations)), tokenSecret };
}
