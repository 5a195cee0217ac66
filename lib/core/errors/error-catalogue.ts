/**
 * Every error and finding code of this library, in one table: its severity, a one-line title and what to do.
 * `PxSecurityError.code` and `Finding.code` are typed by it (`PxErrorCode`), `pxsec check` lists its `audit`
 * entries as its rules (SARIF), and `docs/errors.md` is generated from it (`npm run docs:errors`).
 *
 * A code never changes meaning.
 * Titles and fixes are general; a message says which field and value, and often a more exact fix.
 */

/** How bad a problem is: `error` fails (a throw, exit 1), `warning` and `info` are reported only. */
export type ErrorSeverity = 'error' | 'warning' | 'info';

/** One entry of the catalogue. */
export interface ErrorCatalogueEntry {
  /** The usual severity (a few findings depend on the cluster, as the title says). */
  readonly severity: ErrorSeverity;
  /** What the mistake is, in one line. */
  readonly title: string;
  /** What to do about it. */
  readonly fix: string;
  /** `pxsec check` reports it as a finding (a SARIF rule). @default false */
  readonly audit?: boolean;
}

/** The catalogue: `pxsec check` findings first (in the order of its checks), then the other codes, A to Z. */
/**
 * Every code of this library: the keys of {@link ERROR_CATALOGUE}, spelled out so that the declarations of the
 * entry points (and their API reports) carry the codes, not the catalogue's wording. tsc checks both ways: a
 * code here without its entry, or an entry without its code here, does not compile.
 */
export type PxErrorCode =
  | 'SECURITY_NOT_ENABLED'
  | 'ISSUER_INVALID'
  | 'DAEMONSET_ISSUER_CONFLICT'
  | 'GUEST_ACCESS_INVALID'
  | 'GUEST_ACCESS_IGNORED'
  | 'TOKEN_LIFETIME_INVALID'
  | 'ISSUER_LOOKS_LIKE_OIDC'
  | 'DAEMONSET_ENV_MISSING'
  | 'ENV_NAME_UNKNOWN'
  | 'STORK_SKIP_ANNOTATION_MISSING'
  | 'KEY_IN_PLAINTEXT_ENV'
  | 'SECRET_REF_EXTERNAL'
  | 'SECRET_REF_KEY_MISSING'
  | 'SPEC_TARGET_AMBIGUOUS'
  | 'OBJECT_DUPLICATE'
  | 'KEYS_SHARED_BETWEEN_CLUSTERS'
  | 'CLUSTER_NOT_IN_BUNDLE'
  | 'SIGNATURES_NOT_CHECKED'
  | 'STORK_SHARED_SECRET_MISSING'
  | 'STORK_KEY_MISMATCH'
  | 'STORK_ISSUER_INVALID'
  | 'AUTOPILOT_KEY_MISSING'
  | 'AUTOPILOT_ISSUER_MISMATCH'
  | 'PUBLIC_KEY_SOURCE_MISSING'
  | 'TOKEN_WHITESPACE'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_ALGORITHM'
  | 'TOKEN_SIGNATURE'
  | 'TOKEN_CLAIM_MISSING'
  | 'TOKEN_CLAIM_INVALID'
  | 'TOKEN_ISSUER_UNTRUSTED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_EXPIRING'
  | 'TOKEN_USED_BEFORE_ISSUED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_USERNAME_EMPTY'
  | 'TOKEN_NEVER_EXPIRES'
  | 'TOKEN_CLAIM_CASE_VARIANT'
  | 'TOKEN_CLAIM_DUPLICATE'
  | 'TOKEN_ROLES_EMPTY'
  | 'TOKEN_ROLES_INVALID'
  | 'TOKEN_GROUPS_INVALID'
  | 'TOKEN_SUB_SHARED'
  | 'TOKEN_ROLE_UNKNOWN'
  | 'TENANT_TOKEN_ADMIN'
  | 'TOKEN_PUBLIC_KEY_NOT_CONFIGURED'
  | 'TOKEN_SECRET_NOT_PORTWORX'
  | 'TOKEN_ALL_GROUPS_NOT_ADMIN'
  | 'TOKEN_SECRET_KEY_MISSING'
  | 'TOKEN_SECRET_OPERATOR_OWNED'
  | 'TOKEN_SECRET_NAMESPACE_UNKNOWN'
  | 'APPLY_ORDER'
  | 'STORAGECLASS_PARAMETER_NOT_STRING'
  | 'STORAGECLASS_SECRET_PAIR_INCOMPLETE'
  | 'STORAGECLASS_SECRET_PAIR_DUPLICATE'
  | 'STORAGECLASS_TEMPLATE_UNKNOWN'
  | 'STORAGECLASS_SECRET_REFERENCE_INVALID'
  | 'STORAGECLASS_IN_TREE_TEMPLATE'
  | 'STORAGECLASS_PROVISIONER_SECRET_MISSING'
  | 'STORAGECLASS_EXPAND_SECRET_MISSING'
  | 'STORAGECLASS_NODE_PUBLISH_MISSING'
  | 'STORAGECLASS_NO_AUTH'
  | 'STORAGECLASS_SECRET_MISSING'
  | 'STORAGECLASS_TENANT_SECRET_MISSING'
  | 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING'
  | 'VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED'
  | 'VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE'
  | 'VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN'
  | 'VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID'
  | 'DEFAULT_CLASS_AMBIGUOUS'
  | 'VOLUMESNAPSHOT_API_NOT_SERVED'
  | 'VOLUMESNAPSHOTCLASS_NO_AUTH'
  | 'VOLUMESNAPSHOTCLASS_FIELD_INVALID'
  | 'VOLUMESNAPSHOTCLASS_SECRET_MISSING'
  | 'VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING'
  | 'GUEST_ACCESS_ENABLED'
  | 'KEYS_WEAK'
  | 'KEYS_NOT_DISTINCT'
  | 'KEYS_DIGEST_STALE'
  | 'KEYS_TEST_ONLY'
  | 'SECRET_VALUE_INVALID'
  | 'SECRET_PLAINTEXT_IN_GIT'
  | 'MANIFEST_PERMISSIONS'
  | 'SPEC_DUPLICATE_KEY'
  | 'SPEC_YAML_WARNING'
  | 'ANNOTATION_INVALID'
  | 'AUDIT_OPTIONS_INVALID'
  | 'AUTH_CONFIG_KEY_MISSING'
  | 'AUTH_CONFIG_NOT_A_MAPPING'
  | 'AUTH_CONFIG_UNKNOWN_KEY'
  | 'AUTH_CONFIG_UNREADABLE'
  | 'AUTH_CONFIG_VALUE_INVALID'
  | 'AUTH_CONFIG_YAML_INVALID'
  | 'CHECK_FLAGS_INVALID'
  | 'CHECK_INPUT_UNREADABLE'
  | 'CHECK_NO_MANIFESTS'
  | 'CLOCK_INVALID'
  | 'CLUSTER_MISSING'
  | 'CLUSTER_OTHER_APP'
  | 'CLUSTER_IDENTITY_AMBIGUOUS'
  | 'CLUSTER_KEYS_SHARED'
  | 'CLUSTER_NAME_INVALID'
  | 'DELIVERY_EXISTING_TOKEN'
  | 'DURATION_INVALID'
  | 'EXTERNAL_SECRET_API_VERSION_INVALID'
  | 'EXTERNAL_SECRET_KEYS_MISSING'
  | 'EXTERNAL_SECRET_KEY_DUPLICATE'
  | 'EXTERNAL_SECRET_PROPERTY_UNKNOWN'
  | 'EXTERNAL_SECRET_REFRESH_INVALID'
  | 'EXTERNAL_SECRET_REMOTE_KEY_MISSING'
  | 'EXTERNAL_VALUES_PATH_INVALID'
  | 'EXTERNAL_SECRET_STORE_KIND_INVALID'
  | 'EXTERNAL_SECRET_STORE_MISSING'
  | 'FILE_TARGET_NOT_A_FILE'
  | 'FILE_TARGET_SYMLINK'
  | 'FILE_WRITE_FAILED'
  | 'IDENTITY_ALL_GROUPS_NOT_ADMIN'
  | 'IDENTITY_EMAIL_INVALID'
  | 'IDENTITY_GROUPS_INVALID'
  | 'IDENTITY_INVALID'
  | 'IDENTITY_NAME_EMPTY'
  | 'IDENTITY_ROLES_EMPTY'
  | 'IDENTITY_ROLES_INVALID'
  | 'IDENTITY_ROLE_INVALID'
  | 'IDENTITY_ROLE_UNKNOWN'
  | 'IDENTITY_SUB_INVALID'
  | 'IDENTITY_VALUE_INVALID'
  | 'INCLUDE_FORM_INVALID'
  | 'INCLUDE_FORM_MISMATCH'
  | 'INCLUDE_MISSING'
  | 'INCLUDE_NAMESPACE_MISMATCH'
  | 'INPUT_LIMIT_INVALID'
  | 'INPUT_NOT_A_FILE'
  | 'INPUT_NOT_UTF8'
  | 'INPUT_TOO_LARGE'
  | 'INPUT_UNREADABLE'
  | 'KEYSTORE_CLUSTER_REQUIRED'
  | 'KEYSTORE_CORRUPT'
  | 'KEYSTORE_MISSING'
  | 'KEYSTORE_NO_PREVIOUS'
  | 'KEYSTORE_PERMISSIONS'
  | 'KEYSTORE_UNREADABLE'
  | 'KEYSTORE_UNWRITABLE'
  | 'KEYS_CONTEXT_INVALID'
  | 'KEYS_ENV_MISSING'
  | 'KEYS_MASTER_WEAK'
  | 'KEYS_SECRET_NAMESPACE_MISMATCH'
  | 'KEYS_SOURCE_REQUIRED'
  | 'KEYS_UNRESOLVED'
  | 'KEY_FILE_INVALID'
  | 'KEY_SOURCE_CONFLICT'
  | 'KEY_SOURCE_MISSING'
  | 'KEY_TYPE_MISMATCH'
  | 'LABEL_INVALID'
  | 'NAME_INVALID'
  | 'OUTPUT_FILE_EXPOSED'
  | 'OUTPUT_FILE_UNWRITABLE'
  | 'PEER_DEPENDENCY_MISSING'
  | 'PATCH_FLAGS_INVALID'
  | 'RENEWAL_INVALID'
  | 'ROTATION_INVALID'
  | 'SEAL_CACHE_INVALID'
  | 'SEAL_CACHE_LOCKED'
  | 'SEAL_CACHE_PERMISSIONS'
  | 'SEAL_CACHE_UNREADABLE'
  | 'SEAL_CACHE_UNWRITABLE'
  | 'SEAL_CERT_EXPIRED'
  | 'SEAL_CERT_INVALID'
  | 'SEAL_CERT_KEY_TOO_SMALL'
  | 'SEAL_CERT_NOT_RSA'
  | 'SEAL_CERT_TEST_ONLY'
  | 'SEAL_CERT_UNREADABLE'
  | 'SEAL_INPUT_EMPTY'
  | 'SEAL_INPUT_INVALID'
  | 'SEAL_INPUT_NOT_SECRET'
  | 'SEAL_INPUT_UNREADABLE'
  | 'SEAL_NAMESPACE_MISSING'
  | 'SEAL_OUTPUT_UNWRITABLE'
  | 'SEAL_SCOPE_INVALID'
  | 'SEAL_SECRET_DATA_INVALID'
  | 'SEAL_SECRET_EMPTY'
  | 'SEAL_SECRET_NAME_MISSING'
  | 'SECRET_EMPTY'
  | 'SECRET_FILE_EMPTY'
  | 'SECRET_FILE_UNREADABLE'
  | 'SECRET_IN_GIT'
  | 'SOURCE_DATE_EPOCH_INVALID'
  | 'SPEC_ALREADY_SECURED_DIFFERENTLY'
  | 'SPEC_ENV_TWIN_UNCHECKED'
  | 'SPEC_FIELD_INVALID'
  | 'SPEC_FORMS_MIXED'
  | 'SPEC_GIVEN_TWICE'
  | 'SPEC_INVALID_YAML'
  | 'SPEC_NAMESPACE_MISSING'
  | 'SPEC_NOT_AN_OBJECT'
  | 'SPEC_NO_PORTWORX'
  | 'SPEC_SETTING_IGNORED'
  | 'SPEC_SETTING_INVALID'
  | 'SPEC_STORK_ABSENT'
  | 'SPEC_STORK_ISSUER_INVALID'
  | 'SPEC_STORK_NOT_PATCHED'
  | 'SPEC_TEXT_UNSUPPORTED'
  | 'SPEC_UNREADABLE'
  | 'STORAGECLASS_FIELD_INVALID'
  | 'STORAGECLASS_NO_TENANT'
  | 'STORAGECLASS_PARAMETER_COLLISION'
  | 'STORAGECLASS_PARAMETER_INVALID'
  | 'STORAGECLASS_PROVISIONER_INVALID'
  | 'STORAGECLASS_TOKEN_INVALID'
  | 'STORAGECLASS_TOKEN_REQUIRED'
  | 'STORAGECLASS_TOKEN_TEMPLATE'
  | 'TENANT_NAMESPACE_DUPLICATE'
  | 'TESTING_MARK_INVALID'
  | 'TIME_INVALID'
  | 'TOKEN_KEY_CURVE_MISMATCH'
  | 'TOKEN_KEY_INVALID'
  | 'TOKEN_KEY_MISMATCH'
  | 'TOKEN_KEY_PERMISSIONS'
  | 'TOKEN_KEY_WEAK'
  | 'TOKEN_SIGNING_KEY_UNUSED'
  | 'TOKEN_MISSING'
  | 'TOKEN_TIMES_INVALID'
  | 'TOKEN_VERIFY_OPTIONS_INVALID'
  | 'VOLUMESNAPSHOTCLASS_NO_TENANT'
  | 'VOLUMESNAPSHOTCLASS_PARAMETER_COLLISION'
  | 'VOLUMESNAPSHOTCLASS_PARAMETER_INVALID'
  | 'VOLUMESNAPSHOTCLASS_TOKEN_INVALID'
  | 'VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE';

export const ERROR_CATALOGUE: Readonly<Record<PxErrorCode, ErrorCatalogueEntry>> = {
  SECURITY_NOT_ENABLED: {
    severity: 'error',
    title: 'PX-Security is not enabled: no -jwt_issuer (DaemonSet) or spec.security.enabled (StorageCluster)',
    fix: 'run "pxsec patch SPEC --issuer <issuer>" on the install spec and add the keys Secret ("pxsec keys generate")',
    audit: true,
  },
  ISSUER_INVALID: {
    severity: 'error',
    title: 'the issuer is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts',
    fix: 'use one plain word, such as "portworx.com", in -jwt_issuer (or selfSigned.issuer) and in every token',
    audit: true,
  },
  DAEMONSET_ISSUER_CONFLICT: {
    severity: 'warning',
    title: '-jwt_issuer and PORTWORX_AUTH_JWT_ISSUER name different issuers',
    fix: 'keep one of them, with the issuer your tokens carry',
    audit: true,
  },
  GUEST_ACCESS_INVALID: {
    severity: 'error',
    title: "the StorageCluster's spec.security.auth.guestAccess is not Enabled, Disabled or Managed (case-sensitive)",
    fix: 'use one of Enabled, Disabled, Managed (case-sensitive)',
    audit: true,
  },
  GUEST_ACCESS_IGNORED: {
    severity: 'error',
    title:
      'a guest access is written where nothing reads it (another path or case than spec.security.auth.guestAccess, or an annotation value that is not a mode): guest access stays Enabled',
    fix: 'write spec.security.auth.guestAccess (or the px-security-constructs/guest-access annotation) with Enabled, Disabled or Managed (case-sensitive)',
    audit: true,
  },
  TOKEN_LIFETIME_INVALID: {
    severity: 'error',
    title: "the StorageCluster's selfSigned.tokenLifetime is not an openstorage duration (a whole number and one of s, m, h, d, y)",
    fix: 'use a whole number and one unit of s, m, h, d or y, such as "24h" or "7d"',
    audit: true,
  },
  ISSUER_LOOKS_LIKE_OIDC: {
    severity: 'warning',
    title: 'the self-signed issuer starts with https://, which Portworx reads as an OIDC provider',
    fix: 'use an issuer without a scheme, such as "portworx.com", and the same in every token',
    audit: true,
  },
  DAEMONSET_ENV_MISSING: {
    severity: 'error',
    title: 'a key env entry of the portworx container is missing (warning for the stork key when stork is not in the bundle)',
    fix: 'run "pxsec patch SPEC --issuer <issuer>" on the install spec and add the keys Secret ("pxsec keys generate")',
    audit: true,
  },
  ENV_NAME_UNKNOWN: {
    severity: 'warning',
    title: 'an env name under PORTWORX_AUTH (or near one) is none Portworx reads: the setting it was meant for stays unset',
    fix: 'spell it as Portworx does (see the did-you-mean), e.g. PORTWORX_AUTH_JWT_SHAREDSECRET',
    audit: true,
  },
  STORK_SKIP_ANNOTATION_MISSING: {
    severity: 'warning',
    title: 'a Secret holding keys or a Portworx token lacks stork.libopenstorage.org/skip-resource: "true": stork backups and migrations copy it',
    fix: 'annotate the Secret stork.libopenstorage.org/skip-resource: "true" (the constructs and the operator do)',
    audit: true,
  },
  KEY_IN_PLAINTEXT_ENV: {
    severity: 'warning',
    title: 'a key is written as a literal env value in the manifest',
    fix: 'take it from the keys Secret with valueFrom.secretKeyRef',
    audit: true,
  },
  SECRET_REF_EXTERNAL: {
    severity: 'warning',
    title: 'a key comes from a Secret the bundle does not hold (created outside it, or missing)',
    fix: 'make sure the Secret exists in the cluster before Portworx starts, or add it to the bundle (sealed)',
    audit: true,
  },
  SECRET_REF_KEY_MISSING: {
    severity: 'error',
    title: 'a key comes from a Secret of the bundle that has no such key',
    fix: 'add the key to the Secret, or point the reference at the right key',
    audit: true,
  },
  SPEC_TARGET_AMBIGUOUS: {
    severity: 'error',
    title: 'the bundle holds two portworx DaemonSets, StorageClusters or stork Deployments',
    fix: 'check one cluster at a time',
    audit: true,
  },
  OBJECT_DUPLICATE: {
    severity: 'error',
    title:
      'two objects have one identity (API group, kind, namespace, name; a SealedSecret or ExternalSecret counts as the Secret it makes): applied, one silently replaces the other',
    fix: "give each object its own name or namespace (a token Secret must not take the keys Secret's name), or declare it once",
    audit: true,
  },
  KEYS_SHARED_BETWEEN_CLUSTERS: {
    severity: 'error',
    title: 'two clusters checked together (one bundle each) have equal keys: a token of one opens the other',
    fix: 'give each cluster its own keys (each its own keystore entry: clusterName), then re-synthesize and re-apply the one whose keys you replace',
    audit: true,
  },
  CLUSTER_NOT_IN_BUNDLE: {
    severity: 'info',
    title: 'no portworx DaemonSet or StorageCluster in the bundle: issuers and signatures were not checked',
    fix: 'check the tokens together with the install spec and the keys Secret',
    audit: true,
  },
  SIGNATURES_NOT_CHECKED: {
    severity: 'info',
    title: 'the shared secret is not in the bundle: token signatures were not checked',
    fix: 'add the keys Secret to the bundle to check signatures too',
    audit: true,
  },
  STORK_SHARED_SECRET_MISSING: {
    severity: 'error',
    title: 'stork has no PX_SHARED_SECRET in a secured cluster',
    fix: 'run "pxsec patch SPEC --issuer <issuer>" on the install spec and add the keys Secret ("pxsec keys generate")',
    audit: true,
  },
  STORK_KEY_MISMATCH: {
    severity: 'error',
    title: "stork's PX_SHARED_SECRET does not come from the same Secret and key as the portworx container's stork key",
    fix: 'take PX_SHARED_SECRET from the same Secret and key as PORTWORX_AUTH_STORK_KEY (the stork-secret of the keys Secret)',
    audit: true,
  },
  STORK_ISSUER_INVALID: {
    severity: 'error',
    title: "stork's PX_JWT_ISSUER is not one stork accepts, so stork fails at start-up",
    fix: 'use one of stork.openstorage.io, apps.portworx.io, operator.portworx.io, or leave it empty',
    audit: true,
  },
  AUTOPILOT_KEY_MISSING: {
    severity: 'error',
    title: 'autopilot has no PX_SHARED_SECRET from the key Portworx trusts for stork, in a secured cluster',
    fix: 'give the autopilot container PX_SHARED_SECRET from key "stork-secret" of the keys Secret, e.g. with "pxsec patch SPEC --issuer <issuer>"',
    audit: true,
  },
  AUTOPILOT_ISSUER_MISMATCH: {
    severity: 'warning',
    title: "autopilot's PX_JWT_ISSUER is not the issuer Portworx ties to the stork key",
    fix: 'set PX_JWT_ISSUER to stork.openstorage.io with PORTWORX_AUTH_STORK_KEY, or apps.portworx.io with PORTWORX_AUTH_SYSTEM_APPS_KEY',
    audit: true,
  },
  PUBLIC_KEY_SOURCE_MISSING: {
    severity: 'warning',
    title: 'the Secret or ConfigMap the portworx pods mount the token public key from is not made (the pods would not start unless it exists already)',
    fix: 'emit it (give the cluster tokenSigningKey) or create it with the public key PEM; with publicKey and no tokenSigningKey, set publicKeyExists: true if the cluster has it',
    audit: true,
  },
  TOKEN_WHITESPACE: {
    severity: 'error',
    title: 'the token has whitespace around it (a file with a final newline, stored with --from-file)',
    fix: 'store the token without the newline, e.g. kubectl create secret generic NAME --from-literal=auth-token="$(cat FILE)"',
    audit: true,
  },
  TOKEN_MALFORMED: {
    severity: 'error',
    title: 'the token is not a JWT',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_ALGORITHM: {
    severity: 'error',
    title: 'the token is signed with an algorithm Portworx rejects (none, PS*)',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_SIGNATURE: {
    severity: 'error',
    title: 'the token is not signed with the shared secret of the bundle',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret, signed with the shared secret Portworx uses',
    audit: true,
  },
  TOKEN_CLAIM_MISSING: {
    severity: 'error',
    title: 'the token lacks one of the claims Portworx requires (iss, sub, exp, iat, name, email)',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret; it fills all six claims',
    audit: true,
  },
  TOKEN_CLAIM_INVALID: {
    severity: 'error',
    title: 'a claim of the token has the wrong type',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_ISSUER_UNTRUSTED: {
    severity: 'error',
    title: "the token's issuer is not one the cluster trusts",
    fix: "make the token with the cluster's issuer (-jwt_issuer, or the StorageCluster's selfSigned.issuer)",
    audit: true,
  },
  TOKEN_EXPIRED: {
    severity: 'error',
    title: 'the token has expired',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_EXPIRING: {
    severity: 'warning',
    title: 'the token expires within --warn-expiry (default 30d)',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret before it expires',
    audit: true,
  },
  TOKEN_USED_BEFORE_ISSUED: {
    severity: 'error',
    title: "the token's iat is in the future; Portworx allows no clock skew",
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret, with iat backdated (pxsec backdates 10 minutes)',
    audit: true,
  },
  TOKEN_NOT_YET_VALID: {
    severity: 'error',
    title: "the token's nbf is in the future",
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_USERNAME_EMPTY: {
    severity: 'error',
    title: 'the claim Portworx takes as user name is empty',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret, with a non-empty sub (or the -username_claim claim)',
    audit: true,
  },
  TOKEN_NEVER_EXPIRES: {
    severity: 'warning',
    title: "the token's exp is 0, which Portworx reads as no expiry",
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret, with a lifetime (pxctl\'s default is 1d)',
    audit: true,
  },
  TOKEN_CLAIM_CASE_VARIANT: {
    severity: 'warning',
    title: 'a claim is spelled in another case (such as ISS), which Portworx reads as the claim itself',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret; it writes each claim once, in lower case',
    audit: true,
  },
  TOKEN_CLAIM_DUPLICATE: {
    severity: 'warning',
    title: 'a claim appears more than once in the token, and readers disagree on which one counts',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret; it writes each claim once',
    audit: true,
  },
  TOKEN_ROLES_EMPTY: {
    severity: 'warning',
    title: 'the token has no roles: Portworx accepts it, but it can do nothing',
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret, with a role such as system.user',
    audit: true,
  },
  TOKEN_ROLES_INVALID: {
    severity: 'error',
    title: "the token's roles are not a list of strings",
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_GROUPS_INVALID: {
    severity: 'error',
    title: "the token's groups are not a list of strings",
    fix: 'make a new token with "pxsec token generate" (or the cdk8s/Pulumi constructs) and store it in the Secret',
    audit: true,
  },
  TOKEN_SUB_SHARED: {
    severity: 'error',
    title: 'two token Secrets carry the same sub, so Portworx sees them as one owner',
    fix: 'give each user or tenant its own sub',
    audit: true,
  },
  TOKEN_ROLE_UNKNOWN: {
    severity: 'warning',
    title: "the token has a system.* role that is not one of Portworx's (system.admin, system.user, system.view, system.guest): it grants nothing",
    fix: "use one of Portworx's roles, or a custom role without the system. prefix",
    audit: true,
  },
  TENANT_TOKEN_ADMIN: {
    severity: 'warning',
    title: "a tenant's token (outside the Portworx namespaces) has the role system.admin: that tenant can act on every tenant's volumes",
    fix: "give tenants system.user (or a custom role); keep system.admin for the administrator's token in the Portworx namespace",
    audit: true,
  },
  TOKEN_PUBLIC_KEY_NOT_CONFIGURED: {
    severity: 'error',
    title:
      'the token is signed RS*/ES*, but Portworx has no public key of that kind (-jwt_rsa_pubkey_file, -jwt_ecds_pubkey_file or the env twins): Portworx refuses it',
    fix: 'mount the public key into the portworx container and name it (pxsec patch --public-key-path PATH --public-key-from secret/NAME/KEY), or sign tokens HS256 with the shared secret',
    audit: true,
  },
  TOKEN_SECRET_NOT_PORTWORX: {
    severity: 'info',
    title:
      'a Secret has the key auth-token, but nothing ties it to Portworx (no class names it, no Portworx name or annotation, no token of a trusted issuer): not checked as a token',
    fix: 'nothing, if it is not a Portworx token; else name it from a Portworx class, or annotate it stork.libopenstorage.org/skip-resource: "true"',
    audit: true,
  },
  TOKEN_ALL_GROUPS_NOT_ADMIN: {
    severity: 'warning',
    title: 'the token has group * (every resource) without the role system.admin',
    fix: 'keep group * for admin tokens; give others their own groups',
    audit: true,
  },
  TOKEN_SECRET_KEY_MISSING: {
    severity: 'error',
    title: 'a StorageClass names a Secret that has no auth-token key (Portworx reads no other key)',
    fix: 'store the token under the key auth-token',
    audit: true,
  },
  TOKEN_SECRET_OPERATOR_OWNED: {
    severity: 'error',
    title: 'a token Secret uses a name the operator owns and overwrites (px-admin-token, px-user-token)',
    fix: 'give the Secret another name, such as px-k8s-user',
    audit: true,
  },
  TOKEN_SECRET_NAMESPACE_UNKNOWN: {
    severity: 'warning',
    title:
      'a token Secret goes into a namespace the bundle neither creates nor declares as existing: applying it fails unless the namespace is made elsewhere first',
    fix: 'add the Namespace to the bundle, or declare that it exists: pxsec check --namespace-exists NAME, or namespaceExists: true on the token Secret (annotation px-security-constructs/namespace-exists: "true")',
    audit: true,
  },
  APPLY_ORDER: {
    severity: 'warning',
    title:
      'an object comes before the Namespace it goes into or a Secret it reads, in the order kubectl apply reads the manifests (documents in file order, files of a directory in lexical order): a first apply fails, or pods start before their keys',
    fix: 'move the object after the Namespace or Secret it needs (the cdk8s and Pulumi constructs order their output themselves; for your own objects in another chart, use chart.addDependency)',
    audit: true,
  },
  STORAGECLASS_PARAMETER_NOT_STRING: {
    severity: 'error',
    title: 'a StorageClass parameter is not a string',
    fix: 'quote the value',
    audit: true,
  },
  STORAGECLASS_SECRET_PAIR_INCOMPLETE: {
    severity: 'error',
    title: 'a secret name is given without its namespace, or the reverse',
    fix: 'give both halves of the pair, or neither',
    audit: true,
  },
  STORAGECLASS_SECRET_PAIR_DUPLICATE: {
    severity: 'error',
    title: 'a CSI secret pair is written both with and without the csi.storage.k8s.io/ prefix',
    fix: 'keep the csi.storage.k8s.io/ spelling only',
    audit: true,
  },
  STORAGECLASS_TEMPLATE_UNKNOWN: {
    severity: 'error',
    title: 'a secret parameter uses a template the CSI provisioner cannot resolve',
    fix: "use only ${pvc.namespace}, ${pvc.name}, ${pv.name} or ${pvc.annotations['key']} in names, ${pvc.namespace} or ${pv.name} in namespaces",
    audit: true,
  },
  STORAGECLASS_SECRET_REFERENCE_INVALID: {
    severity: 'error',
    title: 'a secret name or namespace is not a valid Kubernetes name',
    fix: 'use a lower-case RFC 1123 name',
    audit: true,
  },
  STORAGECLASS_IN_TREE_TEMPLATE: {
    severity: 'error',
    title: 'an in-tree StorageClass uses a template (the in-tree driver does none)',
    fix: 'name a fixed Secret, or move to the CSI provisioner for per-tenant Secrets',
    audit: true,
  },
  STORAGECLASS_PROVISIONER_SECRET_MISSING: {
    severity: 'error',
    title:
      'a CSI StorageClass has secret pairs but none for the provisioner: its volumes are created as the guest, with no owner (public), or refused when guest access is Disabled',
    fix: "add the provisioner pair with the node-publish pair's values",
    audit: true,
  },
  STORAGECLASS_EXPAND_SECRET_MISSING: {
    severity: 'error',
    title:
      'a CSI StorageClass has secret pairs but none for controller-expand: Portworx refuses to expand its volumes (a warning when the class does not allow expansion)',
    fix: "add the controller-expand pair with the provisioner pair's values",
    audit: true,
  },
  STORAGECLASS_NODE_PUBLISH_MISSING: {
    severity: 'error',
    title: 'a CSI StorageClass has secret pairs but none for node-publish (Stork reads the token from it)',
    fix: "add the node-publish pair with the provisioner pair's values",
    audit: true,
  },
  STORAGECLASS_NO_AUTH: {
    severity: 'warning',
    title: 'a Portworx StorageClass names no token in a secured cluster: volumes are created as the guest (error when guest access is disabled)',
    fix: 'add the token secret parameters (per tenant: ${pvc.namespace})',
    audit: true,
  },
  STORAGECLASS_SECRET_MISSING: {
    severity: 'error',
    title: 'a StorageClass names a token Secret the bundle does not hold',
    fix: 'add the token Secret to the bundle, in the namespace the class names',
    audit: true,
  },
  STORAGECLASS_TENANT_SECRET_MISSING: {
    severity: 'error',
    title: "a claim's namespace lacks the token Secret its per-tenant StorageClass needs",
    fix: 'add the token Secret to that namespace (one token per tenant)',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING: {
    severity: 'error',
    title: 'a VolumeSnapshotClass parameter is not a string',
    fix: 'quote the value',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED: {
    severity: 'error',
    title: 'a VolumeSnapshotClass parameter has the csi.storage.k8s.io/ prefix but is not one the CSI snapshotter knows (it fails every snapshot)',
    fix: 'remove it; only the snapshotter and snapshotter-list secret pairs use that prefix',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE: {
    severity: 'error',
    title: 'a snapshotter secret name is given without its namespace, or the reverse, or empty',
    fix: 'give both halves of the pair, or neither',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN: {
    severity: 'error',
    title: 'a snapshotter secret parameter uses a template the CSI snapshotter cannot resolve',
    fix: 'use only ${volumesnapshotcontent.name}, ${volumesnapshot.name} or ${volumesnapshot.namespace} in names, ${volumesnapshotcontent.name} or ${volumesnapshot.namespace} in namespaces',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID: {
    severity: 'error',
    title: 'a snapshotter secret name or namespace is not a valid Kubernetes name',
    fix: 'use a lower-case RFC 1123 name',
    audit: true,
  },
  DEFAULT_CLASS_AMBIGUOUS: {
    severity: 'warning',
    title: 'more than one StorageClass (or VolumeSnapshotClass) is annotated as the default',
    fix: 'annotate one class as the default, and name the class in claims and snapshots that need another',
    audit: true,
  },
  VOLUMESNAPSHOT_API_NOT_SERVED: {
    severity: 'warning',
    title:
      "a VolumeSnapshotClass is at an API version the spec's snapshot CRDs do not serve (v1 beside v1beta1-only CRDs): the API server refuses it unless the cluster's CRDs are newer",
    fix: 'install external-snapshotter CRDs that serve snapshot.storage.k8s.io/v1 (4.0 or later), or leave out the VolumeSnapshotClass',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_NO_AUTH: {
    severity: 'warning',
    title: 'a Portworx VolumeSnapshotClass names no token in a secured cluster: snapshots are taken as the guest (error when guest access is disabled)',
    fix: 'add the snapshotter secret pair (per tenant: px-k8s-user in ${volumesnapshot.namespace})',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_FIELD_INVALID: {
    severity: 'error',
    title: 'deletionPolicy or isDefault of a VolumeSnapshotClass is not valid, or its default-class annotation is written by hand',
    fix: 'use deletionPolicy "Delete" or "Retain" and isDefault: true or false (instead of the annotation)',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_SECRET_MISSING: {
    severity: 'error',
    title: 'a VolumeSnapshotClass names a token Secret the bundle does not hold',
    fix: 'add the token Secret to the bundle, in the namespace the class names',
    audit: true,
  },
  VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING: {
    severity: 'error',
    title: "a VolumeSnapshot's namespace lacks the token Secret its per-tenant VolumeSnapshotClass needs",
    fix: 'add the token Secret to that namespace (one token per tenant)',
    audit: true,
  },
  GUEST_ACCESS_ENABLED: {
    severity: 'warning',
    title: 'guest access is Enabled (or not set: the default) while Portworx classes without auth exist: their volumes are public',
    fix: 'give every class a token, then set guestAccess: Disabled',
    audit: true,
  },
  KEYS_WEAK: {
    severity: 'error',
    title: 'a key is shorter than 32 characters, a placeholder or a repeated pattern',
    fix: 'use 64 random characters ("pxsec keys generate")',
    audit: true,
  },
  KEYS_NOT_DISTINCT: {
    severity: 'error',
    title: 'two of the three keys are equal',
    fix: 'give each key its own random value ("pxsec keys generate")',
    audit: true,
  },
  KEYS_DIGEST_STALE: {
    severity: 'warning',
    title: "a pod template's keys digest is not that of the keys its Secret holds: the pods would keep the old keys",
    fix: 'synthesize again with the keys the Secret holds (cdk8s synth, pulumi up, or pxsec patch --keystore), so the workloads roll to them',
    audit: true,
  },
  KEYS_TEST_ONLY: {
    severity: 'error',
    title: 'a key is one of the published test keys (TEST_KEYS of px-security-constructs/testing): anyone can sign tokens with it',
    fix: 'use keys of your own ("pxsec keys generate", a keystore, env or a master secret); TEST_KEYS belong only in PxTesting.app() and under PxTesting.pulumiMocks()',
    audit: true,
  },
  SECRET_VALUE_INVALID: {
    severity: 'error',
    title: 'a key or token value of a Secret is not valid (data must be base64, stringData a string)',
    fix: 'write data values in base64, or plain text under stringData',
    audit: true,
  },
  SECRET_PLAINTEXT_IN_GIT: {
    severity: 'warning',
    title: 'a Secret holding keys or tokens in plaintext sits in a git work tree (and is not git-ignored)',
    fix: 'seal the Secret ("pxsec seal") or deliver it with an ExternalSecret, and keep the plaintext out of git',
    audit: true,
  },
  MANIFEST_PERMISSIONS: {
    severity: 'warning',
    title: 'a manifest file holding a key or token in plaintext can be read by group or others (cdk8s synth writes dist/ with the umask, usually 0644)',
    fix: 'deliver keys and tokens sealed or external (secretDelivery), or keep the file private: chmod 600 it, or synthesize under umask 077',
    audit: true,
  },
  SPEC_DUPLICATE_KEY: {
    severity: 'warning',
    title: 'a key appears twice in one mapping; the last value wins',
    fix: 'remove the duplicate key',
    audit: true,
  },
  SPEC_YAML_WARNING: {
    severity: 'warning',
    title: 'the YAML parser warns about the manifest',
    fix: 'correct the YAML at the line given',
    audit: true,
  },
  // ---- Thrown by the constructs, the core and the CLI (and pxsec patch warnings) ----
  ANNOTATION_INVALID: {
    severity: 'error',
    title: 'an annotation key is not a valid Kubernetes key, or its value is not a string',
    fix: 'write keys as an optional DNS-subdomain prefix and "/" then a name; write every value as a quoted string',
  },
  AUDIT_OPTIONS_INVALID: {
    severity: 'error',
    title: 'now or warnExpirySeconds of auditBundle is not a whole, non-negative number of seconds',
    fix: 'give now as whole seconds since the epoch (Math.floor(Date.now() / 1000)) and warnExpirySeconds in whole seconds',
  },
  AUTH_CONFIG_KEY_MISSING: {
    severity: 'error',
    title: 'the auth config file lacks a key it needs',
    fix: 'add the key (name, email, roles; sub and groups are optional)',
  },
  AUTH_CONFIG_NOT_A_MAPPING: {
    severity: 'error',
    title: 'the auth config file is not a YAML mapping',
    fix: 'write one "key: value" line per key, with the keys name, email, sub, roles and groups',
  },
  AUTH_CONFIG_UNKNOWN_KEY: {
    severity: 'error',
    title: 'the auth config file has a key pxsec does not know',
    fix: 'use only name, sub, email, roles and groups',
  },
  AUTH_CONFIG_UNREADABLE: {
    severity: 'error',
    title: 'the --auth-config file cannot be read',
    fix: 'give the path of a YAML file with name, email, sub, roles and groups',
  },
  AUTH_CONFIG_VALUE_INVALID: {
    severity: 'error',
    title: 'a value of the auth config file has the wrong type (roles and groups are lists of strings)',
    fix: 'write roles and groups as YAML lists, such as roles: [system.user]',
  },
  AUTH_CONFIG_YAML_INVALID: {
    severity: 'error',
    title: 'the auth config file is not valid YAML',
    fix: 'correct the YAML at that line and column',
  },
  CHECK_FLAGS_INVALID: {
    severity: 'error',
    title: 'pxsec check was given output flags that do not go together (--json with another --format)',
    fix: 'give one output format: --json, or --format text|json|sarif',
  },
  CHECK_INPUT_UNREADABLE: {
    severity: 'error',
    title: 'a manifest file or directory given to pxsec check cannot be read',
    fix: 'give manifest files or directories you can read, or "-" for standard input',
  },
  CHECK_NO_MANIFESTS: {
    severity: 'error',
    title: 'a directory given to pxsec check holds no .yaml, .yml or .json file',
    fix: 'give the manifests to check (e.g. the dist/ directory "cdk8s synth" writes), or a file by name',
  },
  CLOCK_INVALID: {
    severity: 'error',
    title: 'the clock did not return epoch milliseconds',
    fix: 'give a function that returns a non-negative number of milliseconds, like Date.now or () => 1700000000000',
  },
  CLUSTER_MISSING: {
    severity: 'error',
    title: 'a tenant, StorageClass or VolumeSnapshotClass was given no PxSecureCluster (props.cluster missing or not a cluster)',
    fix: 'pass the PxSecureCluster it belongs to, e.g. new PxTenant(scope, id, { cluster, ... })',
  },
  CLUSTER_OTHER_APP: {
    severity: 'error',
    title:
      'a tenant, StorageClass or VolumeSnapshotClass uses a PxSecureCluster of another cdk8s App or Pulumi program (a test cluster signs with the published TEST_KEYS)',
    fix: 'make the cluster in the same App or program as its tenants and classes',
  },
  CLUSTER_IDENTITY_AMBIGUOUS: {
    severity: 'error',
    title: "the spec names more than one Portworx cluster (-c values or StorageCluster names), so the cluster's keystore entry is not clear",
    fix: 'set clusterName on the PxSecureCluster, or give a spec of one cluster',
  },
  CLUSTER_KEYS_SHARED: {
    severity: 'error',
    title: 'two clusters of one process would take the same keystore entry by default, so they would have equal keys',
    fix: "give each cluster its own clusterName (e.g. 'prod', 'staging'); to share keys on purpose, pass keys: keysFromKeystore(path, { cluster }) to both",
  },
  CLUSTER_NAME_INVALID: {
    severity: 'error',
    title: "clusterName is not a cluster name (1 to 253 letters, digits, '.', '_' or '-', starting and ending with a letter or digit)",
    fix: "name the cluster as you call it, e.g. 'prod'",
  },
  DELIVERY_EXISTING_TOKEN: {
    severity: 'error',
    title: 'delivery existing was given for a token Secret; it applies only to the keys Secret (a token Secret holds a token this library signs)',
    fix: 'deliver token Secrets plain, sealed or external',
  },
  DURATION_INVALID: {
    severity: 'error',
    title: "a duration is not in openstorage's grammar (one whole number and one unit)",
    fix: 'use a whole number and one unit of s, m, h, d or y, such as "90m"',
  },
  EXTERNAL_SECRET_API_VERSION_INVALID: {
    severity: 'error',
    title: 'the ExternalSecret apiVersion is not one the External Secrets Operator serves',
    fix: 'use external-secrets.io/v1 (or v1beta1 for older operators)',
  },
  EXTERNAL_SECRET_KEYS_MISSING: {
    severity: 'error',
    title: 'an external delivery names no keys of the Secret',
    fix: 'list the keys of the Secret, e.g. "auth-token"',
  },
  EXTERNAL_SECRET_KEY_DUPLICATE: {
    severity: 'error',
    title: 'an external delivery maps one Secret key twice',
    fix: 'list each Secret key once',
  },
  EXTERNAL_SECRET_PROPERTY_UNKNOWN: {
    severity: 'error',
    title: 'an external delivery maps a property that is not a key of the Secret',
    fix: "map only the Secret's own keys (auth-token, or the keys Secret's three keys)",
  },
  EXTERNAL_SECRET_REFRESH_INVALID: {
    severity: 'error',
    title: 'the ExternalSecret refresh interval is not a Go duration',
    fix: 'use numbers with units ns, us, ms, s, m or h, such as "1h" or "15m", or "0" to read once',
  },
  EXTERNAL_SECRET_REMOTE_KEY_MISSING: {
    severity: 'error',
    title: "an external delivery gives no remote key (the Secret's path in the vault)",
    fix: 'give the path of the Secret in the vault',
  },
  EXTERNAL_VALUES_PATH_INVALID: {
    severity: 'error',
    title: 'a remote key has no file in the export directory (empty, "." or ".." segments, or absolute)',
    fix: 'use a remoteKeyPrefix of plain segments, such as "portworx" or "clusters/prod-eu-1"',
  },
  EXTERNAL_SECRET_STORE_KIND_INVALID: {
    severity: 'error',
    title: 'the secret store kind is neither SecretStore nor ClusterSecretStore',
    fix: 'use SecretStore or ClusterSecretStore',
  },
  EXTERNAL_SECRET_STORE_MISSING: {
    severity: 'error',
    title: 'an external delivery names no secret store',
    fix: 'name the SecretStore or ClusterSecretStore that reads the vault',
  },
  FILE_TARGET_NOT_A_FILE: {
    severity: 'error',
    title: 'an output path exists and is not a regular file',
    fix: 'give the path of a file',
  },
  FILE_TARGET_SYMLINK: {
    severity: 'error',
    title: 'an output path is a symbolic link (dangling or not), which pxsec never writes through',
    fix: 'give the real path, or remove the link',
  },
  FILE_WRITE_FAILED: {
    severity: 'error',
    title: 'a file cannot be written (full disk, read-only or missing directory, no permission); the target was left as it was',
    fix: 'free space or write elsewhere; nothing was changed',
  },
  IDENTITY_ALL_GROUPS_NOT_ADMIN: {
    severity: 'error',
    title: 'an identity has group "*" (every resource) without the role system.admin',
    fix: 'add system.admin to roles, name the groups the account needs, or set allowAllGroups: true if "*" is meant',
  },
  IDENTITY_EMAIL_INVALID: {
    severity: 'error',
    title: "an identity's email does not look like an email address",
    fix: 'write it as local@domain, such as "tenant-a@example.com", or leave it out',
  },
  IDENTITY_GROUPS_INVALID: {
    severity: 'error',
    title: "an identity's groups are not a list of group names",
    fix: 'write a list such as ["developers"], or leave groups out',
  },
  IDENTITY_INVALID: {
    severity: 'error',
    title: 'an identity is not an object',
    fix: 'give an object with name, roles and optionally email, sub and groups',
  },
  IDENTITY_NAME_EMPTY: {
    severity: 'error',
    title: "an identity's name is empty",
    fix: 'give the account a name, such as "tenant-a"',
  },
  IDENTITY_ROLES_EMPTY: {
    severity: 'error',
    title: 'an identity has no roles; a token without roles can do nothing',
    fix: 'give at least one role, such as ["system.user"]',
  },
  IDENTITY_ROLES_INVALID: {
    severity: 'error',
    title: "an identity's roles are not a list of role names",
    fix: 'write a list such as ["system.user"]',
  },
  IDENTITY_ROLE_INVALID: {
    severity: 'error',
    title: 'a role is not a role name',
    fix: 'use system.admin, system.user, system.view or system.guest, or a custom role named as Portworx allows: not empty, without "/" or a space, such as "tenant.volume-admin"',
  },
  IDENTITY_ROLE_UNKNOWN: {
    severity: 'error',
    title: 'a system.* role is not one Portworx knows (the message suggests the nearest)',
    fix: 'use system.admin, system.user, system.view or system.guest',
  },
  IDENTITY_SUB_INVALID: {
    severity: 'error',
    title: "an identity's sub is blank; Portworx makes sub the owner of volumes",
    fix: 'give a unique ID for the account, or leave sub out to derive one from name and email',
  },
  IDENTITY_VALUE_INVALID: {
    severity: 'error',
    title: 'a field of an identity is not a string or holds control characters',
    fix: 'give plain text',
  },
  INCLUDE_FORM_INVALID: {
    severity: 'error',
    title: 'include.form of a cluster secured in place is not a Portworx install form',
    fix: "use 'daemonset' (a portworx DaemonSet and stork) or 'operator' (a StorageCluster)",
  },
  INCLUDE_FORM_MISMATCH: {
    severity: 'error',
    title: 'the cluster is declared in one install form but the program installs the other (DaemonSet or StorageCluster)',
    fix: 'declare the cluster with the spec the program installs, or include: { form, namespace } with the form it installs',
  },
  INCLUDE_MISSING: {
    severity: 'error',
    title: 'a Pulumi transformation secures objects of a cluster declared without include, so it does not know the install',
    fix: 'declare the cluster with include: the spec the program installs, or { form, namespace } for a Helm chart',
  },
  INCLUDE_NAMESPACE_MISMATCH: {
    severity: 'error',
    title: 'the namespace declared by include differs from the namespace of the portworx DaemonSet or StorageCluster the program installs',
    fix: 'declare the cluster with the spec the program installs, or include: { form, namespace } with its namespace',
  },
  INPUT_LIMIT_INVALID: {
    severity: 'error',
    title: '--max-input-size is not a size',
    fix: 'give a size such as 64M, 512K or 1G',
  },
  INPUT_NOT_A_FILE: {
    severity: 'error',
    title: 'an input is a directory or a device, not a regular file, a pipe or standard input',
    fix: 'give a regular file, a pipe, or "-" for standard input',
  },
  INPUT_NOT_UTF8: {
    severity: 'error',
    title: 'an input holds bytes that are not UTF-8; pxsec would not write them back unchanged',
    fix: 'convert the file to UTF-8 (iconv -f LATIN1 -t UTF-8)',
  },
  INPUT_TOO_LARGE: {
    severity: 'error',
    title: 'an input is larger than the input size limit (32 MiB by default)',
    fix: 'use a smaller input, or raise the limit with --max-input-size',
  },
  INPUT_UNREADABLE: {
    severity: 'error',
    title: 'an input file cannot be opened or read',
    fix: 'give a readable file',
  },
  KEYSTORE_CLUSTER_REQUIRED: {
    severity: 'error',
    title: 'the keystore holds the keys of several clusters and no cluster was named',
    fix: 'name the cluster: keysFromKeystore(path, { cluster }), or --cluster on the command line',
  },
  KEYSTORE_CORRUPT: {
    severity: 'error',
    title: 'the keystore is not a regular file, or not a keystore pxsec wrote',
    fix: 'give the path of a keystore file, or a path where none exists yet to create one',
  },
  KEYSTORE_MISSING: {
    severity: 'error',
    title: 'there is no keystore to rotate or roll back',
    fix: 'give the keystore the cluster is made from, or create one with "pxsec keys generate --keystore"',
  },
  KEYSTORE_NO_PREVIOUS: {
    severity: 'error',
    title: 'the keystore holds no previous key set to roll back to',
    fix: 'restore the keystore from a backup, or rotate to new keys with "pxsec keys rotate"',
  },
  KEYSTORE_PERMISSIONS: {
    severity: 'error',
    title: 'the keystore file can be read by group or others',
    fix: 'run "chmod 600" on it (and consider the keys exposed: make new ones if others could read it)',
  },
  KEYSTORE_UNREADABLE: {
    severity: 'error',
    title: 'the keystore cannot be read',
    fix: 'give the path of a keystore file you can read',
  },
  KEYSTORE_UNWRITABLE: {
    severity: 'error',
    title: 'the keystore cannot be created',
    fix: 'give a path in a directory you can write to',
  },
  KEYS_CONTEXT_INVALID: {
    severity: 'error',
    title: 'the context of keysFromMasterSecret is not a non-empty string',
    fix: 'name the cluster the keys are for, such as "prod-eu-1", or leave the context out',
  },
  KEYS_ENV_MISSING: {
    severity: 'error',
    title: 'a key environment variable is not set or empty',
    fix: 'set it to the key (64 characters; "pxsec keys generate --format env" prints all three variables)',
  },
  KEYS_MASTER_WEAK: {
    severity: 'error',
    title: 'the master secret is not a string of 32 characters or more',
    fix: 'give the master secret as a string of 32 characters or more',
  },
  KEYS_SECRET_NAMESPACE_MISMATCH: {
    severity: 'error',
    title: "keysSecretNamespace differs from the portworx DaemonSet's namespace; a secretKeyRef only reads Secrets in the pod's own namespace",
    fix: "leave keysSecretNamespace unset, or set it to the DaemonSet's namespace",
  },
  KEYS_SOURCE_REQUIRED: {
    severity: 'error',
    title: 'keys are unset for a cluster installed elsewhere, so they would be invented locally and its tokens refused',
    fix: 'pass the keys the cluster holds, e.g. keys: keysFromEnv(process.env) or keysFromMasterSecret(...)',
  },
  KEYS_UNRESOLVED: {
    severity: 'error',
    title: "a key of a Pulumi cluster resolved to no value (a RandomPassword under mocks that echo a resource's inputs, or an Output of nothing)",
    fix: "in tests, set the mocks with PxTesting.pulumiMocks() from 'px-security-constructs/testing'; otherwise pass keys as strings or Outputs that resolve, or leave keys out to generate them",
  },
  KEY_FILE_INVALID: {
    severity: 'error',
    title: 'the key file is not a PEM private key',
    fix: 'give a file starting with "-----BEGIN PRIVATE KEY-----" (or the RSA / EC forms of openssl)',
  },
  KEY_SOURCE_CONFLICT: {
    severity: 'error',
    title: 'the shared secret is given in more than one way (flag, file, environment)',
    fix: 'give the shared secret once',
  },
  KEY_SOURCE_MISSING: {
    severity: 'error',
    title: 'no signing key is given',
    fix: 'give the shared secret (--shared-secret-file, or PORTWORX_AUTH_SHARED_SECRET) or a private key',
  },
  KEY_TYPE_MISMATCH: {
    severity: 'error',
    title: 'the key given is of another kind than the flag asks for',
    fix: 'give the shared secret to --shared-secret and a PEM key to --private-key',
  },
  LABEL_INVALID: {
    severity: 'error',
    title: 'a label key or value is not valid for Kubernetes',
    fix: 'write keys as an optional DNS-subdomain prefix and "/" then a name, and values of at most 63 characters as quoted strings',
  },
  NAME_INVALID: {
    severity: 'error',
    title: 'a Kubernetes name is not a valid RFC 1123 name',
    fix: 'use lower-case letters, digits and "-" (and "." in DNS subdomains), starting and ending with a letter or digit',
  },
  OUTPUT_FILE_EXPOSED: {
    severity: 'error',
    title: 'an output file for a secret exists and can be read by group or others',
    fix: 'remove it or run "chmod 600" on it first, or give a new path',
  },
  OUTPUT_FILE_UNWRITABLE: {
    severity: 'error',
    title: 'an output file cannot be written',
    fix: 'give a path in an existing directory you can write to',
  },
  PEER_DEPENDENCY_MISSING: {
    severity: 'error',
    title: 'an optional peer package the entry point needs for this is not installed',
    fix: 'install it beside px-security-constructs (npm install <package>), or pass what it would make (e.g. keys, for @pulumi/random)',
  },
  PATCH_FLAGS_INVALID: {
    severity: 'error',
    title: 'pxsec patch was given flags that do not go together',
    fix: 'see "pxsec patch --help"',
  },
  RENEWAL_INVALID: {
    severity: 'error',
    title: 'the in-cluster token renewal is not valid (mode, lifetime, renewBefore, schedule, image or backdate)',
    fix: 'write renewal: { mode: \'in-cluster\' } with renewBefore shorter than lifetime, such as lifetime "24h" and renewBefore "12h"',
  },
  ROTATION_INVALID: {
    severity: 'error',
    title: 'a rotation policy is not valid (renewEvery must be shorter than lifetime)',
    fix: 'make renewEvery shorter than lifetime, such as renewEvery "30d" with lifetime "1y"',
  },
  SEAL_CACHE_INVALID: {
    severity: 'error',
    title: 'the sealing cache file is not one pxsec wrote',
    fix: 'delete it: it is re-created on the next run, which seals every value afresh (a one-time diff)',
  },
  SEAL_CACHE_LOCKED: {
    severity: 'error',
    title: "another process has held the sealing cache's lock file for too long",
    fix: 'wait for the other pxsec or synth to finish; if none runs, remove the lock file the message names',
  },
  SEAL_CACHE_PERMISSIONS: {
    severity: 'error',
    title: 'the sealing cache can be read by group or others; its HMAC key must stay private',
    fix: 'chmod 600 the file, or delete it (the next run seals afresh, a one-time diff)',
  },
  SEAL_CACHE_UNREADABLE: {
    severity: 'error',
    title: 'the sealing cache file cannot be read',
    fix: 'make the file readable by this user, or point the cache at another path',
  },
  SEAL_CACHE_UNWRITABLE: {
    severity: 'error',
    title: 'the sealing cache cannot be written',
    fix: 'use a writable directory with free space, or point the cache at another path',
  },
  SEAL_CERT_EXPIRED: {
    severity: 'error',
    title: 'the sealing certificate has expired (kubeseal refuses to seal with it too)',
    fix: 'fetch the controller\'s current certificate with "kubeseal --fetch-cert"',
  },
  SEAL_CERT_INVALID: {
    severity: 'error',
    title: 'the certificate file holds a PEM certificate that cannot be parsed',
    fix: 'save the controller certificate with `kubeseal --fetch-cert > cert.pem` and give its path',
  },
  SEAL_CERT_KEY_TOO_SMALL: {
    severity: 'error',
    title: "the sealing certificate's RSA key is too small to seal with",
    fix: "use the controller's own certificate (the controller makes 4096-bit keys)",
  },
  SEAL_CERT_NOT_RSA: {
    severity: 'error',
    title: "the certificate's key is not an RSA key; Sealed Secrets seals with RSA-OAEP",
    fix: "use the Sealed Secrets controller's own certificate (kubeseal --fetch-cert)",
  },
  SEAL_CERT_TEST_ONLY: {
    severity: 'warning',
    title: "the sealing certificate is this repository's test certificate, whose private key is published: anyone can open what it seals",
    fix: "seal with your controller's own certificate: kubeseal --fetch-cert > cert.pem",
  },
  SEAL_CERT_UNREADABLE: {
    severity: 'error',
    title: 'the sealing certificate file cannot be read',
    fix: 'save the controller certificate with `kubeseal --fetch-cert > cert.pem` and give its path',
  },
  SEAL_INPUT_EMPTY: {
    severity: 'error',
    title: 'the input of pxsec seal holds no Secret',
    fix: 'pass a file with at least one v1 Secret',
  },
  SEAL_INPUT_INVALID: {
    severity: 'error',
    title: 'the input of pxsec seal is not valid YAML',
    fix: 'fix the YAML syntax there',
  },
  SEAL_INPUT_NOT_SECRET: {
    severity: 'error',
    title: 'the input of pxsec seal holds an object that is not a v1 Secret',
    fix: 'pass only Secrets to pxsec seal (split other objects out of the file)',
  },
  SEAL_INPUT_UNREADABLE: {
    severity: 'error',
    title: 'the input of pxsec seal cannot be read',
    fix: 'give the path of a readable file',
  },
  SEAL_NAMESPACE_MISSING: {
    severity: 'error',
    title: 'a Secret to seal has no namespace, which its sealing scope binds the ciphertext to',
    fix: 'set metadata.namespace, or seal with the cluster-wide scope',
  },
  SEAL_OUTPUT_UNWRITABLE: {
    severity: 'error',
    title: 'the output of pxsec seal cannot be written',
    fix: 'give a path in a writable directory',
  },
  SEAL_SCOPE_INVALID: {
    severity: 'error',
    title: 'the sealing scope is not strict, namespace-wide or cluster-wide',
    fix: 'use strict, namespace-wide or cluster-wide',
  },
  SEAL_SECRET_DATA_INVALID: {
    severity: 'error',
    title: 'a data value of a Secret to seal is not standard base64',
    fix: 'put base64 values in data (or plain text in stringData)',
  },
  SEAL_SECRET_EMPTY: {
    severity: 'error',
    title: 'a Secret to seal has no data and no stringData',
    fix: 'add the values to seal (kubeseal refuses an empty Secret too)',
  },
  SEAL_SECRET_NAME_MISSING: {
    severity: 'error',
    title: 'a Secret to seal has no name',
    fix: 'give the Secret a name',
  },
  SECRET_EMPTY: {
    severity: 'error',
    title: 'the shared secret given is empty',
    fix: 'give the shared secret',
  },
  SECRET_FILE_EMPTY: {
    severity: 'error',
    title: 'the secret file is empty',
    fix: 'write the key into the file, or give another file',
  },
  SECRET_FILE_UNREADABLE: {
    severity: 'error',
    title: 'the secret file cannot be read',
    fix: 'give the path of a readable file',
  },
  SECRET_IN_GIT: {
    severity: 'error',
    title: "secretsInGit is 'forbid' and a Secret would be written in plain text",
    fix: 'deliver it sealed or external (secretDelivery), or as existing for the keys Secret',
  },
  SOURCE_DATE_EPOCH_INVALID: {
    severity: 'error',
    title: 'SOURCE_DATE_EPOCH is not a whole number of seconds since the epoch',
    fix: 'set it to digits only, such as "1700000000" (e.g. $(git log -1 --format=%ct)), or unset it',
  },
  SPEC_ALREADY_SECURED_DIFFERENTLY: {
    severity: 'error',
    title: 'the spec is already secured with another issuer, keys Secret or setting than the one asked',
    fix: 'run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds',
  },
  SPEC_ENV_TWIN_UNCHECKED: {
    severity: 'warning',
    title: 'a setting is also taken from an env entry pxsec patch cannot read (valueFrom)',
    fix: 'make sure the env entry holds the same value as the flag pxsec patch adds',
  },
  SPEC_FIELD_INVALID: {
    severity: 'error',
    title: 'a field of the spec has a shape pxsec patch cannot edit (such as a list where a mapping belongs)',
    fix: 'correct the field in the spec, then patch again',
  },
  SPEC_FORMS_MIXED: {
    severity: 'error',
    title: 'the spec holds both a portworx DaemonSet and a StorageCluster',
    fix: 'secure the DaemonSet spec or the operator spec, one file at a time',
  },
  SPEC_GIVEN_TWICE: {
    severity: 'error',
    title: 'a cluster is given a spec both to emit (spec) and to secure in place (include)',
    fix: 'give the spec once: as spec to emit it, or as include to secure objects already in the app',
  },
  SPEC_INVALID_YAML: {
    severity: 'error',
    title: 'the spec is not valid YAML',
    fix: 'correct the YAML at the line and column given and run again',
  },
  SPEC_NAMESPACE_MISSING: {
    severity: 'warning',
    title: 'the StorageCluster has no metadata.namespace',
    fix: 'apply the spec and the shared-secret Secret to the same namespace, or give the namespace',
  },
  SPEC_NOT_AN_OBJECT: {
    severity: 'error',
    title: 'the spec holds a YAML document that is not a Kubernetes object (a mapping with apiVersion and kind)',
    fix: 'remove that document, or comment it out',
  },
  SPEC_NO_PORTWORX: {
    severity: 'error',
    title: 'the spec holds no portworx DaemonSet and no StorageCluster',
    fix: 'give the spec downloaded from the Portworx spec generator, with the portworx DaemonSet or the StorageCluster in it',
  },
  SPEC_SETTING_IGNORED: {
    severity: 'warning',
    title: 'a setting applies to the other form of spec (DaemonSet or StorageCluster) and is ignored',
    fix: 'leave the setting out for this spec',
  },
  SPEC_SETTING_INVALID: {
    severity: 'error',
    title: 'a setting of pxsec patch (or of the spec the constructs secure) is not valid',
    fix: 'see the message for the setting and its valid values',
  },
  SPEC_STORK_ABSENT: {
    severity: 'warning',
    title: 'the spec holds no stork Deployment',
    fix: 'where stork runs from another spec, give its container PX_SHARED_SECRET from the keys Secret too',
  },
  SPEC_STORK_ISSUER_INVALID: {
    severity: 'error',
    title: "stork's PX_JWT_ISSUER in the spec is an issuer stork refuses at start-up",
    fix: 'remove PX_JWT_ISSUER, or use stork.openstorage.io, apps.portworx.io or operator.portworx.io',
  },
  SPEC_STORK_NOT_PATCHED: {
    severity: 'warning',
    title: "the stork Deployment was left as it is: with a StorageCluster, the operator configures stork's key itself",
    fix: 'nothing to do; the operator sets stork up',
  },
  SPEC_TEXT_UNSUPPORTED: {
    severity: 'error',
    title: 'the text form of the patch meets a YAML alias it cannot edit without changing every other use of it',
    fix: 'write the aliased value out in full, or use the objects form (secureSpecObjects)',
  },
  SPEC_UNREADABLE: {
    severity: 'error',
    title: 'the spec file cannot be read',
    fix: 'give the path of a Portworx install spec, or "-" to read standard input',
  },
  STORAGECLASS_FIELD_INVALID: {
    severity: 'error',
    title: 'allowVolumeExpansion of a StorageClass is not true or false',
    fix: 'write allowVolumeExpansion: true or false',
  },
  STORAGECLASS_NO_TENANT: {
    severity: 'error',
    title: "a per-tenant StorageClass reads each claim's token from the claim's namespace, but the app declares no tenant",
    fix: 'add a PxTenant for every namespace that will use the class, or use a fixed token Secret',
  },
  STORAGECLASS_PARAMETER_COLLISION: {
    severity: 'error',
    title: 'a raw StorageClass parameter is one a typed prop writes',
    fix: 'set the typed prop instead and remove the parameter from parameters',
  },
  STORAGECLASS_PARAMETER_INVALID: {
    severity: 'error',
    title: 'a StorageClass parameter has a value Portworx does not support (repl 1 to 3, the enums)',
    fix: 'use a value the message lists, e.g. repl: 2 (written as the string "2")',
  },
  STORAGECLASS_PROVISIONER_INVALID: {
    severity: 'error',
    title: 'the StorageClass provisioner is neither csi nor in-tree',
    fix: 'use "csi" (pxd.portworx.com) or "in-tree" (kubernetes.io/portworx-volume)',
  },
  STORAGECLASS_TOKEN_INVALID: {
    severity: 'error',
    title: 'a StorageClass token reference is not one of the three kinds',
    fix: "use { kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }",
  },
  STORAGECLASS_TOKEN_REQUIRED: {
    severity: 'error',
    title: 'an in-tree StorageClass has no token reference (the in-tree driver has no per-tenant default)',
    fix: "name the token Secret: token: { kind: 'fixed', secretName, namespace }, or token: { kind: 'none' } for guest volumes",
  },
  STORAGECLASS_TOKEN_TEMPLATE: {
    severity: 'error',
    title: 'a typed token reference holds a template; it names its Secret literally',
    fix: "name the Secret, and use token: { kind: 'per-tenant' } for a Secret in each claim's namespace",
  },
  TENANT_NAMESPACE_DUPLICATE: {
    severity: 'error',
    title: 'two tenants have one namespace',
    fix: 'give each tenant its own namespace',
  },
  TESTING_MARK_INVALID: {
    severity: 'error',
    title:
      "an App or mocks object is marked as made by px-security-constructs/testing, but the mark does not hold this package's test keys (another version of the package, or a hand-made mark)",
    fix: 'install one version of px-security-constructs (npm ls px-security-constructs), and make test apps and mocks only with PxTesting',
  },
  TIME_INVALID: {
    severity: 'error',
    title: 'a time is not whole seconds since the epoch',
    fix: 'give the time as whole seconds since the epoch, such as Math.floor(Date.now() / 1000)',
  },
  TOKEN_KEY_CURVE_MISMATCH: {
    severity: 'warning',
    title: 'an ES* token is verified with an EC key on another curve than its algorithm names (Portworx does not check the curve)',
    fix: 'sign and verify ES256 with a P-256 key, ES384 with P-384, ES512 with P-521',
  },
  TOKEN_KEY_INVALID: {
    severity: 'error',
    title: 'the signing key of a token is not a usable shared secret or unencrypted PEM private key',
    fix: 'give the shared secret (the shared-secret key of the keys Secret), or an unencrypted PEM private key',
  },
  TOKEN_KEY_MISMATCH: {
    severity: 'error',
    title: "the key given cannot check the token's algorithm",
    fix: "verify with the key of the token's algorithm (the shared secret for HS*, the public key for RS*/ES*)",
  },
  TOKEN_KEY_PERMISSIONS: {
    severity: 'error',
    title: 'the private key file can be read by group or others',
    fix: 'run "chmod 600" on it (and consider the key exposed: make a new one if others could read it)',
  },
  TOKEN_KEY_WEAK: {
    severity: 'error',
    title: 'the signing key is too weak (such as an RSA key under 2048 bits): minting refuses it, verifying warns (Portworx accepts it)',
    fix: 'make a new key, e.g. "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048", or use the 64-character shared secret',
  },
  TOKEN_SIGNING_KEY_UNUSED: {
    severity: 'error',
    title: 'a token signing key is given for a cluster without publicKey, so Portworx would refuse its RS256/ES256 tokens',
    fix: 'set publicKey on the cluster, or leave tokenSigningKey out to sign with the shared secret',
  },
  TOKEN_MISSING: {
    severity: 'error',
    title: 'no token was given',
    fix: 'give the token, or "-" and the token on standard input',
  },
  TOKEN_TIMES_INVALID: {
    severity: 'error',
    title: "a token's issue or expiry time is not whole seconds, or expires before it is issued",
    fix: 'give whole seconds, e.g. from issuanceWindow()',
  },
  TOKEN_VERIFY_OPTIONS_INVALID: {
    severity: 'error',
    title: 'an option of verifyToken is not valid (issuers, key, now, usernameClaim)',
    fix: 'give the issuers Portworx trusts, the key, and now in seconds',
  },
  VOLUMESNAPSHOTCLASS_NO_TENANT: {
    severity: 'error',
    title: "a per-tenant VolumeSnapshotClass reads each snapshot's token from the snapshot's namespace, but the app declares no tenant",
    fix: 'add a PxTenant for every namespace that will take snapshots with the class, or use a fixed token Secret',
  },
  VOLUMESNAPSHOTCLASS_PARAMETER_COLLISION: {
    severity: 'error',
    title: 'a raw VolumeSnapshotClass parameter is an auth parameter, which the typed prop token writes',
    fix: 'set token instead and remove the parameter from parameters',
  },
  VOLUMESNAPSHOTCLASS_PARAMETER_INVALID: {
    severity: 'error',
    title: 'a VolumeSnapshotClass parameter has an empty key',
    fix: 'name the parameter, or remove it',
  },
  VOLUMESNAPSHOTCLASS_TOKEN_INVALID: {
    severity: 'error',
    title: 'a VolumeSnapshotClass token reference is not one of the three kinds',
    fix: "use { kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }",
  },
  VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE: {
    severity: 'error',
    title: 'a typed token reference of a VolumeSnapshotClass holds a template; it names its Secret literally',
    fix: "name the Secret, and use token: { kind: 'per-tenant' } for a Secret in each snapshot's namespace",
  },
};

/** True for a code of the catalogue. */
export function isPxErrorCode(code: string): code is PxErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, code);
}

/** The catalogue entry of `code`. */
export function errorCatalogueEntry(code: PxErrorCode): ErrorCatalogueEntry {
  return ERROR_CATALOGUE[code];
}
