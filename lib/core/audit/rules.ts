/**
 * Every finding code of `pxsec check`, with its usual severity, a one-line title and the fix. SARIF output lists
 * these as its rules; the README's table of checks is this list. A code never changes meaning.
 */
import {
  ALL_GROUPS,
  K8S_USER_SECRET_NAME,
  NAMESPACE_EXISTS_ANNOTATION,
  OPERATOR_TOKEN_SECRETS,
  PORTWORX_ARGS,
  PORTWORX_ENV,
  PVC_NAMESPACE_TEMPLATE,
  ROLES,
  STORK_ALLOWED_ISSUERS,
  STORK_JWT_ISSUER_ENV,
  STORK_SECRET_KEY,
  STORK_SHARED_SECRET_ENV,
  TOKEN_SECRET_KEY,
  VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE,
} from '../names';
import { FindingSeverity } from './finding';

/** One kind of finding. */
export interface AuditRule {
  /** The finding code. */
  readonly code: string;
  /** The severity findings of this code usually have (a few depend on the cluster, see the title). */
  readonly severity: FindingSeverity;
  /** What the mistake is, in one line. */
  readonly title: string;
  /** How to fix it. */
  readonly fix: string;
}

const PATCH_FIX = 'run "pxsec patch SPEC --issuer <issuer>" on the install spec and add the keys Secret ("pxsec keys generate")';
const SEAL_FIX = 'seal the Secret ("pxsec seal") or deliver it with an ExternalSecret, and keep the plaintext out of git';
const TOKEN_FIX = 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret';

/** Every rule, grouped as the checks are: cluster, stork, tokens, StorageClasses, keys, YAML. */
export const AUDIT_RULES: readonly AuditRule[] = [
  // ---- The portworx DaemonSet, the StorageCluster ---------------------------------------------------------
  { code: 'SECURITY_NOT_ENABLED', severity: 'error', title: `PX-Security is not enabled: no ${PORTWORX_ARGS.jwtIssuer} (DaemonSet) or spec.security.enabled (StorageCluster)`, fix: PATCH_FIX },
  { code: 'DAEMONSET_ISSUER_INVALID', severity: 'error', title: `${PORTWORX_ARGS.jwtIssuer} (or ${PORTWORX_ENV.jwtIssuer}) is given without a value`, fix: `give the issuer after ${PORTWORX_ARGS.jwtIssuer}, such as "portworx.com"` },
  { code: 'DAEMONSET_ISSUER_CONFLICT', severity: 'warning', title: `${PORTWORX_ARGS.jwtIssuer} and ${PORTWORX_ENV.jwtIssuer} name different issuers`, fix: 'keep one of them, with the issuer your tokens carry' },
  { code: 'ISSUER_LOOKS_LIKE_OIDC', severity: 'warning', title: 'the self-signed issuer starts with https://, which Portworx reads as an OIDC provider', fix: 'use an issuer without a scheme, such as "portworx.com", and the same in every token' },
  { code: 'DAEMONSET_ENV_MISSING', severity: 'error', title: 'a key env entry of the portworx container is missing (warning for the stork key when stork is not in the bundle)', fix: PATCH_FIX },
  { code: 'KEY_IN_PLAINTEXT_ENV', severity: 'warning', title: 'a key is written as a literal env value in the manifest', fix: 'take it from the keys Secret with valueFrom.secretKeyRef' },
  { code: 'SECRET_REF_EXTERNAL', severity: 'warning', title: 'a key comes from a Secret the bundle does not hold (created outside it, or missing)', fix: 'make sure the Secret exists in the cluster before Portworx starts, or add it to the bundle (sealed)' },
  { code: 'SECRET_REF_KEY_MISSING', severity: 'error', title: 'a key comes from a Secret of the bundle that has no such key', fix: 'add the key to the Secret, or point the reference at the right key' },
  { code: 'SPEC_TARGET_AMBIGUOUS', severity: 'error', title: 'the bundle holds two portworx DaemonSets, StorageClusters or stork Deployments', fix: 'check one cluster at a time' },
  { code: 'CLUSTER_NOT_IN_BUNDLE', severity: 'info', title: 'no portworx DaemonSet or StorageCluster in the bundle: issuers and signatures were not checked', fix: 'check the tokens together with the install spec and the keys Secret' },
  { code: 'SIGNATURES_NOT_CHECKED', severity: 'info', title: 'the shared secret is not in the bundle: token signatures were not checked', fix: 'add the keys Secret to the bundle to check signatures too' },
  // ---- Stork ------------------------------------------------------------------------------------------------
  { code: 'STORK_SHARED_SECRET_MISSING', severity: 'error', title: `stork has no ${STORK_SHARED_SECRET_ENV} in a secured cluster`, fix: PATCH_FIX },
  { code: 'STORK_KEY_MISMATCH', severity: 'error', title: `stork's ${STORK_SHARED_SECRET_ENV} does not come from the same Secret and key as the portworx container's stork key`, fix: `take ${STORK_SHARED_SECRET_ENV} from the same Secret and key as ${PORTWORX_ENV.storkKey} (the ${STORK_SECRET_KEY} of the keys Secret)` },
  { code: 'STORK_ISSUER_INVALID', severity: 'error', title: `stork's ${STORK_JWT_ISSUER_ENV} is not one stork accepts, so stork fails at start-up`, fix: `use one of ${STORK_ALLOWED_ISSUERS.filter((issuer) => issuer !== '').join(', ')}, or leave it empty` },
  // ---- Tokens -----------------------------------------------------------------------------------------------
  { code: 'TOKEN_WHITESPACE', severity: 'error', title: 'the token has whitespace around it (a file with a final newline, stored with --from-file)', fix: `store the token without the newline, e.g. kubectl create secret generic NAME --from-literal=${TOKEN_SECRET_KEY}="$(cat FILE)"` },
  { code: 'TOKEN_MALFORMED', severity: 'error', title: 'the token is not a JWT', fix: TOKEN_FIX },
  { code: 'TOKEN_ALGORITHM', severity: 'error', title: 'the token is signed with an algorithm Portworx rejects (none, PS*)', fix: TOKEN_FIX },
  { code: 'TOKEN_SIGNATURE', severity: 'error', title: 'the token is not signed with the shared secret of the bundle', fix: `${TOKEN_FIX}, signed with the shared secret Portworx uses` },
  { code: 'TOKEN_CLAIM_MISSING', severity: 'error', title: 'the token lacks one of the claims Portworx requires (iss, sub, exp, iat, name, email)', fix: `${TOKEN_FIX}; it fills all six claims` },
  { code: 'TOKEN_CLAIM_INVALID', severity: 'error', title: 'a claim of the token has the wrong type', fix: TOKEN_FIX },
  { code: 'TOKEN_ISSUER_UNTRUSTED', severity: 'error', title: 'the token\'s issuer is not one the cluster trusts', fix: `make the token with the cluster's issuer (${PORTWORX_ARGS.jwtIssuer}, or the StorageCluster's selfSigned.issuer)` },
  { code: 'TOKEN_EXPIRED', severity: 'error', title: 'the token has expired', fix: TOKEN_FIX },
  { code: 'TOKEN_EXPIRING', severity: 'warning', title: 'the token expires within --warn-expiry (default 30d)', fix: `${TOKEN_FIX} before it expires` },
  { code: 'TOKEN_USED_BEFORE_ISSUED', severity: 'error', title: 'the token\'s iat is in the future; Portworx allows no clock skew', fix: `${TOKEN_FIX}, with iat backdated (pxsec backdates 10 minutes)` },
  { code: 'TOKEN_NOT_YET_VALID', severity: 'error', title: 'the token\'s nbf is in the future', fix: TOKEN_FIX },
  { code: 'TOKEN_USERNAME_EMPTY', severity: 'error', title: 'the claim Portworx takes as user name is empty', fix: `${TOKEN_FIX}, with a non-empty sub (or the ${PORTWORX_ARGS.usernameClaim} claim)` },
  { code: 'TOKEN_ROLES_EMPTY', severity: 'error', title: 'the token has no roles: it can do nothing', fix: `${TOKEN_FIX}, with a role such as ${ROLES.user}` },
  { code: 'TOKEN_ROLES_INVALID', severity: 'error', title: 'the token\'s roles are not a list of strings', fix: TOKEN_FIX },
  { code: 'TOKEN_GROUPS_INVALID', severity: 'error', title: 'the token\'s groups are not a list of strings', fix: TOKEN_FIX },
  { code: 'TOKEN_SUB_SHARED', severity: 'error', title: 'two token Secrets carry the same sub, so Portworx sees them as one owner', fix: 'give each user or tenant its own sub' },
  { code: 'TOKEN_ALL_GROUPS_NOT_ADMIN', severity: 'warning', title: `the token has group ${ALL_GROUPS} (every resource) without the role ${ROLES.admin}`, fix: `keep group ${ALL_GROUPS} for admin tokens; give others their own groups` },
  { code: 'TOKEN_SECRET_KEY_MISSING', severity: 'error', title: `a StorageClass names a Secret that has no ${TOKEN_SECRET_KEY} key (Portworx reads no other key)`, fix: `store the token under the key ${TOKEN_SECRET_KEY}` },
  { code: 'TOKEN_SECRET_NAMESPACE_UNKNOWN', severity: 'warning', title: 'a token Secret goes into a namespace the bundle neither creates nor declares as existing', fix: `add the Namespace to the bundle, or declare that it exists: pxsec check --namespace-exists NAME, or namespaceExists: true on the token Secret (annotation ${NAMESPACE_EXISTS_ANNOTATION}: "true")` },
  { code: 'TOKEN_SECRET_OPERATOR_OWNED', severity: 'warning', title: `a token Secret uses a name the operator owns and overwrites (${OPERATOR_TOKEN_SECRETS.join(', ')})`, fix: `give the Secret another name, such as ${K8S_USER_SECRET_NAME}` },
  // ---- StorageClasses ---------------------------------------------------------------------------------------
  { code: 'STORAGECLASS_PARAMETER_NOT_STRING', severity: 'error', title: 'a StorageClass parameter is not a string', fix: 'quote the value' },
  { code: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE', severity: 'error', title: 'a secret name is given without its namespace, or the reverse', fix: 'give both halves of the pair, or neither' },
  { code: 'STORAGECLASS_SECRET_PAIR_DUPLICATE', severity: 'error', title: 'a CSI secret pair is written both with and without the csi.storage.k8s.io/ prefix', fix: 'keep the csi.storage.k8s.io/ spelling only' },
  { code: 'STORAGECLASS_TEMPLATE_UNKNOWN', severity: 'error', title: 'a secret parameter uses a template the CSI provisioner cannot resolve', fix: 'use only ${pvc.namespace}, ${pvc.name}, ${pv.name} or ${pvc.annotations[\'key\']} in names, ${pvc.namespace} or ${pv.name} in namespaces' },
  { code: 'STORAGECLASS_SECRET_REFERENCE_INVALID', severity: 'error', title: 'a secret name or namespace is not a valid Kubernetes name', fix: 'use a lower-case RFC 1123 name' },
  { code: 'STORAGECLASS_IN_TREE_TEMPLATE', severity: 'error', title: 'an in-tree StorageClass uses a template (the in-tree driver does none)', fix: 'name a fixed Secret, or move to the CSI provisioner for per-tenant Secrets' },
  { code: 'STORAGECLASS_NODE_PUBLISH_MISSING', severity: 'error', title: 'a CSI StorageClass has secret pairs but none for node-publish (Stork reads the token from it)', fix: 'add the node-publish pair with the provisioner pair\'s values' },
  { code: 'STORAGECLASS_NO_AUTH', severity: 'warning', title: 'a Portworx StorageClass names no token in a secured cluster: volumes are created as the guest (error when guest access is disabled)', fix: `add the token secret parameters (per tenant: ${PVC_NAMESPACE_TEMPLATE})` },
  { code: 'STORAGECLASS_SECRET_MISSING', severity: 'error', title: 'a StorageClass names a token Secret the bundle does not hold', fix: 'add the token Secret to the bundle, in the namespace the class names' },
  { code: 'STORAGECLASS_TENANT_SECRET_MISSING', severity: 'error', title: 'a claim\'s namespace lacks the token Secret its per-tenant StorageClass needs', fix: 'add the token Secret to that namespace (one token per tenant)' },
  // ---- VolumeSnapshotClasses and guest access ----------------------------------------------------------------
  { code: 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING', severity: 'error', title: 'a VolumeSnapshotClass parameter is not a string', fix: 'quote the value' },
  { code: 'VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED', severity: 'error', title: 'a VolumeSnapshotClass parameter has the csi.storage.k8s.io/ prefix but is not one the CSI snapshotter knows (it fails every snapshot)', fix: 'remove it; only the snapshotter and snapshotter-list secret pairs use that prefix' },
  { code: 'VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE', severity: 'error', title: 'a snapshotter secret name is given without its namespace, or the reverse, or empty', fix: 'give both halves of the pair, or neither' },
  { code: 'VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN', severity: 'error', title: 'a snapshotter secret parameter uses a template the CSI snapshotter cannot resolve', fix: `use only \${volumesnapshotcontent.name}, \${volumesnapshot.name} or \${volumesnapshot.namespace} in names, \${volumesnapshotcontent.name} or ${VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE} in namespaces` },
  { code: 'VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID', severity: 'error', title: 'a snapshotter secret name or namespace is not a valid Kubernetes name', fix: 'use a lower-case RFC 1123 name' },
  { code: 'VOLUMESNAPSHOTCLASS_NO_AUTH', severity: 'warning', title: 'a Portworx VolumeSnapshotClass names no token in a secured cluster: snapshots are taken as the guest (error when guest access is disabled)', fix: `add the snapshotter secret pair (per tenant: ${K8S_USER_SECRET_NAME} in ${VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE})` },
  { code: 'VOLUMESNAPSHOTCLASS_SECRET_MISSING', severity: 'error', title: 'a VolumeSnapshotClass names a token Secret the bundle does not hold', fix: 'add the token Secret to the bundle, in the namespace the class names' },
  { code: 'VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING', severity: 'error', title: 'a VolumeSnapshot\'s namespace lacks the token Secret its per-tenant VolumeSnapshotClass needs', fix: 'add the token Secret to that namespace (one token per tenant)' },
  { code: 'GUEST_ACCESS_ENABLED', severity: 'warning', title: 'guest access is Enabled (or not set: the default) while Portworx classes without auth exist: their volumes are public', fix: 'give every class a token, then set guestAccess: Disabled' },
  // ---- Keys and Secrets -------------------------------------------------------------------------------------
  { code: 'KEYS_WEAK', severity: 'error', title: 'a key is shorter than 32 characters, a placeholder or a repeated pattern', fix: 'use 64 random characters ("pxsec keys generate")' },
  { code: 'KEYS_NOT_DISTINCT', severity: 'error', title: 'two of the three keys are equal', fix: 'give each key its own random value ("pxsec keys generate")' },
  { code: 'SECRET_VALUE_INVALID', severity: 'error', title: 'a key or token value of a Secret is not valid (data must be base64, stringData a string)', fix: 'write data values in base64, or plain text under stringData' },
  { code: 'SECRET_PLAINTEXT_IN_GIT', severity: 'warning', title: 'a Secret holding keys or tokens in plaintext sits in a git work tree (and is not git-ignored)', fix: SEAL_FIX },
  // ---- YAML -------------------------------------------------------------------------------------------------
  { code: 'SPEC_DUPLICATE_KEY', severity: 'warning', title: 'a key appears twice in one mapping; the last value wins', fix: 'remove the duplicate key' },
  { code: 'SPEC_YAML_WARNING', severity: 'warning', title: 'the YAML parser warns about the manifest', fix: 'correct the YAML at the line given' },
];

const RULES_BY_CODE: ReadonlyMap<string, AuditRule> = new Map(AUDIT_RULES.map((rule) => [rule.code, rule]));

/** The rule of `code`, or `undefined` for a code this catalogue does not know. */
export function auditRule(code: string): AuditRule | undefined {
  return RULES_BY_CODE.get(code);
}

/** The fix of `code`'s rule, or a generic fix for a code this catalogue does not know. */
export function ruleFix(code: string): string {
  return auditRule(code)?.fix ?? 'see the message';
}
