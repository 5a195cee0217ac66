/**
 * The renewer's script as pure functions, loaded from the very text the ConfigMap holds: its signer against the
 * library's `mintToken` (byte for byte), and its decisions.
 */
import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { mintToken } from '../../../lib/core/token/token-sign';
import { resolveIdentity } from '../../../lib/core/token/identity';
import { verifyToken } from '../../../lib';
import { RENEWER_KEYS_DIGEST_ANNOTATION, RENEWER_MANAGER, RENEWER_TOKEN_SPEC_ANNOTATION, MANAGED_BY_LABEL } from '../../../lib/core/renewer/renewer-names';
import { STORK_SKIP_RESOURCE_ANNOTATION } from '../../../lib/core/names';
import { ApiSecret, loadRenewerScript, ScriptIdentity } from '../../support/renewer-script';
import { seededRandom } from '../spec/seeded-random';

const script = loadRenewerScript();
const SHARED = 'renewer-test-shared-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH';
const NOW = 1_800_000_000;

function scriptIdentity(identity: ReturnType<typeof resolveIdentity>): ScriptIdentity {
  return { email: identity.email, groups: [...identity.groups], name: identity.name, roles: [...identity.roles], sub: identity.sub };
}

describe('the renewer script signs what the library signs', () => {
  it("gives mintToken's bytes for 2,000 seeded identities, issuers, keys and times (Go escapes and Unicode included)", () => {
    const random = seededRandom(18);
    const alphabet = ['a', 'Z', '0', '-', '.', '_', ' ', '<', '>', '&', '"', '\\', '\u2028', '\u2029', 'é', 'ß', '漢', '😀', '/', '+', '='];
    const text = (min: number, max: number): string => Array.from({ length: min + random.int(max - min + 1) }, () => random.pick(alphabet)).join('');
    for (let index = 0; index < 2_000; index++) {
      const identity = resolveIdentity({
        name: `n${text(0, 12)}`,
        ...(random.int(2) === 0 ? {} : { email: `u${random.int(1000)}@example.com` }),
        ...(random.int(2) === 0 ? {} : { sub: `s${text(0, 20)}` }),
        roles: random.pick([['system.user'], ['system.view'], ['system.user', 'tenant.reader']]),
        groups: random.pick([[], ['developers'], [`g${text(1, 6)}`, 'ops']]),
      });
      const issuer = random.pick(['portworx.com', 'operator.portworx.io', `iss-${random.int(100)}.example`]);
      const sharedSecret = `${SHARED}${text(0, 8)}`;
      const issuedAt = 1_600_000_000 + random.int(400_000_000);
      const expiresAt = issuedAt + 1 + random.int(40_000_000);
      const expected = mintToken({ identity, issuer, key: { algorithm: 'HS256', sharedSecret }, issuedAt, expiresAt });
      expect(script.mintToken(scriptIdentity(identity), issuer, sharedSecret, issuedAt, expiresAt)).toBe(expected);
    }
  });

  it('mints a token that verifies with the shared secret and the issuer', async () => {
    const identity = resolveIdentity({ name: 'tenant-a', roles: ['system.user'] });
    const token = script.mintToken(scriptIdentity(identity), 'portworx.com', SHARED, NOW - 600, NOW + 86_400);
    const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: SHARED }, now: NOW });
    expect(verdict.problems).toEqual([]);
    expect(verdict.claims).toMatchObject({ sub: identity.sub, iat: NOW - 600, exp: NOW + 86_400 });
  });
});

describe('the renewer script decides', () => {
  const identity = scriptIdentity(resolveIdentity({ name: 'tenant-a', roles: ['system.user'] }));
  const config = { issuer: 'portworx.com', tokenLifetimeSeconds: 86_400, storkSkipResource: true };
  const entry = { namespace: 'tenant-a', name: 'px-k8s-user', identity };
  const want = { keysDigest: script.keysDigest(SHARED), specDigest: script.tokenSpecDigest(entry, config) };
  const RENEW_BEFORE = 43_200;

  function managed(expiresAt: number, overrides: { keysDigest?: string; specDigest?: string } = {}): ApiSecret {
    const token = script.mintToken(identity, config.issuer, SHARED, expiresAt - 86_400 - 600, expiresAt);
    const secret = script.desiredSecret(undefined, entry, config, token, { ...want, ...overrides });
    return { ...secret, metadata: { ...secret.metadata, resourceVersion: '7' } };
  }

  it('creates a missing Secret', () => {
    expect(script.decide(undefined, want, NOW, RENEW_BEFORE)).toEqual({ action: 'create', reason: 'missing' });
  });

  it('leaves a current token alone', () => {
    expect(script.decide(managed(NOW + RENEW_BEFORE + 1), want, NOW, RENEW_BEFORE).action).toBe('keep');
  });

  it("re-mints a token that expires within the margin (the margin's edge included)", () => {
    expect(script.decide(managed(NOW + RENEW_BEFORE), want, NOW, RENEW_BEFORE)).toEqual({
      action: 'update',
      reason: 'the token expires within the renewal margin',
    });
    expect(script.decide(managed(NOW - 1), want, NOW, RENEW_BEFORE).action).toBe('update');
  });

  it('re-mints when the keys, the identity, the issuer or the lifetime changed', () => {
    const later = NOW + 80_000;
    expect(script.decide(managed(later, { keysDigest: script.keysDigest(`${SHARED}x`) }), want, NOW, RENEW_BEFORE).reason).toBe('the keys changed');
    for (const changed of [
      script.tokenSpecDigest({ identity: { ...identity, roles: ['system.view'] } }, config),
      script.tokenSpecDigest({ identity: { ...identity, sub: 'other' } }, config),
      script.tokenSpecDigest(entry, { ...config, issuer: 'other.example' }),
      script.tokenSpecDigest(entry, { ...config, tokenLifetimeSeconds: 3_600 }),
    ]) {
      expect(changed).not.toBe(want.specDigest);
      expect(script.decide(managed(later, { specDigest: changed }), want, NOW, RENEW_BEFORE).reason).toBe('the identity, issuer or lifetime changed');
    }
  });

  it('takes over a Secret it did not write, and re-mints an unreadable token', () => {
    const foreign: ApiSecret = {
      metadata: { name: 'px-k8s-user', namespace: 'tenant-a', resourceVersion: '3' },
      type: 'Opaque',
      data: { 'auth-token': 'eA==' },
    };
    expect(script.decide(foreign, want, NOW, RENEW_BEFORE).reason).toBe('not yet managed by the renewer');
    const unreadable = managed(NOW + 80_000);
    unreadable.data = { 'auth-token': Buffer.from('not.a-token').toString('base64') };
    expect(script.decide(unreadable, want, NOW, RENEW_BEFORE).reason).toBe('the stored token is unreadable');
    expect(script.tokenExpiry(undefined)).toBeUndefined();
    expect(script.tokenExpiry('a.b')).toBeUndefined();
  });

  it('writes the Secret read with the new token: resourceVersion, other keys, labels and annotations kept', () => {
    const existing: ApiSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'px-k8s-user', namespace: 'tenant-a', resourceVersion: '42', labels: { team: 'a' }, annotations: { note: 'x' }, managedFields: [{}] },
      type: 'Opaque',
      data: { other: 'eQ==', 'auth-token': 'eA==' },
    };
    const written = script.desiredSecret(existing, { ...entry, labels: { tier: 'gold' } }, config, 'new.token.value', want);
    expect(written.metadata).toEqual({
      name: 'px-k8s-user',
      namespace: 'tenant-a',
      resourceVersion: '42',
      labels: { team: 'a', tier: 'gold', [MANAGED_BY_LABEL]: RENEWER_MANAGER },
      annotations: {
        note: 'x',
        [RENEWER_KEYS_DIGEST_ANNOTATION]: want.keysDigest,
        [RENEWER_TOKEN_SPEC_ANNOTATION]: want.specDigest,
        [STORK_SKIP_RESOURCE_ANNOTATION]: 'true',
      },
    });
    expect(written.data).toEqual({ other: 'eQ==', 'auth-token': Buffer.from('new.token.value').toString('base64') });
    expect(script.desiredSecret(undefined, entry, { storkSkipResource: false }, 't', want).metadata?.annotations).not.toHaveProperty(
      STORK_SKIP_RESOURCE_ANNOTATION,
    );
  });

  it('records a keyed digest of the keys: it changes with the key and is not a plain hash of it', () => {
    const digest = script.keysDigest(SHARED);
    expect(digest).toBe(`hmac-sha256:${createHmac('sha256', SHARED).update('px-security-constructs renewer keys digest v1').digest('hex')}`);
    expect(digest).not.toContain(SHARED);
    expect(script.keysDigest(`${SHARED}.`)).not.toBe(digest);
  });
});

describe('the renewer script signs RS256 and ES256 with a private key', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const identity = resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] });

  it("RS256: mintToken's bytes (RSASSA-PKCS1-v1_5 is deterministic)", () => {
    const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const expected = mintToken({ identity, issuer: 'portworx.com', key: { algorithm: 'RS256', privateKeyPem: pem }, issuedAt: NOW, expiresAt: NOW + 86_400 });
    expect(script.mintToken(scriptIdentity(identity), 'portworx.com', { algorithm: 'RS256', privateKey: rsa.privateKey }, NOW, NOW + 86_400)).toBe(expected);
  });

  it('ES256: verifies with the public key (signatures are randomized), with the same header and claims as mintToken', async () => {
    const token = script.mintToken(scriptIdentity(identity), 'portworx.com', { algorithm: 'ES256', privateKey: ec.privateKey }, NOW, NOW + 86_400);
    const verdict = await verifyToken(token, {
      issuers: ['portworx.com'],
      key: { publicKeyPem: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      now: NOW + 1,
    });
    expect(verdict.problems).toEqual([]);
    const expected = mintToken({
      identity,
      issuer: 'portworx.com',
      key: { algorithm: 'ES256', privateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      issuedAt: NOW,
      expiresAt: NOW + 86_400,
    });
    expect(token.split('.').slice(0, 2)).toEqual(expected.split('.').slice(0, 2));
  });

  it('the keys digest of a private key is a digest of its public key, and changes with the key', () => {
    const digest = script.keysDigest({ algorithm: 'RS256', privateKey: rsa.privateKey });
    expect(digest).toBe(
      `sha256-spki:${createHash('sha256')
        .update(rsa.publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')}`,
    );
    expect(script.keysDigest({ algorithm: 'ES256', privateKey: ec.privateKey })).not.toBe(digest);
  });
});
