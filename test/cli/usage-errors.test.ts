/**
 * Usage errors: one line naming the mistake (did you mean, through lib/core/errors/near-miss.ts), one line pointing at
 * the help, never the whole help; an unknown option is named before a missing required one; and `-o, --output`
 * on every command that writes a result.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../support/captured-io';

const ROOT = join(__dirname, '../..');
const AUTH_CONFIG = join(ROOT, 'test/fixtures/auth-configs/viewer.yaml');
const ENV = { SOURCE_DATE_EPOCH: '1700000000', PORTWORX_AUTH_SHARED_SECRET: 'usage-errors-shared-secret-0123456789-abcdefghijklmnopqrstuvwxyz' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-usage-'));
  writeFileSync(join(dir, 'spec.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const usage = (command: string, line: string): string => `${command}: error: ${line}\nsee ${command} --help\n`;

test('pxsec patch --isuer x: names the unknown option with the one meant, not a missing --issuer', async () => {
  const run = await runCaptured(['patch', '--isuer', 'x', 'spec.yaml'], { cwd: dir });
  expect(run).toEqual({ code: 2, stdout: '', stderr: usage('pxsec patch', "unknown option '--isuer' (did you mean --issuer?)") });
});

describe('every command: a usage error is two lines, never the whole help', () => {
  test.each<[string[], string, string]>([
    [['patch', 'spec.yaml', '--issuer', 'x', '--keysecret', 'k'], 'pxsec patch', "unknown option '--keysecret' (did you mean --keys-secret?)"],
    [['seal', 'spec.yaml', '--cert', 'c.pem', '--cahce', 'c.json'], 'pxsec seal', "unknown option '--cahce' (did you mean --cache?)"],
    [['seal', '--bogus'], 'pxsec seal', "unknown option '--bogus'"],
    [['token', 'generate', '--auth-config', 'a.yaml', '--isuer', 'x'], 'pxsec token generate', "unknown option '--isuer' (did you mean --issuer?)"],
    [['token', 'verify', 'x', '--usernameclaim', 'sub'], 'pxsec token verify', "unknown option '--usernameclaim' (did you mean --username-claim?)"],
    [['token', 'decode', 'x', '--jsn'], 'pxsec token decode', "unknown option '--jsn' (did you mean --json?)"],
    [['token', 'gen'], 'pxsec token', "unknown command 'gen' (did you mean generate?)"],
    [['keys', 'generate', '--namspace', 'x'], 'pxsec keys generate', "unknown option '--namspace' (did you mean --namespace?)"],
    [['keys', 'generat'], 'pxsec keys', "unknown command 'generat' (did you mean generate?)"],
    [['check', 'spec.yaml', '--warn-expiri', '1d'], 'pxsec check', "unknown option '--warn-expiri' (did you mean --warn-expiry?)"],
    [['chek', 'spec.yaml'], 'pxsec', "unknown command 'chek' (did you mean check?)"],
    [['patch', '--issuer', 'x'], 'pxsec patch', "missing required argument 'spec'"],
    [['patch', 'spec.yaml'], 'pxsec patch', "required option '--issuer <issuer>' not specified"],
    [['seal', 'spec.yaml'], 'pxsec seal', "required option '--cert <cert-pem>' not specified"],
    [
      ['seal', 'spec.yaml', '--cert', 'c.pem', '--scope', 'bad'],
      'pxsec seal',
      "option '--scope <scope>' argument 'bad' is invalid. Allowed choices are strict, namespace-wide, cluster-wide.",
    ],
    [['keys', 'generate', '-o'], 'pxsec keys generate', "option '-o, --output <file>' argument missing"],
    [['check'], 'pxsec check', "missing required argument 'paths'"],
    [['patch', 'a.yaml', 'b.yaml', '--issuer', 'x'], 'pxsec patch', "too many arguments for 'patch'. Expected 1 argument but got 2."],
  ])('pxsec %j', async (argv, command, line) => {
    const run = await runCaptured(argv, { cwd: dir, env: ENV });
    expect(run).toEqual({ code: 2, stdout: '', stderr: usage(command, line) });
  });

  test('an unknown option is named before a missing argument and a missing required option', async () => {
    const run = await runCaptured(['seal', '--bogus'], { cwd: dir });
    expect(run.stderr).toBe(usage('pxsec seal', "unknown option '--bogus'"));
  });

  test('a long unknown option (a token given by mistake) is still not echoed', async () => {
    const token = `--${'eyJhbGciOiJIUzI1NiJ9'.repeat(3)}`;
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'x', token], { cwd: dir });
    expect(run.stderr).toBe(usage('pxsec patch', `unknown option (${token.length} characters, not shown)`));
  });
});

describe('-o, --output on every command that writes a result', () => {
  test.each([[['patch', '--help']], [['seal', '--help']], [['token', 'generate', '--help']], [['keys', 'generate', '--help']]])(
    'pxsec %j lists -o, --output <file>',
    async (argv) => {
      expect((await runCaptured(argv)).stdout).toMatch(/^ {2}-o, --output <file> /m);
    },
  );

  test.each([
    ['token generate', ['token', 'generate', '--auth-config', AUTH_CONFIG, '--issuer', 'portworx.com'], /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/],
    ['keys generate', ['keys', 'generate', '--format', 'json'], /^\{\n {2}"system": /],
  ])('pxsec %s -o FILE writes the secret mode 0600, nothing on standard output', async (name, argv, content) => {
    const file = `${name.replace(' ', '-')}.out`;
    const run = await runCaptured([...argv, '-o', file], { cwd: dir, env: ENV });
    expect([run.code, run.stdout]).toEqual([0, '']);
    expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, file), 'utf8')).toMatch(content);
  });
});
