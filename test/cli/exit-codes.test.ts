/**
 * One table of exit codes for every command (lib/cli/exit-codes.ts): each command run on a bad input exits as the
 * table says, and one error code exits alike whichever command meets it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, EXIT_CODES_HELP } from '../../lib/cli/exit-codes';
import { CliIO } from '../../lib/cli/io';
import { runPxsec } from '../../lib/cli/main';
import { mintToken } from '../../lib/core/token/token-sign';
import { resolveIdentity } from '../../lib/core/token/identity';
import { runCaptured } from '../support/captured-io';

const ROOT = join(__dirname, '../..');
const CERT = join(ROOT, 'test/fixtures/sealing/example-sealing-cert.pem');
const SPEC = join(ROOT, 'test/fixtures/specs/01-daemonset-flow-args-lighthouse.yaml');
const AUTH_CONFIG = join(ROOT, 'test/fixtures/auth-configs/viewer.yaml');
const SHARED = 'exit-codes-shared-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const NOW = 1700000000;
const ENV = { SOURCE_DATE_EPOCH: String(NOW), PORTWORX_AUTH_SHARED_SECRET: SHARED };

let dir: string;
let otherKeyToken: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-exit-'));
  // A Namespace, then a YAML document that is a list, not an object: SPEC_NOT_AN_OBJECT for every reader of manifests.
  writeFileSync(join(dir, 'not-an-object.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- just\n- a list\n');
  writeFileSync(join(dir, 'no-portworx.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  // A Portworx token Secret (stork's skip annotation ties it to Portworx) in a private file: its one finding is TOKEN_MALFORMED.
  writeFileSync(
    join(dir, 'token-not-a-jwt.yaml'),
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: px-user, namespace: a, annotations: {stork.libopenstorage.org/skip-resource: "true"}}\nstringData: {auth-token: not-a-jwt}\n',
    { mode: 0o600 },
  );
  writeFileSync(join(dir, 'roles.yaml'), 'name: a\nroles: [system.user]\nrole: x\n');
  otherKeyToken = mintToken({
    identity: resolveIdentity({ name: 'a', email: 'a@example.com', roles: ['system.user'] }, { field: 'test' }),
    issuer: 'portworx.com',
    key: { algorithm: 'HS256', sharedSecret: `${SHARED}-other` },
    issuedAt: NOW - 60,
    expiresAt: NOW + 3600,
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the exit-code table, command by command', () => {
  test.each<[string, () => string[], number, RegExp]>([
    // 2: usage errors, the same for every command.
    ['patch: an unknown option', () => ['patch', SPEC, '--issuer', 'x', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['seal: an unknown option', () => ['seal', 'x.yaml', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['token generate: an unknown option', () => ['token', 'generate', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['token verify: an unknown option', () => ['token', 'verify', 'x', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['token decode: an unknown option', () => ['token', 'decode', 'x', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['keys generate: an unknown option', () => ['keys', 'generate', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['check: an unknown option', () => ['check', 'x', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
    ['an unknown command', () => ['bogus'], EXIT.usage, /unknown command 'bogus'/],
    // 2: input that cannot be read or is not what the command reads.
    [
      'patch: a YAML document that is not an object',
      () => ['patch', 'not-an-object.yaml', '--issuer', 'portworx.com'],
      EXIT.usage,
      /error SPEC_NOT_AN_OBJECT: /,
    ],
    ['check: a YAML document that is not an object', () => ['check', 'not-an-object.yaml'], EXIT.usage, /error SPEC_NOT_AN_OBJECT: /],
    ['seal: a document that is not a Secret', () => ['seal', 'not-an-object.yaml', '--cert', CERT], EXIT.usage, /error SEAL_INPUT_NOT_SECRET: /],
    [
      'token generate: an auth-config with an unknown key',
      () => ['token', 'generate', '--auth-config', 'roles.yaml', '--issuer', 'portworx.com'],
      EXIT.usage,
      /error AUTH_CONFIG_UNKNOWN_KEY: /,
    ],
    [
      'token verify: no key to verify with',
      () => ['token', 'verify', otherKeyToken, '--issuer', 'portworx.com', '--rsa-public-keyfile', 'missing.pem'],
      EXIT.usage,
      /error [A-Z_]+: --rsa-public-keyfile/,
    ],
    ['token decode: not a JWT', () => ['token', 'decode', 'not-a-jwt'], EXIT.usage, /error TOKEN_MALFORMED: /],
    ['keys generate: an invalid namespace', () => ['keys', 'generate', '--namespace', 'Bad_NS'], EXIT.usage, /error NAME_INVALID: /],
    ['check: a path that does not exist', () => ['check', 'missing.yaml'], EXIT.usage, /error [A-Z_]+: /],
    // 1: the command read its input, and the answer is no.
    ['patch: a spec without Portworx', () => ['patch', 'no-portworx.yaml', '--issuer', 'portworx.com'], EXIT.rejected, /error SPEC_NO_PORTWORX: /],
    ['patch --check: a spec not secured yet', () => ['patch', SPEC, '--issuer', 'portworx.com', '--check'], EXIT.rejected, /the spec is not secured as asked/],
    ['check: findings with errors', () => ['check', 'token-not-a-jwt.yaml'], EXIT.rejected, /\b[1-9]\d* errors?\b/],
    ['token verify: a token signed with another key', () => ['token', 'verify', otherKeyToken, '--issuer', 'portworx.com'], EXIT.rejected, /token rejected/],
    // 0: ok.
    ['token generate: ok', () => ['token', 'generate', '--auth-config', AUTH_CONFIG, '--issuer', 'portworx.com'], EXIT.ok, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/],
  ])('%s', async (_, argv, exitCode, output) => {
    const run = await runCaptured(argv(), { cwd: dir, env: ENV });
    expect([run.code, `${run.stderr}${run.stdout}`]).toEqual([exitCode, expect.stringMatching(output)]);
  });

  test('one error code exits alike whatever command meets it: SPEC_NOT_AN_OBJECT from patch and from check', async () => {
    const patch = await runCaptured(['patch', 'not-an-object.yaml', '--issuer', 'portworx.com'], { cwd: dir, env: ENV });
    const check = await runCaptured(['check', 'not-an-object.yaml'], { cwd: dir, env: ENV });
    expect(patch.stderr).toContain('error SPEC_NOT_AN_OBJECT: not-an-object.yaml:5');
    expect(check.stderr).toContain('error SPEC_NOT_AN_OBJECT: not-an-object.yaml:5');
    expect([patch.code, check.code]).toEqual([EXIT.usage, EXIT.usage]);
  });

  test('70: an unexpected failure is an internal error naming only its type and message', async () => {
    let stderr = '';
    const io: CliIO = {
      out: () => undefined,
      err: (text) => void (stderr += text),
      readStdin: () => Promise.reject(new TypeError('stdin went away')),
      env: {},
      cwd: dir,
    };
    expect(await runPxsec(['check', '-'], io)).toBe(EXIT.internal);
    expect(stderr).toBe('pxsec: internal error: TypeError: stdin went away\n');
  });

  test('pxsec --help prints the table', async () => {
    const run = await runCaptured(['--help']);
    expect(run.stdout).toContain(`\n${EXIT_CODES_HELP}\n`);
    for (const code of Object.values(EXIT)) expect(EXIT_CODES_HELP).toMatch(new RegExp(`^  ${code} `, 'm'));
  });
});
