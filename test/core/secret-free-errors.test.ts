/**
 * A known secret, fed through every error path of the core's duration, identity, token, rotation and keys
 * modules in every place a secret goes (keys, shared secrets, private keys, master secrets, keystore files,
 * env variables, tokens), never shows in an error: not in its message, field, value or fix.
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { PxSecurityError } from '../../lib/core/errors/errors';
import { resolveIdentity } from '../../lib/core/token/identity';
import { keysFromEnv, keysFromMasterSecret, keysFromValues } from '../../lib/core/keys/key-sources';
import { keysFromKeystore } from '../../lib/node/key-store-file';
import { PxKeys, validateKeys } from '../../lib/core/keys/keys';
import { issuanceWindow } from '../../lib/core/token/rotation';
import { decodeToken } from '../../lib/core/token/token-claims';
import { mintToken, MintTokenOptions } from '../../lib/core/token/token-sign';
import { verifyToken } from '../../lib/core/token/token-verify';
import { defined } from '../support/defined';

const SECRET = 'known-secret-Gh7Jk2Lp9Qr4St6Uv1Wx3Yz8Ab5Cd0EfMnOpQrStUvWxYz012';
const OTHER = 'other-secret-Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBaZyXwVuTsRqPo98';
const THIRD = 'third-secret-Mn4Bv7Cx1Zl5Kj8Hg2Fd6Sa9Qw3Er0TyUiOpAsDfGhJkLzXc76';
const NOW = 1_700_000_000;
const rsaSmall = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
const SMALL_RSA_PEM = rsaSmall.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const EC384_PEM = ec384.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Fragments no error may contain: the secrets, pieces of them, and lines of the private keys. */
const FORBIDDEN = [
  SECRET,
  SECRET.slice(13, 29),
  OTHER.slice(13, 29),
  THIRD.slice(13, 29),
  ...[SMALL_RSA_PEM, EC384_PEM].map((pem) => defined(pem.split('\n')[2], 'the third PEM line')),
];

/** Everything an error shows: message, field, value, fix, and its JSON form. */
function shown(error: unknown): string {
  if (!(error instanceof PxSecurityError)) return `not a PxSecurityError: ${String(error)}`;
  return [error.message, error.field, JSON.stringify(error.value) ?? '', error.fix, JSON.stringify(error)].join('\n');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-secret-free-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('no error of the core shows a secret', async () => {
  const keys: PxKeys = { system: OTHER, stork: THIRD, shared: SECRET };
  const identity = resolveIdentity({ name: 'a', roles: ['system.user'] }, { field: 'identity' });
  const mint = (override: Partial<MintTokenOptions>): void => {
    mintToken({ identity, issuer: 'portworx.com', key: { algorithm: 'HS256', sharedSecret: SECRET }, issuedAt: NOW - 600, expiresAt: NOW + 60, ...override });
  };
  const keystore = (name: string, text: string, mode = 0o600): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };

  const throwing: [string, () => unknown][] = [
    // keys
    ['weak system key beside the secret', () => validateKeys({ ...keys, system: 'short' }, { field: 'keys' })],
    ['the secret reused', () => validateKeys({ ...keys, stork: SECRET }, { field: 'keys' })],
    ['the secret, truncated to 31 characters', () => keysFromValues({ ...keys, shared: SECRET.slice(0, 31) }, { field: 'keys' })],
    ['the secret repeated as a pattern', () => validateKeys({ ...keys, shared: SECRET.slice(0, 8).repeat(8) }, { field: 'keys' })],
    ['a missing env variable beside the secret', () => keysFromEnv({ PORTWORX_AUTH_SYSTEM_KEY: OTHER, PORTWORX_AUTH_SHARED_SECRET: SECRET })],
    ['a repeated env key', () => keysFromEnv({ PORTWORX_AUTH_SYSTEM_KEY: SECRET, PORTWORX_AUTH_STORK_KEY: THIRD, PORTWORX_AUTH_SHARED_SECRET: SECRET })],
    ['a weak env key', () => keysFromEnv({ PORTWORX_AUTH_SYSTEM_KEY: OTHER, PORTWORX_AUTH_STORK_KEY: 'x', PORTWORX_AUTH_SHARED_SECRET: SECRET })],
    ['a short master secret', () => keysFromMasterSecret(SECRET.slice(0, 31), { field: 'masterSecret' })],
    ['a bad context with the secret as master', () => keysFromMasterSecret(SECRET, { field: 'masterSecret', context: '' })],
    ['a keystore that is not JSON', () => keysFromKeystore(keystore('broken.json', `{"shared-secret": "${SECRET}", `))],
    ['a keystore with a key missing', () => keysFromKeystore(keystore('partial.json', JSON.stringify({ 'system-secret': OTHER, 'shared-secret': SECRET })))],
    [
      'a keystore with repeated keys',
      () => keysFromKeystore(keystore('repeated.json', JSON.stringify({ 'system-secret': SECRET, 'stork-secret': SECRET, 'shared-secret': SECRET }))),
    ],
    [
      'a world-readable keystore',
      () => keysFromKeystore(keystore('exposed.json', JSON.stringify({ 'system-secret': OTHER, 'stork-secret': THIRD, 'shared-secret': SECRET }), 0o644)),
    ],
    // tokens: minting with the secret as the key
    ['a bad identity', () => mint({ identity: { ...identity, roles: ['system.users'] } })],
    ['a bad issuer', () => mint({ issuer: '' })],
    ['bad times', () => mint({ expiresAt: NOW - 600 })],
    ['an unknown algorithm', () => mint({ key: { algorithm: 'PS256', privateKeyPem: SECRET } as unknown as MintTokenOptions['key'] })],
    ['the secret as an RSA key', () => mint({ key: { algorithm: 'RS256', privateKeyPem: SECRET } })],
    [
      'the secret as a PEM body',
      () => mint({ key: { algorithm: 'ES256', privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n` } }),
    ],
    ['a 1024-bit RSA key', () => mint({ key: { algorithm: 'RS256', privateKeyPem: SMALL_RSA_PEM } })],
    ['a P-384 key for ES256', () => mint({ key: { algorithm: 'ES256', privateKeyPem: EC384_PEM } })],
    // tokens: decoding the secret
    ['the secret as a token', () => decodeToken(SECRET, { field: '<token>' })],
    ['the secret in every part', () => decodeToken(`${SECRET}.${SECRET}.${SECRET}`, { field: '<token>' })],
    ['the secret base64url-encoded as a header', () => decodeToken(`${Buffer.from(SECRET).toString('base64url')}.e30.sig`, { field: '<token>' })],
    [
      'claims that are broken JSON around the secret',
      () => decodeToken(`e30.${Buffer.from(`{"k":"${SECRET}"`).toString('base64url')}.sig`, { field: '<token>' }),
    ],
    // rotation: a policy error while the secret is in scope (no secret goes into a policy; checked for completeness)
    ['a bad rotation', () => issuanceWindow({ lifetime: '1d', renewEvery: '2d' }, NOW, { field: 'rotation' })],
  ];
  const leaks: string[] = [];
  for (const [name, run] of throwing) {
    let error: unknown;
    try {
      run();
      leaks.push(`${name}: no error`);
      continue;
    } catch (caught) {
      error = caught;
    }
    const text = shown(error);
    if (text.startsWith('not a PxSecurityError') || FORBIDDEN.some((fragment) => text.includes(fragment))) leaks.push(`${name}: ${text}`);
  }

  // verifyToken: bad options are thrown; token problems are reported. Neither may show the key or the token.
  const goodToken = await new SignJWT({ iss: 'other', sub: '', exp: NOW, iat: NOW + 1, roles: [] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(OTHER));
  const verdicts = [
    await verifyToken(goodToken, { issuers: ['portworx.com'], key: { sharedSecret: SECRET }, now: NOW }),
    await verifyToken(SECRET, { issuers: ['portworx.com'], key: { sharedSecret: SECRET }, now: NOW }),
    await verifyToken(`${SECRET}.${SECRET}.${SECRET}`, { issuers: [], key: { sharedSecret: SECRET }, now: NOW }),
    await verifyToken(`${goodToken.split('.').slice(0, 2).join('.')}.${SECRET}`, { issuers: [], key: { sharedSecret: SECRET }, now: NOW }),
    await verifyToken(goodToken, {
      issuers: ['portworx.com'],
      key: { publicKeyPem: rsaSmall.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      now: NOW,
    }),
  ];
  for (const verdict of verdicts) {
    expect(verdict.valid).toBe(false);
    for (const problem of verdict.problems) {
      if ([...FORBIDDEN, goodToken, defined(goodToken.split('.')[2], 'signature')].some((fragment) => problem.message.includes(fragment)))
        leaks.push(`verify: ${problem.message}`);
    }
  }
  for (const key of [{ sharedSecret: '' }, { publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${SECRET}\n-----END PUBLIC KEY-----\n` }, { publicKeyPem: SECRET }]) {
    try {
      await verifyToken(goodToken, { issuers: [], key, now: NOW });
      leaks.push('verify with a bad key: no error');
    } catch (error) {
      const text = shown(error);
      if (text.startsWith('not a PxSecurityError') || FORBIDDEN.some((fragment) => text.includes(fragment)) || text.includes(goodToken))
        leaks.push(`verify options: ${text}`);
    }
  }
  expect(leaks).toEqual([]);
  expect(throwing.length).toBeGreaterThan(20);
});
