/**
 * Minting many RS256/ES256 tokens with the same `privateKeyPem` parses the PEM once (issue 19, section 6):
 * parsing costs several times the signature. Counted with a pass-through spy on node:crypto's
 * `createPrivateKey`; every token still verifies with the real public key.
 */
import type * as NodeCrypto from 'node:crypto';
import { resolveIdentity } from '../../lib/core/token/identity';
import { mintToken, SigningKey } from '../../lib/core/token/token-sign';

// The module object itself (not an import namespace, whose properties cannot be redefined), so the spy sees the
// library's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto') as typeof NodeCrypto;
const NOW = 1_700_000_000;
const identity = resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'identity' });

function pemPair(type: 'rsa' | 'ec'): { privateKeyPem: string; publicKey: NodeCrypto.KeyObject } {
  const pair = type === 'rsa' ? crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }) : crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: pair.publicKey };
}

describe.each([
  ['RS256', 'rsa'],
  ['ES256', 'ec'],
] as const)('%s minting with a PEM key', (algorithm, type) => {
  afterEach(() => jest.restoreAllMocks());

  it('parses the PEM once for many tokens, and every token verifies', () => {
    const { privateKeyPem, publicKey } = pemPair(type);
    const key = { algorithm, privateKeyPem } as SigningKey;
    const parse = jest.spyOn(crypto, 'createPrivateKey');
    const tokens = Array.from({ length: 20 }, (_, i) => mintToken({ identity, issuer: 'portworx.com', key, issuedAt: NOW + i, expiresAt: NOW + 3600 }));
    expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
    for (const token of tokens) {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const verified = crypto.verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        type === 'ec' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey,
        Buffer.from(signature, 'base64url'),
      );
      expect(verified).toBe(true);
    }
  });

  it('still parses, and checks, a different key', () => {
    const first = pemPair(type);
    const second = pemPair(type);
    const parse = jest.spyOn(crypto, 'createPrivateKey');
    mintToken({ identity, issuer: 'portworx.com', key: { algorithm, privateKeyPem: first.privateKeyPem } as SigningKey, issuedAt: NOW, expiresAt: NOW + 60 });
    const token = mintToken({
      identity,
      issuer: 'portworx.com',
      key: { algorithm, privateKeyPem: second.privateKeyPem } as SigningKey,
      issuedAt: NOW,
      expiresAt: NOW + 60,
    });
    expect(parse).toHaveBeenCalledTimes(2);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const key = type === 'ec' ? { key: second.publicKey, dsaEncoding: 'ieee-p1363' as const } : second.publicKey;
    expect(crypto.verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  });
});
