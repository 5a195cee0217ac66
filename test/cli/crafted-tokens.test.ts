/**
 * Crafted tokens through `pxsec token verify`, `token decode` and `pxsec check` (issue 17, items 11-13): the token
 * is read exactly as Portworx reads it (nothing trimmed but the final line end of standard input), a near-token is
 * refused with the character named, no input ends in exit 70, and without `--issuer` the issuer is the one
 * Portworx reads (claim names in any case, the last match wins). Tokens are signed here by hand with node:crypto.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../support/captured-io';

const NOW = 1_700_000_000;
const DAY = 86_400;
const ISSUER = 'portworx.com';
const SHARED_SECRET = 'crafted-shared-secret-Wm4Qz8Lp2Xv6Tn1Rb9Kd3Hs7Jf5Gc0Ya';
const ENV = { SOURCE_DATE_EPOCH: String(NOW), PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET };
const MEMBERS = `"email":"a@example.com","exp":${NOW + DAY},"iat":${NOW - 600},"iss":"${ISSUER}","name":"a","roles":["system.user"],"sub":"a@example.com/a"`;

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
/** An HS256 token over any claims text (duplicates, any literal). */
function signed(claimsText: string, headerText = '{"alg":"HS256","typ":"JWT"}'): string {
  const input = `${b64url(headerText)}.${b64url(claimsText)}`;
  return `${input}.${createHmac('sha256', SHARED_SECRET).update(input).digest('base64url')}`;
}
const GOOD = signed(`{${MEMBERS}}`);
const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
/** Claims given twice whose first value is beyond the float64 range: Go refuses the token, JSON.parse keeps the second. */
const DUPLICATE_OUT_OF_RANGE = signed(`{"exp":1e400,${MEMBERS}}`);
/** An extra claim nested 10000 levels deep (with the claims object): as deep as Go reads, deeper than JSON.stringify goes. */
const NESTED_10000 = signed(`{${MEMBERS},"x":${nested(9_999)}}`);
const NESTED_10001 = signed(`{${MEMBERS},"x":${nested(10_000)}}`);

const verify = (token: string, stdin?: string, extra: string[] = []) =>
  runCaptured(['token', 'verify', stdin === undefined ? token : '-', ...extra], { env: ENV, ...(stdin === undefined ? {} : { stdin }) });

describe('pxsec token verify reads the token exactly as Portworx does', () => {
  test('from standard input, one final line end (LF or CRLF) ends the line and is not part of the token', async () => {
    for (const stdin of [GOOD, `${GOOD}\n`, `${GOOD}\r\n`]) {
      expect(await verify(GOOD, stdin, ['--issuer', ISSUER])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^token valid\n/) });
    }
  });

  test.each([
    ['a leading space', ` ${GOOD}`, 'a leading U+0020 SPACE at offset 0'],
    ['a leading tab', `\t${GOOD}`, 'a leading U+0009 CHARACTER TABULATION at offset 0'],
    ['a leading no-break space', `\u00a0${GOOD}`, 'a leading U+00A0 NO-BREAK SPACE at offset 0'],
    ['a leading byte order mark', `\ufeff${GOOD}`, 'a leading U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at offset 0'],
    ['a trailing ideographic space', `${GOOD}\u3000`, `a trailing U+3000 IDEOGRAPHIC SPACE at offset ${GOOD.length}`],
    ['a thin space inside', `${GOOD.slice(0, 10)}\u2009${GOOD.slice(10)}`, 'an inner U+2009 THIN SPACE at offset 10'],
    ['two spaces before and one after', `  ${GOOD} `, 'a leading U+0020 SPACE at offset 0 (and 2 more such characters)'],
    ['padding', `${GOOD}=`, `a trailing U+003D "=" at offset ${GOOD.length}`],
  ])('%s (argument): exit 1, the character named by code point, name and place', async (_case, token, where) => {
    const run = await verify(token, undefined, ['--issuer', ISSUER]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `- TOKEN_MALFORMED: token is not a JWT: it has ${where}: Portworx strips nothing, and its base64url reading of the token refuses the character ("illegal base64 data")`,
    );
    expect(run.stderr).not.toContain(GOOD);
  });

  test.each([
    ['a line feed in the argument', `${GOOD}\n`, undefined],
    ['two final line feeds on standard input', GOOD, `${GOOD}\n\n`],
    ['a carriage return alone on standard input', GOOD, `${GOOD}\r`],
  ])('%s: refused, as Portworx receives the token in a gRPC header that refuses line breaks', async (_case, token, stdin) => {
    const run = await verify(token, stdin, ['--issuer', ISSUER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /it has a trailing U\+000[AD] (LINE FEED|CARRIAGE RETURN) at offset \d+: Portworx receives the token in a gRPC header \("authorization: bearer <token>"\), and its HTTP\/2 server refuses a control character there/,
    );
  });

  test('whitespace only is no token: exit 1 naming the first character (an empty argument is TOKEN_MISSING)', async () => {
    const run = await verify('  ');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('it has a leading U+0020 SPACE at offset 0 (and 1 more such character)');
  });
});

describe('no crafted token ends in exit 70', () => {
  test('a claim given twice, the first beyond float64: verify exit 1 and decode exit 2, both TOKEN_MALFORMED', async () => {
    const verified = await verify(DUPLICATE_OUT_OF_RANGE, undefined, ['--issuer', ISSUER]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(
      '- TOKEN_MALFORMED: token is not a JWT: it has a claims part that holds a number beyond the float64 range, which Go refuses wherever it stands (also in a member a later duplicate replaces)',
    );
    const decoded = await runCaptured(['token', 'decode', DUPLICATE_OUT_OF_RANGE], { env: ENV });
    expect(decoded.code).toBe(2);
    expect(decoded.stderr).toMatch(/^pxsec: error TOKEN_MALFORMED: <token> is not a JWT: it has a claims part that holds a number beyond the float64 range/);
  });

  test('a header given a member twice, the first beyond float64: TOKEN_MALFORMED, as Go refuses it', async () => {
    const run = await verify(signed(`{${MEMBERS}}`, '{"alg":"HS256","typ":"JWT","x":-1e999,"x":1}'), undefined, ['--issuer', ISSUER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('it has a header part that holds a number beyond the float64 range');
  });

  test('a claim nested 10000 levels deep: Portworx accepts it, so verify exit 0 (text and --json) and decode prints it', async () => {
    const text = await verify(NESTED_10000, undefined, ['--issuer', ISSUER]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`  x: ${nested(9_999)}\n`);
    const json = await verify(NESTED_10000, undefined, ['--issuer', ISSUER, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { valid: boolean; claims: { x: unknown; roles: unknown } };
    expect(report.valid).toBe(true);
    expect(report.claims.roles).toEqual(['system.user']);
    let depth = 0;
    for (let value: unknown = report.claims.x; Array.isArray(value); value = value[0]) depth++;
    expect(depth).toBe(9_999);
    const decoded = await runCaptured(['token', 'decode', NESTED_10000, '--json'], { env: ENV });
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout)).toMatchObject({ claims: { sub: 'a@example.com/a' } });
  });

  test('nested 10001 levels: refused, as Go refuses it', async () => {
    const run = await verify(NESTED_10001, undefined, ['--issuer', ISSUER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('it has a claims part that nests deeper than 10000 levels');
  });

  test('pxsec check: each crafted token is one finding on its Secret, and the audit goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pxsec-crafted-'));
    try {
      const secret = (namespace: string, token: string): string =>
        `apiVersion: v1\nkind: Secret\nmetadata: {name: px-k8s-user, namespace: ${namespace}}\ntype: Opaque\ndata:\n  auth-token: ${Buffer.from(token).toString('base64')}\n`;
      const namespaces = ['tenant-a', 'tenant-b', 'tenant-c'].map((name) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`);
      writeFileSync(
        join(dir, 'bundle.yaml'),
        [...namespaces, secret('tenant-a', DUPLICATE_OUT_OF_RANGE), secret('tenant-b', NESTED_10000), secret('tenant-c', NESTED_10001)].join('---\n'),
      );
      const run = await runCaptured(['check', 'bundle.yaml', '--json'], { env: ENV, cwd: dir });
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { code: string; object?: string; message: string }[] };
      const malformed = report.findings.filter((finding) => finding.code === 'TOKEN_MALFORMED').map((finding) => finding.message);
      expect(malformed).toEqual([
        expect.stringContaining('holds a number beyond the float64 range'),
        expect.stringContaining('nests deeper than 10000 levels'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('token decode quotes a claim name holding a control character or a terminal escape', async () => {
  const run = await runCaptured(['token', 'decode', signed(`{${MEMBERS},"\\u001b[2Jx":1,"a\\nb":2}`)], { env: ENV });
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('  "\\u001b[2Jx": 1\n  "a\\nb": 2\n');
  expect(run.stdout).not.toContain('\u001b');
});

describe('without --issuer, the issuer is the one Portworx reads', () => {
  test.each([
    ['ISS after iss', `{${MEMBERS.replace(`"iss":"${ISSUER}"`, '"iss":"other.example.com","ISS":"portworx.com"')}}`],
    ['ISS before iss', `{"ISS":"other.example.com",${MEMBERS}}`],
    ['Iss alone (no exact iss: the required-claims check refuses it)', `{${MEMBERS.replace(`"iss":"${ISSUER}"`, '"Iss":"portworx.com"')}}`],
  ])('%s: no TOKEN_ISSUER_UNTRUSTED', async (_case, claims) => {
    const run = await verify(signed(claims));
    expect(run.stderr).not.toContain('TOKEN_ISSUER_UNTRUSTED');
    expect(run.stderr).toContain('TOKEN_CLAIM_CASE_VARIANT');
  });

  test('a case variant that Portworx reads as an untrusted issuer is still refused with --issuer', async () => {
    const run = await verify(signed(`{${MEMBERS},"ISS":"other.example.com"}`), undefined, ['--issuer', ISSUER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('- TOKEN_ISSUER_UNTRUSTED: "other.example.com" is not a trusted issuer (trusted: "portworx.com")');
  });
});
