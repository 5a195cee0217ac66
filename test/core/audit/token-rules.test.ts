/**
 * The token rules of `pxsec check` read tokens as Portworx does: claim names regardless of case (the last
 * spelling wins), an RS* or ES* token only where the cluster has a public key of its kind, a token Secret is a
 * Portworx one only when something ties it to Portworx, whitespace judged by what reaches Portworx, and one bad
 * key is one finding. Tokens are signed here with node:crypto (the fixtures' tokens with PyJWT).
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';
import { PxSecureCluster, PxTenant } from '../../../lib/cdk8s';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../../lib/testing';

const NOW = 1768435200;
const CLUSTER = readFileSync(join(__dirname, '../../fixtures/check/clean/cluster.yaml'), 'utf8');
const SHARED_SECRET = Buffer.from(/shared-secret: (\S+)/.exec(CLUSTER.slice(CLUSTER.indexOf('kind: Secret')))?.[1] ?? '', 'base64').toString('utf8');
const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const CLAIMS = { email: '', exp: NOW + 86400 * 100, iat: NOW - 600, iss: 'portworx.com', name: 'n', roles: ['system.user'] };

/** An HS256 token over the claims text as written (so duplicate and case-variant names stay). */
function hs256(claimsText: string): string {
  const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(claimsText)}`;
  return `${input}.${createHmac('sha256', SHARED_SECRET).update(input).digest('base64url')}`;
}

/** A token Secret; with stork's skip annotation, as the constructs and the operator write it, unless `annotations` says otherwise. */
function secret(namespace: string, name: string, value: string, annotations = 'stork.libopenstorage.org/skip-resource: "true"'): string {
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    ...(annotations ? [`  annotations:`, `    ${annotations}`] : []),
    'data:',
    `  auth-token: ${Buffer.from(value).toString('base64')}`,
  ].join('\n');
}

async function audit(cluster: string, ...documents: string[]): Promise<Finding[]> {
  const namespaces = ['tenant-a', 'tenant-b', 'ci'].map((name) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}`);
  return auditBundle(
    bundleFromTexts([
      { file: 'cluster.yaml', text: cluster },
      { file: 'tokens.yaml', text: [...namespaces, ...documents].join('\n---\n') },
    ]),
    { now: NOW, warnExpirySeconds: 0 },
  );
}

const codesOf = (findings: readonly Finding[], object?: string): string[] =>
  findings.filter((finding) => object === undefined || finding.object === object).map((finding) => finding.code);

test('an empty shared secret in pxkeys is KEYS_WEAK on pxkeys, and the tokens are still checked (the audit used to abort)', async () => {
  const empty = CLUSTER.replace(/shared-secret: \S+/, 'shared-secret: ""');
  const findings = await audit(empty, secret('tenant-a', 'px-k8s-user', hs256(JSON.stringify({ ...CLAIMS, sub: 'a', groups: ['*'] }))));
  expect(findings.map((finding) => [finding.code, finding.object])).toEqual([
    ['KEYS_WEAK', 'Secret kube-system/pxkeys'],
    ['TOKEN_ALL_GROUPS_NOT_ADMIN', 'Secret tenant-a/px-k8s-user'],
    ['SIGNATURES_NOT_CHECKED', 'DaemonSet kube-system/portworx'],
  ]);
});

describe('claims are read as Portworx reads them (names regardless of case, the last spelling wins)', () => {
  test('{"sub":"x","SUB":"same"} beside sub "same" is one owner: TOKEN_SUB_SHARED on both', async () => {
    const findings = await audit(
      CLUSTER,
      secret('tenant-a', 'px-k8s-user', hs256(`${JSON.stringify({ ...CLAIMS, sub: 'x' }).slice(0, -1)},"SUB":"same"}`)),
      secret('tenant-b', 'px-k8s-user', hs256(JSON.stringify({ ...CLAIMS, sub: 'same' }))),
    );
    expect(findings.filter((finding) => finding.code === 'TOKEN_SUB_SHARED').map((finding) => finding.object)).toEqual([
      'Secret tenant-a/px-k8s-user',
      'Secret tenant-b/px-k8s-user',
    ]);
  });

  test('{"sub":"same","Sub":"x"} is owner "x" to Portworx: no shared sub', async () => {
    const findings = await audit(
      CLUSTER,
      secret('tenant-a', 'px-k8s-user', hs256(`${JSON.stringify({ ...CLAIMS, sub: 'same' }).slice(0, -1)},"Sub":"x"}`)),
      secret('tenant-b', 'px-k8s-user', hs256(JSON.stringify({ ...CLAIMS, sub: 'same' }))),
    );
    expect(codesOf(findings)).not.toContain('TOKEN_SUB_SHARED');
  });

  test('GROUPS ["*"] (and Go folding: "ſ" as "s") is read as groups', async () => {
    const findings = await audit(
      CLUSTER,
      secret('tenant-a', 'px-k8s-user', hs256(`${JSON.stringify({ ...CLAIMS, sub: 'a' }).slice(0, -1)},"GROUPS":["*"]}`)),
      secret('tenant-b', 'px-k8s-user', hs256(`${JSON.stringify({ ...CLAIMS, sub: 'b', roles: undefined }).slice(0, -1)},"ROLEſ":["system.admin"]}`)),
    );
    expect(codesOf(findings, 'Secret tenant-a/px-k8s-user')).toContain('TOKEN_ALL_GROUPS_NOT_ADMIN');
    // The tenant token whose roles are spelled "ROLEſ" is an admin to Portworx, so a tenant admin here.
    expect(codesOf(findings, 'Secret tenant-b/px-k8s-user')).toContain('TENANT_TOKEN_ADMIN');
  });
});

describe('RS*/ES* tokens need a public key of their kind on the cluster', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs256 = (claims: Record<string, unknown>): string => {
    const input = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify(claims))}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  const token = secret('tenant-a', 'px-k8s-user', rs256({ ...CLAIMS, sub: 'a' }));

  test('without -jwt_rsa_pubkey_file: TOKEN_PUBLIC_KEY_NOT_CONFIGURED, an error', async () => {
    const findings = await audit(CLUSTER, token);
    expect(findings.filter((finding) => finding.severity === 'error').map((finding) => [finding.code, finding.object])).toEqual([
      ['TOKEN_PUBLIC_KEY_NOT_CONFIGURED', 'Secret tenant-a/px-k8s-user'],
    ]);
    expect(findings.find((finding) => finding.code === 'TOKEN_PUBLIC_KEY_NOT_CONFIGURED')?.message).toBe(
      'the token is signed RS256, but the cluster gives Portworx no RSA public key (-jwt_rsa_pubkey_file (PORTWORX_AUTH_JWT_RSA_PUBKEY)): ' +
        'Portworx checks it with the shared secret and refuses it ("key is of invalid type")',
    );
  });

  test('with -jwt_rsa_pubkey_file, or the env twin: no such finding (the signature is not checkable in the bundle)', async () => {
    const withFlag = CLUSTER.replace('"-jwt_issuer", "portworx.com"]', '"-jwt_issuer", "portworx.com", "-jwt_rsa_pubkey_file", "/etc/pwx/jwt.pem"]');
    expect(codesOf(await audit(withFlag, token))).not.toContain('TOKEN_PUBLIC_KEY_NOT_CONFIGURED');
    const withEnv = CLUSTER.replace(
      '          env:\n',
      '          env:\n            - name: PORTWORX_AUTH_JWT_RSA_PUBKEY\n              value: /etc/pwx/jwt.pem\n',
    );
    expect(codesOf(await audit(withEnv, token))).not.toContain('TOKEN_PUBLIC_KEY_NOT_CONFIGURED');
    // An ECDSA key does not verify RS256.
    const withEcdsa = CLUSTER.replace('"-jwt_issuer", "portworx.com"]', '"-jwt_issuer", "portworx.com", "-jwt_ecds_pubkey_file", "/etc/pwx/jwt.pem"]');
    expect(codesOf(await audit(withEcdsa, token))).toContain('TOKEN_PUBLIC_KEY_NOT_CONFIGURED');
  });

  test("a token of the OIDC issuer is checked with the provider's keys: no such finding", async () => {
    const oidc = CLUSTER.replace('"-jwt_issuer", "portworx.com"]', '"-jwt_issuer", "portworx.com", "-oidc_issuer", "https://sso.example.com"]');
    const findings = await audit(oidc, secret('tenant-a', 'px-k8s-user', rs256({ ...CLAIMS, iss: 'https://sso.example.com', sub: 'a' })));
    expect(codesOf(findings)).not.toContain('TOKEN_PUBLIC_KEY_NOT_CONFIGURED');
  });
});

describe('which Secrets are Portworx token Secrets', () => {
  const github = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

  test('a CI Secret holding a GitHub token under auth-token is one info finding, no error, no warning', async () => {
    const findings = await audit(CLUSTER, secret('ci', 'github-token', github, ''));
    expect(findings.map((finding) => [finding.code, finding.severity, finding.object])).toEqual([
      ['TOKEN_SECRET_NOT_PORTWORX', 'info', 'Secret ci/github-token'],
    ]);
  });

  test('the same value is checked (TOKEN_MALFORMED) where a class names the Secret, it has a Portworx name or annotation', async () => {
    const storageClass = [
      'apiVersion: storage.k8s.io/v1',
      'kind: StorageClass',
      'metadata:',
      '  name: px-ci',
      'provisioner: kubernetes.io/portworx-volume',
      'parameters:',
      '  openstorage.io/auth-secret-name: ci-token',
      '  openstorage.io/auth-secret-namespace: ci',
    ].join('\n');
    expect(codesOf(await audit(CLUSTER, secret('ci', 'ci-token', github, ''), storageClass), 'Secret ci/ci-token')).toContain('TOKEN_MALFORMED');
    expect(codesOf(await audit(CLUSTER, secret('ci', 'px-k8s-user', github, '')))).toContain('TOKEN_MALFORMED');
    expect(codesOf(await audit(CLUSTER, secret('ci', 'other', github, 'stork.libopenstorage.org/skip-resource: "true"')))).toEqual(['TOKEN_MALFORMED']);
  });

  test('a Secret of any name whose token comes from the trusted issuer is checked', async () => {
    const findings = await audit(CLUSTER, secret('tenant-a', 'my-token', hs256(JSON.stringify({ ...CLAIMS, sub: 'a', groups: ['*'] })), ''));
    expect(codesOf(findings)).toEqual(['STORK_SKIP_ANNOTATION_MISSING', 'TOKEN_ALL_GROUPS_NOT_ADMIN']);
  });
});

describe('whitespace around a token, as it reaches Portworx', () => {
  const good = hs256(JSON.stringify({ ...CLAIMS, sub: 'a' }));
  const messageOf = async (value: string): Promise<string | undefined> =>
    (await audit(CLUSTER, secret('tenant-a', 'px-k8s-user', value))).find((finding) => finding.code === 'TOKEN_WHITESPACE')?.message;

  test('a final newline fails in the gRPC header the CSI driver sends', async () => {
    expect(await messageOf(`${good}\n`)).toBe(
      'the token has a line break (or another control character) around it, such as the final newline of a file stored with --from-file: ' +
        'the CSI driver sends the token as the gRPC header "authorization: bearer <token>", and HTTP/2 refuses a header value with a control character, ' +
        'so every request with this token fails',
    );
  });

  test('a space or tab ends the token with a character golang-jwt cannot decode', async () => {
    expect(await messageOf(`${good} `)).toContain('which Portworx does not strip');
    expect(await messageOf(`\t${good}`)).toContain('which Portworx does not strip');
    expect(await messageOf(good)).toBeUndefined();
  });
});

describe('TOKEN_ROLE_UNKNOWN and TENANT_TOKEN_ADMIN', () => {
  test('a system.* role Portworx does not have is a warning with the near miss', async () => {
    const findings = await audit(CLUSTER, secret('tenant-a', 'px-k8s-user', hs256(JSON.stringify({ ...CLAIMS, sub: 'a', roles: ['system.usr'] }))));
    expect(findings.map((finding) => [finding.code, finding.message])).toEqual([
      [
        'TOKEN_ROLE_UNKNOWN',
        'the token\'s role "system.usr" is no Portworx role (the system.* roles are system.admin, system.user, system.view, system.guest), so it grants nothing; did you mean system.user?',
      ],
    ]);
  });

  test('system.admin in the Portworx namespace is no tenant admin', async () => {
    const findings = await audit(
      CLUSTER,
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx',
      secret('portworx', 'px-admin', hs256(JSON.stringify({ ...CLAIMS, sub: 'admin', roles: ['system.admin'], groups: ['*'] }))),
    );
    expect(codesOf(findings)).toEqual([]);
  });

  test('synth and check agree: a PxTenant with system.admin is the same warning, code and text, in both', async () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', identity: { roles: ['system.admin'] } });
    new PxTenant(chart, 'tenant-b', { cluster, namespace: 'tenant-b' });
    const problem = "is a tenant's token with the role system.admin: that tenant can then read, change and delete every tenant's volumes";
    expect(cluster.warnings()).toEqual([
      `[TENANT_TOKEN_ADMIN] test/tenant-a ${problem}: give tenants system.user (or a custom role); keep system.admin for the storage administrator's token in the Portworx namespace`,
    ]);
    const findings = await auditBundle(bundleFromTexts([{ file: 'app.yaml', text: app.synthYaml() }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
    expect(findings.filter((finding) => finding.code === 'TENANT_TOKEN_ADMIN').map((finding) => [finding.object, finding.message])).toEqual([
      ['Secret tenant-a/px-k8s-user', `Secret tenant-a/px-k8s-user ${problem}`],
    ]);
  });
});
