/**
 * The characters a token may hold to be read by Portworx, and why a near-token is refused.
 *
 * A token reaches Portworx as the value of the gRPC metadata entry `authorization: bearer <token>`: the CSI driver
 * puts the Secret's `auth-token` there as the external-provisioner passed it, byte for byte (openstorage
 * `csi/csi.go`, `setupContext`); the in-tree path reads the Secret itself and sets the same header, which the REST
 * gateway copies into the metadata (`api/server/middleware_auth.go`, `insertToken`; `volume.go`,
 * `annotateContext`); stork and pxctl send the same entry. Nothing on the way trims: `grpc_auth.AuthFromMD` keeps
 * everything after the first space of `bearer <token>`. Then:
 *
 * - an ASCII control character other than tab never reaches golang-jwt (which would skip CR and LF): the SDK
 *   server's HTTP/2 framer refuses a header value holding one (x/net `http2` `readMetaFrame`,
 *   `httpguts.ValidHeaderFieldValue`) and resets the stream (PROTOCOL_ERROR), so the call fails (seen with
 *   grpc-go in test/interop/openstorage-verdicts.slow.test.ts); spaces, tabs, NBSP and BOM arrive unchanged;
 * - any other character outside base64url and `.` (a space of any kind, a tab, a byte order mark, padding `=`,
 *   `+` or `/` of standard base64) reaches golang-jwt, whose base64url decoder refuses it ("illegal base64 data").
 *
 * So a token is refused for any character outside `A-Z a-z 0-9 - _ .`; a final newline too.
 */

/** Names of the characters a near-token most often holds: every Unicode White_Space code point, and invisible ones. */
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x09: 'CHARACTER TABULATION',
  0x0a: 'LINE FEED',
  0x0b: 'LINE TABULATION',
  0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN',
  0x20: 'SPACE',
  0x85: 'NEXT LINE',
  0xa0: 'NO-BREAK SPACE',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x3000: 'IDEOGRAPHIC SPACE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

const STRAY_CHARACTER = /[^A-Za-z0-9_.-]/u;
const TOKEN_CHARACTERS = /[A-Za-z0-9_.-]+/g;
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/** Why Portworx refuses a token for a character it holds, and the fix; undefined when every character may be there. */
export interface StrayCharacter {
  /** E.g. `has a leading U+00A0 NO-BREAK SPACE at offset 0: ...`. Never the token's text. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
}

/**
 * The first character of `token` that no token Portworx accepts can hold, said by code point, name and place
 * (leading, trailing or inside, and its offset in characters), with the reason; undefined when there is none.
 */
export function strayTokenCharacter(token: string): StrayCharacter | undefined {
  const first = STRAY_CHARACTER.exec(token);
  if (first === null) return undefined;
  const offset = first.index; // every character before it is ASCII: the index counts characters
  const codePoint = first[0].codePointAt(0) ?? 0;
  const strayText = token.replace(TOKEN_CHARACTERS, '');
  const strays = strayText.length - (strayText.match(SURROGATE_PAIR)?.length ?? 0);
  const place = offset === 0 ? 'a leading' : strayText.length === token.length - offset ? 'a trailing' : 'an inner';
  const more = strays > 1 ? ` (and ${strays - 1} more such character${strays === 2 ? '' : 's'})` : '';
  const reason =
    (codePoint < 0x20 && codePoint !== 0x09) || codePoint === 0x7f
      ? 'Portworx receives the token in a gRPC header ("authorization: bearer <token>"), and its HTTP/2 server refuses a control character there (golang-jwt alone would skip a line break)'
      : 'Portworx strips nothing, and its base64url reading of the token refuses the character ("illegal base64 data")';
  return {
    problem: `has ${place} ${describeCharacter(codePoint)} at offset ${offset}${more}: ${reason}`,
    fix: 'remove it: a token holds only A-Z, a-z, 0-9, "-", "_" and the two "." separators, and Portworx takes it exactly as written',
  };
}

/** `U+00A0 NO-BREAK SPACE`, `U+003D "="`, or `U+00E9` for a character without a name here. */
function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[codePoint];
  if (name !== undefined) return `${hex} ${name}`;
  return codePoint > 0x20 && codePoint < 0x7f ? `${hex} ${JSON.stringify(String.fromCodePoint(codePoint))}` : hex;
}
