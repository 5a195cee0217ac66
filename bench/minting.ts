/**
 * Minting benchmark: `mintToken` with the key as users give it (a shared secret, a PEM private key) against
 * node:crypto signing the same header and claims with a key object made once, in interleaved runs, for HS256,
 * RS256 and ES256 (goal: within 1.3x).
 */
import { createHmac, createPrivateKey, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { mintToken, SigningKey } from '../lib';
import { resolveIdentity } from '../lib/model';
import { interleavedMedians } from './measure';
import { ratio } from './ratio';
import { BenchResult } from './result';

const identity = resolveIdentity({ name: 'tenant', roles: ['system.user'], groups: ['developers'] }, { field: 'bench' });
const ISSUER = 'portworx.com';
const ISSUED_AT = 1_700_000_000;
const EXPIRES_AT = 1_800_000_000;

/** Tokens per timed run, by algorithm (RSA signatures cost about 100 times an HMAC). */
const TOKENS: Readonly<Record<SigningKey['algorithm'], number>> = { HS256: 10_000, RS256: 300, ES256: 2_000 };
const RUNS = 9;

/** The baseline: the same header and claims, signed by node:crypto with a key made once. */
function cryptoToken(algorithm: SigningKey['algorithm'], key: KeyObject | Buffer, i: number): string {
  const header = Buffer.from(JSON.stringify({ alg: algorithm, typ: 'JWT' })).toString('base64url');
  const claims = {
    email: identity.email,
    exp: EXPIRES_AT,
    groups: identity.groups,
    iat: ISSUED_AT + i,
    iss: ISSUER,
    name: identity.name,
    roles: identity.roles,
    sub: identity.sub,
  };
  const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  if (Buffer.isBuffer(key)) return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  const signature = algorithm === 'ES256' ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }) : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

function keys(): { key: SigningKey; baseline: KeyObject | Buffer }[] {
  const secret = 'bench-shared-secret-0123456789abcdef';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return [
    { key: { algorithm: 'HS256', sharedSecret: secret }, baseline: Buffer.from(secret, 'utf8') },
    { key: { algorithm: 'RS256', privateKeyPem: rsa }, baseline: createPrivateKey(rsa) },
    { key: { algorithm: 'ES256', privateKeyPem: ec }, baseline: createPrivateKey(ec) },
  ];
}

export async function benchMinting(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { key, baseline } of keys()) {
    const count = TOKENS[key.algorithm];
    const { a, b } = interleavedMedians(
      () => {
        for (let i = 0; i < count; i++) mintToken({ identity, issuer: ISSUER, key, issuedAt: ISSUED_AT + i, expiresAt: EXPIRES_AT });
      },
      () => {
        for (let i = 0; i < count; i++) cryptoToken(key.algorithm, baseline, i);
      },
      RUNS,
    );
    const perSecond = (ms: number): number => Math.round(count / (ms / 1000));
    results.push(
      {
        name: `token minting: ${count} ${key.algorithm} tokens, mintToken with the ${key.algorithm === 'HS256' ? 'shared secret' : 'PEM key'}`,
        median_ms: a.wall,
        cpu_ms: a.cpu,
        runs: RUNS,
        note: `${perSecond(a.wall)} tokens/s`,
      },
      {
        name: `  baseline: node:crypto, key object made once`,
        median_ms: b.wall,
        cpu_ms: b.cpu,
        runs: RUNS,
        note: `${perSecond(b.wall)} tokens/s; ratio ${ratio(a, b)} (target <= 1.3)`,
      },
    );
  }
  return results;
}
