/**
 * Leak sweep: every command, output format and error path, fed keys and tokens of every shape (values starting
 * with YAML indicators `*`, `!`, `&`, `|`, `>`, `%`, `@`, quotes and more, written plain, quoted, as block
 * scalars and base64), asserting that no value ever appears on standard output or standard error, except where
 * printing it is the command's purpose (the secured spec that `patch` prints, the keys that `keys generate`
 * prints, the token that `token generate` prints).
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ECHOED_ARGUMENT } from '../../lib/cli/io';
import { resolveIdentity } from '../../lib/core/token/identity';
import { MIN_KEY_LENGTH } from '../../lib/core/keys/keys';
import { mintToken } from '../../lib/core/token/token-sign';
import { runCaptured, PxsecRun } from '../support/captured-io';
import { defined } from '../support/defined';

const PREFIXES = ['*', '!', '!!', '&', '|', '>', '%', '@', '"', "'", '`', '#', '{', '[', '- ', '? ', ': ', '\\', ' ', '=', ',', '~'];
const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z
const CERT = join(__dirname, '../fixtures/sealing/example-sealing-cert.pem');

/** A value of a given shape: the prefix, then a canary that names it, padded to a key's 64 characters. */
function shaped(prefix: string, index: number): { value: string; canary: string } {
  const canary = `LeakCanary${String(index).padStart(3, '0')}q`;
  const value = `${prefix}${canary}`.padEnd(64, 'x7Yp3Kd9Wm2Rt5Nb8Vc4Hs6Jf1Gq0Lz');
  return { value, canary };
}

/** The ways a value is written into YAML: some valid, some not (which is the point). */
const RENDERINGS: Readonly<Record<string, (value: string) => string>> = {
  plain: (value) => value,
  double: (value) => JSON.stringify(value),
  single: (value) => `'${value.replace(/'/g, "''")}'`,
  literal: (value) => `|\n    ${value}`,
  flow: (value) => `[${value}]`,
};

const VALUES = PREFIXES.map((prefix, i) => ({ prefix, ...shaped(prefix, i) }));
const identity = resolveIdentity({ name: 'Leak Sweep', email: 'sweep@example.com', roles: ['system.user'], groups: ['sweepers'] }, { field: 'test' });
/** Tokens signed with the shaped shared secrets, then reshaped: prefixed, truncated, with a foreign signature. */
const TOKENS = VALUES.flatMap(({ prefix, value }, i) => {
  const token = mintToken({ identity, issuer: 'portworx.com', key: { algorithm: 'HS256', sharedSecret: value }, issuedAt: NOW - 600, expiresAt: NOW + 3600 });
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [
    { token, needles: [signature], secret: value, name: `token ${i}` },
    { token: `${prefix}${token}`, needles: [signature], secret: value, name: `prefixed token ${i}` },
    { token: `${header}.${payload}.${signature.slice(0, 20)}`, needles: [signature.slice(0, 20)], secret: value, name: `truncated token ${i}` },
    { token: `${header}.${payload}`, needles: [payload], secret: value, name: `two-part token ${i}` },
    { token: `${prefix}${signature}`, needles: [signature], secret: value, name: `signature only ${i}` },
  ];
});

let dir: string;
const at = (name: string): string => join(dir, name);
const tally = { runs: 0, checks: 0 };

beforeAll(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'pxsec-leaks-'));
  fs.copyFileSync(CERT, at('cert.pem'));
  fs.writeFileSync(at('viewer.yaml'), 'name: Viewer\nemail: viewer@example.com\nroles: ["system.view"]\ngroups: ["viewers"]\n');
  fs.writeFileSync(
    at('spec.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: portworx, namespace: kube-system}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: portworx',
      '          image: portworx/oci-monitor:3.1.0',
      '          args: ["-c", "px-cluster"]',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  // The counts the issue's note reports.
  process.stdout.write(`leak sweep: ${tally.runs} runs, ${tally.checks} needle checks\n`);
});

async function run(argv: string[], stdin?: string): Promise<PxsecRun> {
  tally.runs += 1;
  return runCaptured(argv, { cwd: dir, env: { SOURCE_DATE_EPOCH: String(NOW) }, ...(stdin === undefined ? {} : { stdin }) });
}

/** No needle in `text`, and no internal error. */
function expectNoLeak(result: PxsecRun, needles: readonly string[], streams: 'both' | 'stderr' = 'both'): void {
  const text = streams === 'both' ? `${result.stdout}${result.stderr}` : result.stderr;
  for (const needle of needles) {
    tally.checks += 1;
    expect(text).not.toContain(needle);
  }
  expect(result.code).not.toBe(70);
  expect(result.stderr).not.toContain('internal error');
}

function keysSecretYaml(value: string, render: (value: string) => string, key = 'shared-secret'): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pxkeys\n  namespace: kube-system\nstringData:\n  ${key}: ${render(value)}\n`;
}

function tokenSecretYaml(token: string, render: (value: string) => string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: px-user\n  namespace: tenant-a\nstringData:\n  auth-token: ${render(token)}\n`;
}

describe.each(Object.keys(RENDERINGS))('values written %s', (rendering) => {
  const render = defined(RENDERINGS[rendering], `rendering ${rendering}`);

  test.each(VALUES)('key value starting with $prefix: check (text, json, sarif), patch (stdout, --diff, --check, -o), seal', async ({ value, canary }) => {
    const secret = keysSecretYaml(value, render);
    fs.writeFileSync(at('secret.yaml'), secret);
    fs.writeFileSync(at('bundle.yaml'), `${secret}---\n${keysSecretYaml(value, render, 'system-secret')}---\n${fs.readFileSync(at('spec.yaml'), 'utf8')}`);
    const needles = [canary, value.trim()];
    for (const format of [[], ['--json'], ['--format', 'sarif']]) {
      expectNoLeak(await run(['check', 'secret.yaml', ...format]), needles);
      expectNoLeak(await run(['check', 'bundle.yaml', ...format]), needles);
      expectNoLeak(await run(['check', '-', ...format], secret), needles);
      expectNoLeak(await run(['check', 'bundle.yaml', '-', '--namespace-exists', 'tenant-a', '--max-input-size', '1M', ...format], secret), needles);
    }
    // patch prints the secured spec, Secret included, on success: only its messages must stay clean then.
    const printed = await run(['patch', 'bundle.yaml', '--issuer', 'portworx.com']);
    expectNoLeak(printed, needles, printed.code === 0 ? 'stderr' : 'both');
    expectNoLeak(await run(['patch', 'bundle.yaml', '--issuer', 'portworx.com', '--check']), needles);
    expectNoLeak(await run(['patch', 'bundle.yaml', '--issuer', 'portworx.com', '-o', 'out.yaml']), needles);
    expectNoLeak(await run(['patch', 'secret.yaml', '--issuer', 'portworx.com']), needles);
    const diff = await run(['patch', 'bundle.yaml', '--issuer', 'portworx.com', '--diff']);
    expectNoLeak(diff, needles, diff.code === 0 ? 'stderr' : 'both');
    if (diff.code === 0)
      expect(
        diff.stdout
          .split('\n')
          .filter((line) => /^[+-][^+-]/.test(line))
          .join('\n'),
      ).not.toContain(canary);
    for (const extra of [[], ['--scope', 'cluster-wide'], ['-o', 'sealed.yaml']]) {
      expectNoLeak(await run(['seal', 'secret.yaml', '--cert', 'cert.pem', ...extra]), needles);
      expectNoLeak(await run(['seal', '-', '--cert', 'cert.pem', ...extra], secret), needles);
    }
    // seal's other error paths: a value that is not a string, a document that is not a Secret, a missing cert.
    expectNoLeak(await run(['seal', '-', '--cert', 'cert.pem'], `${secret}  other: [${render(value)}]\n`), needles);
    expectNoLeak(await run(['seal', '-', '--cert', 'missing.pem'], secret), needles);
    expectNoLeak(await run(['seal', 'bundle.yaml', '--cert', 'cert.pem']), needles);
  });

  test.each(TOKENS.filter((_, i) => i % 5 === 0 || rendering === 'plain'))('$name in a token Secret: check (text, json, sarif)', async ({ token, needles }) => {
    const secret = tokenSecretYaml(token, render);
    for (const format of [[], ['--json'], ['--format', 'sarif']]) {
      expectNoLeak(await run(['check', '-', ...format], secret), [...needles, token.trim()]);
    }
  });
});

describe('token commands', () => {
  test.each(TOKENS)('$name: verify (text, --json; argument and stdin; right and wrong key) and decode (text, --json)', async ({ token, needles, secret }) => {
    const others = VALUES.find((candidate) => candidate.value !== secret)?.value as string;
    const all = [...needles, token.trim(), secret.trim(), others.trim()];
    for (const key of [secret, others]) {
      fs.writeFileSync(at('shared.txt'), key, { mode: 0o600 });
      for (const json of [[], ['--json']]) {
        const verdicts = [
          await run(['token', 'verify', token, '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt', ...json]),
          await run(['token', 'verify', '-', '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt', ...json], token),
          await run(['token', 'verify', '-', '--shared-secret-file', 'shared.txt', ...json], token),
        ];
        for (const verdict of verdicts) expectNoLeak(verdict, all);
      }
    }
    for (const json of [[], ['--json']]) {
      expectNoLeak(
        await run(['token', 'decode', token, ...json]),
        [token.trim(), ...needles.filter((needle) => !token.startsWith(`${needle.split('.')[0]}.`))].slice(0, 1),
      );
      expectNoLeak(await run(['token', 'decode', '-', ...json], token), [token.trim()]);
    }
  });

  test.each(VALUES)('shared secret starting with $prefix: token generate (ok and every error path) never prints it', async ({ value, canary }) => {
    fs.writeFileSync(at('shared.txt'), value, { mode: 0o600 });
    const needles = [canary, value.trim()];
    // Success: stdout is the token (not the secret).
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'viewer.yaml', '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt']), needles);
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'viewer.yaml', '--issuer', 'portworx.com', '--shared-secret', value]), needles);
    // Error paths: a bad auth-config, a missing one, a duration, an output directory, two key sources, the secret as auth-config.
    // The secret pasted into an auth-config by mistake, as a value of an unknown key and as a key.
    fs.writeFileSync(at('bad.yaml'), `name: Viewer\nroles: ["system.view"]\nshared-secret: ${value}\n`);
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'bad.yaml', '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt']), needles);
    fs.writeFileSync(at('bad.yaml'), `name: Viewer\nroles: ["system.view"]\n${JSON.stringify(value)}: x\n`);
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'bad.yaml', '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt']), needles);
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'shared.txt', '--issuer', 'portworx.com', '--shared-secret-file', 'shared.txt']), needles);
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'missing.yaml', '--issuer', 'portworx.com', '--shared-secret', value]), needles);
    expectNoLeak(
      await run(['token', 'generate', '--auth-config', 'viewer.yaml', '--issuer', 'portworx.com', '--shared-secret', value, '--token-duration', '1h30m']),
      needles,
    );
    expectNoLeak(
      await run(['token', 'generate', '--auth-config', 'viewer.yaml', '--issuer', 'portworx.com', '--shared-secret', value, '--output', 'no/dir/t.jwt']),
      needles,
    );
    expectNoLeak(
      await run([
        'token',
        'generate',
        '--auth-config',
        'viewer.yaml',
        '--issuer',
        'portworx.com',
        '--shared-secret',
        value,
        '--shared-secret-file',
        'shared.txt',
      ]),
      needles,
    );
    // The secret file given as a key file, a certificate, a keystore, a spec, a manifest.
    expectNoLeak(await run(['token', 'generate', '--auth-config', 'viewer.yaml', '--issuer', 'portworx.com', '--rsa-private-keyfile', 'shared.txt']), needles);
    expectNoLeak(await run(['token', 'verify', 'a.b.c', '--ecdsa-public-keyfile', 'shared.txt']), needles);
    expectNoLeak(await run(['seal', 'shared.txt', '--cert', 'cert.pem']), needles);
    expectNoLeak(await run(['seal', 'viewer.yaml', '--cert', 'shared.txt']), needles);
    expectNoLeak(await run(['patch', 'shared.txt', '--issuer', 'portworx.com']), needles);
    expectNoLeak(await run(['check', 'shared.txt']), needles);
  });
});

describe('keys generate', () => {
  test.each(VALUES)('a keystore holding values starting with $prefix: every format, and the error paths', async ({ value, canary }) => {
    const needles = [canary, value.trim()];
    const keystore = (shared: string): string =>
      `${JSON.stringify({ 'system-secret': `${value}-system`, 'stork-secret': `${value}-stork`, 'shared-secret': shared }, null, 2)}\n`;
    // Weak, equal, corrupt, exposed: errors that must name the keystore but never a key.
    for (const [name, text, mode] of [
      ['weak.json', keystore('changeme'), 0o600],
      ['equal.json', keystore(`${value}-system`), 0o600],
      ['corrupt.json', keystore(value).slice(0, -5), 0o600],
      ['exposed.json', keystore(value), 0o644],
    ] as const) {
      fs.writeFileSync(at(name), text);
      fs.chmodSync(at(name), mode);
      for (const format of ['secret', 'env', 'json']) {
        expectNoLeak(await run(['keys', 'generate', '--keystore', name, '--format', format]), needles);
      }
    }
    // Success: the keys are the output (their purpose), so only stderr is checked, and --output writes them.
    fs.writeFileSync(at('good.json'), keystore(`${value}-shared`), { mode: 0o600 });
    expectNoLeak(await run(['keys', 'generate', '--keystore', 'good.json', '--format', 'env']), needles, 'stderr');
    expectNoLeak(await run(['keys', 'generate', '--keystore', 'good.json', '--format', 'json', '--output', 'keys.json']), needles);
  });

  test('a keystore created in a new .pxsec: the notice on standard error names the files, never a key', async () => {
    const directory = `created-${tally.runs}/.pxsec`;
    const created = await run(['keys', 'generate', '--keystore', `${directory}/keystore.json`, '--format', 'json']);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`${directory}/.gitignore`);
    const keys = Object.values(JSON.parse(fs.readFileSync(at(`${directory}/keystore.json`), 'utf8')) as Record<string, string>);
    expectNoLeak(created, keys, 'stderr');
    expectNoLeak(await run(['keys', 'generate', '--keystore', `${directory}/keystore.json`, '--format', 'env']), keys, 'stderr');
  });
});

describe('arguments echoed by the command-line parser', () => {
  const key32 = 'Kq7Zt2Wm9Rb4Nc8Vd3Hs6Jf1Gp0Lx5Ya'.slice(0, 32);

  test('a key of exactly the shortest accepted length (32 characters) given as an unknown command is not echoed', async () => {
    expect(key32).toHaveLength(32);
    const result = await run([key32]);
    expect(result.code).not.toBe(0);
    expectNoLeak(result, [key32]);
    expect(result.stderr).toContain('32 characters, not shown');
  });

  test('a long value starting with "-" (a key or token in the wrong place) is not echoed as an option spelling', async () => {
    const dashed = `-${'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(2)}`;
    for (const argv of [[dashed], ['token', 'decode', dashed], ['check', `-${key32}`], ['check', `--${key32.toLowerCase()}`]]) {
      const result = await run(argv);
      expect(result.code).not.toBe(0);
      expectNoLeak(
        result,
        argv.map((arg) => arg.replace(/^-+/, '')).filter((arg) => arg.length >= 31),
      );
    }
  });

  test('short arguments and real option spellings are still quoted', async () => {
    expect((await run(['nope'])).stderr).toContain("'nope'");
    expect((await run(['check', '--nope'])).stderr).toContain("'--nope'");
    const missing = await run(['patch', 'spec.yaml', '--oidc-custom-claim-namespace']);
    expect(missing.stderr).toContain("'--oidc-custom-claim-namespace <prefix>'");
  });
});

test('an error echoes only arguments shorter than the shortest accepted key', () => {
  expect(MAX_ECHOED_ARGUMENT).toBe(MIN_KEY_LENGTH - 1);
});
