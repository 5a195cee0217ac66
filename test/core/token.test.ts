import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { PxSecurityError } from '../../lib/core/errors/errors';
import { caughtPxSecurityError } from '../support/caught';
import { tokenWithSignaturePlusModulus } from '../support/rsa-signature-plus-modulus';
import { Identity, resolveIdentity } from '../../lib/core/token/identity';
import { decodeToken } from '../../lib/core/token/token-claims';
import { mintToken, MintTokenOptions, SigningKey } from '../../lib/core/token/token-sign';
import type { TokenVerdict, VerifyTokenOptions } from '../../lib/core/token/token-verdict';
import { verifyToken } from '../../lib/core/token/token-verify';

/** 2023-11-14T22:13:20Z: the pinned clock of these tests. */
const NOW = 1_700_000_000;
const DAY = 86_400;
const SHARED_SECRET = 'token-test-shared-secret-Xk4Pz9Lm2Qw7Rt5Yv8Bn3Cd6';
const ISSUER = 'portworx.com';

/**
 * The vector of PORTWORX-FACTS.md section 4, copied from that file (worked out from pxctl's rules, not by this code):
 * shared secret `example-secret`, iat 1699999400, exp 1700086400, the operator's px-user-token identity.
 */
const FACTS_VECTOR = {
  sharedSecret: 'example-secret',
  payload:
    '{"email":"px-user-token@operator.portworx.io","exp":1700086400,"groups":[],"iat":1699999400,"iss":"operator.portworx.io","name":"px-user-token","roles":["system.user"],"sub":"px-user-token@operator.portworx.io"}',
  token:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InB4LXVzZXItdG9rZW5Ab3BlcmF0b3IucG9ydHdvcnguaW8iLCJleHAiOjE3MDAwODY0MDAsImdyb3VwcyI6W10sImlhdCI6MTY5OTk5OTQwMCwiaXNzIjoib3BlcmF0b3IucG9ydHdvcnguaW8iLCJuYW1lIjoicHgtdXNlci10b2tlbiIsInJvbGVzIjpbInN5c3RlbS51c2VyIl0sInN1YiI6InB4LXVzZXItdG9rZW5Ab3BlcmF0b3IucG9ydHdvcnguaW8ifQ.Ps864gxKARJcCy6AlaMNjEaJcqIt-r2gdaNCSYXUxQk',
};
const PX_USER_TOKEN = {
  name: 'px-user-token',
  email: 'px-user-token@operator.portworx.io',
  sub: 'px-user-token@operator.portworx.io',
  roles: ['system.user'],
  groups: [],
};
const vectorOptions = (): MintTokenOptions => ({
  identity: resolveIdentity(PX_USER_TOKEN, { field: 'identity' }),
  issuer: 'operator.portworx.io',
  key: { algorithm: 'HS256', sharedSecret: FACTS_VECTOR.sharedSecret },
  issuedAt: 1_699_999_400,
  expiresAt: 1_700_086_400,
});

const ADMIN: Identity = resolveIdentity(
  { name: 'Storage Administrator', email: 'storage-admin@example.com', sub: 'storage-admin@example.com/storage-admin', roles: ['system.admin'], groups: ['*'] },
  { field: 'admin' },
);
const HS256: SigningKey = { algorithm: 'HS256', sharedSecret: SHARED_SECRET };
const mintAdmin = (key: SigningKey = HS256, identity: Identity = ADMIN): string =>
  mintToken({ identity, issuer: ISSUER, key, issuedAt: NOW - 600, expiresAt: NOW + DAY });

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSmall = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const privatePem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1' = 'pkcs8'): string => key.export({ type, format: 'pem' }).toString();
const publicPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();
const RS256: SigningKey = { algorithm: 'RS256', privateKeyPem: privatePem(rsa.privateKey) };
const ES256: SigningKey = { algorithm: 'ES256', privateKeyPem: privatePem(ec.privateKey) };

const segments = (token: string): { header: string; payload: string; signature: Buffer } => {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    header: Buffer.from(header, 'base64url').toString('utf8'),
    payload: Buffer.from(payload, 'base64url').toString('utf8'),
    signature: Buffer.from(signature, 'base64url'),
  };
};
const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** The error `run` throws. */

describe('mintToken', () => {
  test('reproduces the PORTWORX-FACTS.md section 4 vector byte for byte', () => {
    const token = mintToken(vectorOptions());
    expect(token).toBe(FACTS_VECTOR.token);
    expect(segments(token).header).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(segments(token).payload).toBe(FACTS_VECTOR.payload);
  });

  test("jose's SignJWT with the same header and payload gives identical bytes, and jose's jwtVerify accepts ours", async () => {
    const secret = new TextEncoder().encode(FACTS_VECTOR.sharedSecret);
    const joseToken = await new SignJWT(JSON.parse(FACTS_VECTOR.payload) as Record<string, unknown>)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(secret);
    expect(mintToken(vectorOptions())).toBe(joseToken);
    const verified = await jwtVerify(mintToken(vectorOptions()), secret, {
      algorithms: ['HS256'],
      issuer: 'operator.portworx.io',
      currentDate: new Date(NOW * 1000),
      requiredClaims: ['iss', 'sub', 'exp', 'iat', 'name', 'email'],
    });
    expect(verified.payload).toEqual(JSON.parse(FACTS_VECTOR.payload));
    expect(verified.protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  test("claims in pxctl's order with every required claim, even for the blog's identity (name, roles, groups only)", () => {
    const tenant = resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'tenant' });
    const payload = segments(mintAdmin(HS256, tenant)).payload;
    expect(payload).toBe(
      `{"email":"","exp":${NOW + DAY},"groups":["developers"],"iat":${NOW - 600},"iss":"portworx.com","name":"tenant-a","roles":["system.user"],"sub":"${tenant.sub}"}`,
    );
    expect(Object.keys(JSON.parse(payload) as object)).toEqual(['email', 'exp', 'groups', 'iat', 'iss', 'name', 'roles', 'sub']);
  });

  test('the HMAC key is the UTF-8 bytes of the shared secret, never base64-decoded', async () => {
    // "c2VjcmV0LXNlY3JldC1zZWNyZXQ=" is valid base64: the token must still be keyed with the 28 characters themselves.
    const secret = 'c2VjcmV0LXNlY3JldC1zZWNyZXQ=';
    const token = mintAdmin({ algorithm: 'HS256', sharedSecret: secret });
    await expect(jwtVerify(token, new TextEncoder().encode(secret), { currentDate: new Date(NOW * 1000) })).resolves.toBeDefined();
    await expect(jwtVerify(token, Buffer.from(secret, 'base64'), { currentDate: new Date(NOW * 1000) })).rejects.toThrow('signature verification failed');
  });

  test('RS256: PKCS#1 v1.5, deterministic (same bytes twice), header {"alg":"RS256","typ":"JWT"}, verified by jose', async () => {
    for (const pem of [privatePem(rsa.privateKey), privatePem(rsa.privateKey, 'pkcs1')]) {
      const token = mintAdmin({ algorithm: 'RS256', privateKeyPem: pem });
      expect(token).toBe(mintAdmin(RS256));
      expect(segments(token).header).toBe('{"alg":"RS256","typ":"JWT"}');
      expect(segments(token).signature).toHaveLength(256);
      await expect(jwtVerify(token, rsa.publicKey, { algorithms: ['RS256'], currentDate: new Date(NOW * 1000) })).resolves.toBeDefined();
    }
  });

  test('ES256: r||s (64 bytes) on P-256, randomized so not byte-stable, each one verified by jose', async () => {
    const first = mintAdmin(ES256);
    const second = mintAdmin({ algorithm: 'ES256', privateKeyPem: privatePem(ec.privateKey, 'sec1') });
    expect(segments(first).header).toBe('{"alg":"ES256","typ":"JWT"}');
    expect(segments(first).signature).toHaveLength(64);
    expect(first).not.toBe(second);
    expect(first.split('.').slice(0, 2)).toEqual(second.split('.').slice(0, 2));
    for (const token of [first, second]) {
      await expect(jwtVerify(token, ec.publicKey, { algorithms: ['ES256'], currentDate: new Date(NOW * 1000) })).resolves.toBeDefined();
    }
  });

  test("characters Go's encoding/json escapes (<, >, &, U+2028, U+2029) are escaped the same way", () => {
    const identity = resolveIdentity({ name: 'R&D <ops>\u2028\u2029', email: 'r&d@example.com', roles: ['system.user'] }, { field: 'identity' });
    const payload = segments(mintAdmin(HS256, identity)).payload;
    expect(payload).toContain('"name":"R\\u0026D \\u003cops\\u003e\\u2028\\u2029"');
    expect(payload).toContain('"email":"r\\u0026d@example.com"');
    expect((JSON.parse(payload) as { name: string }).name).toBe('R&D <ops>\u2028\u2029');
  });

  test.each([
    [
      { issuer: '' },
      'ISSUER_INVALID',
      'issuer "" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
    [
      { issuer: ' portworx.com' },
      'ISSUER_INVALID',
      'issuer " portworx.com" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
    [
      { issuer: 'my issuer' },
      'ISSUER_INVALID',
      'issuer "my issuer" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
    [
      { issuedAt: 1.5 },
      'TOKEN_TIMES_INVALID',
      'issuedAt 1.5 is not a whole number of seconds since the epoch: give whole seconds, e.g. from currentTime() or issuanceWindow()',
    ],
    [
      { expiresAt: -1 },
      'TOKEN_TIMES_INVALID',
      'expiresAt -1 is not a whole number of seconds since the epoch: give whole seconds, e.g. from currentTime() or issuanceWindow()',
    ],
    [{ expiresAt: NOW - 600 }, 'TOKEN_TIMES_INVALID', `expiresAt ${NOW - 600} is not after issuedAt ${NOW - 600}: give an expiry later than the issue time`],
    [
      { key: { algorithm: 'HS256', sharedSecret: '' } },
      'TOKEN_KEY_INVALID',
      'key.sharedSecret is empty: give the shared secret Portworx signs user tokens with (the shared-secret key of the keys Secret)',
    ],
    [
      { key: { algorithm: 'PS256', privateKeyPem: 'x' } },
      'TOKEN_ALGORITHM',
      'key.algorithm "PS256" is not a signing algorithm of this library: use HS256 with sharedSecret, RS256 or ES256 with privateKeyPem',
    ],
    [
      { key: { algorithm: 'RS256', privateKeyPem: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n' } },
      'TOKEN_KEY_INVALID',
      'key.privateKeyPem is not an unencrypted PEM private key: give a PEM private key starting with "-----BEGIN PRIVATE KEY-----" (or the RSA / EC forms of openssl), without a passphrase',
    ],
    [
      { key: { algorithm: 'RS256', privateKeyPem: privatePem(rsaSmall.privateKey) } },
      'TOKEN_KEY_WEAK',
      'key.privateKeyPem is an RSA key of 1024 bits; RS256 needs 2048 bits or more: make a new key, e.g. "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048"',
    ],
    [
      { key: { algorithm: 'RS256', privateKeyPem: privatePem(ec.privateKey) } },
      'TOKEN_KEY_INVALID',
      'key.privateKeyPem is an EC key on prime256v1, but RS256 needs an RSA key: give an RSA private key, or sign with ES256 for an EC key',
    ],
    [
      { key: { algorithm: 'ES256', privateKeyPem: privatePem(ec384.privateKey) } },
      'TOKEN_KEY_INVALID',
      'key.privateKeyPem is an EC key on secp384r1, but ES256 needs an EC key on P-256 (prime256v1): give a P-256 EC private key, or sign with RS256 for an RSA key',
    ],
    [
      { key: { algorithm: 'ES256', privateKeyPem: privatePem(rsa.privateKey) } },
      'TOKEN_KEY_INVALID',
      'key.privateKeyPem is an RSA key of 2048 bits, but ES256 needs an EC key on P-256 (prime256v1): give a P-256 EC private key, or sign with RS256 for an RSA key',
    ],
  ])('refuses %j: %s', (override, code, message) => {
    const error = caughtPxSecurityError(() => mintToken({ ...vectorOptions(), ...(override as Partial<MintTokenOptions>) }));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    const pem = (override as { key?: { privateKeyPem?: string } }).key?.privateKeyPem;
    if (pem?.startsWith('-----BEGIN')) expect(error.message).not.toContain(pem.split('\n')[1]);
  });

  test('re-checks the identity (a hand-made Identity with a near-miss role)', () => {
    const error = caughtPxSecurityError(() => mintToken({ ...vectorOptions(), identity: { ...vectorOptions().identity, roles: ['system.users'] } }));
    expect(error.code).toBe('IDENTITY_ROLE_UNKNOWN');
    expect(error.field).toBe('identity.roles[0]');
  });
});

describe('decodeToken', () => {
  test("header and claims, in the token's order, without a key", () => {
    const decoded = decodeToken(FACTS_VECTOR.token, { field: 'token' });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(decoded.claims)).toEqual(['email', 'exp', 'groups', 'iat', 'iss', 'name', 'roles', 'sub']);
    expect(decoded.claims).toEqual(JSON.parse(FACTS_VECTOR.payload));
  });

  test('an unsigned token (alg none, empty signature) still decodes', () => {
    expect(decodeToken(`${b64url('{"alg":"none"}')}.${b64url('{"iss":"x"}')}.`, { field: 'token' })).toEqual({ header: { alg: 'none' }, claims: { iss: 'x' } });
  });

  const FIX = 'give the whole token: three base64url parts separated by "." (header.claims.signature)';
  test.each([
    ['no dots', SHARED_SECRET, 'has 1 part separated by ".", not 3'],
    ['two parts', `${b64url('{}')}.${b64url('{}')}`, 'has 2 parts separated by ".", not 3'],
    ['a JWE (five parts)', 'a.b.c.d.e', 'has 5 parts separated by ".", not 3'],
    ['a header that is not base64url (a length base64 cannot have)', `${b64url('{}')}AA.${b64url('{}')}.sig`, 'has a header part that is not base64url'],
    ['an empty header (base64url of nothing, as Go reads it)', `.${b64url('{}')}.sig`, 'has a header part that is not JSON'],
    ['a header that is not JSON', `${b64url(SHARED_SECRET)}.${b64url('{}')}.sig`, 'has a header part that is not JSON'],
    ['claims that are not JSON', `${b64url('{"alg":"HS256"}')}.${b64url(`{"sub":"${SHARED_SECRET}"`)}.sig`, 'has a claims part that is not JSON'],
    ['claims that are a list', `${b64url('{"alg":"HS256"}')}.${b64url('["a"]')}.sig`, 'has a claims part that is not a JSON object'],
    [
      'a signature that is not base64url (a length base64 cannot have)',
      `${b64url('{"alg":"HS256"}')}.${b64url('{}')}.${SHARED_SECRET.slice(0, 5)}`,
      'has a signature that is not base64url',
    ],
    ['not a string', 42, 'is not a string'],
  ])('%s: TOKEN_MALFORMED, nothing of the token in the message', (_case, token, problem) => {
    const error = caughtPxSecurityError(() => decodeToken(token as string, { field: '<token>' }));
    expect(error.code).toBe('TOKEN_MALFORMED');
    expect(error.message).toBe(`<token> is not a JWT: it ${problem}: ${FIX}`);
    expect(error.message).not.toContain(SHARED_SECRET.slice(5, 20));
  });
});

describe('verifyToken', () => {
  const options = (extra: Partial<VerifyTokenOptions> = {}): VerifyTokenOptions => ({
    issuers: [ISSUER],
    key: { sharedSecret: SHARED_SECRET },
    now: NOW,
    ...extra,
  });
  const CLAIMS = { email: 'a@example.com', exp: NOW + DAY, iat: NOW - 600, iss: ISSUER, name: 'a', roles: ['system.user'], sub: 'a@example.com/a' };
  /** A token signed by jose (another library than the one under test), with any claims and header. */
  const signed = (claims: Record<string, unknown>, alg = 'HS256', key: Uint8Array | KeyObject = new TextEncoder().encode(SHARED_SECRET)): Promise<string> =>
    new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  const codes = (verdict: TokenVerdict): string[] => verdict.problems.map((problem) => problem.code);
  /** Every message of a verdict, checked never to hold the token or the key. */
  const messages = (verdict: TokenVerdict, token: string): string[] => {
    for (const problem of verdict.problems) {
      expect(problem.message).not.toContain(token);
      expect(problem.message).not.toContain(SHARED_SECRET);
    }
    return verdict.problems.map((problem) => problem.message);
  };

  test('a minted token is valid: no problems, header and claims returned', async () => {
    const token = mintAdmin();
    expect(await verifyToken(token, options())).toEqual({
      valid: true,
      problems: [],
      warnings: [],
      header: { alg: 'HS256', typ: 'JWT' },
      claims: JSON.parse(segments(token).payload),
    });
  });

  test('the FACTS vector verifies at a time inside its life', async () => {
    expect((await verifyToken(FACTS_VECTOR.token, { issuers: ['operator.portworx.io'], key: { sharedSecret: 'example-secret' }, now: NOW })).valid).toBe(true);
  });

  test('RS256 and ES256 with the public key (or a private key: its public half); HS384/HS512 and ES384 as Portworx accepts them', async () => {
    expect((await verifyToken(mintAdmin(RS256), options({ key: { publicKeyPem: publicPem(rsa.publicKey) } }))).valid).toBe(true);
    expect((await verifyToken(mintAdmin(ES256), options({ key: { publicKeyPem: publicPem(ec.publicKey) } }))).valid).toBe(true);
    expect((await verifyToken(mintAdmin(ES256), options({ key: { publicKeyPem: privatePem(ec.privateKey) } }))).valid).toBe(true);
    for (const alg of ['HS384', 'HS512']) expect((await verifyToken(await signed(CLAIMS, alg), options())).valid).toBe(true);
    expect((await verifyToken(await signed(CLAIMS, 'ES384', ec384.privateKey), options({ key: { publicKeyPem: publicPem(ec384.publicKey) } }))).valid).toBe(
      true,
    );
  });

  test('a wrong key: TOKEN_SIGNATURE', async () => {
    const token = mintAdmin();
    const verdict = await verifyToken(token, options({ key: { sharedSecret: 'another-shared-secret-of-enough-length' } }));
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual([
      { code: 'TOKEN_SIGNATURE', message: 'the HS256 signature does not match the key given: the token was signed with another key, or altered after signing' },
    ]);
    expect(verdict.claims).toEqual(JSON.parse(segments(token).payload));
  });

  test('a tampered payload (roles raised, signature kept): TOKEN_SIGNATURE', async () => {
    const [header, , signature] = (await signed(CLAIMS)).split('.');
    const tampered = `${header}.${b64url(JSON.stringify({ ...CLAIMS, roles: ['system.admin'] }))}.${signature}`;
    const verdict = await verifyToken(tampered, options());
    expect(codes(verdict)).toEqual(['TOKEN_SIGNATURE']);
    messages(verdict, tampered);
  });

  test.each([
    ['none', 'alg "none" (an unsigned token) is rejected by Portworx'],
    ['PS256', 'alg "PS256" (RSA-PSS) is rejected by Portworx; it accepts HS*, RS* and ES* only'],
    ['EdDSA', 'alg "EdDSA" is not one Portworx accepts (HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512)'],
    [undefined, 'the header has no alg'],
  ])('alg %s: TOKEN_ALGORITHM', async (alg, message) => {
    const token = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(CLAIMS))}.${alg === 'none' ? '' : 'c2lnbmF0dXJl'}`;
    expect(await verifyToken(token, options())).toEqual({
      valid: false,
      problems: [{ code: 'TOKEN_ALGORITHM', message }],
      warnings: [],
      header: expect.any(Object),
      claims: CLAIMS,
    });
  });

  test.each([
    [
      'an HS256 token with a public key',
      () => mintAdmin(),
      { publicKeyPem: publicPem(rsa.publicKey) },
      'the token is signed with HS256 (a shared secret), but a public key was given',
    ],
    [
      'an RS256 token with the shared secret',
      () => mintAdmin(RS256),
      { sharedSecret: SHARED_SECRET },
      'the token is signed with RS256 (a private key), but a shared secret was given; give the public key',
    ],
    [
      'an RS256 token with an EC key',
      () => mintAdmin(RS256),
      { publicKeyPem: publicPem(ec.publicKey) },
      'the token is signed with RS256 (RSA), but the public key is an EC key on prime256v1',
    ],
    [
      'an ES256 token with an RSA key',
      () => mintAdmin(ES256),
      { publicKeyPem: publicPem(rsa.publicKey) },
      'the token is signed with ES256 (ECDSA), but the public key is an RSA key of 2048 bits',
    ],
  ])('%s: TOKEN_KEY_MISMATCH', async (_case, token, key, message) => {
    expect((await verifyToken(token(), options({ key }))).problems).toEqual([{ code: 'TOKEN_KEY_MISMATCH', message }]);
  });

  test('an RS256 token with another RSA key: TOKEN_SIGNATURE', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(codes(await verifyToken(mintAdmin(RS256), options({ key: { publicKeyPem: publicPem(other.publicKey) } })))).toEqual(['TOKEN_SIGNATURE']);
  });

  test('an RS256 signature value s + n (same length): TOKEN_SIGNATURE, as OpenSSL and Go from 1.20 say (Go before 1.20 accepts it)', async () => {
    const token = tokenWithSignaturePlusModulus(rsaSmall.privateKey, (attempt) => JSON.stringify({ ...CLAIMS, name: `a${attempt}` }));
    const [header = '', claims = ''] = token.split('.');
    const valid = `${header}.${claims}.${sign('sha256', Buffer.from(`${header}.${claims}`), rsaSmall.privateKey).toString('base64url')}`;
    const key = { publicKeyPem: publicPem(rsaSmall.publicKey) };
    expect(codes(await verifyToken(valid, options({ key })))).toEqual([]);
    expect(codes(await verifyToken(token, options({ key })))).toEqual(['TOKEN_SIGNATURE']);
  });

  test.each(['iss', 'sub', 'exp', 'iat', 'name', 'email'])('missing %s: "Required claim %s missing from token", as openstorage says', async (claim) => {
    const claims: Record<string, unknown> = { ...CLAIMS };
    delete claims[claim];
    const verdict = await verifyToken(await signed(claims), options());
    expect(verdict.problems).toEqual([{ code: 'TOKEN_CLAIM_MISSING', message: `Required claim ${claim} missing from token` }]);
  });

  test("every missing claim is listed, in openstorage's order", async () => {
    const token = await signed({ roles: ['system.user'] });
    const verdict = await verifyToken(token, options());
    expect(messages(verdict, token)).toEqual(['iss', 'sub', 'exp', 'iat', 'name', 'email'].map((claim) => `Required claim ${claim} missing from token`));
  });

  test('empty strings pass as required claims (email "", a non-username name "")', async () => {
    expect((await verifyToken(await signed({ ...CLAIMS, email: '', name: '' }), options())).valid).toBe(true);
  });

  test('an untrusted issuer lists the trusted ones', async () => {
    const verdict = await verifyToken(mintAdmin(), options({ issuers: ['px.example.com', 'operator.portworx.io'] }));
    expect(verdict.problems).toEqual([
      { code: 'TOKEN_ISSUER_UNTRUSTED', message: '"portworx.com" is not a trusted issuer (trusted: "px.example.com", "operator.portworx.io")' },
    ]);
    expect((await verifyToken(mintAdmin(), options({ issuers: [] }))).problems).toEqual([
      { code: 'TOKEN_ISSUER_UNTRUSTED', message: '"portworx.com" is not a trusted issuer (no issuer is trusted)' },
    ]);
  });

  test('the issuer must match byte for byte (a trailing slash, another case)', async () => {
    for (const iss of ['portworx.com/', 'Portworx.com'])
      expect(codes(await verifyToken(await signed({ ...CLAIMS, iss }), options()))).toEqual(['TOKEN_ISSUER_UNTRUSTED']);
  });

  test('expiry without leeway: exp = now is expired, exp = now + 1 is not', async () => {
    const token = mintAdmin();
    expect((await verifyToken(token, options({ now: NOW + DAY - 1 }))).valid).toBe(true);
    expect((await verifyToken(token, options({ now: NOW + DAY }))).problems).toEqual([
      { code: 'TOKEN_EXPIRED', message: `token expired at 2023-11-15T22:13:20Z (exp ${NOW + DAY}); now is 2023-11-15T22:13:20Z, and no leeway is allowed` },
    ]);
  });

  test('iat in the future, even by one second: "Token used before issued"', async () => {
    const token = mintAdmin(); // iat = NOW - 600
    expect((await verifyToken(token, options({ now: NOW - 600 }))).valid).toBe(true);
    expect((await verifyToken(token, options({ now: NOW - 601 }))).problems).toEqual([
      {
        code: 'TOKEN_USED_BEFORE_ISSUED',
        message: 'Token used before issued: iat 2023-11-14T22:03:20Z is after now 2023-11-14T22:03:19Z; Portworx allows no clock skew (backdate iat)',
      },
    ]);
  });

  test('nbf in the future: TOKEN_NOT_YET_VALID; nbf = now passes', async () => {
    expect((await verifyToken(await signed({ ...CLAIMS, nbf: NOW }), options())).valid).toBe(true);
    expect((await verifyToken(await signed({ ...CLAIMS, nbf: NOW + 60 }), options())).problems).toEqual([
      { code: 'TOKEN_NOT_YET_VALID', message: 'Token is not valid yet: nbf 2023-11-14T22:14:20Z is after now 2023-11-14T22:13:20Z' },
    ]);
  });

  test('the username claim (sub by default, or email / name) must not be empty', async () => {
    const emptySub = await signed({ ...CLAIMS, sub: '' });
    expect((await verifyToken(emptySub, options())).problems).toEqual([
      { code: 'TOKEN_USERNAME_EMPTY', message: "username claim sub is empty; Portworx takes it as the user's identity" },
    ]);
    expect((await verifyToken(emptySub, options({ usernameClaim: 'name' }))).valid).toBe(true);
    const noEmail = await signed({ ...CLAIMS, email: '' });
    expect(await verifyToken(noEmail, options())).toMatchObject({ valid: true });
    expect((await verifyToken(noEmail, options({ usernameClaim: 'email' }))).problems).toEqual([
      { code: 'TOKEN_USERNAME_EMPTY', message: "username claim email is empty; Portworx takes it as the user's identity" },
    ]);
  });

  test.each([
    [{ roles: 'system.admin' }, 'TOKEN_ROLES_INVALID', 'claim roles is a string, not a list of strings'],
    [{ roles: ['system.user', 1] }, 'TOKEN_ROLES_INVALID', 'claim roles is a list holding a number, not a list of strings'],
    [{ groups: 'developers' }, 'TOKEN_GROUPS_INVALID', 'claim groups is a string, not a list of strings'],
    [{ groups: [{}] }, 'TOKEN_GROUPS_INVALID', 'claim groups is a list holding an object, not a list of strings'],
    [{ name: 42 }, 'TOKEN_CLAIM_INVALID', 'claim name is a number, not a string'],
    [{ exp: String(NOW + DAY) }, 'TOKEN_CLAIM_INVALID', 'claim exp is a string, not a number of seconds; Portworx reads the token as expired'],
    [{ nbf: true }, 'TOKEN_CLAIM_INVALID', 'claim nbf is a boolean, not a number of seconds; Portworx reads the token as not valid yet'],
  ])('%j: %s', async (change, code, message) => {
    const claims: Record<string, unknown> = { ...CLAIMS, ...change };
    if ('roles' in change && change.roles === undefined) delete claims.roles;
    expect((await verifyToken(await signed(claims), options())).problems).toEqual([{ code, message }]);
  });

  test('groups absent, empty or null are all fine', async () => {
    for (const groups of [undefined, [], null]) {
      const claims: Record<string, unknown> = { ...CLAIMS, groups };
      if (groups === undefined) delete claims.groups;
      expect((await verifyToken(await signed(claims), options())).valid).toBe(true);
    }
  });

  test('every problem at once, claims checked even though the signature fails; valid is false', async () => {
    const token = await signed(
      { iss: 'other', sub: '', exp: NOW, iat: NOW + 5, nbf: NOW + 5, roles: [], groups: 'all' },
      'HS256',
      new TextEncoder().encode('a-different-secret-for-this-test'),
    );
    const verdict = await verifyToken(token, options());
    expect(verdict.valid).toBe(false);
    expect(codes(verdict)).toEqual([
      'TOKEN_SIGNATURE',
      'TOKEN_CLAIM_MISSING',
      'TOKEN_CLAIM_MISSING',
      'TOKEN_GROUPS_INVALID',
      'TOKEN_ISSUER_UNTRUSTED',
      'TOKEN_EXPIRED',
      'TOKEN_USED_BEFORE_ISSUED',
      'TOKEN_NOT_YET_VALID',
      'TOKEN_USERNAME_EMPTY',
    ]);
    expect(verdict.warnings.map((warning) => warning.code)).toEqual(['TOKEN_ROLES_EMPTY']);
    expect(messages(verdict, token).slice(1, 3)).toEqual(['Required claim name missing from token', 'Required claim email missing from token']);
  });

  describe("Portworx's own verdicts (openstorage on golang-jwt), with warnings for what is unwise", () => {
    /** An HS256 token over any header and claims text, signed with node:crypto. */
    const raw = (claimsText: string, headerText = '{"alg":"HS256","typ":"JWT"}'): string => {
      const input = `${b64url(headerText)}.${b64url(claimsText)}`;
      return `${input}.${createHmac('sha256', SHARED_SECRET).update(input).digest('base64url')}`;
    };
    const claimsWith = (literal: string): string => JSON.stringify({ ...CLAIMS, exp: 1 }).replace('"exp":1', `"exp":${literal}`);

    test('exp 0 never expires: accepted, with the warning TOKEN_NEVER_EXPIRES', async () => {
      const verdict = await verifyToken(raw(claimsWith('0')), options());
      expect(verdict).toMatchObject({ valid: true, problems: [] });
      expect(verdict.warnings).toEqual([
        { code: 'TOKEN_NEVER_EXPIRES', message: 'exp is 0, which Portworx reads as no expiry: the token is valid for as long as its key is' },
      ]);
    });

    test.each(['1e19', '1e300', '-1e19', '9223372036854775808'])('exp %s is beyond int64: Portworx reads it as long past, rejected', async (literal) => {
      expect((await verifyToken(raw(claimsWith(literal)), options())).problems).toEqual([
        {
          code: 'TOKEN_EXPIRED',
          message: `exp ${Number(literal)} is beyond the int64 seconds golang-jwt reads; Portworx reads it as a time long past, so the token is expired`,
        },
      ]);
    });

    test('fractional times are truncated to the second, as golang-jwt does: exp now + 0.5 is expired, iat now + 0.5 is not in the future', async () => {
      expect(codes(await verifyToken(raw(claimsWith(`${NOW}.5`)), options()))).toEqual(['TOKEN_EXPIRED']);
      expect((await verifyToken(raw(claimsWith(`${NOW + 1}.5`)), options())).valid).toBe(true);
      expect((await verifyToken(raw(JSON.stringify({ ...CLAIMS, iat: NOW + 0.5 })), options())).valid).toBe(true);
    });

    test("a number beyond float64 (1e400) makes the token malformed, as Go's JSON decoder does", async () => {
      expect(codes(await verifyToken(raw(claimsWith('1e400')), options()))).toEqual(['TOKEN_MALFORMED']);
    });

    test('a crit header is ignored, as golang-jwt does', async () => {
      expect((await verifyToken(raw(JSON.stringify(CLAIMS), '{"alg":"HS256","crit":["exp"],"exp":1}'), options())).valid).toBe(true);
    });

    test('RS256 with a 1024-bit key is accepted with TOKEN_KEY_WEAK; ES512 on P-521 is accepted', async () => {
      // jose refuses to sign with a 1024-bit key; node:crypto signs the raw bytes.
      const input = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(JSON.stringify(CLAIMS))}`;
      const small = `${input}.${sign('sha256', Buffer.from(input), rsaSmall.privateKey).toString('base64url')}`;
      const verdict = await verifyToken(small, options({ key: { publicKeyPem: publicPem(rsaSmall.publicKey) } }));
      expect(verdict).toMatchObject({ valid: true, problems: [] });
      expect(verdict.warnings.map((warning) => warning.code)).toEqual(['TOKEN_KEY_WEAK']);
      const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
      expect(await verifyToken(await signed(CLAIMS, 'ES512', p521.privateKey), options({ key: { publicKeyPem: publicPem(p521.publicKey) } }))).toMatchObject({
        valid: true,
        warnings: [],
      });
    });

    test('no roles: accepted, with the warning TOKEN_ROLES_EMPTY', async () => {
      const verdict = await verifyToken(await signed({ ...CLAIMS, roles: [] }), options());
      expect(verdict).toMatchObject({ valid: true, problems: [] });
      expect(verdict.warnings).toEqual([{ code: 'TOKEN_ROLES_EMPTY', message: 'token has no roles: Portworx accepts it, but it can do nothing' }]);
    });

    test('a claim spelled "ISS" is the issuer Portworx reads (Go matches struct fields without case): rejected when it is not trusted', async () => {
      const verdict = await verifyToken(raw(`${JSON.stringify(CLAIMS).slice(0, -1)},"ISS":"evil.example.com"}`), options());
      expect(verdict.problems).toEqual([{ code: 'TOKEN_ISSUER_UNTRUSTED', message: '"evil.example.com" is not a trusted issuer (trusted: "portworx.com")' }]);
      expect(verdict.warnings.map((warning) => warning.code)).toEqual(['TOKEN_CLAIM_CASE_VARIANT']);
    });

    test('roles given twice: Portworx reads the last (system.admin), with the warning TOKEN_CLAIM_DUPLICATE', async () => {
      const verdict = await verifyToken(raw(`${JSON.stringify(CLAIMS).slice(0, -1)},"roles":["system.admin"]}`), options());
      expect(verdict).toMatchObject({ valid: true, problems: [], claims: { roles: ['system.admin'] } });
      expect(verdict.warnings).toEqual([
        {
          code: 'TOKEN_CLAIM_DUPLICATE',
          message:
            'claim "roles" appears 2 times: Portworx (Go) reads the last one, other JWT libraries may read the first, so the token means different things to different readers',
        },
      ]);
    });
  });

  test('a token that is not a JWT: one TOKEN_MALFORMED problem, nothing of the token in it', async () => {
    expect(await verifyToken(SHARED_SECRET, options())).toEqual({
      valid: false,
      problems: [
        {
          code: 'TOKEN_MALFORMED',
          message:
            'token is not a JWT: it has 1 part separated by ".", not 3: give the whole token: three base64url parts separated by "." (header.claims.signature)',
        },
      ],
      warnings: [],
    });
  });

  test.each([
    [{ usernameClaim: 'uid' as 'sub' }, 'usernameClaim "uid" is not a claim Portworx takes as user name: use one of sub, email, name'],
    [
      { issuers: 'portworx.com' as unknown as string[] },
      'issuers "portworx.com" is not a list of strings: give the issuers Portworx trusts, such as ["portworx.com"]',
    ],
    [{ now: Number.NaN }, 'now null is not a number of seconds since the epoch: give the current time in seconds, e.g. from currentTime()'],
    [
      { key: { sharedSecret: '' } },
      'key.sharedSecret is empty: give the shared secret Portworx signs user tokens with (the shared-secret key of the keys Secret)',
    ],
    [
      { key: { publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${SHARED_SECRET}\n-----END PUBLIC KEY-----\n` } },
      'key is neither a shared secret nor a PEM public key: give { sharedSecret } for HS* tokens, or { publicKeyPem } ("-----BEGIN PUBLIC KEY-----") for RS* and ES* tokens',
    ],
  ])('bad options %j are thrown, not reported as token problems', async (extra, message) => {
    expect(() => verifyToken(mintAdmin(), options(extra))).toThrow(PxSecurityError);
    expect(() => verifyToken(mintAdmin(), options(extra))).toThrow(message);
  });
});
