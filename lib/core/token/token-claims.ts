/**
 * Portworx auth tokens: the claims. What a token carries (`PortworxClaims`), the rules on the claims a token is
 * signed with (issuer, times), the reading of a token's header and claims as Portworx reads them (`decodeToken`, on
 * `token-reading.ts`), and the claim rules Portworx applies when it verifies a token. No message ever holds the
 * token or a key.
 */

import { PxSecurityError } from '../errors/errors';
import { checkIssuer } from './issuer';
import { REQUIRED_CLAIMS, UsernameClaim } from '../names';
import { strayTokenCharacter } from './token-characters';
import {
  beyondInt64,
  goJsonValue,
  goNowSeconds,
  goSegmentBytes,
  goTimeSeconds,
  goUtf8Text,
  objectMembers,
  StructClaims,
  structClaims,
  TokenReadError,
} from './token-reading';
import type { TokenProblem, VerifyTokenOptions } from './token-verdict';
import type { FieldOptions } from '../errors/field-options';

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

/** A token's header and claims, read without a key. */
export interface DecodedToken {
  /** The JOSE header. */
  readonly header: Record<string, unknown>;
  /** The claims, in the token's order. */
  readonly claims: Record<string, unknown>;
}

/**
 * Reads a token's header and claims without a key (nothing is verified), as Portworx reads them.
 *
 * @param token a compact JWS: three base64url parts separated by `.`
 * @param options `field`: the field or flag the token came from, for messages @default 'token'
 * @throws PxSecurityError `TOKEN_MALFORMED`, never with the token or a part of it in the message
 */
export function decodeToken(token: string, options: FieldOptions = {}): DecodedToken {
  const field = options.field ?? 'token';
  const read = readToken(token, field);
  return { header: read.header, claims: read.claims };
}

/** A token as golang-jwt and openstorage read it. */
export interface ReadToken extends DecodedToken {
  /** The claims' top-level members in text order, duplicates kept. */
  readonly members: readonly [string, unknown][];
  /** openstorage's `Claims` struct, as Go fills it. */
  readonly struct: StructClaims;
  /** `header.claims`, the bytes signed. */
  readonly signingInput: string;
  /** The signature bytes, or undefined when the segment is not base64url. */
  readonly signature?: Buffer;
}

/**
 * Reads a token as Portworx does: exactly as written (a character outside base64url and "." is refused and named,
 * `token-characters.ts`), then as golang-jwt and openstorage read the parts (`token-reading.ts`).
 *
 * @throws PxSecurityError `TOKEN_MALFORMED`, never with the token or a part of it in the message
 */
export function readToken(token: string, field: string): ReadToken {
  if (typeof token !== 'string') throw malformed(field, 'is not a string');
  const stray = strayTokenCharacter(token);
  if (stray !== undefined) throw malformed(field, stray.problem, stray.fix);
  const parts = token.split('.');
  if (parts.length !== 3) throw malformed(field, `has ${parts.length} part${parts.length === 1 ? '' : 's'} separated by ".", not 3`);
  const [headerSegment = '', claimsSegment = '', signatureSegment = ''] = parts;
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

function malformed(
  field: string,
  problem: string,
  fix = 'give the whole token: three base64url parts separated by "." (header.claims.signature)',
): PxSecurityError {
  return new PxSecurityError({ code: 'TOKEN_MALFORMED', field, problem: `is not a JWT: it ${problem}`, fix });
}

export function checkedIssuer(issuer: unknown): string {
  // The cluster's issuer rule; whether it reads as OIDC is the cluster's business, not the token's.
  return checkIssuer(issuer, 'issuer', { oidc: true });
}

export function checkTimes(issuedAt: unknown, expiresAt: unknown): void {
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

/** What Portworx says when each time claim fails. */
const TIME_CLAIM_FAILURE: Readonly<Record<'exp' | 'iat' | 'nbf', string>> = { exp: 'expired', iat: 'used before issued', nbf: 'not valid yet' };

/** Portworx's claim rules (openstorage `pkg/auth`, golang-jwt `MapClaims.Valid`), every problem in a stable order. */
export function claimProblems(read: ReadToken, options: VerifyTokenOptions, usernameClaim: UsernameClaim): TokenProblem[] {
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
      problems.push({
        code: 'TOKEN_CLAIM_INVALID',
        message: `claim ${claim} is ${typeName(claims[claim])}, not a number of seconds; Portworx reads the token as ${TIME_CLAIM_FAILURE[claim]}`,
      });
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

/** "a string", "a list holding a number", "null": the kind of a claim value, never the value. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const odd: unknown = (value as unknown[]).find((entry) => entry !== null && typeof entry !== 'string');
    return odd === undefined ? 'a list of strings' : `a list holding ${entryKind(odd)}`;
  }
  return entryKind(value);
}

/** "a list", "an object", "a number": one level only, so that a claim nested 10000 deep is named in one step. */
function entryKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' && value !== null ? 'an object' : `a ${typeof value}`;
}

/** Seconds since the epoch in ISO-8601 UTC (without milliseconds when whole), or the number when out of range. */
export function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}
