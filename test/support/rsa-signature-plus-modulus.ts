/**
 * An RS256 token whose signature value is s + n (a valid signature plus the modulus), written in the modulus's
 * length: Go's rsa.VerifyPKCS1v15 before Go 1.20 reduces it mod n and accepts it; OpenSSL (and Go from 1.20)
 * refuses a signature value not below the modulus. Signed with node:crypto.
 */
import { KeyObject, sign } from 'node:crypto';

const b64url = (bytes: string | Buffer): string => Buffer.from(bytes).toString('base64url');
const toBigInt = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex') || '0'}`);

/**
 * The token, for the first claims text (from `claimsFor(0)`, `claimsFor(1)`, ...) whose signature s leaves s + n
 * within the modulus's byte length (PKCS#1 v1.5 signatures are deterministic, so another text gives another s).
 */
export function tokenWithSignaturePlusModulus(privateKey: KeyObject, claimsFor: (attempt: number) => string): string {
  const modulus = Buffer.from(String(privateKey.export({ format: 'jwk' }).n), 'base64url');
  const n = toBigInt(modulus);
  const limit = 1n << BigInt(8 * modulus.length);
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const input = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(claimsFor(attempt))}`;
    const sum = toBigInt(sign('sha256', Buffer.from(input), privateKey)) + n;
    if (sum < limit) return `${input}.${b64url(Buffer.from(sum.toString(16).padStart(2 * modulus.length, '0'), 'hex'))}`;
  }
  throw new Error('no claims text gave a signature s with s + n below 2^(8k)');
}
