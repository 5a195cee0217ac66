/**
 * Asymmetric tokens from the cdk8s constructs: a cluster with `publicKey` and `tokenSigningKey` signs tenant
 * tokens RS256 or ES256 and emits the public key object the portworx pods mount; the tokens verify with that
 * emitted public key through jsonwebtoken and jose (golang-jwt: test/interop/construct-tokens.slow.test.ts).
 * `pxsec check` (auditBundle) reports a public key source the bundle does not make.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { compactVerify, importSPKI } from 'jose';
import jwt from 'jsonwebtoken';
import { stringify } from 'yaml';
import { PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, TOKEN_PRIVATE_KEY_ENV, privateKeyFromEnv, privateKeyFromFile } from '../../lib';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import type { PublicKeySettings } from '../../lib/core/cluster/security-settings';
import { SUITE_KEYS } from '../support/suite-keys';
import { caughtPxSecurityError } from '../support/caught';
import { findObject, synthErrors } from '../support/cdk8s-synth';
import { validateKubernetesObjects } from '../support/kube-schema';

type Objects = Record<string, any>[];
const SPEC = join(__dirname, '../fixtures/specs/01-daemonset-flow-args-lighthouse.yaml');
const OPERATOR_SPEC = join(__dirname, '../fixtures/specs/06-operator-storagecluster.yaml');
const NOW = TEST_CLOCK() / 1000;

const KEYS = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
} as const;
type Algorithm = keyof typeof KEYS;

function publicKeySettings(algorithm: Algorithm, kind: 'Secret' | 'ConfigMap' = 'Secret'): PublicKeySettings {
  return { algorithm, path: '/etc/pwx/jwt/public.pem', from: { kind, name: 'px-jwt-public', key: 'public.pem' } };
}

function privatePem(algorithm: Algorithm): string {
  return KEYS[algorithm].privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * The cluster in `PxTesting.app()` with `TEST_KEYS`; given other keys (`SUITE_KEYS`, for a `pxsec check` that must
 * find nothing, not even KEYS_TEST_ONLY), in a plain App as a user's.
 */
function build(props: Partial<ConstructorParameters<typeof PxSecureCluster>[2]>, spec = SPEC): { app: App; chart: Chart } {
  const app = props.keys === undefined || props.keys === TEST_KEYS ? PxTesting.app() : Testing.app();
  const chart = new Chart(app, 'test');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
    spec: PortworxSpec.fromFile(spec),
    ...props,
  });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  return { app, chart };
}

function synth(props: Partial<ConstructorParameters<typeof PxSecureCluster>[2]>, spec = SPEC): Objects {
  const { app, chart } = build(props, spec);
  expect(synthErrors(app)).toBe('');
  return chart.toJson() as Objects;
}

function tenantToken(objects: Objects): string {
  return Buffer.from(findObject(objects, 'Secret', 'px-k8s-user', 'tenant-a').data['auth-token'] as string, 'base64').toString('utf8');
}

async function audit(objects: Objects): Promise<string[]> {
  const findings = await auditBundle(bundleFromTexts([{ file: 'dist/test.k8s.yaml', text: objects.map((object) => stringify(object)).join('---\n') }]), {
    now: NOW,
    warnExpirySeconds: 0,
  });
  return findings.map((finding) => `${finding.code} ${finding.object}`);
}

describe.each(['RS256', 'ES256'] as const)('%s tenant tokens (cdk8s)', (algorithm) => {
  it('are signed with the private key and verify with the emitted public key (jsonwebtoken, jose)', async () => {
    const objects = synth({ publicKey: publicKeySettings(algorithm), tokenSigningKey: privatePem(algorithm) });
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
    const publicSecret = findObject(objects, 'Secret', 'px-jwt-public', 'kube-system');
    const publicPem = Buffer.from(publicSecret.data['public.pem'] as string, 'base64').toString('utf8');
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    // The emitted public key is the private key's, and nothing private is in the output.
    expect(publicPem).toBe(KEYS[algorithm].publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(JSON.stringify(objects)).not.toContain('PRIVATE KEY');
    const token = tenantToken(objects);
    const claims = jwt.verify(token, publicPem, { algorithms: [algorithm], issuer: 'portworx.com', clockTimestamp: NOW }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: expect.any(String), name: 'tenant-a', roles: ['system.user'] });
    const verified = await compactVerify(token, await importSPKI(publicPem, algorithm));
    expect(verified.protectedHeader).toEqual({ alg: algorithm, typ: 'JWT' });
    // The shared secret does not verify it: the token is not HS256.
    expect(() => jwt.verify(token, TEST_KEYS.shared, { algorithms: ['HS256'] })).toThrow();
  });

  it('pxsec check finds the emitted public key and no PUBLIC_KEY_SOURCE_MISSING', async () => {
    const objects = synth({ publicKey: publicKeySettings(algorithm), tokenSigningKey: privatePem(algorithm) });
    expect((await audit(objects)).filter((finding) => finding.startsWith('PUBLIC_KEY'))).toEqual([]);
  });
});

describe('the public key source', () => {
  it('is a ConfigMap with the PEM when publicKey.from is a ConfigMap', () => {
    const objects = synth({ publicKey: publicKeySettings('ES256', 'ConfigMap'), tokenSigningKey: privatePem('ES256') });
    const configMap = findObject(objects, 'ConfigMap', 'px-jwt-public', 'kube-system');
    expect(configMap.data['public.pem']).toBe(KEYS.ES256.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  });

  it("goes into the StorageCluster's namespace in the operator form", () => {
    const objects = synth({ publicKey: publicKeySettings('RS256'), tokenSigningKey: privatePem('RS256') }, OPERATOR_SPEC);
    const storageCluster = findObject(objects, 'StorageCluster', objects.find((object) => object.kind === 'StorageCluster')?.metadata.name as string);
    expect(findObject(objects, 'Secret', 'px-jwt-public', storageCluster.metadata.namespace as string)).toBeDefined();
  });

  it('is required: a publicKey nothing emits is PUBLIC_KEY_SOURCE_MISSING at synth, naming the prop and the fix', () => {
    const error = caughtPxSecurityError(() => build({ publicKey: publicKeySettings('RS256') }));
    expect(error.code).toBe('PUBLIC_KEY_SOURCE_MISSING');
    expect(error.message).toBe(
      'test/portworx.publicKey.from "Secret/px-jwt-public" is mounted by the portworx pods, but nothing emits it: the pods would not start: give tokenSigningKey (its public key is then emitted), or set publicKeyExists: true if the cluster has it already',
    );
  });

  it('publicKeyExists: nothing emitted, and pxsec check warns that the bundle does not make it', async () => {
    const objects = synth({ publicKey: publicKeySettings('RS256'), publicKeyExists: true, tokenSigningKey: privatePem('RS256') });
    expect(objects.filter((object) => object.metadata.name === 'px-jwt-public')).toEqual([]);
    expect((await audit(objects)).filter((finding) => finding.startsWith('PUBLIC_KEY'))).toEqual(['PUBLIC_KEY_SOURCE_MISSING DaemonSet kube-system/portworx']);
  });

  it('pxsec check: a StorageCluster mounting a missing public key Secret is reported', async () => {
    const objects = synth({ publicKey: publicKeySettings('ES256'), publicKeyExists: true }, OPERATOR_SPEC);
    const storageCluster = objects.find((object) => object.kind === 'StorageCluster') as Record<string, any>;
    expect((await audit(objects)).filter((finding) => finding.startsWith('PUBLIC_KEY'))).toEqual([
      `PUBLIC_KEY_SOURCE_MISSING StorageCluster ${storageCluster.metadata.namespace}/${storageCluster.metadata.name}`,
    ]);
  });
});

describe('the private key', () => {
  it('without publicKey is TOKEN_SIGNING_KEY_UNUSED (Portworx would refuse the tokens)', () => {
    expect(caughtPxSecurityError(() => build({ tokenSigningKey: privatePem('RS256') })).code).toBe('TOKEN_SIGNING_KEY_UNUSED');
  });

  it('of the wrong type or too weak is refused naming the prop, never showing the key', () => {
    const mismatch = caughtPxSecurityError(() => build({ publicKey: publicKeySettings('RS256'), tokenSigningKey: privatePem('ES256') }));
    expect(mismatch.code).toBe('TOKEN_KEY_INVALID');
    expect(mismatch.message).toContain('test/portworx.tokenSigningKey is an EC key on prime256v1, but RS256 needs an RSA key');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const tooWeak = caughtPxSecurityError(() => build({ publicKey: publicKeySettings('RS256'), tokenSigningKey: weak }));
    expect(tooWeak.code).toBe('TOKEN_KEY_WEAK');
    const garbled = caughtPxSecurityError(() => build({ publicKey: publicKeySettings('RS256'), tokenSigningKey: privatePem('RS256').slice(0, 200) }));
    expect(garbled.code).toBe('TOKEN_KEY_INVALID');
    // A PEM body (base64 of DER) starts with MII; no message holds any of it.
    for (const error of [mismatch, tooWeak, garbled]) expect(error.message).not.toMatch(/MII/);
  });

  it('with in-cluster renewal: the renewer reads only its px-token-signing-key Secret and signs with its algorithm', () => {
    const objects = synth({ publicKey: publicKeySettings('ES256'), tokenSigningKey: privatePem('ES256'), renewal: { mode: 'in-cluster' } });
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
    const signingKey = findObject(objects, 'Secret', 'px-token-signing-key', 'kube-system');
    expect(Buffer.from(signingKey.data['private.pem'] as string, 'base64').toString('utf8')).toBe(privatePem('ES256'));
    expect(signingKey.metadata.annotations).toEqual({ 'stork.libopenstorage.org/skip-resource': 'true' });
    // Least privilege: get on the private key's Secret only, not on pxkeys (the shared secret is not needed).
    const keysRole = objects.find((object) => object.kind === 'Role' && object.metadata.namespace === 'kube-system') as Record<string, any>;
    expect(keysRole.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['px-token-signing-key'], verbs: ['get'] }]);
    const config = JSON.parse(findObject(objects, 'ConfigMap', 'px-token-renewer', 'kube-system').data['config.json'] as string);
    expect(config.signing).toEqual({ algorithm: 'ES256', secret: { namespace: 'kube-system', name: 'px-token-signing-key', key: 'private.pem' } });
    // No token is in the output, and the public key Secret still is.
    expect(JSON.stringify(objects)).not.toMatch(/eyJhbGciOi/);
    expect(findObject(objects, 'Secret', 'px-jwt-public', 'kube-system')).toBeDefined();
  });

  it('with in-cluster renewal, pxsec check finds nothing to fix', async () => {
    const objects = synth({ keys: SUITE_KEYS, publicKey: publicKeySettings('RS256'), tokenSigningKey: privatePem('RS256'), renewal: { mode: 'in-cluster' } });
    const bundle = bundleFromTexts([{ file: 'dist/test.k8s.yaml', text: objects.map((object) => stringify(object)).join('---\n') }]);
    const findings = await auditBundle(bundle, { now: NOW, warnExpirySeconds: 0 });
    expect(findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.code} ${finding.object}`)).toEqual([]);
  });

  it('pxsec check: the private key Secret written plain inside a git work tree is SECRET_PLAINTEXT_IN_GIT, as pxkeys is', async () => {
    const objects = synth({ publicKey: publicKeySettings('RS256'), tokenSigningKey: privatePem('RS256'), renewal: { mode: 'in-cluster' } });
    const bundle = bundleFromTexts([{ file: 'dist/test.k8s.yaml', text: objects.map((object) => stringify(object)).join('---\n'), gitWorkTree: '/repo' }]);
    const findings = await auditBundle(bundle, { now: NOW, warnExpirySeconds: 0 });
    expect(findings.filter((finding) => finding.code === 'SECRET_PLAINTEXT_IN_GIT').map((finding) => `${finding.object} ${finding.field}`)).toEqual([
      'Secret kube-system/pxkeys "system-secret", "stork-secret", "shared-secret"',
      'Secret kube-system/px-token-signing-key "private.pem"',
    ]);
  });

  it('with in-cluster renewal and external keys delivery, the private key is delivered like the keys', () => {
    const objects = synth({
      publicKey: publicKeySettings('RS256'),
      tokenSigningKey: privatePem('RS256'),
      renewal: { mode: 'in-cluster' },
      keysSecretDelivery: { kind: 'external', storeName: 'vault' },
    });
    expect(findObject(objects, 'ExternalSecret', 'px-token-signing-key', 'kube-system').spec.data).toEqual([
      { secretKey: 'private.pem', remoteRef: { key: 'portworx/kube-system/px-token-signing-key', property: 'private.pem' } },
    ]);
    expect(JSON.stringify(objects)).not.toContain('PRIVATE KEY');
  });
});

describe('private key sources', () => {
  it('parses the private key once per cluster, not once per token', () => {
    // A key no other test has used: parsed keys are kept for reuse, so a shared one may not be parsed here at all.
    const freshPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // The module object itself (an ES namespace import is frozen): token-sign.ts calls through it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parse = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'createPrivateKey');
    try {
      const app = PxTesting.app();
      const chart = new Chart(app, 'test');
      const cluster = new PxSecureCluster(chart, 'portworx', {
        issuer: 'portworx.com',
        keys: TEST_KEYS,
        clock: TEST_CLOCK,
        spec: PortworxSpec.fromFile(SPEC),
        publicKey: publicKeySettings('ES256'),
        tokenSigningKey: freshPem,
      });
      for (let index = 0; index < 20; index++) new PxTenant(chart, `tenant-${index}`, { cluster, namespace: `tenant-${index}` });
      cluster.mintToken({ name: 'admin', roles: ['system.admin'] });
      expect(synthErrors(app)).toBe('');
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('privateKeyFromEnv reads PXSEC_TOKEN_PRIVATE_KEY, naming it when missing or empty', () => {
    expect(TOKEN_PRIVATE_KEY_ENV).toBe('PXSEC_TOKEN_PRIVATE_KEY');
    expect(privateKeyFromEnv({ PXSEC_TOKEN_PRIVATE_KEY: privatePem('RS256') })).toBe(privatePem('RS256'));
    expect(caughtPxSecurityError(() => privateKeyFromEnv({})).message).toMatch(/^PXSEC_TOKEN_PRIVATE_KEY is not set: /);
    expect(caughtPxSecurityError(() => privateKeyFromEnv({ PXSEC_TOKEN_PRIVATE_KEY: '' })).code).toBe('KEYS_ENV_MISSING');
  });

  it('privateKeyFromFile reads a 0600 PEM file and refuses one group or others may read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxsec-private-key-'));
    try {
      const file = join(dir, 'jwt-private.pem');
      writeFileSync(file, privatePem('RS256'), { mode: 0o600 });
      expect(privateKeyFromFile(file)).toBe(privatePem('RS256'));
      chmodSync(file, 0o640);
      const error = caughtPxSecurityError(() => privateKeyFromFile(file));
      expect(error.code).toBe('TOKEN_KEY_PERMISSIONS');
      expect(error.message).toBe(
        `tokenSigningKey "${file}" has mode 0640: group or others may read the private key: run "chmod 600 ${file}" (and consider the key exposed: make a new one if others could read it)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
