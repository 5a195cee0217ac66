/**
 * Portworx auth tokens: signing.
 *
 * Synchronous, node:crypto only (cdk8s synthesis is synchronous, and no ESM-only library sits on the load path).
 * `mintToken` lays out the bytes itself, exactly as pxctl, openstorage-sdk-auth, the operator and stork (Go,
 * `jwt.MapClaims`) do: header `{"alg":"HS256","typ":"JWT"}`, claims in alphabetical order, base64url without
 * padding, `iat`/`exp` in whole seconds. Tokens made here are byte-identical to theirs for the same inputs, so they
 * can be diffed against pxctl's output. No message ever holds the token or a key.
 */
import { createHmac, createPrivateKey, createSecretKey, KeyObject, sign } from 'node:crypto';
import { PxSecurityError } from '../errors/errors';
import { Identity, resolveIdentity } from './identity';
import { checkedIssuer, checkTimes, PortworxClaims } from './token-claims';

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

/**
 * A private signing key parsed and checked once (`prepareSigningKey`), for signing many tokens: parsing a PEM
 * costs more than signing with it, so a cluster parses its key once, not once per token.
 */
export interface PreparedSigningKey {
  readonly algorithm: 'RS256' | 'ES256';
  /** The private key. Secret: never log it. */
  readonly privateKey: KeyObject;
}

/**
 * Parses and checks an RS256 or ES256 signing key once (RSA of 2048 bits or more, EC on P-256).
 *
 * @param field where the PEM came from, for messages @default 'key.privateKeyPem'
 * @throws PxSecurityError `TOKEN_KEY_INVALID`, `TOKEN_KEY_WEAK`; never with the key in the message
 */
export function prepareSigningKey(key: Extract<SigningKey, { readonly privateKeyPem: string }>, field = 'key.privateKeyPem'): PreparedSigningKey {
  return { algorithm: key.algorithm, privateKey: signingKeyObject(key.privateKeyPem, key.algorithm, field) };
}

/** What `mintToken` signs. */
export interface MintTokenOptions {
  /** Who the token speaks for (from `resolveIdentity`). */
  readonly identity: Identity;
  /** The `iss` claim: exactly the issuer Portworx is configured with (`-jwt_issuer`). */
  readonly issuer: string;
  /** The signing key, or an RS256/ES256 key parsed once by `prepareSigningKey`. */
  readonly key: SigningKey | PreparedSigningKey;
  /** The `iat` claim, whole seconds since the epoch (backdate it: Portworx allows no clock skew). */
  readonly issuedAt: number;
  /** The `exp` claim, whole seconds since the epoch; after `issuedAt`. */
  readonly expiresAt: number;
}

/** Smallest RSA modulus this library signs with (Portworx verifies smaller ones: see `verifyToken`). */
const MIN_RSA_BITS = 2048;

/** Node's name of the curve each ES* algorithm needs. */
export const CURVE_OF_ALGORITHM: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

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
  const identity = resolveIdentity(options.identity, { field: 'identity' });
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
  const signingInput = `${encodedHeader(options.key.algorithm)}.${base64url(goJson(claims))}`;
  return `${signingInput}.${signature(options.key, signingInput)}`;
}

/** JSON as Go's `json.Marshal` writes it: JavaScript's, plus Go's escapes for `<`, `>`, `&`, U+2028, U+2029. */
function goJson(value: unknown): string {
  const json = JSON.stringify(value);
  return GO_ESCAPED.test(json) ? json.replace(GO_ESCAPED_ALL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** The characters Go's encoding/json escapes in strings that JSON.stringify writes as they are. */
const GO_ESCAPED = /[<>&\u2028\u2029]/;
const GO_ESCAPED_ALL = /[<>&\u2028\u2029]/g;

/** The encoded header of each algorithm, made once. */
const ENCODED_HEADERS = new Map<string, string>();

/** The base64url of `{"alg":"<algorithm>","typ":"JWT"}`. */
function encodedHeader(algorithm: string): string {
  let header = ENCODED_HEADERS.get(algorithm);
  if (header === undefined) {
    header = base64url(JSON.stringify({ alg: algorithm, typ: 'JWT' }));
    // Only the signing algorithms are kept: anything else is refused by `signature` after this.
    if (algorithm === 'HS256' || algorithm === 'RS256' || algorithm === 'ES256') ENCODED_HEADERS.set(algorithm, header);
  }
  return header;
}

/** The shared secret HS256 signed with last, as a key object of its UTF-8 bytes: a caller minting many tokens makes it once. */
let lastSharedSecret: { readonly secret: string; readonly key: KeyObject } | undefined;

/** The HMAC key of a checked shared secret: its UTF-8 bytes. */
function sharedSecretKey(secret: unknown): KeyObject {
  if (lastSharedSecret !== undefined && lastSharedSecret.secret === secret) return lastSharedSecret.key;
  const checked = checkedSharedSecret(secret, 'key.sharedSecret');
  lastSharedSecret = { secret: checked, key: createSecretKey(Buffer.from(checked, 'utf8')) };
  return lastSharedSecret.key;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The signature of `signingInput`, base64url. */
function signature(key: SigningKey | PreparedSigningKey, signingInput: string): string {
  if (!('privateKey' in key) && key.algorithm === 'HS256') {
    return createHmac('sha256', sharedSecretKey(key.sharedSecret)).update(signingInput, 'utf8').digest('base64url');
  }
  const input = Buffer.from(signingInput, 'utf8');
  if ('privateKey' in key) {
    return key.algorithm === 'RS256'
      ? sign('sha256', input, key.privateKey).toString('base64url')
      : sign('sha256', input, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  }
  switch (key.algorithm) {
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

export function checkedSharedSecret(secret: unknown, field: string): string {
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

/**
 * The PEM keys parsed last, by algorithm and PEM: a caller that mints many tokens with the same `privateKeyPem`
 * parses it once (parsing costs more than signing). A few keys only, so that it holds no key long after its use.
 */
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEYS_KEPT = 4;

/** The private key of a PEM, checked for the algorithm: RSA of 2048 bits or more, or EC on P-256; parsed once per key. */
function signingKeyObject(pem: unknown, algorithm: 'RS256' | 'ES256', field = 'key.privateKeyPem'): KeyObject {
  const cacheKey = typeof pem === 'string' ? `${algorithm}\n${pem}` : undefined;
  const parsed = cacheKey === undefined ? undefined : parsedKeys.get(cacheKey);
  if (parsed !== undefined) return parsed;
  const key = checkedKeyObject(pem, algorithm, field);
  if (cacheKey !== undefined) {
    if (parsedKeys.size >= PARSED_KEYS_KEPT) parsedKeys.delete(parsedKeys.keys().next().value as string);
    parsedKeys.set(cacheKey, key);
  }
  return key;
}

function checkedKeyObject(pem: unknown, algorithm: 'RS256' | 'ES256', field: string): KeyObject {
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
export function keyDescription(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `an RSA key of ${key.asymmetricKeyDetails?.modulusLength} bits`;
    case 'ec':
      return `an EC key on ${key.asymmetricKeyDetails?.namedCurve}`;
    default:
      return `a key of type ${key.asymmetricKeyType}`;
  }
}
