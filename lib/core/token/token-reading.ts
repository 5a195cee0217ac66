/**
 * How Portworx reads the bytes of a token: openstorage `pkg/auth` on golang-jwt v4 (v4.3.0 is vendored) and Go's
 * `encoding/json`. `verifyToken` builds its verdict on these readings so that it accepts and rejects exactly the
 * tokens Portworx does, including the corners where a JavaScript reading differs:
 *
 * - segments are base64url without padding (`base64.RawURLEncoding`): `=` is an error (Go would skip `\r` and `\n`,
 *   but no token holding them reaches Portworx: `token-characters.ts`);
 * - JSON as Go decodes it: invalid UTF-8 becomes U+FFFD byte by byte, a lone surrogate escape becomes U+FFFD,
 *   a number beyond float64 is an error (not Infinity) wherever it stands, also in a member that a later duplicate
 *   replaces, and nesting deeper than 10000 is an error;
 * - the claims are read twice: as `jwt.MapClaims` (exact keys, the last duplicate wins) for the required claims
 *   and the times, and into openstorage's `Claims` struct for the issuer, the user name and the roles, where Go
 *   matches keys case-insensitively (and `ſ` as `s`, the Kelvin sign as `k`), assigns duplicates in text order,
 *   ignores `null` and fails on a value of the wrong type;
 * - a time claim is a float64 turned into `time.Unix(int64(sec), int64(frac*1e9))` and truncated to the second;
 *   `int64()` of a value beyond the int64 range gives the minimum int64 on amd64, and the seconds wrap as Go's do.
 *
 * Nothing here returns or throws text of the token: callers report problems in their own words.
 */

/** A reading that failed: what Go's decoder would say, in plain words (never the token's text). */
export class TokenReadError extends Error {}

/**
 * Go's `base64.RawURLEncoding.DecodeString`, which golang-jwt's `DecodeSegment` uses, for a segment without line
 * breaks (Go skips them; `readToken` refuses them first, as Portworx's transport does).
 */
export function goSegmentBytes(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new TokenReadError('is not base64url (without padding)');
  if (text.length % 4 === 1) throw new TokenReadError('is not base64url: its length is not possible');
  return Buffer.from(text, 'base64url');
}

/** UTF-8 as Go decodes it into JSON strings: each byte of an invalid sequence becomes one U+FFFD. */
export function goUtf8Text(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  while (index < bytes.length) {
    const [codePoint, size] = goDecodeRune(bytes, index);
    text += String.fromCodePoint(codePoint);
    index += size;
  }
  return text;
}

/** Go's `utf8.DecodeRune`: the code point and its size, or (U+FFFD, 1) for an invalid byte. */
function goDecodeRune(bytes: Uint8Array, at: number): [number, number] {
  const first = bytes[at];
  if (first === undefined) return [0xfffd, 1];
  if (first < 0x80) return [first, 1];
  const continuation = (offset: number, low = 0x80, high = 0xbf): number | undefined => {
    const byte = bytes[at + offset];
    return byte !== undefined && byte >= low && byte <= high ? byte & 0x3f : undefined;
  };
  if (first >= 0xc2 && first <= 0xdf) {
    const b1 = continuation(1);
    return b1 === undefined ? [0xfffd, 1] : [((first & 0x1f) << 6) | b1, 2];
  }
  if (first >= 0xe0 && first <= 0xef) {
    const b1 = continuation(1, first === 0xe0 ? 0xa0 : 0x80, first === 0xed ? 0x9f : 0xbf);
    const b2 = b1 === undefined ? undefined : continuation(2);
    return b1 === undefined || b2 === undefined ? [0xfffd, 1] : [((first & 0x0f) << 12) | (b1 << 6) | b2, 3];
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const b1 = continuation(1, first === 0xf0 ? 0x90 : 0x80, first === 0xf4 ? 0x8f : 0xbf);
    const b2 = b1 === undefined ? undefined : continuation(2);
    const b3 = b2 === undefined ? undefined : continuation(3);
    return b1 === undefined || b2 === undefined || b3 === undefined ? [0xfffd, 1] : [((first & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3, 4];
  }
  return [0xfffd, 1];
}

/** Go's `encoding/json` nesting limit. */
const MAX_NESTING_DEPTH = 10_000;

/** A JSON value as Go's `json.Unmarshal` into `interface{}` reads it (numbers are float64). */
export function goJsonValue(text: string): unknown {
  checkGoLimits(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TokenReadError('is not JSON');
  }
  return wellFormed(parsed);
}

/**
 * What Go's reader refuses and JSON.parse lets through: nesting deeper than 10000 levels (Go's scanner), and a number
 * beyond the float64 range anywhere in the text (Go's decoder converts every number into `interface{}` and keeps
 * the first error, so a member that a later duplicate replaces still fails the whole decode). Iterative.
 */
function checkGoLimits(text: string): void {
  const numberRun = /[-+0-9.eE]+/y; // the characters of a number literal, matched where the scan stands
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text.charAt(index);
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') {
      if (++depth > MAX_NESTING_DEPTH) throw new TokenReadError(`nests deeper than ${MAX_NESTING_DEPTH} levels`);
    } else if (character === '}' || character === ']') depth--;
    else if (character === '-' || (character >= '0' && character <= '9')) {
      numberRun.lastIndex = index;
      const literal = numberRun.exec(text)?.[0] ?? character;
      if (Math.abs(Number(literal)) === Infinity) {
        throw new TokenReadError('holds a number beyond the float64 range, which Go refuses wherever it stands (also in a member a later duplicate replaces)');
      }
      index += literal.length - 1;
    }
  }
}

/**
 * Lone surrogates in string values become U+FFFD (as Go's unquote does). Iterative, in place: values nest up to
 * 10000 levels. Keys are left as they are: a key with a lone surrogate never names a claim Portworx reads.
 */
function wellFormed(root: unknown): unknown {
  const holders: unknown[] = [];
  const fix = (value: unknown): unknown => {
    if (typeof value === 'string') return toWellFormed(value);
    if (typeof value === 'object' && value !== null) holders.push(value);
    return value;
  };
  const result = fix(root);
  while (holders.length > 0) {
    const holder = holders.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(holder)) holder.forEach((entry, index) => (holder[index] = fix(entry)));
    else for (const key of Object.keys(holder)) holder[key] = fix(holder[key]);
  }
  return result;
}

/** A string with each lone surrogate replaced by U+FFFD. */
function toWellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** The top-level members of a JSON object in text order, duplicates kept (`text` is known to be a valid object). */
export function objectMembers(text: string): [string, unknown][] {
  const members: [string, unknown][] = [];
  let index = skipSpace(text, text.indexOf('{') + 1);
  while (text[index] === '"') {
    const keyEnd = valueEnd(text, index);
    const key = wellFormed(JSON.parse(text.slice(index, keyEnd))) as string;
    index = skipSpace(text, keyEnd);
    index = skipSpace(text, index + 1); // ':'
    const end = valueEnd(text, index);
    members.push([key, wellFormed(JSON.parse(text.slice(index, end)))]);
    index = skipSpace(text, end);
    if (text[index] === ',') index = skipSpace(text, index + 1);
  }
  return members;
}

function skipSpace(text: string, index: number): number {
  while (index < text.length && ' \t\n\r'.includes(text.charAt(index))) index++;
  return index;
}

/** The index just after the JSON value starting at `start`. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text.charAt(index);
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') {
        inString = false;
        if (depth === 0) return index + 1;
      }
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return index + 1;
      if (depth < 0) return index;
    } else if (depth === 0 && (character === ',' || ' \t\n\r'.includes(character))) return index;
  }
  return text.length;
}

/** openstorage's `Claims` struct, as `json.Unmarshal` fills it. */
export interface StructClaims {
  readonly iss: string;
  readonly sub: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  /** Each value of the wrong type for its field, in text order (Go then fails the whole decode). */
  readonly typeErrors: readonly { readonly field: string; readonly key: string; readonly value: unknown }[];
  /** Keys that are not the field's exact name but that Go matches to it (e.g. `ISS` for `iss`). */
  readonly foldedKeys: readonly string[];
}

const STRING_FIELDS = ['iss', 'sub', 'name', 'email'] as const;
const LIST_FIELDS = ['roles', 'groups'] as const;
type StringField = (typeof STRING_FIELDS)[number];
type ListField = (typeof LIST_FIELDS)[number];
type StructField = StringField | ListField;
const STRUCT_FIELDS: readonly StructField[] = [...STRING_FIELDS, ...LIST_FIELDS];

function isStringField(field: StructField): field is StringField {
  return (STRING_FIELDS as readonly string[]).includes(field);
}

/** Go's case folding of a JSON key against an ASCII field name: ASCII case, `ſ` as `s`, `K` (Kelvin) as `k`. */
function foldKey(key: string): string {
  return key
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k')
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** Fills openstorage's `Claims` struct from the members of the claims object, in text order. */
export function structClaims(members: readonly [string, unknown][]): StructClaims {
  const strings: Record<StringField, string> = { iss: '', sub: '', name: '', email: '' };
  const lists: Record<ListField, string[]> = { roles: [], groups: [] };
  const typeErrors: { field: string; key: string; value: unknown }[] = [];
  const foldedKeys: string[] = [];
  for (const [key, value] of members) {
    const field = STRUCT_FIELDS.find((name) => name === key) ?? STRUCT_FIELDS.find((name) => name === foldKey(key));
    if (field === undefined) continue;
    if (field !== key) foldedKeys.push(key);
    if (isStringField(field)) {
      if (typeof value === 'string') strings[field] = value;
      else if (value !== null) typeErrors.push({ field, key, value });
    } else if (value === null) {
      lists[field] = [];
    } else if (Array.isArray(value)) {
      if (value.some((entry) => entry !== null && typeof entry !== 'string')) typeErrors.push({ field, key, value });
      lists[field] = value.map((entry) => (typeof entry === 'string' ? entry : ''));
    } else {
      typeErrors.push({ field, key, value });
    }
  }
  return { iss: strings.iss, sub: strings.sub, name: strings.name, email: strings.email, roles: lists.roles, groups: lists.groups, typeErrors, foldedKeys };
}

const UNIX_TO_INTERNAL = 62_135_596_800n;
const NANOS = 1_000_000_000n;
const TWO_TO_63 = 2 ** 63;

/**
 * A time claim as golang-jwt compares it: Go's internal seconds (since year 1) of
 * `time.Unix(int64(sec), int64(frac*1e9)).Truncate(time.Second)`, with amd64's `int64()` of an out-of-range float
 * (the minimum int64) and Go's wrapping int64 arithmetic.
 */
export function goTimeSeconds(value: number): bigint {
  const whole = Math.trunc(value);
  const fraction = value - whole;
  let seconds = whole >= TWO_TO_63 || whole < -TWO_TO_63 ? -(2n ** 63n) : BigInt(whole);
  let nanos = BigInt(Math.trunc(fraction * 1e9));
  if (nanos < 0n || nanos >= NANOS) {
    const carry = nanos / NANOS;
    seconds = BigInt.asIntN(64, seconds + carry);
    nanos -= carry * NANOS;
    if (nanos < 0n) seconds = BigInt.asIntN(64, seconds - 1n);
  }
  return BigInt.asIntN(64, seconds + UNIX_TO_INTERNAL);
}

/** `now` (seconds since the epoch) as golang-jwt's clock reads it: whole seconds, Go's internal seconds. */
export function goNowSeconds(now: number): bigint {
  return BigInt(Math.floor(now)) + UNIX_TO_INTERNAL;
}

/** True when a float64 claim is beyond what `int64()` holds, so Go reads a time far in the past. */
export function beyondInt64(value: number): boolean {
  const whole = Math.trunc(value);
  return whole >= TWO_TO_63 || whole < -TWO_TO_63 || (value > 0 && goTimeSeconds(value) < 0n);
}
