/**
 * The audit over the fixtures of test/fixtures/check/: one small bundle per mistake gives exactly that finding,
 * the clean bundle gives none. The fixtures are copied to a temporary directory first (outside any git work tree,
 * where their plaintext Secrets would rightly add SECRET_PLAINTEXT_IN_GIT); the tokens in them were signed with
 * PyJWT, not with this library (see the fixtures' README).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { AUDIT_RULES, auditBundle, Bundle, bundleFromTexts, Finding, FindingSeverity, loadBundle } from '../../../lib/audit';
import { SecretObject } from '../../../lib/core/kube/kube-object';
import { externalSecretFor } from '../../../lib/core/sealing/external-secret';
import { sealSecret } from '../../../lib/core/sealing/sealed-secret';
import { definedAt } from '../../support/defined';
import { makeManifestsPrivate } from '../../support/private-files';

/** SOURCE_DATE_EPOCH of the fixtures: 2026-01-15T00:00:00Z. Their tokens run from 2026-01-01 to 2027-01-01. */
const NOW = 1768435200;
const THIRTY_DAYS = 30 * 86400;
const FIXTURES = join(__dirname, '../../fixtures/check');

/** Each fixture, the one mistake it holds, and that mistake's severity. */
const MISTAKES: readonly (readonly [file: string, code: string, severity: FindingSeverity])[] = [
  ['security-not-enabled.yaml', 'SECURITY_NOT_ENABLED', 'error'],
  ['security-not-enabled-operator.yaml', 'SECURITY_NOT_ENABLED', 'error'],
  ['issuer-invalid.yaml', 'ISSUER_INVALID', 'error'],
  ['daemonset-issuer-conflict.yaml', 'DAEMONSET_ISSUER_CONFLICT', 'warning'],
  ['issuer-looks-like-oidc.yaml', 'ISSUER_LOOKS_LIKE_OIDC', 'warning'],
  ['guest-access-invalid.yaml', 'GUEST_ACCESS_INVALID', 'error'],
  ['guest-access-ignored.yaml', 'GUEST_ACCESS_IGNORED', 'error'],
  ['env-name-unknown.yaml', 'ENV_NAME_UNKNOWN', 'warning'],
  ['token-lifetime-invalid.yaml', 'TOKEN_LIFETIME_INVALID', 'error'],
  ['daemonset-env-missing.yaml', 'DAEMONSET_ENV_MISSING', 'error'],
  ['key-in-plaintext-env.yaml', 'KEY_IN_PLAINTEXT_ENV', 'warning'],
  ['stork-skip-annotation-missing.yaml', 'STORK_SKIP_ANNOTATION_MISSING', 'warning'],
  ['secret-ref-external.yaml', 'SECRET_REF_EXTERNAL', 'warning'],
  ['secret-ref-key-missing.yaml', 'SECRET_REF_KEY_MISSING', 'error'],
  ['spec-target-ambiguous.yaml', 'SPEC_TARGET_AMBIGUOUS', 'error'],
  ['cluster-not-in-bundle.yaml', 'CLUSTER_NOT_IN_BUNDLE', 'info'],
  ['signatures-not-checked.yaml', 'SIGNATURES_NOT_CHECKED', 'info'],
  ['stork-shared-secret-missing.yaml', 'STORK_SHARED_SECRET_MISSING', 'error'],
  ['stork-key-mismatch.yaml', 'STORK_KEY_MISMATCH', 'error'],
  ['autopilot-key-missing.yaml', 'AUTOPILOT_KEY_MISSING', 'error'],
  ['autopilot-issuer-mismatch.yaml', 'AUTOPILOT_ISSUER_MISMATCH', 'warning'],
  ['keys-digest-stale.yaml', 'KEYS_DIGEST_STALE', 'warning'],
  ['stork-issuer-invalid.yaml', 'STORK_ISSUER_INVALID', 'error'],
  ['public-key-source-missing.yaml', 'PUBLIC_KEY_SOURCE_MISSING', 'warning'],
  ['token-whitespace.yaml', 'TOKEN_WHITESPACE', 'error'],
  ['token-malformed.yaml', 'TOKEN_MALFORMED', 'error'],
  ['token-algorithm.yaml', 'TOKEN_ALGORITHM', 'error'],
  ['token-signature.yaml', 'TOKEN_SIGNATURE', 'error'],
  ['token-signature-string-data.yaml', 'TOKEN_SIGNATURE', 'error'],
  ['token-claim-missing.yaml', 'TOKEN_CLAIM_MISSING', 'error'],
  ['token-claim-invalid.yaml', 'TOKEN_CLAIM_INVALID', 'error'],
  ['token-issuer-untrusted.yaml', 'TOKEN_ISSUER_UNTRUSTED', 'error'],
  ['token-expired.yaml', 'TOKEN_EXPIRED', 'error'],
  ['token-expiring.yaml', 'TOKEN_EXPIRING', 'warning'],
  ['token-used-before-issued.yaml', 'TOKEN_USED_BEFORE_ISSUED', 'error'],
  ['token-not-yet-valid.yaml', 'TOKEN_NOT_YET_VALID', 'error'],
  ['token-username-empty.yaml', 'TOKEN_USERNAME_EMPTY', 'error'],
  ['token-roles-empty.yaml', 'TOKEN_ROLES_EMPTY', 'warning'],
  ['token-never-expires.yaml', 'TOKEN_NEVER_EXPIRES', 'warning'],
  ['token-claim-case-variant.yaml', 'TOKEN_CLAIM_CASE_VARIANT', 'warning'],
  ['token-claim-duplicate.yaml', 'TOKEN_CLAIM_DUPLICATE', 'warning'],
  ['token-secret-namespace-unknown.yaml', 'TOKEN_SECRET_NAMESPACE_UNKNOWN', 'warning'],
  ['token-roles-invalid.yaml', 'TOKEN_ROLES_INVALID', 'error'],
  ['token-groups-invalid.yaml', 'TOKEN_GROUPS_INVALID', 'error'],
  ['token-sub-shared.yaml', 'TOKEN_SUB_SHARED', 'error'],
  ['object-duplicate.yaml', 'OBJECT_DUPLICATE', 'error'],
  ['object-duplicate-sealed.yaml', 'OBJECT_DUPLICATE', 'error'],
  ['token-all-groups-not-admin.yaml', 'TOKEN_ALL_GROUPS_NOT_ADMIN', 'warning'],
  ['token-role-unknown.yaml', 'TOKEN_ROLE_UNKNOWN', 'warning'],
  ['tenant-token-admin.yaml', 'TENANT_TOKEN_ADMIN', 'warning'],
  ['token-public-key-not-configured.yaml', 'TOKEN_PUBLIC_KEY_NOT_CONFIGURED', 'error'],
  ['token-secret-not-portworx.yaml', 'TOKEN_SECRET_NOT_PORTWORX', 'info'],
  ['token-secret-key-missing.yaml', 'TOKEN_SECRET_KEY_MISSING', 'error'],
  ['token-secret-operator-owned.yaml', 'TOKEN_SECRET_OPERATOR_OWNED', 'error'],
  ['storageclass-parameter-not-string.yaml', 'STORAGECLASS_PARAMETER_NOT_STRING', 'error'],
  ['storageclass-secret-pair-incomplete.yaml', 'STORAGECLASS_SECRET_PAIR_INCOMPLETE', 'error'],
  ['storageclass-secret-pair-duplicate.yaml', 'STORAGECLASS_SECRET_PAIR_DUPLICATE', 'error'],
  ['storageclass-template-unknown.yaml', 'STORAGECLASS_TEMPLATE_UNKNOWN', 'error'],
  ['storageclass-secret-reference-invalid.yaml', 'STORAGECLASS_SECRET_REFERENCE_INVALID', 'error'],
  ['storageclass-in-tree-template.yaml', 'STORAGECLASS_IN_TREE_TEMPLATE', 'error'],
  ['storageclass-node-publish-missing.yaml', 'STORAGECLASS_NODE_PUBLISH_MISSING', 'error'],
  ['storageclass-provisioner-secret-missing.yaml', 'STORAGECLASS_PROVISIONER_SECRET_MISSING', 'error'],
  ['storageclass-expand-secret-missing.yaml', 'STORAGECLASS_EXPAND_SECRET_MISSING', 'error'],
  ['storageclass-no-auth.yaml', 'STORAGECLASS_NO_AUTH', 'warning'],
  ['storageclass-no-auth-guest-disabled.yaml', 'STORAGECLASS_NO_AUTH', 'error'],
  ['storageclass-secret-missing.yaml', 'STORAGECLASS_SECRET_MISSING', 'error'],
  ['volumesnapshotclass-no-auth.yaml', 'VOLUMESNAPSHOTCLASS_NO_AUTH', 'warning'],
  ['volumesnapshot-api-not-served.yaml', 'VOLUMESNAPSHOT_API_NOT_SERVED', 'warning'],
  ['volumesnapshotclass-field-invalid.yaml', 'VOLUMESNAPSHOTCLASS_FIELD_INVALID', 'error'],
  ['default-class-ambiguous.yaml', 'DEFAULT_CLASS_AMBIGUOUS', 'warning'],
  ['volumesnapshotclass-parameter-not-string.yaml', 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING', 'error'],
  ['volumesnapshotclass-parameter-reserved.yaml', 'VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED', 'error'],
  ['volumesnapshotclass-secret-pair-incomplete.yaml', 'VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE', 'error'],
  ['volumesnapshotclass-template-unknown.yaml', 'VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN', 'error'],
  ['volumesnapshotclass-secret-reference-invalid.yaml', 'VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID', 'error'],
  ['volumesnapshotclass-secret-missing.yaml', 'VOLUMESNAPSHOTCLASS_SECRET_MISSING', 'error'],
  ['volumesnapshotclass-tenant-secret-missing.yaml', 'VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING', 'error'],
  ['storageclass-tenant-secret-missing.yaml', 'STORAGECLASS_TENANT_SECRET_MISSING', 'error'],
  ['keys-weak.yaml', 'KEYS_WEAK', 'error'],
  ['keys-not-distinct.yaml', 'KEYS_NOT_DISTINCT', 'error'],
  ['keys-test-only.yaml', 'KEYS_TEST_ONLY', 'error'],
  ['secret-value-invalid.yaml', 'SECRET_VALUE_INVALID', 'error'],
  ['spec-duplicate-key.yaml', 'SPEC_DUPLICATE_KEY', 'warning'],
  ['spec-yaml-warning.yaml', 'SPEC_YAML_WARNING', 'warning'],
  ['manifest-permissions.yaml', 'MANIFEST_PERMISSIONS', 'warning'],
  ['apply-order.yaml', 'APPLY_ORDER', 'warning'],
];

/** The one fixture whose mistake is its file mode: readable by group and others. */
const READABLE_FIXTURE = 'manifest-permissions.yaml';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-audit-'));
  cpSync(FIXTURES, dir, { recursive: true });
  // Private, as plaintext key and token files must be; one fixture is readable by all on purpose.
  makeManifestsPrivate(dir, [READABLE_FIXTURE]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The fixtures' token Secrets live in namespaces their one-object bundles do not create: declared as existing,
 * so each fixture keeps exactly its one mistake (TOKEN_SECRET_NAMESPACE_UNKNOWN has its own tests below).
 */
const FIXTURE_NAMESPACES = ['portworx', 'tenant-a', 'tenant-b'];

async function audit(...paths: string[]): Promise<Finding[]> {
  return auditBundle(loadBundle(paths, dir), { now: NOW, warnExpirySeconds: THIRTY_DAYS, existingNamespaces: FIXTURE_NAMESPACES });
}

test('the clean bundle (a secured DaemonSet, stork, pxkeys, tokens, classes, a claim) has no finding at all', async () => {
  expect(await audit('clean')).toEqual([]);
});

describe.each(MISTAKES)('%s', (file, code, severity) => {
  test(`gives ${code} (${severity}) and no other mistake`, async () => {
    const findings = await audit(file);
    const mistakes = findings.filter((finding) => finding.severity !== 'info' || severity === 'info');
    expect(mistakes.length).toBeGreaterThan(0);
    expect(mistakes.map((finding) => [finding.code, finding.severity])).toEqual(mistakes.map(() => [code, severity]));
    // Info findings besides the mistake only say what could not be checked without the cluster.
    const notes = findings.filter((finding) => finding.severity === 'info' && finding.code !== code);
    expect(notes.map((finding) => finding.code)).toEqual(notes.map(() => 'CLUSTER_NOT_IN_BUNDLE'));
  });
});

test('every rule of the catalogue has a fixture (SECRET_PLAINTEXT_IN_GIT is made in bundle.test.ts, KEYS_SHARED_BETWEEN_CLUSTERS in shared-keys-checks.test.ts, GUEST_ACCESS_ENABLED below)', () => {
  const covered = new Set([...MISTAKES.map(([, code]) => code), 'SECRET_PLAINTEXT_IN_GIT', 'KEYS_SHARED_BETWEEN_CLUSTERS', 'GUEST_ACCESS_ENABLED']);
  expect(AUDIT_RULES.map((rule) => rule.code).filter((code) => !covered.has(code))).toEqual([]);
  expect([...covered].filter((code) => !AUDIT_RULES.some((rule) => rule.code === code))).toEqual([]);
});

test('a finding names the object, the field, the line of the field, the message and the fix', async () => {
  expect(await audit('stork-key-mismatch.yaml')).toEqual([
    {
      code: 'STORK_KEY_MISMATCH',
      severity: 'error',
      object: 'Deployment kube-system/stork',
      field: 'spec.template.spec.containers[stork].env[PX_SHARED_SECRET]',
      message:
        'PX_SHARED_SECRET comes from Secret kube-system/pxkeys key "shared-secret", but the portworx container\'s PORTWORX_AUTH_STORK_KEY ' +
        'comes from Secret kube-system/pxkeys key "stork-secret": Portworx rejects stork\'s tokens unless both are the same key',
      fix: 'take PX_SHARED_SECRET from the same Secret and key as PORTWORX_AUTH_STORK_KEY (the stork-secret of the keys Secret)',
      location: { file: 'stork-key-mismatch.yaml', line: 69 },
    },
  ]);
});

test('security not enabled names the args line and the pxsec patch fix', async () => {
  const [finding] = await audit('security-not-enabled.yaml');
  expect(finding).toEqual({
    code: 'SECURITY_NOT_ENABLED',
    severity: 'error',
    object: 'DaemonSet kube-system/portworx',
    field: 'spec.template.spec.containers[portworx].args',
    message:
      'the portworx container has no -jwt_issuer (nor PORTWORX_AUTH_JWT_ISSUER or an OIDC issuer): PX-Security is off, and Portworx serves every request without a token',
    fix:
      'run "pxsec patch security-not-enabled.yaml --issuer <issuer>" (it adds -jwt_issuer and the key env entries, and PX_SHARED_SECRET to stork) ' +
      'and add the keys Secret ("pxsec keys generate")',
    location: { file: 'security-not-enabled.yaml', line: 19 },
  });
});

test('a shared sub is reported on both Secrets, each naming the other', async () => {
  const findings = (await audit('token-sub-shared.yaml')).filter((finding) => finding.code === 'TOKEN_SUB_SHARED');
  expect(findings.map((finding) => [finding.object, finding.message])).toEqual([
    [
      'Secret tenant-a/px-k8s-user',
      'the token\'s sub "tenant@example.com" is also the sub of the token in Secret tenant-b/px-k8s-user: Portworx takes sub as the owner of volumes, so these tokens act as one user',
    ],
    [
      'Secret tenant-b/px-k8s-user',
      'the token\'s sub "tenant@example.com" is also the sub of the token in Secret tenant-a/px-k8s-user: Portworx takes sub as the owner of volumes, so these tokens act as one user',
    ],
  ]);
});

test('--warn-expiry decides what expires soon: 10 days left is a warning at 30d, nothing at 7d', async () => {
  const bundle = loadBundle(['token-expiring.yaml'], dir);
  const codes = async (warnExpirySeconds: number): Promise<string[]> =>
    (await auditBundle(bundle, { now: NOW, warnExpirySeconds, existingNamespaces: FIXTURE_NAMESPACES }))
      .filter((finding) => finding.severity !== 'info')
      .map((finding) => finding.code);
  expect(await codes(THIRTY_DAYS)).toEqual(['TOKEN_EXPIRING']);
  expect(await codes(7 * 86400)).toEqual([]);
  const expiring = definedAt(await auditBundle(bundle, { now: NOW, warnExpirySeconds: THIRTY_DAYS, existingNamespaces: FIXTURE_NAMESPACES }), 0, 'findings');
  expect(expiring.message).toBe('the token expires at 2026-01-25T00:00:00Z, in 10 days (within --warn-expiry)');
});

test('the keys of the keys Secret are named, never shown', async () => {
  const [finding] = await audit('keys-weak.yaml');
  expect(finding).toMatchObject({
    code: 'KEYS_WEAK',
    object: 'Secret kube-system/pxkeys',
    field: 'data["shared-secret"]',
    message: 'shared-secret is a well-known placeholder (8 characters), not a key',
  });
});

test('a StorageClass without auth is no finding where PX-Security is off', async () => {
  const storageClass = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: px-db\nprovisioner: pxd.portworx.com\nparameters:\n  repl: "2"\n';
  const bundle = bundleFromTexts([
    { file: 'px-spec.yaml', text: readFileSync(join(FIXTURES, 'security-not-enabled.yaml'), 'utf8') },
    { file: 'classes.yaml', text: storageClass },
  ]);
  const findings = await auditBundle(bundle, { now: NOW, warnExpirySeconds: THIRTY_DAYS });
  expect(findings.map((finding) => finding.code)).toEqual(['SECURITY_NOT_ENABLED']);
});

test('findings are sorted: errors first, then by file and line; the same bundle gives the same findings', async () => {
  const first = await audit('.');
  const second = await audit('.');
  expect(second).toEqual(first);
  const ranks = first.map((finding) => ['error', 'warning', 'info'].indexOf(finding.severity));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
});

test('options are checked: a negative warnExpirySeconds is AUDIT_OPTIONS_INVALID', async () => {
  await expect(auditBundle(bundleFromTexts([]), { now: NOW, warnExpirySeconds: -1 })).rejects.toMatchObject({
    code: 'AUDIT_OPTIONS_INVALID',
    message: 'warnExpirySeconds -1 is not a whole, non-negative number of seconds: give seconds, e.g. parseDuration("30d", { field: "--warn-expiry" })',
  });
});

describe('Secrets delivered sealed or by the External Secrets Operator', () => {
  const certificatePem = readFileSync(join(__dirname, '../../fixtures/sealing/example-sealing-cert.pem'), 'utf8');

  /** The clean bundle with each plain Secret replaced by `replace(secret)`. */
  function cleanBundleWith(replace: (secret: SecretObject) => Record<string, unknown>): Bundle {
    return bundleFromTexts(
      ['cluster.yaml', 'namespaces-and-tokens.yaml', 'storage-classes.json'].map((file) => {
        const objects = parseAllDocuments(readFileSync(join(FIXTURES, 'clean', file), 'utf8')).map((document) => document.toJS() as Record<string, unknown>);
        const replaced = objects.map((object) => (object.kind === 'Secret' ? replace(object as unknown as SecretObject) : object));
        return { file, text: replaced.map((object) => stringify(object)).join('---\n'), gitWorkTree: dir };
      }),
    );
  }

  test('the clean bundle sealed with "pxsec seal" in a git work tree: no finding (nothing in plaintext, every reference met)', async () => {
    const sealed = cleanBundleWith((secret) => sealSecret(secret, { certificatePem, now: NOW }) as unknown as Record<string, unknown>);
    expect(sealed.objects.filter(({ object }) => object.kind === 'SealedSecret')).toHaveLength(4);
    expect(await auditBundle(sealed, { now: NOW, warnExpirySeconds: THIRTY_DAYS })).toEqual([]);
  });

  test('an ExternalSecret without stork-secret is SECRET_REF_KEY_MISSING; with all keys, no finding', async () => {
    const external = (keys: (secret: SecretObject) => string[]) =>
      cleanBundleWith(
        (secret) =>
          externalSecretFor(
            {
              name: secret.metadata.name,
              namespace: secret.metadata.namespace as string,
              keys: keys(secret),
              ...(secret.metadata.annotations ? { annotations: secret.metadata.annotations } : {}),
            },
            { storeName: 'vault', remoteKey: `px/${secret.metadata.name}` },
          ) as unknown as Record<string, unknown>,
      );
    const complete = await auditBundle(
      external((secret) => Object.keys(secret.data ?? {})),
      { now: NOW, warnExpirySeconds: THIRTY_DAYS },
    );
    expect(complete).toEqual([]);
    const withoutStork = await auditBundle(
      external((secret) => Object.keys(secret.data ?? {}).filter((key) => key !== 'stork-secret')),
      { now: NOW, warnExpirySeconds: THIRTY_DAYS },
    );
    expect(withoutStork.map((finding) => [finding.code, finding.object])).toEqual([
      ['SECRET_REF_KEY_MISSING', 'DaemonSet kube-system/portworx'],
      ['SECRET_REF_KEY_MISSING', 'Deployment kube-system/stork'],
    ]);
  });
});

describe('TOKEN_SECRET_NAMESPACE_UNKNOWN: where a token Secret may go', () => {
  const tokenSecretText = readFileSync(join(FIXTURES, 'token-secret-namespace-unknown.yaml'), 'utf8');
  const secretIn = (namespace: string, annotations?: Record<string, string>): Record<string, any> => {
    const secret = parseAllDocuments(tokenSecretText)[0]?.toJS() as Record<string, any>;
    return { ...secret, metadata: { ...secret.metadata, namespace, ...(annotations ? { annotations } : {}) } };
  };
  const unknownNamespaces = async (objects: readonly Record<string, unknown>[], existingNamespaces?: string[]): Promise<string[]> =>
    (
      await auditBundle(bundleFromTexts([{ file: 'bundle.yaml', text: objects.map((o) => stringify(o)).join('---\n') }]), {
        now: NOW,
        warnExpirySeconds: THIRTY_DAYS,
        ...(existingNamespaces !== undefined ? { existingNamespaces } : {}),
      })
    )
      .filter((finding) => finding.code === 'TOKEN_SECRET_NAMESPACE_UNKNOWN')
      .map((finding) => `${finding.severity} ${finding.object}`);

  test('a namespace nothing creates or declares is a warning on the Secret', async () => {
    expect(await unknownNamespaces([secretIn('team-x')])).toEqual(['warning Secret team-x/px-k8s-user']);
  });

  test("the bundle's Namespace, Kubernetes' own namespaces and --namespace-exists count as existing", async () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-x' } };
    expect(await unknownNamespaces([namespace, secretIn('team-x')])).toEqual([]);
    for (const builtIn of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) expect(await unknownNamespaces([secretIn(builtIn)])).toEqual([]);
    expect(await unknownNamespaces([secretIn('team-x')], ['team-x'])).toEqual([]);
  });

  test('the namespace of the Portworx install in the bundle counts as existing', async () => {
    const cluster = parseAllDocuments(readFileSync(join(FIXTURES, 'clean/cluster.yaml'), 'utf8')).map((doc) => doc.toJS() as Record<string, any>);
    const inPortworx = cluster.map((object) =>
      ['DaemonSet', 'Deployment'].includes(object.kind) ? { ...object, metadata: { ...object.metadata, namespace: 'portworx' } } : object,
    );
    expect(await unknownNamespaces([...inPortworx, secretIn('portworx')])).toEqual([]);
    expect(await unknownNamespaces([...cluster, secretIn('portworx')])).toEqual(['warning Secret portworx/px-k8s-user']);
  });

  test('the annotation px-security-constructs/namespace-exists: "true" declares it, on a Secret, a SealedSecret or an ExternalSecret', async () => {
    const declared = { 'px-security-constructs/namespace-exists': 'true' };
    expect(await unknownNamespaces([secretIn('team-x', declared)])).toEqual([]);
    expect(await unknownNamespaces([secretIn('team-x', { 'px-security-constructs/namespace-exists': 'false' })])).toEqual([
      'warning Secret team-x/px-k8s-user',
    ]);
    const external = externalSecretFor(
      { name: 'px-k8s-user', namespace: 'team-x', keys: ['auth-token'], annotations: declared },
      { storeName: 'vault', remoteKey: 'px/team-x/px-k8s-user' },
    ) as unknown as Record<string, unknown>;
    expect(await unknownNamespaces([external])).toEqual([]);
    const undeclared = externalSecretFor(
      { name: 'px-k8s-user', namespace: 'team-x', keys: ['auth-token'] },
      { storeName: 'vault', remoteKey: 'k' },
    ) as unknown as Record<string, unknown>;
    expect(await unknownNamespaces([undeclared])).toEqual(['warning ExternalSecret team-x/px-k8s-user']);
  });
});

describe("guest access against classes without auth (the synth's rule and codes)", () => {
  const operator = readFileSync(join(__dirname, '../../fixtures/check/storageclass-no-auth-guest-disabled.yaml'), 'utf8');
  const daemonSet = readFileSync(join(__dirname, '../../fixtures/check/volumesnapshotclass-no-auth.yaml'), 'utf8');
  const authlessSnapshotClass =
    '---\napiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata:\n  name: px-guest-snapshots\ndriver: pxd.portworx.com\ndeletionPolicy: Delete\n';
  const codes = async (text: string): Promise<string[]> =>
    (await auditBundle(bundleFromTexts([{ file: 'bundle.yaml', text }]), { now: NOW, warnExpirySeconds: THIRTY_DAYS }))
      .filter((finding) => finding.severity !== 'info')
      .map((finding) => `${finding.code} ${finding.severity}`);

  test.each([
    ['guestAccess: Disabled', ['STORAGECLASS_NO_AUTH error', 'VOLUMESNAPSHOTCLASS_NO_AUTH error']],
    ['guestAccess: Enabled', ['GUEST_ACCESS_ENABLED warning', 'STORAGECLASS_NO_AUTH warning', 'VOLUMESNAPSHOTCLASS_NO_AUTH warning']],
    ['guestAccess: Managed', ['STORAGECLASS_NO_AUTH warning', 'VOLUMESNAPSHOTCLASS_NO_AUTH warning']],
    ['', ['GUEST_ACCESS_ENABLED warning', 'STORAGECLASS_NO_AUTH warning', 'VOLUMESNAPSHOTCLASS_NO_AUTH warning']],
  ])('operator form, %j: %j', async (line, expected) => {
    expect(operator).toContain('guestAccess: Disabled');
    expect((await codes(operator.replace('guestAccess: Disabled', line) + authlessSnapshotClass)).sort()).toEqual(expected);
  });

  test.each([
    ['Disabled', ['VOLUMESNAPSHOTCLASS_NO_AUTH error']],
    ['Enabled', ['GUEST_ACCESS_ENABLED warning', 'VOLUMESNAPSHOTCLASS_NO_AUTH warning']],
  ])('DaemonSet form reads the mode declared on the keys Secret (%s)', async (mode, expected) => {
    expect((await codes(daemonSet.replace('guest-access: Managed', `guest-access: ${mode}`))).sort()).toEqual(expected);
  });

  test("GUEST_ACCESS_ENABLED names the classes and sits on the StorageCluster's guestAccess", async () => {
    const findings = await auditBundle(bundleFromTexts([{ file: 'bundle.yaml', text: operator.replace('guestAccess: Disabled', 'guestAccess: Enabled') }]), {
      now: NOW,
      warnExpirySeconds: THIRTY_DAYS,
    });
    const enabled = findings.find((finding) => finding.code === 'GUEST_ACCESS_ENABLED');
    expect(enabled).toMatchObject({ severity: 'warning', field: 'spec.security.auth.guestAccess' });
    expect(enabled?.message).toContain('StorageClass px-storage');
  });
});

test('OBJECT_DUPLICATE: one finding per later object with an earlier identity; nameless objects (generateName) replace nothing', async () => {
  const text = (kind: string, name?: string): string =>
    stringify({
      apiVersion: 'v1',
      kind,
      metadata: name === undefined ? { generateName: 'job-', namespace: 'tenant-a' } : { name, namespace: 'tenant-a' },
      data: { note: 'bm90ZQ==' },
    });
  const bundle = bundleFromTexts([
    {
      file: 'objects.yaml',
      text: [text('ConfigMap', 'one'), text('ConfigMap', 'one'), text('ConfigMap', 'one'), text('ConfigMap'), text('ConfigMap'), text('Secret', 'one')].join(
        '---\n',
      ),
    },
  ]);
  const findings = await auditBundle(bundle, { now: NOW, warnExpirySeconds: THIRTY_DAYS, existingNamespaces: FIXTURE_NAMESPACES });
  expect(findings.filter((finding) => finding.code === 'OBJECT_DUPLICATE').map((finding) => [finding.object, finding.location?.line, finding.message])).toEqual(
    [
      [
        'ConfigMap tenant-a/one',
        12,
        '"ConfigMap tenant-a/one" is also emitted by ConfigMap tenant-a/one (objects.yaml:1); applied, one silently replaces the other',
      ],
      [
        'ConfigMap tenant-a/one',
        20,
        '"ConfigMap tenant-a/one" is also emitted by ConfigMap tenant-a/one (objects.yaml:1); applied, one silently replaces the other',
      ],
    ],
  );
});
