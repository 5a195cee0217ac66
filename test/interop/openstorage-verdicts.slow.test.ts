/**
 * Differential test of `verifyToken` against Portworx's own check: test/interop/openstorage/verify.go runs
 * openstorage's pkg/auth steps on golang-jwt v4 (Debian's golang-github-golang-jwt-jwt-dev), each token received
 * through a real gRPC call as Portworx receives it (grpc-go, golang-google-grpc-dev). Both get the same
 * GENERATED tokens (numbers zero, negative, fractional, huge, strings, missing in exp, iat and nbf; claim types and
 * spellings; headers; algorithms, key sizes and curves; segment encodings), and their accept/reject verdicts must
 * be equal for every token. Tokens are signed here with node:crypto over raw bytes, so any header or claims text
 * can be signed. Tokens and keys travel to Go on stdin, never in argv.
 */
import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonText, renderTokenReport, tokenReport } from '../../lib/cli/token-report';
import { PxSecurityError } from '../../lib/core/errors/errors';
import { decodeToken, ReadToken, readToken } from '../../lib/core/token/token-claims';
import type { VerificationKey } from '../../lib/core/token/token-verdict';
import { verifyToken } from '../../lib/core/token/token-verify';
import { definedAt } from '../support/defined';
import { tokenWithSignaturePlusModulus } from '../support/rsa-signature-plus-modulus';

const NOW = 1_700_000_000;
const DAY = 86_400;
const ISSUER = 'portworx.com';
const SHARED_SECRET = 'differential-shared-secret-Hq3Ls8Vd1Nw6Zt4Kp9Rb2Xm7';
const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
const GO_GRPC = '/usr/share/gocode/src/google.golang.org/grpc';

type KeyKind = 'secret' | 'rsa' | 'ecdsa';
/** A signer: the key kind Portworx is configured with, the verification key, and how to sign bytes. */
interface Signer {
  readonly label: string;
  readonly kind: KeyKind;
  readonly verification: string;
  readonly sign: (alg: string, input: Buffer) => Buffer;
}
interface DiffCase {
  readonly label: string;
  readonly token: string;
  readonly keyKind: KeyKind;
  readonly key: string;
  readonly issuer: string;
  readonly now: number;
  readonly usernameClaim: 'sub' | 'email' | 'name';
}

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64url');
const hashOf = (alg: string): string => `sha${alg.slice(2)}`;
const publicPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();

function hmacSigner(secret: string): Signer {
  return {
    label: 'HMAC',
    kind: 'secret',
    verification: secret,
    sign: (alg, input) =>
      createHmac(hashOf(alg.startsWith('HS') ? alg : 'HS256'), secret)
        .update(input)
        .digest(),
  };
}
function rsaSigner(bits: number): Signer {
  const pair = generateKeyPairSync('rsa', { modulusLength: bits });
  return { label: `RSA-${bits}`, kind: 'rsa', verification: publicPem(pair.publicKey), sign: (alg, input) => sign(hashOf(alg), input, pair.privateKey) };
}
/** ECDSA signing with any hash; r and s are written in `size` bytes each (golang-jwt's KeySize of the alg). */
function ecSigner(curve: string): Signer {
  const pair = generateKeyPairSync('ec', { namedCurve: curve });
  return {
    label: `EC-${curve}`,
    kind: 'ecdsa',
    verification: publicPem(pair.publicKey),
    sign: (alg, input) => {
      const size = { ES256: 32, ES384: 48, ES512: 66 }[alg] ?? 32;
      const der = sign(hashOf(alg), input, { key: pair.privateKey, dsaEncoding: 'der' });
      return Buffer.concat([derInteger(der, 0, size), derInteger(der, 1, size)]);
    },
  };
}
/** The index-th INTEGER of a DER ECDSA signature, left-padded (or cut) to `size` bytes. */
function derInteger(der: Buffer, index: number, size: number): Buffer {
  const byte = (at: number): number => definedAt(der, at, 'DER signature');
  let offset = byte(1) & 0x80 ? 2 + (byte(1) & 0x7f) : 2;
  for (let skip = 0; skip < index; skip++) offset += 2 + byte(offset + 1);
  let value = der.subarray(offset + 2, offset + 2 + byte(offset + 1));
  while (value.length > 0 && value[0] === 0) value = value.subarray(1);
  return value.length >= size ? value.subarray(value.length - size) : Buffer.concat([Buffer.alloc(size - value.length), value]);
}

/** The claims of a good token as [key, raw JSON value] members, so that duplicates and any literal can be written. */
const GOOD_MEMBERS: readonly (readonly [string, string])[] = [
  ['email', '"a@example.com"'],
  ['exp', String(NOW + DAY)],
  ['groups', '["developers"]'],
  ['iat', String(NOW - 600)],
  ['iss', JSON.stringify(ISSUER)],
  ['name', '"a"'],
  ['roles', '["system.user"]'],
  ['sub', '"a@example.com/a"'],
];
const objectText = (members: readonly (readonly [string, string])[]): string =>
  `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
/** The good claims with `key` replaced by `value` (undefined: removed), or added at the end. */
function withMember(key: string, value: string | undefined, base = GOOD_MEMBERS): (readonly [string, string])[] {
  const members = base.filter(([name]) => name !== key);
  return value === undefined ? members : [...members, [key, value]];
}

/** Numbers and non-numbers for exp, iat and nbf. */
const TIME_LITERALS: readonly string[] = [
  '0',
  '-0',
  '0.0',
  '0e5',
  '1',
  '-1',
  '0.5',
  '-0.5',
  '-1.5',
  '1e-400',
  '4.9e-324',
  String(NOW),
  String(NOW - 1),
  String(NOW + 1),
  `${NOW}.5`,
  `${NOW - 1}.999999999`,
  `${NOW}.0000001`,
  `${NOW}.9999999999`,
  `${NOW + 1}.0`,
  `${NOW}e0`,
  '1.7e9',
  '1.7000000001e9',
  '17000000000e-1',
  String(NOW + DAY),
  String(NOW - DAY),
  '-62135596800',
  '-62135596801',
  '-1e15',
  '1e15',
  '253402300800',
  '1e18',
  '9223371974719179007',
  '9223371974719179800',
  '9223371974719181000',
  '9.2233720368547748e18',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775808',
  '-9223372036854777856',
  '1e19',
  '-1e19',
  '1e300',
  '-1e300',
  '1.7976931348623157e308',
  '1e400',
  `"${NOW + DAY}"`,
  '""',
  'true',
  'false',
  'null',
  '[]',
  `[${NOW + DAY}]`,
  '{}',
];
/** Values of the string and list claims of openstorage's Claims struct. */
const FIELD_LITERALS: readonly string[] = [
  '""',
  '"x"',
  '"a@example.com/a"',
  JSON.stringify(ISSUER),
  'null',
  '1',
  'true',
  '[]',
  '["system.user"]',
  '["a",null]',
  '["a",1]',
  '{}',
  '"\\ud800"',
  '"\\u0000"',
];
/** Keys Go's struct decoding matches to the fields (case-insensitively, ſ as s, K as k), and others it does not. */
const FOLDED_KEYS: readonly string[] = [
  'ISS',
  'Iss',
  'i\u017f\u017f',
  'SUB',
  '\u017fub',
  'Sub',
  'NAME',
  'Name',
  'EMAIL',
  'Email',
  'ROLES',
  'Roles',
  'GROUPS',
  'i\u0131ss',
  'iss ',
  'su\u212a',
];

/** Every Unicode White_Space code point, the byte order mark, and the invisible characters most often pasted along. */
const WHITE_SPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
  0x2029, 0x202f, 0x205f, 0x3000,
];
const SPACES: readonly number[] = [...WHITE_SPACE, 0xfeff, 0x180e, 0x200b, 0x2060];

/** Spellings of a claim name: Go's struct decoding folds some to the name (case, ſ as s, K as k), not others (ı). */
function caseVariants(claim: string): string[] {
  const variants = [
    claim.toUpperCase(),
    `${claim.charAt(0).toUpperCase()}${claim.slice(1)}`,
    [...claim].map((letter, index) => (index % 2 === 1 ? letter.toUpperCase() : letter)).join(''),
    claim.replace(/s/g, '\u017f'),
    claim.replace(/i/g, '\u0131'),
  ];
  return [...new Set(variants)].filter((variant) => variant !== claim);
}

/** A small deterministic PRNG (mulberry32): the same tokens on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A JSON number literal: around now, tiny, or huge (to 1e310), negative or not, with a fraction or exponent. */
function randomNumber(random: () => number): string {
  const sign = random() < 0.3 ? '-' : '';
  const kind = random();
  if (kind < 0.4) return `${sign}${NOW + Math.floor((random() - 0.5) * 2000)}${random() < 0.5 ? `.${Math.floor(random() * 1e9)}` : ''}`;
  if (kind < 0.6) return `${sign}0.${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
  const digits = `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 1e15)}`;
  return `${sign}${digits}e${random() < 0.2 ? '-' : ''}${Math.floor(random() * 311)}`;
}

/** The token as pxsec reads it, or undefined when it cannot be read. */
function readable(token: string): ReadToken | undefined {
  try {
    return readToken(token, 'token');
  } catch {
    return undefined;
  }
}

describe('verifyToken equals openstorage/golang-jwt on generated tokens', () => {
  const goInstalled = spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT) && existsSync(GO_GRPC);
  if (!goInstalled) {
    const message = 'Go with golang-jwt and grpc-go is not installed: run "apt-get install golang-go golang-github-golang-jwt-jwt-dev golang-google-grpc-dev"';
    if (process.env.CI === 'true')
      test('Go with golang-jwt and grpc-go is installed', () => {
        throw new Error(message);
      });
    else test.skip(`openstorage verdicts (${message})`, () => undefined);
    return;
  }

  let dir = '';
  let binary = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pxsec-verdicts-'));
    binary = join(dir, 'verify');
    const build = spawnSync('go', ['build', '-o', binary, 'verify.go'], {
      cwd: join(__dirname, 'openstorage'),
      env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
      encoding: 'utf8',
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 180_000);
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** Every generated case. */
  function generate(): DiffCase[] {
    const hmac = hmacSigner(SHARED_SECRET);
    const rsa1024 = rsaSigner(1024);
    const rsa2048 = rsaSigner(2048);
    const rsa512 = rsaSigner(512);
    const curves = ['prime256v1', 'secp384r1', 'secp521r1', 'secp224r1'].map(ecSigner);
    const cases: DiffCase[] = [];
    const add = (label: string, token: string, signer: Signer, extra: Partial<DiffCase> = {}): void => {
      cases.push({ label, token, keyKind: signer.kind, key: signer.verification, issuer: ISSUER, now: NOW, usernameClaim: 'sub', ...extra });
    };
    const signed = (headerText: string, claimsText: string, signer: Signer, alg: string): string => {
      const input = `${b64(headerText)}.${b64(claimsText)}`;
      return `${input}.${b64(signer.sign(alg, Buffer.from(input)))}`;
    };
    const hs = (claimsText: string, headerText = '{"alg":"HS256","typ":"JWT"}'): string => signed(headerText, claimsText, hmac, 'HS256');

    // Numbers and non-numbers in each time claim, and the claim missing.
    for (const claim of ['exp', 'iat', 'nbf']) {
      for (const literal of [...TIME_LITERALS, undefined]) add(`${claim}=${literal ?? '(missing)'}`, hs(objectText(withMember(claim, literal))), hmac);
    }
    // Random numbers (seeded, so every run makes the same tokens): any sign, magnitude, fraction and exponent form.
    const random = seeded(0x5eed);
    for (let index = 0; index < 300; index++) {
      const claim = definedAt(['exp', 'iat', 'nbf'], index % 3);
      add(`random ${claim}=${randomNumber(random)}`, hs(objectText(withMember(claim, randomNumber(random)))), hmac, {
        now: index % 2 === 0 ? NOW : Math.floor(random() * 4e9),
      });
    }
    // Random spellings of the struct claims (case, ſ, K), with random string values.
    for (let index = 0; index < 150; index++) {
      const field = definedAt(['iss', 'sub', 'name', 'email', 'roles', 'groups'], index % 6);
      const key = [...field]
        .map((letter) =>
          letter === 's' && random() < 0.2 ? '\u017f' : letter === 'k' && random() < 0.5 ? '\u212a' : random() < 0.5 ? letter.toUpperCase() : letter,
        )
        .join('');
      const value = definedAt(['""', '"other"', JSON.stringify(ISSUER), 'null', '["system.user"]', '7'], Math.floor(random() * 6));
      add(
        `random key ${JSON.stringify(key)}=${value}`,
        hs(objectText(random() < 0.5 ? [...GOOD_MEMBERS, [key, value]] : [[key, value], ...GOOD_MEMBERS])),
        hmac,
        {
          usernameClaim: definedAt(['sub', 'email', 'name'] as const, index % 3),
        },
      );
    }
    // The same at other times: now before, at and after the claims.
    for (const now of [0, 1, -1, NOW - 600, NOW + DAY, 253402300799]) {
      for (const literal of ['0', String(NOW), '1', '-1', '1e19', '0.5'])
        add(`now=${now} exp=${literal}`, hs(objectText(withMember('exp', literal))), hmac, { now });
    }
    // String and list claims: each value, under the exact key and under keys Go folds to it (added after the good one).
    for (const field of ['iss', 'sub', 'name', 'email', 'roles', 'groups']) {
      for (const literal of [...FIELD_LITERALS, undefined]) add(`${field}=${literal ?? '(missing)'}`, hs(objectText(withMember(field, literal))), hmac);
    }
    for (const key of FOLDED_KEYS) {
      for (const literal of ['""', '"other"', 'null', '1', '["x"]', JSON.stringify(ISSUER)])
        add(`extra ${JSON.stringify(key)}=${literal}`, hs(objectText([...GOOD_MEMBERS, [key, literal]])), hmac);
    }
    // Duplicates: the last one wins in the map; in the struct, every one is assigned in order.
    for (const [first, second] of [
      ['"other"', JSON.stringify(ISSUER)],
      [JSON.stringify(ISSUER), '"other"'],
      ['1', JSON.stringify(ISSUER)],
      ['null', JSON.stringify(ISSUER)],
    ]) {
      add(`iss twice ${first} ${second}`, hs(`{"iss":${first},${objectText(GOOD_MEMBERS).slice(1, -1)},"iss":${second}}`), hmac);
    }
    add('ISS before iss', hs(`{"ISS":"other",${objectText(GOOD_MEMBERS).slice(1)}`), hmac);
    // The user name claim Portworx is configured with.
    for (const usernameClaim of ['sub', 'email', 'name'] as const) {
      for (const literal of ['""', '"x"', 'null']) {
        add(`usernameClaim=${usernameClaim} ${usernameClaim}=${literal}`, hs(objectText(withMember(usernameClaim, literal))), hmac, { usernameClaim });
        add(
          `usernameClaim=${usernameClaim} ${usernameClaim.toUpperCase()}=${literal}`,
          hs(objectText([...GOOD_MEMBERS, [usernameClaim.toUpperCase(), literal]])),
          hmac,
          { usernameClaim },
        );
      }
    }
    // The issuer Portworx trusts.
    for (const issuer of [ISSUER, 'Portworx.com', 'portworx.com/', ' portworx.com', ''])
      add(`trusted issuer ${JSON.stringify(issuer)}`, hs(objectText(GOOD_MEMBERS)), hmac, { issuer });
    // Unusual JSON: Go's reading decides.
    const good = objectText(GOOD_MEMBERS);
    for (const [label, text] of [
      ['trailing text', `${good} x`],
      ['trailing space', `${good} \n`],
      ['leading BOM', `\ufeff${good}`],
      ['claims null', 'null'],
      ['claims a list', '[1]'],
      ['an extra number beyond float64', `${good.slice(0, -1)},"x":1e400}`],
      ['an extra number in a list beyond float64', `${good.slice(0, -1)},"x":[-1e999]}`],
      ['an extra underflowing number', `${good.slice(0, -1)},"x":1e-999}`],
      ['nested 10000 deep', `${good.slice(0, -1)},"x":${'['.repeat(9_999)}${']'.repeat(9_999)}}`],
      ['nested 10001 deep', `${good.slice(0, -1)},"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
      ['a lone surrogate in sub', good.replace('"a@example.com/a"', '"\\udc00"')],
      ['a control character in a string', good.replace('"a"', '"a\u0001"')],
      ['an escaped solidus in iss', good.replace(JSON.stringify(ISSUER), '"portworx.com\\/"')],
      ['an escaped iss equal to the issuer', good.replace(JSON.stringify(ISSUER), '"portworx\\u002ecom"')],
      ['a number with a plus sign', good.replace(String(NOW + DAY), `+${NOW + DAY}`)],
      ['a number with a leading zero', good.replace(String(NOW + DAY), `0${NOW + DAY}`)],
      ['a trailing comma', `${good.slice(0, -1)},}`],
    ] as const) {
      add(`claims ${label}`, hs(text), hmac);
    }
    add(
      'claims with invalid UTF-8 in iss',
      (() => {
        const claimsBytes = Buffer.concat([
          Buffer.from(good.replace(`"iss":${JSON.stringify(ISSUER)}`, '"iss":"portworx.com').slice(0, -1)),
          Buffer.from([0xe2, 0x82]),
          Buffer.from('"}'),
        ]);
        const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(claimsBytes)}`;
        return `${input}.${b64(hmac.sign('HS256', Buffer.from(input)))}`;
      })(),
      hmac,
    );
    // Headers.
    for (const header of [
      '{"alg":"HS256"}',
      '{"alg":"HS256","typ":"JWT","crit":["exp"]}',
      '{"alg":"HS256","crit":"bogus","b64":false}',
      '{"alg":"HS256","typ":"nonsense","kid":7}',
      '{"alg":"hs256"}',
      '{"alg":"HS256 "}',
      '{"alg":"none"}',
      '{"alg":"PS256"}',
      '{"alg":"EdDSA"}',
      '{"alg":null}',
      '{"alg":256}',
      '{"typ":"JWT"}',
      '{"alg":"none","alg":"HS256"}',
      '{"alg":"HS256","alg":"none"}',
      'null',
      '[]',
      '"HS256"',
      '{"alg":"HS256"} x',
      '{"ALG":"HS256"}',
    ]) {
      add(`header ${header}`, hs(good, header), hmac);
    }
    // Algorithms, key sizes and curves: every alg signed by every key, checked by every key kind Portworx may hold.
    const signers = [hmac, rsa512, rsa1024, rsa2048, ...curves];
    const algs = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256'];
    for (const signer of signers) {
      for (const alg of algs) {
        let token: string;
        try {
          token = signed(`{"alg":"${alg}","typ":"JWT"}`, good, signer, alg);
        } catch {
          continue; // a key too small for the hash: nothing to sign
        }
        for (const verifier of signers) add(`${alg} signed by ${signer.label}, checked with ${verifier.label}`, token, verifier);
      }
    }
    // Segment encodings.
    const token = hs(good);
    const [h = '', c = '', s = ''] = token.split('.');
    for (const [label, variant] of [
      ['padding on the claims', `${h}.${c}==.${s}`],
      ['padding on the signature', `${h}.${c}.${s}=`],
      ['a newline inside the claims', `${h}.${c.slice(0, 5)}\n${c.slice(5)}.${s}`],
      ['a carriage return inside the signature', `${h}.${c}.${s.slice(0, 3)}\r${s.slice(3)}`],
      ['a space inside the claims', `${h}.${c.slice(0, 5)} ${c.slice(5)}.${s}`],
      ['base64 + and / in the signature', `${h}.${c}.${s.replace(/-/g, '+').replace(/_/g, '/')}`],
      ['an empty signature', `${h}.${c}.`],
      ['a fourth segment', `${token}.x`],
      ['two segments', `${h}.${c}`],
      ['one character more in the signature', `${token}A`],
      ['a signature cut short', token.slice(0, -2)],
      ['bearer prefix', `Bearer ${token}`],
      ['a trailing newline', `${token}\n`],
    ] as const) {
      add(`segments: ${label}`, variant, hmac);
    }
    // A signature with other trailing bits (Go's RawURLEncoding is not strict about them).
    const last = definedAt(s, s.length - 1, 'signature');
    const sibling = 'AEIMQUYcgkosw048'.includes(last) ? definedAt('AEIMQUYcgkosw048', 'AEIMQUYcgkosw048'.indexOf(last) ^ 1) : last;
    add('segments: other trailing bits in the signature', `${h}.${c}.${s.slice(0, -1)}${String.fromCharCode(sibling.charCodeAt(0) + 1)}`, hmac);

    // Whitespace of every Unicode kind (and invisible characters): around and inside the token, and in its JSON.
    for (const codePoint of SPACES) {
      const space = String.fromCodePoint(codePoint);
      const name = `U+${codePoint.toString(16).padStart(4, '0')}`;
      for (const [place, variant] of [
        ['leading', `${space}${token}`],
        ['trailing', `${token}${space}`],
        ['doubled trailing', `${token}${space}${space}`],
        ['inside the claims', `${h}.${c.slice(0, 7)}${space}${c.slice(7)}.${s}`],
        ['inside the signature', `${h}.${c}.${s.slice(0, 9)}${space}${s.slice(9)}`],
        ['before a dot', `${h}${space}.${c}.${s}`],
        ['after a dot', `${h}.${c}.${space}${s}`],
      ] as const) {
        add(`whitespace ${name} ${place}`, variant, hmac);
      }
      for (const [place, text] of [
        ['leading the claims JSON', `${space}${good}`],
        ['trailing the claims JSON', `${good}${space}`],
        ['between members', good.replace(',"exp"', `,${space}"exp"`)],
        ['before a colon', good.replace('"iss":', `"iss"${space}:`)],
        ['inside iss', good.replace(JSON.stringify(ISSUER), JSON.stringify(`${ISSUER}${space}`))],
        ['inside the key iss', good.replace('"iss":', `${JSON.stringify(`iss${space}`)}:`)],
      ] as const) {
        add(`whitespace ${name} ${place}`, hs(text), hmac);
      }
      add(`whitespace ${name} leading the header JSON`, hs(good, `${space}{"alg":"HS256","typ":"JWT"}`), hmac);
    }
    // Members given twice, the first or the second beyond float64 (or holding such a number deeper down).
    const members = objectText(GOOD_MEMBERS).slice(1, -1);
    for (const claim of ['exp', 'iat', 'nbf', 'iss', 'sub', 'roles', 'groups', 'x', 'EXP', 'ISS', 'Sub']) {
      const valid = GOOD_MEMBERS.find(([name]) => name === claim)?.[1] ?? '1';
      for (const huge of ['1e400', '-1e400', '1.8e308', '[1e999]', '{"a":1e400,"a":1}', '["system.user",1e309]']) {
        add(`twice ${claim}: ${huge} then valid`, hs(`{${JSON.stringify(claim)}:${huge},${members},${JSON.stringify(claim)}:${valid}}`), hmac);
        const rest = objectText(withMember(claim, undefined)).slice(1, -1);
        add(`twice ${claim}: valid then ${huge}`, hs(`{${rest},${JSON.stringify(claim)}:${valid},${JSON.stringify(claim)}:${huge}}`), hmac);
      }
      add(
        `twice ${claim}: 1.7976931348623157e308 then valid`,
        hs(`{${JSON.stringify(claim)}:1.7976931348623157e308,${members},${JSON.stringify(claim)}:${valid}}`),
        hmac,
      );
    }
    for (const header of ['{"alg":"HS256","typ":"JWT","x":1e400,"x":1}', '{"alg":1e400,"alg":"HS256"}', '{"alg":"HS256","kid":[1e999],"kid":"a"}']) {
      add(`header twice with a number beyond float64 ${header}`, hs(good, header), hmac);
    }
    // Deep nesting: lists and objects, in an extra claim, in roles, in the header, and in a member replaced later.
    for (const depth of [64, 1_000, 5_000, 9_999, 10_000, 10_001, 20_000]) {
      const list = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
      const object = (levels: number): string => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
      for (const [kind, nested] of [
        ['lists', list],
        ['objects', object],
      ] as const) {
        add(`nested ${kind} ${depth} deep in an extra claim`, hs(`{${members},"x":${nested(depth - 1)}}`), hmac);
        add(`nested ${kind} ${depth} deep in roles`, hs(`{${members.replace('"roles":["system.user"]', `"roles":${nested(depth - 1)}`)}}`), hmac);
        add(`nested ${kind} ${depth} deep, replaced by a later member`, hs(`{"x":${nested(depth - 1)},${members},"x":1}`), hmac);
        add(`nested ${kind} ${depth} deep in the header`, hs(good, `{"alg":"HS256","typ":"JWT","x":${nested(depth - 1)}}`), hmac);
      }
    }
    // Case variants of every claim: the variant alone, before the exact name, after it; a good value and another.
    for (const [claim, value] of GOOD_MEMBERS.concat([['nbf', String(NOW - 60)]])) {
      const other = claim === 'roles' || claim === 'groups' ? '["other"]' : ['exp', 'iat', 'nbf'].includes(claim) ? String(NOW + 7 * DAY) : '"other"';
      for (const variant of caseVariants(claim)) {
        for (const [label, variantValue] of [
          ['same value', value],
          ['other value', other],
          ['null', 'null'],
          ['a number', '7'],
        ] as const) {
          add(`case ${JSON.stringify(variant)} alone, ${label}`, hs(objectText([...withMember(claim, undefined), [variant, variantValue]])), hmac);
          add(
            `case ${JSON.stringify(variant)} before ${claim}, ${label}`,
            hs(objectText([[variant, variantValue], ...GOOD_MEMBERS, ...(claim === 'nbf' ? [['nbf', value] as const] : [])])),
            hmac,
          );
          add(
            `case ${JSON.stringify(variant)} after ${claim}, ${label}`,
            hs(objectText([...GOOD_MEMBERS, ...(claim === 'nbf' ? [['nbf', value] as const] : []), [variant, variantValue]])),
            hmac,
          );
        }
      }
    }
    for (const usernameClaim of ['sub', 'email', 'name'] as const) {
      for (const variant of caseVariants(usernameClaim)) {
        add(`usernameClaim=${usernameClaim}, ${JSON.stringify(variant)}="" after it`, hs(objectText([...GOOD_MEMBERS, [variant, '""']])), hmac, {
          usernameClaim,
        });
        add(
          `usernameClaim=${usernameClaim}, ${JSON.stringify(variant)}="x", ${usernameClaim}=""`,
          hs(objectText([...withMember(usernameClaim, '""'), [variant, '"x"']])),
          hmac,
          { usernameClaim },
        );
      }
    }
    return cases;
  }

  test('RS256 signature value s + n: Go before 1.20 accepts it, pxsec refuses it (as OpenSSL and Go from 1.20 do)', () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = tokenWithSignaturePlusModulus(pair.privateKey, (attempt) => objectText(withMember('name', JSON.stringify(`a${attempt}`))));
    const testCase = { token, keyKind: 'rsa', key: publicPem(pair.publicKey), issuer: ISSUER, now: NOW, usernameClaim: 'sub' };
    const run = spawnSync(binary, [], { input: JSON.stringify([testCase]), encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const [verdict] = JSON.parse(run.stdout) as { ok: boolean; error?: string }[];
    const [major = 0, minor = 0] = (/go(\d+)\.(\d+)/.exec(spawnSync('go', ['version'], { encoding: 'utf8' }).stdout) ?? []).slice(1).map(Number);
    const reducesModN = major === 1 && minor < 20; // Go 1.20 moved crypto/rsa to bigmod, which refuses s >= n
    expect(verdict?.ok).toBe(reducesModN);
    expect(verifyToken(token, { issuers: [ISSUER], key: { publicKeyPem: testCase.key }, now: NOW }).problems.map((problem) => problem.code)).toEqual([
      'TOKEN_SIGNATURE',
    ]);
  }, 60_000);

  test('the whitespace set is every Unicode White_Space code point', () => {
    const all: number[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) if (/\p{White_Space}/u.test(String.fromCodePoint(codePoint))) all.push(codePoint);
    expect(WHITE_SPACE).toEqual(all);
  });

  test('accept/reject equal for every generated token; the issuer read as openstorage reads it; no crash', async () => {
    const cases = generate();
    const run = spawnSync(binary, [], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const go = JSON.parse(run.stdout) as { ok: boolean; error?: string; issuer?: string }[];
    expect(go).toHaveLength(cases.length);
    const differences: string[] = [];
    const crashes: string[] = [];
    let accepted = 0;
    let issuersCompared = 0;
    for (const [index, testCase] of cases.entries()) {
      const key: VerificationKey = testCase.keyKind === 'secret' ? { sharedSecret: testCase.key } : { publicKeyPem: testCase.key };
      // (awaited so that this test also runs against the earlier, asynchronous verifyToken)
      const ours = await verifyToken(testCase.token, { issuers: [testCase.issuer], key, now: testCase.now, usernameClaim: testCase.usernameClaim });
      const verdict = definedAt(go, index, 'openstorage verdicts');
      if (verdict.ok) accepted++;
      if (ours.valid !== verdict.ok) {
        differences.push(
          `${testCase.label}: openstorage ${verdict.ok ? 'accepts' : `rejects (${verdict.error})`}, pxsec ${ours.valid ? 'accepts' : `rejects (${ours.problems.map((problem) => problem.code).join(', ')})`}`,
        );
      }
      // The issuer pxsec token verify checks without --issuer is the one openstorage's TokenIssuer reads.
      const read = readable(testCase.token);
      if (read !== undefined && verdict.issuer !== undefined) {
        issuersCompared++;
        if (read.struct.iss !== verdict.issuer)
          differences.push(`${testCase.label}: openstorage reads the issuer ${JSON.stringify(verdict.issuer)}, pxsec ${JSON.stringify(read.struct.iss)}`);
      }
      // What pxsec token decode and verify print: never anything but a PxSecurityError.
      try {
        const decoded = decodeToken(testCase.token);
        const report = tokenReport(decoded.header, decoded.claims, testCase.now);
        renderTokenReport(report);
        jsonText({ valid: ours.valid, problems: ours.problems, warnings: ours.warnings, ...report }, 2);
      } catch (error) {
        if (!(error instanceof PxSecurityError)) crashes.push(`${testCase.label}: ${String(error)}`);
      }
    }
    expect(differences).toEqual([]);
    expect(crashes).toEqual([]);
    // Both verdicts occur in numbers: the set is not trivially all-accept or all-reject.
    expect(accepted).toBeGreaterThan(300);
    expect(cases.length - accepted).toBeGreaterThan(1_000);
    expect(issuersCompared).toBeGreaterThan(1_000);
    // Control characters but tab (line breaks too, which golang-jwt would skip) never reach golang-jwt: gRPC's
    // HTTP/2 server resets the stream.
    const notReceived = go.filter((verdict) => verdict.error?.startsWith('not received') === true).length;
    const holdsControl = (token: string): boolean => [...token].some((character) => (character < ' ' && character !== '\t') || character === '\x7f');
    expect(notReceived).toBe(cases.filter((testCase) => holdsControl(testCase.token)).length);
    expect(notReceived).toBeGreaterThan(20);
    console.log(
      `openstorage verdicts: ${cases.length} generated tokens, ${accepted} accepted, ${cases.length - accepted} rejected (${notReceived} refused by the gRPC transport), all equal; ${issuersCompared} issuers equal`,
    );
  }, 300_000);
});
