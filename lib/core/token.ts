/**
 * Portworx auth tokens: mint, verify, decode.
 *
 * Everything here is synchronous and uses node:crypto only (cdk8s synthesis is synchronous, and no ESM-only
 * library sits on the load path). `mintToken` lays out the bytes itself, exactly as pxctl, openstorage-sdk-auth, the operator
 * and stork (Go, `jwt.MapClaims`) do: header `{"alg":"HS256","typ":"JWT"}`, claims in alphabetical order,
 * base64url without padding, `iat`/`exp` in whole seconds. Tokens made here are byte-identical to theirs for
 * the same inputs, so they can be diffed against pxctl's output.
 *
 * Verifying mirrors Portworx (openstorage `pkg/auth` on golang-jwt v4) on node:crypto, synchronously: the same
 * reading of the bytes (`token-reading.ts`), the same algorithms and keys, the same claim rules, so the verdict is
 * Portworx's for every token. It reports every problem at once, and what Portworx accepts but is unwise as
 * warnings. No message ever holds the token or a key.
 */
import { constants, createHmac, createPrivateKey, createPublicKey, KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';
import { PxErrorCode } from './error-catalogue';
import { PxSecurityError } from './errors';
import { checkIssuer } from './issuer';
import { Identity, resolveIdentity } from './identity';
import { REQUIRED_CLAIMS, TOKEN_ALGORITHMS, USERNAME_CLAIMS, UsernameClaim } from './names';
import { beyondInt64, goJsonValue, goNowSeconds, goSegmentBytes, goTimeSeconds, goUtf8Text, objectMembers, StructClaims, structClaims, TokenReadError } from './token-reading';

/** The key that signs a token: the shared secret (HS256) or a PEM private key (RS256, ES256). */
export type SigningKey =
  | {
      readonly algorithm: 'HS256';
      /** The shared secret; its UTF-8 bytes are the HMAC key (never base64-decoded), as Portworx uses it. */
      readonly sharedSecret: string;
    }
  | {
      readonly algorithm: 'RS256';
      /** A PEM RSA private key of 2048 bits or more (PKCS#8 or PKCS#1). */
      readonly privateKeyPem: string;
    }
  | {
      readonly algorithm: 'ES256';
      /** A PEM EC private key on P-256 (PKCS#8 or SEC1). */
      readonly privateKeyPem: string;
    };

/** The claims of a Portworx token, in the order they are written. */
export interface PortworxClaims {
  /** The account's email (may be empty; the key is required). */
  email: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Groups of the account. */
  groups?: string[];
  /** Issue time, seconds since the epoch. */
  iat: number;
  /** Issuer; must byte-equal an issuer Portworx trusts. */
  iss: string;
  /** The account's name. */
  name: string;
  /** Roles of the account. */
  roles: string[];
  /** Unique ID of the account; owner of the volumes it creates. */
  sub: string;
}

/** What `mintToken` signs. */
export interface MintTokenOptions {
  /** Who the token speaks for (from `resolveIdentity`). */
  readonly identity: Identity;
  /** The `iss` claim: exactly the issuer Portworx is configured with (`-jwt_issuer`). */
  readonly issuer: string;
  /** The signing key. */
  readonly key: SigningKey;
  /** The `iat` claim, whole seconds since the epoch (backdate it: Portworx allows no clock skew). */
  readonly issuedAt: number;
  /** The `exp` claim, whole seconds since the epoch; after `issuedAt`. */
  readonly expiresAt: number;
}

/** The key that checks a token: the shared secret (HS*) or a PEM public key, certificate or private key (RS*, ES*). */
export type VerificationKey =
  | {
      /** The shared secret, as UTF-8 bytes. */
      readonly sharedSecret: string;
    }
  | {
      /** A PEM RSA or EC public key (a certificate or a private key also works: its public half is used). */
      readonly publicKeyPem: string;
    };

/** How `verifyToken` checks a token. */
export interface VerifyTokenOptions {
  /** The issuers Portworx trusts; `iss` must byte-equal one of them. */
  readonly issuers: readonly string[];
  /** The key to check the signature with. */
  readonly key: VerificationKey;
  /** The current time, seconds since the epoch. No leeway is applied, as in Portworx. */
  readonly now: number;
  /** The claim Portworx takes as the user name (`-username_claim`). @default 'sub' */
  readonly usernameClaim?: UsernameClaim;
}

/** One reason Portworx would reject a token, in plain words (never the token or a key). */
export interface TokenProblem {
  /** Stable code, e.g. `TOKEN_EXPIRED`. */
  readonly code: PxErrorCode;
  /** What is wrong, e.g. `Required claim email missing from token`. */
  readonly message: string;
}

/** What `verifyToken` found. */
export interface TokenVerdict {
  /** True when Portworx would accept the token: no problem at all. */
  readonly valid: boolean;
  /** Every problem found, signature first, then the claims in a stable order. */
  readonly problems: readonly TokenProblem[];
  /** What Portworx accepts but is unwise (a token that never expires, no roles, a weak key). */
  readonly warnings: readonly TokenProblem[];
  /** The JOSE header, when the token could be decoded. */
  readonly header?: Record<string, unknown>;
  /** The claims, when the token could be decoded (also when the signature is bad). */
  readonly claims?: Record<string, unknown>;
}

/** A token's header and claims, read without a key. */
export interface DecodedToken {
  /** The JOSE header. */
  readonly header: Record<string, unknown>;
  /** The claims, in the token's order. */
  readonly claims: Record<string, unknown>;
}

/** An algorithm Portworx accepts. */
type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[number];

/** Smallest RSA modulus this library signs with (Portworx verifies smaller ones: see `verifyToken`). */
const MIN_RSA_BITS = 2048;

/** Node's name of the curve each ES* algorithm needs. */
const CURVE_OF_ALGORITHM: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };


/**
 * Signs a token for `identity`, synchronously, in pxctl's byte layout.
 *
 * - Header exactly `{"alg":"<alg>","typ":"JWT"}`.
 * - Claims in the order `email, exp, groups, iat, iss, name, roles, sub` (what Go's `json.Marshal` of
 *   `jwt.MapClaims` gives), with Go's escaping of `<`, `>`, `&`, U+2028 and U+2029, so that any identity gives
 *   pxctl's bytes.
 * - `groups` is always written. PORTWORX-FACTS says the Go generators leave it out "when absent": they write it
 *   whenever the Go slice is non-nil, so an auth-config with `groups: []` gives `"groups":[]` (the vector in
 *   section 4 has it). A resolved `Identity` always has a list, so this function always writes it; Portworx
 *   reads an absent `groups` and `[]` alike.
 * - HS256: HMAC-SHA256 keyed with the UTF-8 bytes of the shared secret. RS256: RSASSA-PKCS1-v1_5 (deterministic:
 *   same inputs, same bytes). ES256: ECDSA P-256 with the signature as r||s; ECDSA signatures are randomized, so
 *   ES256 tokens differ on every call (each one verifies).
 *
 * @throws PxSecurityError `ISSUER_INVALID`, `TOKEN_TIMES_INVALID`, `TOKEN_KEY_INVALID`, `TOKEN_KEY_WEAK`,
 *   `TOKEN_ALGORITHM`, or an identity error; never with the key in the message
 */
export function mintToken(options: MintTokenOptions): string {
  const identity = resolveIdentity(options.identity, 'identity');
  const issuer = checkedIssuer(options.issuer);
  checkTimes(options.issuedAt, options.expiresAt);
  const claims: PortworxClaims = {
    email: identity.email,
    exp: options.expiresAt,
    groups: [...identity.groups],
    iat: options.issuedAt,
    iss: issuer,
    name: identity.name,
    roles: [...identity.roles],
    sub: identity.sub,
  };
  const algorithm = options.key.algorithm;
  const signingInput = `${base64url(JSON.stringify({ alg: algorithm, typ: 'JWT' }))}.${base64url(goJson(claims))}`;
  return `${signingInput}.${signature(options.key, signingInput)}`;
}


/**
 * Checks a token as Portworx does (openstorage `pkg/auth` on golang-jwt v4) and lists every problem, and what
 * Portworx accepts but is unwise as warnings. Synchronous, on node:crypto.
 *
 * The verdict (`valid`) is Portworx's: it accepts exactly the tokens openstorage's `JwtAuthenticator` accepts.
 * Problems: a token that is not a JWT as Go reads it (`TOKEN_MALFORMED`); `alg` missing, `none`, PS* or unknown
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

/**
 * Reads a token's header and claims without a key (nothing is verified), as Portworx reads them.
 *
 * @param token a compact JWS: three base64url parts separated by `.`
 * @param field the field or flag the token came from, for messages
 * @throws PxSecurityError `TOKEN_MALFORMED`, never with the token or a part of it in the message
 */
export function decodeToken(token: string, field: string): DecodedToken {
  const read = readToken(token, field);
  return { header: read.header, claims: read.claims };
}

/** A token as golang-jwt and openstorage read it. */
interface ReadToken extends DecodedToken {
  /** The claims' top-level members in text order, duplicates kept. */
  readonly members: readonly [string, unknown][];
  /** openstorage's `Claims` struct, as Go fills it. */
  readonly struct: StructClaims;
  /** `header.claims`, the bytes signed. */
  readonly signingInput: string;
  /** The signature bytes, or undefined when the segment is not base64url. */
  readonly signature?: Buffer;
}

function readToken(token: string, field: string): ReadToken {
  if (typeof token !== 'string') throw malformed(field, 'is not a string');
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed(field, `has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by ".", not 3`);
  const [headerSegment, claimsSegment, signatureSegment] = parts;
  const header = jsonSegment(headerSegment, 'header', field).value;
  const { value: claims, text } = jsonSegment(claimsSegment, 'claims', field);
  let signatureBytes: Buffer | undefined;
  try {
    signatureBytes = goSegmentBytes(signatureSegment);
  } catch {
    signatureBytes = undefined;
  }
  if (signatureBytes === undefined) throw malformed(field, 'has a signature that is not base64url');
  const members = objectMembers(text);
  return { header, claims, members, struct: structClaims(members), signingInput: `${headerSegment}.${claimsSegment}`, signature: signatureBytes };
}

/** A header or claims segment: base64url of a JSON object, read as Go reads it. */
function jsonSegment(segment: string, part: 'header' | 'claims', field: string): { value: Record<string, unknown>; text: string } {
  let text: string;
  let parsed: unknown;
  try {
    text = goUtf8Text(goSegmentBytes(segment));
  } catch {
    throw malformed(field, `has a ${part} part that is not base64url`);
  }
  try {
    parsed = goJsonValue(text);
  } catch (error) {
    // JSON.parse messages quote the input: never pass them on.
    throw malformed(field, `has a ${part} part that ${error instanceof TokenReadError ? error.message : 'is not JSON'}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed(field, `has a ${part} part that is not a JSON object`);
  return { value: parsed as Record<string, unknown>, text };
}

function malformed(field: string, problem: string): PxSecurityError {
  return new PxSecurityError({
    code: 'TOKEN_MALFORMED',
    field,
    problem: `is not a JWT: it ${problem}`,
    fix: 'give the whole token: three base64url parts separated by "." (header.claims.signature)',
  });
}

function checkedIssuer(issuer: unknown): string {
  // The cluster's issuer rule; whether it reads as OIDC is the cluster's business, not the token's.
  return checkIssuer(issuer, 'issuer', { oidc: true });
}

function checkTimes(issuedAt: unknown, expiresAt: unknown): void {
  for (const [field, value] of [
    ['issuedAt', issuedAt],
    ['expiresAt', expiresAt],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new PxSecurityError({
        code: 'TOKEN_TIMES_INVALID',
        field,
        value,
        problem: 'is not a whole number of seconds since the epoch',
        fix: 'give whole seconds, e.g. from currentTime() or issuanceWindow()',
      });
    }
  }
  if ((expiresAt as number) <= (issuedAt as number)) {
    throw new PxSecurityError({
      code: 'TOKEN_TIMES_INVALID',
      field: 'expiresAt',
      value: expiresAt,
      problem: `is not after issuedAt ${issuedAt as number}`,
      fix: 'give an expiry later than the issue time',
    });
  }
}

/** JSON as Go's `json.Marshal` writes it: JavaScript's, plus Go's escapes for `<`, `>`, `&`, U+2028, U+2029. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The signature of `signingInput`, base64url. */
function signature(key: SigningKey, signingInput: string): string {
  const input = Buffer.from(signingInput, 'utf8');
  switch (key.algorithm) {
    case 'HS256':
      return createHmac('sha256', Buffer.from(checkedSharedSecret(key.sharedSecret, 'key.sharedSecret'), 'utf8'))
        .update(input)
        .digest('base64url');
    case 'RS256':
      return sign('sha256', input, signingKeyObject(key.privateKeyPem, 'RS256')).toString('base64url');
    case 'ES256':
      return sign('sha256', input, { key: signingKeyObject(key.privateKeyPem, 'ES256'), dsaEncoding: 'ieee-p1363' }).toString('base64url');
    default:
      throw new PxSecurityError({
        code: 'TOKEN_ALGORITHM',
        field: 'key.algorithm',
        value: (key as { algorithm?: unknown }).algorithm,
        problem: 'is not a signing algorithm of this library',
        fix: 'use HS256 with sharedSecret, RS256 or ES256 with privateKeyPem',
      });
  }
}

function checkedSharedSecret(secret: unknown, field: string): string {
  if (typeof secret !== 'string' || secret === '') {
    throw new PxSecurityError({
      code: 'TOKEN_KEY_INVALID',
      field,
      problem: typeof secret === 'string' ? 'is empty' : 'is not a string',
      fix: 'give the shared secret Portworx signs user tokens with (the shared-secret key of the keys Secret)',
    });
  }
  return secret;
}

/** The private key of a PEM, checked for the algorithm: RSA of 2048 bits or more, or EC on P-256. */
function signingKeyObject(pem: unknown, algorithm: 'RS256' | 'ES256'): KeyObject {
  const field = 'key.privateKeyPem';
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem as string, format: 'pem' });
  } catch {
    throw new PxSecurityError({
      code: 'TOKEN_KEY_INVALID',
      field,
      problem: 'is not an unencrypted PEM private key',
      fix: 'give a PEM private key starting with "-----BEGIN PRIVATE KEY-----" (or the RSA / EC forms of openssl), without a passphrase',
    });
  }
  if (algorithm === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa') throw keyTypeMismatch(field, algorithm, key);
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new PxSecurityError({
        code: 'TOKEN_KEY_WEAK',
        field,
        problem: `is an RSA key of ${bits} bits; RS256 needs ${MIN_RSA_BITS} bits or more`,
        fix: `make a new key, e.g. "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:${MIN_RSA_BITS}"`,
      });
    }
  } else if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== CURVE_OF_ALGORITHM.ES256) {
    throw keyTypeMismatch(field, algorithm, key);
  }
  return key;
}

function keyTypeMismatch(field: string, algorithm: 'RS256' | 'ES256', key: KeyObject): PxSecurityError {
  return new PxSecurityError({
    code: 'TOKEN_KEY_INVALID',
    field,
    problem: `is ${keyDescription(key)}, but ${algorithm} needs ${algorithm === 'RS256' ? 'an RSA key' : 'an EC key on P-256 (prime256v1)'}`,
    fix: algorithm === 'RS256' ? 'give an RSA private key, or sign with ES256 for an EC key' : 'give a P-256 EC private key, or sign with RS256 for an RSA key',
  });
}

/** "an RSA key of 2048 bits", "an EC key on secp384r1", ...: never the key itself. */
function keyDescription(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `an RSA key of ${key.asymmetricKeyDetails?.modulusLength} bits`;
    case 'ec':
      return `an EC key on ${key.asymmetricKeyDetails?.namedCurve}`;
    default:
      return `a key of type ${key.asymmetricKeyType}`;
  }
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
  return [{ code: 'TOKEN_SIGNATURE', message: `the ${alg} signature does not match the key given: the token was signed with another key, or altered after signing` }];
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
    if (signatureBytes.length !== 2 * size) return false;
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
    const body = bytes[start] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes.subarray(start)]) : bytes.subarray(start);
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
  if (family === 'RS') return key.key.asymmetricKeyType === 'rsa' ? undefined : `the token is signed with ${alg} (RSA), but the public key is ${keyDescription(key.key)}`;
  return key.key.asymmetricKeyType === 'ec' ? undefined : `the token is signed with ${alg} (ECDSA), but the public key is ${keyDescription(key.key)}`;
}

/** What Portworx says when each time claim fails. */
const TIME_CLAIM_FAILURE: Readonly<Record<'exp' | 'iat' | 'nbf', string>> = { exp: 'expired', iat: 'used before issued', nbf: 'not valid yet' };

/** Portworx's claim rules (openstorage `pkg/auth`, golang-jwt `MapClaims.Valid`), every problem in a stable order. */
function claimProblems(read: ReadToken, options: VerifyTokenOptions, usernameClaim: UsernameClaim): TokenProblem[] {
  const { claims, struct } = read;
  const problems: TokenProblem[] = [];
  const has = (claim: string): boolean => Object.prototype.hasOwnProperty.call(claims, claim);
  for (const claim of REQUIRED_CLAIMS) {
    if (!has(claim)) problems.push({ code: 'TOKEN_CLAIM_MISSING', message: `Required claim ${claim} missing from token` });
  }
  const wrongType = new Set<string>();
  for (const { field, key, value } of struct.typeErrors) {
    if (wrongType.has(field)) continue;
    wrongType.add(field);
    const named = key === field ? `claim ${field}` : `claim ${JSON.stringify(key)} (read as ${field})`;
    if (field === 'roles') problems.push({ code: 'TOKEN_ROLES_INVALID', message: `${named} is ${typeName(value)}, not a list of strings` });
    else if (field === 'groups') problems.push({ code: 'TOKEN_GROUPS_INVALID', message: `${named} is ${typeName(value)}, not a list of strings` });
    else problems.push({ code: 'TOKEN_CLAIM_INVALID', message: `${named} is ${typeName(value)}, not a string` });
  }
  for (const claim of ['exp', 'iat', 'nbf'] as const) {
    if (has(claim) && typeof claims[claim] !== 'number') {
      problems.push({ code: 'TOKEN_CLAIM_INVALID', message: `claim ${claim} is ${typeName(claims[claim])}, not a number of seconds; Portworx reads the token as ${TIME_CLAIM_FAILURE[claim]}` });
    }
  }

  if (!wrongType.has('iss') && (has('iss') || struct.iss !== '')) {
    if (struct.iss === '') {
      problems.push({ code: 'TOKEN_ISSUER_UNTRUSTED', message: 'the token names no issuer (iss is empty); Portworx rejects it' });
    } else if (!options.issuers.includes(struct.iss)) {
      const trusted = options.issuers.length === 0 ? 'no issuer is trusted' : `trusted: ${options.issuers.map((issuer) => JSON.stringify(issuer)).join(', ')}`;
      problems.push({ code: 'TOKEN_ISSUER_UNTRUSTED', message: `${JSON.stringify(struct.iss)} is not a trusted issuer (${trusted})` });
    }
  }

  const now = goNowSeconds(options.now);
  const exp = claims.exp;
  if (typeof exp === 'number' && exp !== 0 && !(now < goTimeSeconds(exp))) {
    problems.push({
      code: 'TOKEN_EXPIRED',
      message: beyondInt64(exp)
        ? `exp ${exp} is beyond the int64 seconds golang-jwt reads; Portworx reads it as a time long past, so the token is expired`
        : `token expired at ${isoTime(exp)} (exp ${exp}); now is ${isoTime(options.now)}, and no leeway is allowed`,
    });
  }
  const iat = claims.iat;
  if (typeof iat === 'number' && iat !== 0 && now < goTimeSeconds(iat)) {
    problems.push({
      code: 'TOKEN_USED_BEFORE_ISSUED',
      message: `Token used before issued: iat ${isoTime(iat)} is after now ${isoTime(options.now)}; Portworx allows no clock skew (backdate iat)`,
    });
  }
  const nbf = claims.nbf;
  if (typeof nbf === 'number' && nbf !== 0 && now < goTimeSeconds(nbf)) {
    problems.push({ code: 'TOKEN_NOT_YET_VALID', message: `Token is not valid yet: nbf ${isoTime(nbf)} is after now ${isoTime(options.now)}` });
  }

  if (has(usernameClaim) && !wrongType.has(usernameClaim) && struct[usernameClaim] === '') {
    problems.push({ code: 'TOKEN_USERNAME_EMPTY', message: `username claim ${usernameClaim} is empty; Portworx takes it as the user's identity` });
  }
  return problems;
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
      warnings.push({ code: 'TOKEN_KEY_WEAK', message: `the RSA key has ${bits} bits: Portworx accepts it, but keys under ${STRONG_RSA_BITS} bits can be broken` });
    }
    const curve = CURVE_OF_ALGORITHM[alg];
    const keyCurve = key.key.asymmetricKeyDetails?.namedCurve;
    if (curve !== undefined && key.key.asymmetricKeyType === 'ec' && keyCurve !== curve) {
      warnings.push({ code: 'TOKEN_KEY_CURVE_MISMATCH', message: `the token is signed with ${alg}, which names ${curve}, but the EC key is on ${keyCurve}; Portworx does not check the curve` });
    }
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
  return key.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** "a string", "a list holding a number", "null": the kind of a claim value, never the value. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const odd = value.find((entry) => entry !== null && typeof entry !== 'string');
    return odd === undefined ? 'a list of strings' : `a list holding ${typeName(odd)}`;
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Seconds since the epoch in ISO-8601 UTC (without milliseconds when whole), or the number when out of range. */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}
