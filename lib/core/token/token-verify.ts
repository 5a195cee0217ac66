/**
 * Portworx auth tokens: verifying.
 *
 * Verifying mirrors Portworx (openstorage `pkg/auth` on golang-jwt v4) on node:crypto, synchronously: the same
 * reading of the bytes (`token-claims.ts`, `token-reading.ts`), the same algorithms and keys, the same claim rules,
 * so the verdict is Portworx's for every token. It reports every problem at once, and what Portworx accepts but is
 * unwise as warnings. No message ever holds the token or a key.
 */
import { constants, createHmac, createPublicKey, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { PxSecurityError } from '../errors/errors';
import { TOKEN_ALGORITHMS, USERNAME_CLAIMS } from '../names';
import { checkedSharedSecret, CURVE_OF_ALGORITHM, keyDescription } from './token-sign';
import { claimProblems, ReadToken, readToken } from './token-claims';
import type { TokenProblem, TokenVerdict, VerificationKey, VerifyTokenOptions } from './token-verdict';

/** An algorithm Portworx accepts. */
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/**
 * Checks a token as Portworx does (openstorage `pkg/auth` on golang-jwt v4) and lists every problem, and what
 * Portworx accepts but is unwise as warnings. Synchronous, on node:crypto.
 *
 * The verdict (`valid`) is Portworx's: it accepts exactly the tokens openstorage's `JwtAuthenticator` accepts, as
 * they reach it (in the gRPC header `authorization: bearer <token>`, nothing trimmed). One deliberate difference: an
 * RS* signature whose value is s + n (a valid signature plus the modulus, same length) is refused here, as OpenSSL
 * and Go from 1.20 refuse it; Portworx built with Go before 1.20 (`rsa.VerifyPKCS1v15` reduces it mod n) accepts
 * it. No signer makes such a value, and refusing it never accepts a token any Portworx refuses.
 * Problems: a token that is not a JWT as Go reads it, or that holds a character outside base64url and `.` (a
 * space of any kind, a byte order mark, a line break: named with its code point and offset) (`TOKEN_MALFORMED`); `alg` missing, `none`, PS* or unknown
 * (`TOKEN_ALGORITHM`); a key of the wrong kind for `alg` (`TOKEN_KEY_MISMATCH`); a bad signature
 * (`TOKEN_SIGNATURE`); a required claim missing as a key (`TOKEN_CLAIM_MISSING`); a claim of the wrong type
 * (`TOKEN_CLAIM_INVALID`, `TOKEN_ROLES_INVALID`, `TOKEN_GROUPS_INVALID`); an empty or untrusted issuer
 * (`TOKEN_ISSUER_UNTRUSTED`); expired, including an `exp` beyond the int64 range, which Go reads as long past
 * (`TOKEN_EXPIRED`); `iat` or `nbf` in the future (`TOKEN_USED_BEFORE_ISSUED`, `TOKEN_NOT_YET_VALID`); an empty
 * username claim (`TOKEN_USERNAME_EMPTY`). No leeway; a time claim of 0 is no limit; `crit` is ignored; the key
 * size and the curve are not checked (as golang-jwt). Warnings: `TOKEN_NEVER_EXPIRES` (exp 0), `TOKEN_ROLES_EMPTY`,
 * `TOKEN_KEY_WEAK` (RSA under 2048 bits), `TOKEN_KEY_CURVE_MISMATCH` (an EC key on another curve than `alg`
 * names), `TOKEN_CLAIM_CASE_VARIANT` (a claim Portworx reads under another spelling, such as `ISS` for `iss`).
 *
 * @throws PxSecurityError for bad options (`TOKEN_KEY_INVALID`, `TOKEN_VERIFY_OPTIONS_INVALID`)
 */
export function verifyToken(token: string, options: VerifyTokenOptions): TokenVerdict {
  const usernameClaim = options.usernameClaim ?? 'sub';
  checkVerifyOptions(options, usernameClaim);
  const key = verificationKeyInput(options.key);
  let read: ReadToken;
  try {
    read = readToken(token, 'token');
  } catch (error) {
    if (error instanceof PxSecurityError) return { valid: false, problems: [{ code: error.code, message: error.message }], warnings: [] };
    throw error;
  }
  const problems = [...signatureProblems(read, key), ...claimProblems(read, options, usernameClaim)];
  return { valid: problems.length === 0, problems, warnings: tokenWarnings(read, key), header: read.header, claims: read.claims };
}

function checkVerifyOptions(options: VerifyTokenOptions, usernameClaim: string): void {
  if (!Array.isArray(options.issuers) || options.issuers.some((issuer) => typeof issuer !== 'string')) {
    throw new PxSecurityError({
      code: 'TOKEN_VERIFY_OPTIONS_INVALID',
      field: 'issuers',
      value: options.issuers,
      problem: 'is not a list of strings',
      fix: 'give the issuers Portworx trusts, such as ["portworx.com"]',
    });
  }
  if (typeof options.now !== 'number' || !Number.isFinite(options.now)) {
    throw new PxSecurityError({
      code: 'TOKEN_VERIFY_OPTIONS_INVALID',
      field: 'now',
      value: options.now,
      problem: 'is not a number of seconds since the epoch',
      fix: 'give the current time in seconds, e.g. from currentTime()',
    });
  }
  if (!(USERNAME_CLAIMS as readonly string[]).includes(usernameClaim)) {
    throw new PxSecurityError({
      code: 'TOKEN_VERIFY_OPTIONS_INVALID',
      field: 'usernameClaim',
      value: usernameClaim,
      problem: 'is not a claim Portworx takes as user name',
      fix: `use one of ${USERNAME_CLAIMS.join(', ')}`,
    });
  }
}

/** The verification key: the secret's bytes, or a public KeyObject. */
type KeyInput = { readonly kind: 'secret'; readonly bytes: Buffer } | { readonly kind: 'public'; readonly key: KeyObject };

function verificationKeyInput(key: VerificationKey): KeyInput {
  if (typeof key === 'object' && key !== null && 'sharedSecret' in key) {
    return { kind: 'secret', bytes: Buffer.from(checkedSharedSecret(key.sharedSecret, 'key.sharedSecret'), 'utf8') };
  }
  const pem = typeof key === 'object' && key !== null && 'publicKeyPem' in key ? key.publicKeyPem : undefined;
  try {
    return { kind: 'public', key: createPublicKey({ key: pem as string, format: 'pem' }) };
  } catch {
    throw new PxSecurityError({
      code: 'TOKEN_KEY_INVALID',
      field: 'key',
      problem: 'is neither a shared secret nor a PEM public key',
      fix: 'give { sharedSecret } for HS* tokens, or { publicKeyPem } ("-----BEGIN PUBLIC KEY-----") for RS* and ES* tokens',
    });
  }
}

/** The hash of each algorithm, and golang-jwt's `KeySize` (bytes of r and of s) of each ES*. */
const HASH_OF_ALGORITHM: Readonly<Record<TokenAlgorithm, string>> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};

const ECDSA_KEY_SIZE: Readonly<Record<string, number>> = { ES256: 32, ES384: 48, ES512: 66 };

/** Problems with the algorithm, the key and the signature. */
function signatureProblems(read: ReadToken, key: KeyInput): TokenProblem[] {
  const alg = read.header.alg;
  if (typeof alg !== 'string' || !(TOKEN_ALGORITHMS as readonly string[]).includes(alg)) {
    return [{ code: 'TOKEN_ALGORITHM', message: algorithmMessage(alg) }];
  }
  const mismatch = keyMismatch(alg as TokenAlgorithm, key);
  if (mismatch !== undefined) return [{ code: 'TOKEN_KEY_MISMATCH', message: mismatch }];
  if (signatureMatches(alg as TokenAlgorithm, read, key)) return [];
  return [
    { code: 'TOKEN_SIGNATURE', message: `the ${alg} signature does not match the key given: the token was signed with another key, or altered after signing` },
  ];
}

/** golang-jwt's `Verify` of each method: HMAC compared in constant time, RSA PKCS#1 v1.5, ECDSA r||s of KeySize bytes each. */
function signatureMatches(alg: TokenAlgorithm, read: ReadToken, key: KeyInput): boolean {
  const signatureBytes = read.signature ?? Buffer.alloc(0);
  const input = Buffer.from(read.signingInput, 'utf8');
  const hash = HASH_OF_ALGORITHM[alg];
  try {
    if (key.kind === 'secret') {
      const expected = createHmac(hash, key.bytes).update(input).digest();
      return expected.length === signatureBytes.length && timingSafeEqual(expected, signatureBytes);
    }
    if (alg.startsWith('RS')) return verify(hash, input, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, signatureBytes);
    const size = ECDSA_KEY_SIZE[alg];
    if (size === undefined || signatureBytes.length !== 2 * size) return false;
    const der = derSignature(signatureBytes.subarray(0, size), signatureBytes.subarray(size));
    return der !== undefined && verify(hash, input, { key: key.key, dsaEncoding: 'der' }, der);
  } catch {
    return false; // OpenSSL refuses what Go's crypto refuses (a digest too long for the key, and the like)
  }
}

/** An ECDSA signature (r, s as unsigned big-endian bytes) in DER, or undefined when r or s is 0 (Go: invalid). */
function derSignature(r: Buffer, s: Buffer): Buffer | undefined {
  const integer = (bytes: Buffer): Buffer | undefined => {
    let start = 0;
    while (start < bytes.length && bytes[start] === 0) start++;
    if (start === bytes.length) return undefined;
    const body = (bytes[start] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes.subarray(start)]) : bytes.subarray(start);
    return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
  };
  const encodedR = integer(r);
  const encodedS = integer(s);
  if (encodedR === undefined || encodedS === undefined) return undefined;
  const body = Buffer.concat([encodedR, encodedS]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

function derLength(length: number): Buffer {
  return length < 0x80 ? Buffer.from([length]) : Buffer.from([0x81, length]);
}

function algorithmMessage(alg: unknown): string {
  if (alg === 'none') return 'alg "none" (an unsigned token) is rejected by Portworx';
  if (typeof alg === 'string' && alg.startsWith('PS')) return `alg ${JSON.stringify(alg)} (RSA-PSS) is rejected by Portworx; it accepts HS*, RS* and ES* only`;
  if (alg === undefined) return 'the header has no alg';
  return `alg ${JSON.stringify(alg)} is not one Portworx accepts (${TOKEN_ALGORITHMS.join(', ')})`;
}

/** Why the key cannot check `alg`, if it cannot: Portworx takes the shared secret for HS*, its RSA key for RS*, its EC key for ES*. */
function keyMismatch(alg: TokenAlgorithm, key: KeyInput): string | undefined {
  const family = alg.slice(0, 2);
  if (family === 'HS') return key.kind === 'secret' ? undefined : `the token is signed with ${alg} (a shared secret), but a public key was given`;
  if (key.kind === 'secret') return `the token is signed with ${alg} (a private key), but a shared secret was given; give the public key`;
  if (family === 'RS')
    return key.key.asymmetricKeyType === 'rsa' ? undefined : `the token is signed with ${alg} (RSA), but the public key is ${keyDescription(key.key)}`;
  return key.key.asymmetricKeyType === 'ec' ? undefined : `the token is signed with ${alg} (ECDSA), but the public key is ${keyDescription(key.key)}`;
}

/** Smallest RSA modulus that is not flagged as weak (Portworx accepts smaller ones). */
const STRONG_RSA_BITS = 2048;

/** What Portworx accepts but is unwise. */
function tokenWarnings(read: ReadToken, key: KeyInput): TokenProblem[] {
  const warnings: TokenProblem[] = [];
  if (read.claims.exp === 0) {
    warnings.push({ code: 'TOKEN_NEVER_EXPIRES', message: 'exp is 0, which Portworx reads as no expiry: the token is valid for as long as its key is' });
  }
  if (!read.struct.typeErrors.some((error) => error.field === 'roles') && read.struct.roles.length === 0) {
    warnings.push({ code: 'TOKEN_ROLES_EMPTY', message: 'token has no roles: Portworx accepts it, but it can do nothing' });
  }
  const alg = read.header.alg;
  if (key.kind === 'public' && typeof alg === 'string') {
    const bits = key.key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (alg.startsWith('RS') && key.key.asymmetricKeyType === 'rsa' && bits < STRONG_RSA_BITS) {
      warnings.push({
        code: 'TOKEN_KEY_WEAK',
        message: `the RSA key has ${bits} bits: Portworx accepts it, but keys under ${STRONG_RSA_BITS} bits can be broken`,
      });
    }
    const curve = CURVE_OF_ALGORITHM[alg];
    const keyCurve = key.key.asymmetricKeyDetails?.namedCurve;
    if (curve !== undefined && key.key.asymmetricKeyType === 'ec' && keyCurve !== curve) {
      warnings.push({
        code: 'TOKEN_KEY_CURVE_MISMATCH',
        message: `the token is signed with ${alg}, which names ${curve}, but the EC key is on ${keyCurve}; Portworx does not check the curve`,
      });
    }
  }
  const counts = new Map<string, number>();
  for (const [key] of read.members) counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const [key, count] of counts) {
    if (count < 2) continue;
    warnings.push({
      code: 'TOKEN_CLAIM_DUPLICATE',
      message: `claim ${JSON.stringify(key)} appears ${count} times: Portworx (Go) reads the last one, other JWT libraries may read the first, so the token means different things to different readers`,
    });
  }
  for (const key of new Set(read.struct.foldedKeys)) {
    warnings.push({
      code: 'TOKEN_CLAIM_CASE_VARIANT',
      message: `claim ${JSON.stringify(key)} is read by Portworx as ${JSON.stringify(foldedField(key))} (Go matches claim names regardless of case), though the required-claims check looks for the exact name`,
    });
  }
  return warnings;
}

/** The struct field Go matches a folded key to. */
function foldedField(key: string): string {
  return key
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k')
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
