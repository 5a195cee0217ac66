import { createHmac, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { runCaptured } from '../support/captured-io';

/** The pinned clock of every run: 2023-11-14T22:13:20Z. */
const NOW = 1_700_000_000;
const DAY = 86_400;
const SHARED_SECRET = 'known-shared-secret-Vq3xZ8pL1mN4bR7tY2wK9sD6fH0jG5cAe1Uo';
const OTHER_SECRET = 'another-shared-secret-Hk2Lw9Qe4Rt7Yu1Io3Pa6Sd8Fg0Jz5Xc2Vb';
const ISSUER = 'portworx.com';
const PROJECT_ROOT = join(__dirname, '../..');
const AUTH_CONFIGS = join(PROJECT_ROOT, 'test/fixtures/auth-configs');
const REQUIRED_CLAIMS = ['iss', 'sub', 'exp', 'iat', 'name', 'email'];

let dir: string;
const at = (name: string): string => join(dir, name);
const pinned = (extra: Record<string, string> = {}, now = NOW): Record<string, string> => ({ SOURCE_DATE_EPOCH: String(now), ...extra });
const segments = (token: string): { header: string; payload: string; signature: string } => {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header: Buffer.from(header, 'base64url').toString('utf8'), payload: Buffer.from(payload, 'base64url').toString('utf8'), signature };
};
const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
/** Signs claims by hand (HS256), for tokens pxsec would never make. */
const handSigned = (claims: Record<string, unknown>, secret = SHARED_SECRET): string => {
  const input = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

/** `token generate` for an auth-config with the shared secret from a file; returns the token (without newline). */
async function generate(authConfig: string, extra: string[] = [], env = pinned()): Promise<string> {
  const run = await runCaptured(['token', 'generate', '--auth-config', authConfig, '--issuer', ISSUER, '--shared-secret-file', at('shared-secret'), ...extra], {
    env,
    cwd: dir,
  });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return run.stdout.trimEnd();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-token-'));
  writeFileSync(at('shared-secret'), `${SHARED_SECRET}\n`);
  writeFileSync(at('other-secret'), OTHER_SECRET);
  writeFileSync(at('empty-secret'), '\n');
  writeFileSync(at('not-a-key.pem'), '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(at('rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(at('rsa-pkcs1.pem'), rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(at('rsa.pub'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(at('ec.pem'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(at('ec-sec1.pem'), ec.privateKey.export({ type: 'sec1', format: 'pem' }));
  writeFileSync(at('ec.pub'), ec.publicKey.export({ type: 'spki', format: 'pem' }));
  const ec384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
  writeFileSync(at('ec384.pem'), ec384.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(
    at('px-user-token.yaml'),
    'name: px-user-token\nemail: px-user-token@operator.portworx.io\nsub: px-user-token@operator.portworx.io\nroles: ["system.user"]\ngroups: []\n',
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('pxsec token generate', () => {
  test('reproduces the PORTWORX-FACTS.md vector byte for byte (pxctl layout, iat backdated 10 minutes, 1d default)', async () => {
    writeFileSync(at('example-secret'), 'example-secret\n');
    const run = await runCaptured(
      ['token', 'generate', '--auth-config', 'px-user-token.yaml', '--issuer', 'operator.portworx.io', '--shared-secret-file', 'example-secret'],
      { env: pinned(), cwd: dir },
    );
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6InB4LXVzZXItdG9rZW5Ab3BlcmF0b3IucG9ydHdvcnguaW8iLCJleHAiOjE3MDAwODY0MDAsImdyb3VwcyI6W10sImlhdCI6MTY5OTk5OTQwMCwiaXNzIjoib3BlcmF0b3IucG9ydHdvcnguaW8iLCJuYW1lIjoicHgtdXNlci10b2tlbiIsInJvbGVzIjpbInN5c3RlbS51c2VyIl0sInN1YiI6InB4LXVzZXItdG9rZW5Ab3BlcmF0b3IucG9ydHdvcnguaW8ifQ.Ps864gxKARJcCy6AlaMNjEaJcqIt-r2gdaNCSYXUxQk\n',
    });
  });

  test('HS256 with --shared-secret-file: pxctl header, sorted claims, iat = now - 600, exp = now + 1d', async () => {
    const token = await generate(join(AUTH_CONFIGS, 'storage-admin.yaml'));
    expect(segments(token).header).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(segments(token).payload).toBe(
      `{"email":"storage-admin@example.com","exp":${NOW + DAY},"groups":["*"],"iat":${NOW - 600},"iss":"portworx.com",` +
        '"name":"Storage Administrator","roles":["system.admin"],"sub":"storage-admin@example.com/storage-admin"}',
    );
    // A second JWT library accepts it with the secret as written in the file (trailing newline trimmed).
    expect(jwt.verify(token, SHARED_SECRET, { algorithms: ['HS256'], issuer: ISSUER, clockTimestamp: NOW })).toMatchObject({
      sub: 'storage-admin@example.com/storage-admin',
    });
  });

  test("the blog's auth-config (name, roles, groups only) still gives all six claims, and token verify accepts it", async () => {
    const token = await generate(join(AUTH_CONFIGS, 'tenant-a.yaml'));
    const claims = JSON.parse(segments(token).payload) as Record<string, unknown>;
    for (const claim of REQUIRED_CLAIMS) expect(claims).toHaveProperty(claim);
    expect(claims).toMatchObject({ name: 'tenant-a', email: '', roles: ['system.user'], groups: ['developers'], iss: ISSUER });
    expect(typeof claims.sub).toBe('string');
    expect(claims.sub).not.toBe('');
    const verify = await runCaptured(['token', 'verify', '-', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'], {
      env: pinned(),
      stdin: `${token}\n`,
      cwd: dir,
    });
    expect(verify.code).toBe(0);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/^token valid\n/);
  });

  test('same inputs, same SOURCE_DATE_EPOCH: identical bytes; another time: another token', async () => {
    const config = join(AUTH_CONFIGS, 'kubernetes.yaml');
    const first = await generate(config);
    expect(await generate(config)).toBe(first);
    expect(await generate(config, [], pinned({}, NOW + 1))).not.toBe(first);
  });

  test('--shared-secret in argv works and warns once on stderr; the env PORTWORX_AUTH_SHARED_SECRET works silently', async () => {
    const config = join(AUTH_CONFIGS, 'viewer.yaml');
    const fromFile = await generate(config);
    const fromArgv = await runCaptured(['token', 'generate', '--auth-config', config, '--issuer', ISSUER, '--shared-secret', SHARED_SECRET], { env: pinned() });
    expect(fromArgv).toEqual({
      code: 0,
      stdout: `${fromFile}\n`,
      stderr:
        'pxsec: warning: --shared-secret is visible to every user of this machine (ps, /proc); use --shared-secret-file FILE or the env PORTWORX_AUTH_SHARED_SECRET instead\n',
    });
    const fromEnv = await runCaptured(['token', 'generate', '--auth-config', config, '--issuer', ISSUER], {
      env: pinned({ PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET }),
    });
    expect(fromEnv).toEqual({ code: 0, stdout: `${fromFile}\n`, stderr: '' });
  });

  test('a key flag wins over the env', async () => {
    const config = join(AUTH_CONFIGS, 'viewer.yaml');
    const withEnv = await generate(config, [], pinned({ PORTWORX_AUTH_SHARED_SECRET: OTHER_SECRET }));
    expect(withEnv).toBe(await generate(config));
  });

  test.each([
    ['--rsa-private-keyfile', 'rsa.pem', 'RS256', 'rsa.pub'],
    ['--rsa-private-keyfile', 'rsa-pkcs1.pem', 'RS256', 'rsa.pub'],
    ['--ecdsa-private-keyfile', 'ec.pem', 'ES256', 'ec.pub'],
    ['--ecdsa-private-keyfile', 'ec-sec1.pem', 'ES256', 'ec.pub'],
  ] as const)('%s %s signs %s (verified by jsonwebtoken with the public key)', async (flag, keyFile, algorithm, publicFile) => {
    const run = await runCaptured(['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'kubernetes.yaml'), '--issuer', ISSUER, flag, keyFile], {
      env: pinned(),
      cwd: dir,
    });
    expect(run.code).toBe(0);
    const token = run.stdout.trimEnd();
    expect(segments(token).header).toBe(`{"alg":"${algorithm}","typ":"JWT"}`);
    expect(jwt.verify(token, readFileSync(at(publicFile), 'utf8'), { algorithms: [algorithm], issuer: ISSUER, clockTimestamp: NOW })).toMatchObject({
      name: 'Kubernetes',
    });
  });

  test('--token-duration 1y sets exp one year (365 days) after now', async () => {
    const token = await generate(join(AUTH_CONFIGS, 'viewer.yaml'), ['--token-duration', '1y']);
    expect(JSON.parse(segments(token).payload)).toMatchObject({ iat: NOW - 600, exp: NOW + 365 * DAY });
  });

  test('--output writes the token (no newline) with mode 0600, atomically, and says so on stderr', async () => {
    const stdoutToken = await generate(join(AUTH_CONFIGS, 'viewer.yaml'));
    const run = await runCaptured(
      [
        'token',
        'generate',
        '--auth-config',
        join(AUTH_CONFIGS, 'viewer.yaml'),
        '--issuer',
        ISSUER,
        '--shared-secret-file',
        'shared-secret',
        '--output',
        'viewer.jwt',
      ],
      { env: pinned(), cwd: dir },
    );
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'pxsec token generate: wrote the token to viewer.jwt (mode 0600)\n' });
    expect(readFileSync(at('viewer.jwt'), 'utf8')).toBe(stdoutToken);
    expect(statSync(at('viewer.jwt')).mode & 0o777).toBe(0o600);
    // Overwriting a private file is fine; no temporary file stays behind.
    const again = await runCaptured(
      [
        'token',
        'generate',
        '--auth-config',
        join(AUTH_CONFIGS, 'viewer.yaml'),
        '--issuer',
        ISSUER,
        '--shared-secret-file',
        'shared-secret',
        '--output',
        'viewer.jwt',
        '--token-duration',
        '2d',
      ],
      { env: pinned(), cwd: dir },
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(segments(readFileSync(at('viewer.jwt'), 'utf8')).payload)).toMatchObject({ exp: NOW + 2 * DAY });
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('--output refuses an existing file others can read, and leaves it untouched', async () => {
    writeFileSync(at('shared.jwt'), 'old content');
    chmodSync(at('shared.jwt'), 0o644);
    const run = await runCaptured(
      [
        'token',
        'generate',
        '--auth-config',
        join(AUTH_CONFIGS, 'viewer.yaml'),
        '--issuer',
        ISSUER,
        '--shared-secret-file',
        'shared-secret',
        '--output',
        'shared.jwt',
      ],
      { env: pinned(), cwd: dir },
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error OUTPUT_FILE_EXPOSED: --output "shared.jwt" exists with mode 0644, readable by group or others: remove it or run "chmod 600" on it first, or give a new path\n',
    });
    expect(readFileSync(at('shared.jwt'), 'utf8')).toBe('old content');
  });

  test('--output into a missing directory fails without leaving a partial file', async () => {
    const run = await runCaptured(
      [
        'token',
        'generate',
        '--auth-config',
        join(AUTH_CONFIGS, 'viewer.yaml'),
        '--issuer',
        ISSUER,
        '--shared-secret-file',
        'shared-secret',
        '--output',
        'no-such-dir/viewer.jwt',
      ],
      { env: pinned(), cwd: dir },
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error OUTPUT_FILE_UNWRITABLE: --output "no-such-dir/viewer.jwt" cannot be written (ENOENT): give a path in an existing directory you can write to; nothing was changed\n',
    });
  });

  const keyChoices =
    'give exactly one of --shared-secret-file, --shared-secret, --rsa-private-keyfile, --ecdsa-private-keyfile (or set PORTWORX_AUTH_SHARED_SECRET)';
  test.each([
    [[], {}, `KEY_SOURCE_MISSING: signing key is not given: ${keyChoices}`],
    [[], { PORTWORX_AUTH_SHARED_SECRET: '' }, `KEY_SOURCE_MISSING: signing key is not given: ${keyChoices}`],
    [
      ['--shared-secret-file', 'shared-secret', '--rsa-private-keyfile', 'rsa.pem'],
      {},
      `KEY_SOURCE_CONFLICT: --shared-secret-file and --rsa-private-keyfile are given together: ${keyChoices}`,
    ],
    [
      ['--shared-secret-file', 'missing-file'],
      {},
      'SECRET_FILE_UNREADABLE: --shared-secret-file "missing-file" cannot be read (ENOENT): give the path of a readable file',
    ],
    [
      ['--shared-secret-file', 'empty-secret'],
      {},
      'SECRET_FILE_EMPTY: --shared-secret-file "empty-secret" is empty: write the key into the file, or give another file',
    ],
    [
      ['--rsa-private-keyfile', 'not-a-key.pem'],
      {},
      'KEY_FILE_INVALID: --rsa-private-keyfile "not-a-key.pem" is not a PEM private key: give a file starting with "-----BEGIN PRIVATE KEY-----" (or the RSA / EC forms of openssl)',
    ],
    [
      ['--rsa-private-keyfile', 'ec.pem'],
      {},
      'KEY_TYPE_MISMATCH: --rsa-private-keyfile "ec.pem" holds an EC key on curve prime256v1: give an RSA key (RS256), or use the --ecdsa-* flag for an EC key',
    ],
    [
      ['--ecdsa-private-keyfile', 'rsa.pem'],
      {},
      'KEY_TYPE_MISMATCH: --ecdsa-private-keyfile "rsa.pem" holds a key of type rsa: give a P-256 (prime256v1) EC key (ES256), or use the --rsa-* flag for an RSA key',
    ],
    [
      ['--ecdsa-private-keyfile', 'ec384.pem'],
      {},
      'KEY_TYPE_MISMATCH: --ecdsa-private-keyfile "ec384.pem" holds an EC key on curve secp384r1: give a P-256 (prime256v1) EC key (ES256), or use the --rsa-* flag for an RSA key',
    ],
  ])('key source %j with env %j: exit 2, %s', async (keyFlags, env, message) => {
    const run = await runCaptured(['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'viewer.yaml'), '--issuer', ISSUER, ...keyFlags], {
      env: pinned(env),
      cwd: dir,
    });
    expect(run).toEqual({ code: 2, stdout: '', stderr: `pxsec: error ${message}\n` });
  });

  test('an empty --shared-secret is an error (after the argv warning)', async () => {
    const run = await runCaptured(['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'viewer.yaml'), '--issuer', ISSUER, '--shared-secret', ''], {
      env: pinned(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pxsec: warning: --shared-secret is visible.*\npxsec: error SECRET_EMPTY: --shared-secret is empty: give the shared secret\n$/);
  });

  test.each([
    [['--issuer', ISSUER], "error: required option '--auth-config <file>' not specified"],
    [['--auth-config', 'x.yaml'], "error: required option '--issuer <issuer>' not specified"],
    [['--auth-config', 'x.yaml', '--issuer', ISSUER, '--no-such-flag'], "error: unknown option '--no-such-flag'"],
  ])('usage error %j: exit 2 with one line naming it and a pointer to the help', async (argv, message) => {
    const run = await runCaptured(['token', 'generate', ...argv, '--shared-secret-file', 'shared-secret'], { env: pinned(), cwd: dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: `pxsec token generate: ${message}\nsee pxsec token generate --help\n` });
  });

  test('a duration outside the openstorage grammar is a usage error naming --token-duration', async () => {
    const run = await runCaptured(
      [
        'token',
        'generate',
        '--auth-config',
        join(AUTH_CONFIGS, 'viewer.yaml'),
        '--issuer',
        ISSUER,
        '--shared-secret-file',
        'shared-secret',
        '--token-duration',
        '1h30m',
      ],
      {
        env: pinned(),
        cwd: dir,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'pxsec: error DURATION_INVALID: --token-duration "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"\n',
    );
  });

  describe('auth-config errors', () => {
    test.each([
      [
        'unknown key',
        'name: a\nroles: ["system.user"]\nrole: x\n',
        'AUTH_CONFIG_UNKNOWN_KEY: --auth-config bad.yaml:3:1 "role" is not an auth-config key: use only name, email, sub, roles, groups (did you mean "roles"?)',
      ],
      [
        'another unknown key',
        'name: a\nroles: ["system.user"]\n  \nissuer: portworx.com\n',
        'AUTH_CONFIG_UNKNOWN_KEY: --auth-config bad.yaml:4:1 "issuer" is not an auth-config key: use only name, email, sub, roles, groups',
      ],
      [
        'YAML error',
        'name: a\nroles: ["system.user"\ngroups: []\n',
        'AUTH_CONFIG_YAML_INVALID: --auth-config bad.yaml:3:1 is not valid YAML (wrong indentation): correct the YAML at that line and column',
      ],
      [
        'duplicate key',
        'name: a\nname: b\nroles: ["system.user"]\n',
        'AUTH_CONFIG_YAML_INVALID: --auth-config bad.yaml:2:1 is not valid YAML (a key that appears twice in one mapping): correct the YAML at that line and column',
      ],
      [
        'empty file',
        '',
        'AUTH_CONFIG_NOT_A_MAPPING: --auth-config "bad.yaml" is empty: write one "key: value" line per key, with the keys name, email, sub, roles, groups',
      ],
      [
        'a list',
        '- name: a\n',
        'AUTH_CONFIG_NOT_A_MAPPING: --auth-config "bad.yaml" holds a list, not a mapping: write one "key: value" line per key, with the keys name, email, sub, roles, groups',
      ],
      ['no name', 'roles: ["system.user"]\n', 'AUTH_CONFIG_KEY_MISSING: --auth-config "bad.yaml" has no name: add a line such as "name: tenant-a"'],
      ['no roles', 'name: a\nemail:\n', 'AUTH_CONFIG_KEY_MISSING: --auth-config "bad.yaml" has no roles: add a line such as \'roles: ["system.user"]\''],
      [
        'roles as a string',
        'name: a\nroles: system.user\n',
        'AUTH_CONFIG_VALUE_INVALID: --auth-config bad.yaml:2:1 roles "system.user" is not a list of strings: write it as a YAML list, such as roles: ["system.user"]',
      ],
      [
        'a long unknown key (perhaps a secret)',
        `name: a\nroles: ["system.user"]\n${'k'.repeat(40)}: x\n`,
        'AUTH_CONFIG_UNKNOWN_KEY: --auth-config bad.yaml:3:1 (42 characters, not shown) is not an auth-config key: use only name, email, sub, roles, groups',
      ],
      [
        'name as a number',
        'name: 42\nroles: ["system.user"]\n',
        'AUTH_CONFIG_VALUE_INVALID: --auth-config bad.yaml:1:1 name 42 is not a string: write a single value, quoted if YAML would read it as a number, a boolean or a list',
      ],
    ])('%s: exit 2, %s', async (_case, yaml, message) => {
      writeFileSync(at('bad.yaml'), yaml);
      const run = await runCaptured(['token', 'generate', '--auth-config', 'bad.yaml', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'], {
        env: pinned(),
        cwd: dir,
      });
      expect(run).toEqual({ code: 2, stdout: '', stderr: `pxsec: error ${message}\n` });
    });

    test('an unreadable auth-config names the path', async () => {
      const run = await runCaptured(['token', 'generate', '--auth-config', 'missing.yaml', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'], {
        env: pinned(),
        cwd: dir,
      });
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'pxsec: error AUTH_CONFIG_UNREADABLE: --auth-config "missing.yaml" cannot be read (ENOENT): give the path of a YAML file with name, email, sub, roles and groups\n',
      });
    });

    test('an empty value (email:) counts as absent', async () => {
      writeFileSync(at('empty-email.yaml'), 'name: tenant-b\nemail:\nroles: ["system.user"]\n');
      const token = await generate('empty-email.yaml');
      expect(JSON.parse(segments(token).payload)).toMatchObject({ name: 'tenant-b', email: '' });
    });

    test('the identity rules of the core apply (a near-miss role)', async () => {
      writeFileSync(at('near-miss.yaml'), 'name: a\nroles: ["system.users"]\n');
      const run = await runCaptured(['token', 'generate', '--auth-config', 'near-miss.yaml', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'], {
        env: pinned(),
        cwd: dir,
      });
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'pxsec: error IDENTITY_ROLE_UNKNOWN: --auth-config near-miss.yaml: identity.roles[0] "system.users" is not a Portworx role (did you mean "system.user"?): use "system.user", or one of system.admin, system.user, system.view, system.guest\n',
      });
    });

    test('group "*" without system.admin needs --allow-all-groups', async () => {
      writeFileSync(at('all-groups.yaml'), 'name: ops\nroles: ["system.user"]\ngroups: ["*"]\n');
      const argv = ['token', 'generate', '--auth-config', 'all-groups.yaml', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'];
      const refused = await runCaptured(argv, { env: pinned(), cwd: dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^pxsec: error IDENTITY_ALL_GROUPS_NOT_ADMIN: --auth-config all-groups\.yaml: identity\.groups \["\*"\] holds "\*"/);
      const allowed = await runCaptured([...argv, '--allow-all-groups'], { env: pinned(), cwd: dir });
      expect(allowed.code).toBe(0);
      expect(JSON.parse(segments(allowed.stdout.trim()).payload)).toMatchObject({ roles: ['system.user'], groups: ['*'] });
    });
  });
});

describe('pxsec token verify', () => {
  let adminToken: string;
  beforeAll(async () => {
    adminToken = await generate(join(AUTH_CONFIGS, 'storage-admin.yaml'));
  });

  const verify = (token: string, extra: string[], env = pinned()) => runCaptured(['token', 'verify', '-', ...extra], { env, stdin: `${token}\n`, cwd: dir });
  const withSecret = ['--issuer', ISSUER, '--shared-secret-file', 'shared-secret'];
  const fullClaims = { email: 'a@example.com', exp: NOW + DAY, iat: NOW - 600, iss: ISSUER, name: 'a', roles: ['system.user'], sub: 'a@example.com/a' };

  test('a valid token: exit 0, "token valid" and the claims with their times', async () => {
    const run = await verify(adminToken, withSecret);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'token valid',
        'header:',
        '  alg: "HS256"',
        '  typ: "JWT"',
        'claims:',
        '  email: "storage-admin@example.com"',
        `  exp: ${NOW + DAY} (2023-11-15T22:13:20Z, expires in 1d)`,
        '  groups: ["*"]',
        `  iat: ${NOW - 600} (2023-11-14T22:03:20Z)`,
        '  iss: "portworx.com"',
        '  name: "Storage Administrator"',
        '  roles: ["system.admin"]',
        '  sub: "storage-admin@example.com/storage-admin"',
        '',
      ].join('\n'),
    });
  });

  test('--json: valid, no problems, header, claims, times, expiry', async () => {
    const run = await runCaptured(['token', 'verify', adminToken, ...withSecret, '--json'], { env: pinned(), cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: true,
      problems: [],
      warnings: [],
      header: { alg: 'HS256', typ: 'JWT' },
      claims: JSON.parse(segments(adminToken).payload),
      times: { iat: '2023-11-14T22:03:20Z', exp: '2023-11-15T22:13:20Z' },
      expiry: 'expires in 1d',
    });
  });

  test('a token that never expires: Portworx accepts it, so exit 0 with a warning; --strict makes it exit 1', async () => {
    const forever = jwt.sign({ ...fullClaims, exp: 0 }, SHARED_SECRET, { algorithm: 'HS256' });
    const run = await verify(forever, withSecret);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^token valid\n/);
    expect(run.stderr).toBe('pxsec: warning: TOKEN_NEVER_EXPIRES: exp is 0, which Portworx reads as no expiry: the token is valid for as long as its key is\n');
    const strict = await verify(forever, [...withSecret, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('pxsec: --strict: 1 warning, so the token is refused\n');
    const json = await verify(forever, [...withSecret, '--json', '--strict']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, problems: [], warnings: [{ code: 'TOKEN_NEVER_EXPIRES' }] });
    expect((await verify(adminToken, [...withSecret, '--strict'])).code).toBe(0);
  });

  test('exp beyond int64 (1e19): Portworx reads it as expired, so exit 1', async () => {
    const far = jwt.sign({ ...fullClaims, exp: 1e19 }, SHARED_SECRET, { algorithm: 'HS256' });
    const run = await verify(far, withSecret);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TOKEN_EXPIRED: exp 10000000000000000000 is beyond the int64 seconds golang-jwt reads');
  });

  test('several --issuer values: any one may match', async () => {
    const run = await verify(adminToken, ['--issuer', 'other.example.com', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret']);
    expect(run.code).toBe(0);
  });

  test('without --issuer: everything but the issuer is checked, and a note says so', async () => {
    const run = await verify(adminToken, ['--shared-secret-file', 'shared-secret']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('pxsec: note: the issuer is not checked; give --issuer to check it as Portworx does\n');
  });

  test('the env secret, RS256 and ES256 public keys, and the private key files (their public halves)', async () => {
    expect((await verify(adminToken, ['--issuer', ISSUER], pinned({ PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET }))).code).toBe(0);
    for (const [flag, privateFile, publicFlag, publicFile] of [
      ['--rsa-private-keyfile', 'rsa.pem', '--rsa-public-keyfile', 'rsa.pub'],
      ['--ecdsa-private-keyfile', 'ec.pem', '--ecdsa-public-keyfile', 'ec.pub'],
    ] as const) {
      const signed = await runCaptured(['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'kubernetes.yaml'), '--issuer', ISSUER, flag, privateFile], {
        env: pinned(),
        cwd: dir,
      });
      const token = signed.stdout.trimEnd();
      expect(await verify(token, ['--issuer', ISSUER, publicFlag, publicFile])).toMatchObject({ code: 0, stderr: '' });
      expect(await verify(token, ['--issuer', ISSUER, flag, privateFile])).toMatchObject({ code: 0, stderr: '' });
    }
  });

  test.each([
    ['ES384', 'secp384r1', 'sha384'],
    ['ES512', 'secp521r1', 'sha512'],
  ])('an %s token signed with a %s key (made with node:crypto) verifies with its public and private key files', async (alg, curve, hash) => {
    const pair = generateKeyPairSync('ec', { namedCurve: curve });
    writeFileSync(at(`${curve}.pub`), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(at(`${curve}.pem`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(fullClaims))}`;
    const token = `${input}.${cryptoSign(hash, Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    for (const keyFlags of [
      ['--ecdsa-public-keyfile', `${curve}.pub`],
      ['--ecdsa-private-keyfile', `${curve}.pem`],
    ]) {
      const run = await verify(token, ['--issuer', ISSUER, ...keyFlags]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^token valid\\n[^]*alg: "${alg}"`));
    }
    // A key on another curve: the signature does not verify (and the key is not refused as a type mismatch).
    const wrong = await verify(token, ['--issuer', ISSUER, '--ecdsa-public-keyfile', 'ec.pub']);
    expect(wrong.code).not.toBe(0);
    expect(`${wrong.stdout}${wrong.stderr}`).not.toContain('KEY_TYPE_MISMATCH');
    // Signing still takes only P-256 (ES256).
    const signing = await runCaptured(
      ['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'kubernetes.yaml'), '--issuer', ISSUER, '--ecdsa-private-keyfile', `${curve}.pem`],
      { env: pinned(), cwd: dir },
    );
    expect(signing.stderr).toContain('KEY_TYPE_MISMATCH');
  });

  test('--username-claim email or name: checks that claim instead of sub', async () => {
    const blogToken = await generate(join(AUTH_CONFIGS, 'tenant-a.yaml'));
    expect((await verify(blogToken, [...withSecret, '--username-claim', 'name'])).code).toBe(0);
    const byEmail = await verify(blogToken, [...withSecret, '--username-claim', 'email']);
    expect(byEmail.code).toBe(1);
    expect(byEmail.stderr).toBe("pxsec: token rejected:\n- TOKEN_USERNAME_EMPTY: username claim email is empty; Portworx takes it as the user's identity\n");
  });

  describe('rejections: exit 1 and every problem, one per line', () => {
    const BAD_SIGNATURE =
      '- TOKEN_SIGNATURE: the HS256 signature does not match the key given: the token was signed with another key, or altered after signing';
    const rejected = async (token: string, extra: string[], env = pinned()): Promise<string[]> => {
      const run = await verify(token, extra, env);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const [title, ...problems] = run.stderr.trimEnd().split('\n');
      expect(title).toBe('pxsec: token rejected:');
      for (const problem of problems) expect(problem).toMatch(/^- [A-Z_]+: \S/);
      expect(run.stderr).not.toContain(token);
      expect(run.stderr).not.toContain(SHARED_SECRET);
      return problems;
    };

    test('wrong issuer', async () => {
      expect(await rejected(adminToken, ['--issuer', 'px.example.com', '--shared-secret-file', 'shared-secret'])).toEqual([
        '- TOKEN_ISSUER_UNTRUSTED: "portworx.com" is not a trusted issuer (trusted: "px.example.com")',
      ]);
    });

    test('expired (exp equal to now: no leeway)', async () => {
      expect(await rejected(adminToken, withSecret, pinned({}, NOW + DAY))).toEqual([
        '- TOKEN_EXPIRED: token expired at 2023-11-15T22:13:20Z (exp 1700086400); now is 2023-11-15T22:13:20Z, and no leeway is allowed',
      ]);
    });

    test('iat in the future (a node clock behind by more than the 10-minute backdate)', async () => {
      expect(await rejected(adminToken, withSecret, pinned({}, NOW - 601))).toEqual([
        '- TOKEN_USED_BEFORE_ISSUED: Token used before issued: iat 2023-11-14T22:03:20Z is after now 2023-11-14T22:03:19Z; Portworx allows no clock skew (backdate iat)',
      ]);
    });

    test('a missing claim (email)', async () => {
      const withoutEmail: Record<string, unknown> = { ...fullClaims };
      delete withoutEmail.email;
      expect(await rejected(handSigned(withoutEmail), withSecret)).toEqual(['- TOKEN_CLAIM_MISSING: Required claim email missing from token']);
    });

    test('alg none, crafted by hand', async () => {
      const none = `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(fullClaims))}.`;
      expect(await rejected(none, withSecret)).toEqual(['- TOKEN_ALGORITHM: alg "none" (an unsigned token) is rejected by Portworx']);
    });

    test('a tampered payload (roles raised to admin, signature kept)', async () => {
      const userToken = handSigned(fullClaims);
      const [header, , signature] = userToken.split('.');
      const tampered = `${header}.${b64url(JSON.stringify({ ...fullClaims, roles: ['system.admin'] }))}.${signature}`;
      expect(await rejected(tampered, withSecret)).toEqual([BAD_SIGNATURE]);
    });

    test('a wrong key', async () => {
      expect(await rejected(adminToken, ['--issuer', ISSUER, '--shared-secret-file', 'other-secret'])).toEqual([BAD_SIGNATURE]);
      const rsaSigned = await runCaptured(
        ['token', 'generate', '--auth-config', join(AUTH_CONFIGS, 'kubernetes.yaml'), '--issuer', ISSUER, '--rsa-private-keyfile', 'rsa.pem'],
        { env: pinned(), cwd: dir },
      );
      expect(await rejected(rsaSigned.stdout.trim(), ['--issuer', ISSUER, '--ecdsa-public-keyfile', 'ec.pub'])).toEqual([
        '- TOKEN_KEY_MISMATCH: the token is signed with RS256 (RSA), but the public key is an EC key on prime256v1',
      ]);
    });

    test('an empty username claim (sub)', async () => {
      expect(await rejected(handSigned({ ...fullClaims, sub: '' }), withSecret)).toEqual([
        "- TOKEN_USERNAME_EMPTY: username claim sub is empty; Portworx takes it as the user's identity",
      ]);
    });

    test('several problems at once are all listed', async () => {
      const problems = await rejected(handSigned({ ...fullClaims, sub: '', iss: 'other' }), withSecret, pinned({}, NOW + 2 * DAY));
      expect(problems.map((problem) => problem.split(':')[0])).toEqual(['- TOKEN_ISSUER_UNTRUSTED', '- TOKEN_EXPIRED', '- TOKEN_USERNAME_EMPTY']);
    });

    test('--json on a rejected token: valid false and the problems on stdout', async () => {
      const run = await runCaptured(['token', 'verify', adminToken, '--issuer', 'px.example.com', '--shared-secret-file', 'shared-secret', '--json'], {
        env: pinned(),
        cwd: dir,
      });
      expect(run.code).toBe(1);
      const verdict = JSON.parse(run.stdout) as { valid: boolean; problems: { code: string; message: string }[] };
      expect(verdict.valid).toBe(false);
      expect(verdict.problems).toEqual([{ code: 'TOKEN_ISSUER_UNTRUSTED', message: '"portworx.com" is not a trusted issuer (trusted: "px.example.com")' }]);
    });
  });

  test.each([
    [['-'], '', 'pxsec: error TOKEN_MISSING: <token> is empty on standard input: give the token, or "-" and the token on standard input\n'],
    [[''], '', 'pxsec: error TOKEN_MISSING: <token> is empty: give the token, or "-" and the token on standard input\n'],
    [['-'], '\n', 'pxsec: error TOKEN_MISSING: <token> is empty on standard input: give the token, or "-" and the token on standard input\n'],
  ])('usage: %j with stdin %j: exit 2', async (argv, stdin, stderr) => {
    const run = await runCaptured(['token', 'verify', ...argv, ...withSecret], { env: pinned(), stdin, cwd: dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr });
  });

  test('an unknown --username-claim is a usage error listing the choices', async () => {
    const run = await verify(adminToken, [...withSecret, '--username-claim', 'uid']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: option '--username-claim <claim>' argument 'uid' is invalid. Allowed choices are sub, email, name.");
  });

  test('no key: a usage error listing the six key flags', async () => {
    const run = await verify(adminToken, ['--issuer', ISSUER]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error KEY_SOURCE_MISSING: verification key is not given: give exactly one of --shared-secret-file, --shared-secret, --rsa-private-keyfile, --ecdsa-private-keyfile, --rsa-public-keyfile, --ecdsa-public-keyfile (or set PORTWORX_AUTH_SHARED_SECRET)\n',
    });
  });

  test('a public key file that is not a key', async () => {
    const run = await verify(adminToken, ['--issuer', ISSUER, '--rsa-public-keyfile', 'not-a-key.pem']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error KEY_FILE_INVALID: --rsa-public-keyfile "not-a-key.pem" is not a PEM public key or certificate: give a file starting with "-----BEGIN PUBLIC KEY-----" (as `openssl pkey -pubout` writes)\n',
    });
  });
});

describe('pxsec token decode', () => {
  const handMade = (claims: Record<string, unknown>): string => handSigned(claims, 'any key');

  test('header, claims, times in UTC and "expires in", without a key', async () => {
    const token = handMade({
      email: '',
      exp: NOW + 3 * 3600 + 125,
      iat: NOW - 600,
      iss: ISSUER,
      name: 'tenant-a',
      nbf: NOW - 60,
      roles: ['system.user'],
      sub: 's',
    });
    const run = await runCaptured(['token', 'decode', token], { env: pinned() });
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'header:',
        '  alg: "HS256"',
        '  typ: "JWT"',
        'claims:',
        '  email: ""',
        `  exp: ${NOW + 3 * 3600 + 125} (2023-11-15T01:15:25Z, expires in 3h 2m)`,
        `  iat: ${NOW - 600} (2023-11-14T22:03:20Z)`,
        '  iss: "portworx.com"',
        '  name: "tenant-a"',
        `  nbf: ${NOW - 60} (2023-11-14T22:12:20Z)`,
        '  roles: ["system.user"]',
        '  sub: "s"',
        '',
      ].join('\n'),
    });
  });

  test('an expired token from stdin, --json', async () => {
    const token = handMade({ exp: NOW - 2 * DAY - 3600, iss: ISSUER });
    const run = await runCaptured(['token', 'decode', '-', '--json'], { env: pinned(), stdin: `${token}\n` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { exp: NOW - 2 * DAY - 3600, iss: ISSUER },
      times: { exp: '2023-11-12T21:13:20Z' },
      expiry: 'expired 2d 1h ago',
    });
  });

  test('a token that is not a JWT: exit 2, the token not repeated', async () => {
    const run = await runCaptured(['token', 'decode', 'not-a-token'], { env: pinned() });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error TOKEN_MALFORMED: <token> is not a JWT: it has 1 part separated by ".", not 3: give the whole token: three base64url parts separated by "." (header.claims.signature)\n',
    });
    expect(run.stderr).not.toContain('not-a-token');
  });
});

describe('--help', () => {
  test.each([
    [['--help'], ['token', 'keys']],
    [
      ['token', '--help'],
      ['generate', 'verify', 'decode'],
    ],
    [
      ['token', 'generate', '--help'],
      [
        '--auth-config <file>',
        '--issuer <issuer>',
        '--shared-secret-file <file>',
        '--shared-secret <secret>',
        '--rsa-private-keyfile <file>',
        '--ecdsa-private-keyfile <file>',
        '--token-duration <duration>',
        '(default: "1d")',
        '--output <file>',
        '--allow-all-groups',
        'Examples:',
      ],
    ],
    [
      ['token', 'verify', '--help'],
      [
        '--issuer <issuer>',
        '--rsa-public-keyfile <file>',
        '--ecdsa-public-keyfile <file>',
        '--username-claim <claim>',
        '"sub", "email", "name"',
        '--json',
        'taken exactly as given',
        'one final newline ends the line',
        'Examples:',
      ],
    ],
    [
      ['token', 'decode', '--help'],
      ['--json', 'Examples:'],
    ],
  ])('%j: exit 0, lists %j', async (argv, expected) => {
    const run = await runCaptured(argv);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const text of expected) expect(run.stdout.replace(/\s+/g, ' ')).toContain(text);
  });
});

describe('no secret in any output', () => {
  /** The secret, and a fragment of it, must appear in no stream. */
  const assertNoSecret = (output: string): void => {
    expect(output).not.toContain(SHARED_SECRET);
    expect(output).not.toContain(SHARED_SECRET.slice(20, 36));
  };

  test('every error path fed the known secret through flags, files and env', async () => {
    writeFileSync(at('secret-as-yaml.yaml'), `${SHARED_SECRET}\n`);
    writeFileSync(at('secret-in-key.yaml'), `name: a\nroles: ["system.user"]\n${SHARED_SECRET}: x\n`);
    const viewer = join(AUTH_CONFIGS, 'viewer.yaml');
    const secretEnv = { PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET };
    const token = await generate(viewer);
    const scenarios: { argv: string[]; env?: Record<string, string>; stdin?: string }[] = [
      { argv: ['token', 'generate', '--auth-config', viewer, '--shared-secret', SHARED_SECRET] },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--shared-secret', SHARED_SECRET, '--shared-secret-file', 'shared-secret'] },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--shared-secret', SHARED_SECRET, '--token-duration', '90'] },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--shared-secret', SHARED_SECRET, '--output', 'no-such-dir/t.jwt'] },
      { argv: ['token', 'generate', '--auth-config', 'secret-as-yaml.yaml', '--issuer', ISSUER], env: secretEnv },
      { argv: ['token', 'generate', '--auth-config', 'shared-secret', '--issuer', ISSUER], env: secretEnv },
      { argv: ['token', 'generate', '--auth-config', 'secret-in-key.yaml', '--issuer', ISSUER], env: secretEnv },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--rsa-private-keyfile', 'shared-secret'] },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--ecdsa-private-keyfile', 'shared-secret'] },
      { argv: ['token', 'generate', '--auth-config', viewer, '--issuer', ISSUER, '--shared-secret-file', 'shared-secret', '--unknown'] },
      { argv: ['token', 'verify', '-', '--issuer', ISSUER, '--rsa-public-keyfile', 'shared-secret'], stdin: token },
      { argv: ['token', 'verify', '-', '--issuer', 'other', '--shared-secret', SHARED_SECRET], stdin: token },
      { argv: ['token', 'verify', '-', '--issuer', ISSUER], env: { ...secretEnv, SOURCE_DATE_EPOCH: String(NOW + 2 * DAY) }, stdin: token },
      { argv: ['token', 'verify', '-', '--issuer', ISSUER, '--shared-secret-file', 'other-secret', '--json'], env: secretEnv, stdin: token },
      { argv: ['token', 'verify', SHARED_SECRET, '--issuer', ISSUER], env: secretEnv },
      { argv: ['token', 'verify', '-', '--issuer', ISSUER], env: secretEnv, stdin: SHARED_SECRET },
      { argv: ['token', 'decode', SHARED_SECRET], env: secretEnv },
      { argv: ['token', 'decode', `${SHARED_SECRET}.${SHARED_SECRET}.${SHARED_SECRET}`] },
    ];
    const failures: string[] = [];
    for (const scenario of scenarios) {
      const run = await runCaptured(scenario.argv, { env: { ...pinned(), ...scenario.env }, stdin: scenario.stdin ?? '', cwd: dir });
      const output = run.stdout + run.stderr;
      if (run.code === 0) failures.push(`exit 0: ${scenario.argv.join(' ')}`);
      if (output.includes(SHARED_SECRET) || output.includes(SHARED_SECRET.slice(20, 36))) failures.push(`secret shown: ${scenario.argv.join(' ')}`);
      if (run.stderr.includes(token)) failures.push(`token shown: ${scenario.argv.join(' ')}`);
    }
    expect(failures).toEqual([]);
  });

  test('--help of every command, with the secret in the env', async () => {
    for (const argv of [[], ['token'], ['token', 'generate'], ['token', 'verify'], ['token', 'decode'], ['keys'], ['keys', 'generate']]) {
      const run = await runCaptured([...argv, '--help'], { env: { PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET } });
      expect(run.code).toBe(0);
      assertNoSecret(run.stdout + run.stderr);
    }
  });
});
