import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { keysSecretShape, planSecureCluster } from '../../lib/core/cluster/plan';
import { TEST_NOW_MS } from '../../lib/testing';
import { runCaptured } from '../support/captured-io';
import { defined } from '../support/defined';

const KEY_PATTERN = /^[A-Za-z0-9+/]{64}$/;

let dir: string;
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-keys-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface SecretManifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  type: string;
  data: Record<string, string>;
}

/** The three keys of a `secret` manifest, base64-decoded. */
function secretKeys(manifest: string): { system: string; stork: string; shared: string } {
  const secret = parse(manifest) as SecretManifest;
  const decoded = (key: string): string => Buffer.from(defined(secret.data[key], `data.${key}`), 'base64').toString('utf8');
  return { system: decoded('system-secret'), stork: decoded('stork-secret'), shared: decoded('shared-secret') };
}

describe('pxsec keys generate', () => {
  test('default: the pxkeys Secret manifest in kube-system, base64 data, three distinct 64-character keys', async () => {
    const run = await runCaptured(['keys', 'generate'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const secret = parse(run.stdout) as SecretManifest;
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pxkeys', namespace: 'kube-system', annotations: { 'stork.libopenstorage.org/skip-resource': 'true' } },
      type: 'Opaque',
      data: { 'shared-secret': expect.any(String), 'stork-secret': expect.any(String), 'system-secret': expect.any(String) },
    });
    expect(run.stdout).not.toContain('stringData');
    const keys = secretKeys(run.stdout);
    for (const key of Object.values(keys)) expect(key).toMatch(KEY_PATTERN);
    expect(new Set(Object.values(keys)).size).toBe(3);
  });

  test("the Secret's metadata is the constructs' keys Secret's: stork's skip-resource annotation, so stork backups leave the keys out", async () => {
    const run = await runCaptured(['keys', 'generate', '--name', 'px-keys', '--namespace', 'portworx'], { cwd: dir });
    expect(run.code).toBe(0);
    const plan = planSecureCluster({ issuer: 'portworx.com', keysSecretNamespace: 'portworx', keysSecretName: 'px-keys', now: TEST_NOW_MS / 1000 });
    expect((parse(run.stdout) as SecretManifest).metadata).toEqual(keysSecretShape(plan).metadata);
  });

  test('without --keystore every run makes new keys', async () => {
    const first = await runCaptured(['keys', 'generate', '--format', 'json']);
    const second = await runCaptured(['keys', 'generate', '--format', 'json']);
    expect(first.stdout).not.toBe(second.stdout);
  });

  test("--format env: export lines with the Portworx docs' variable names", async () => {
    const run = await runCaptured(['keys', 'generate', '--format', 'env']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^export PORTWORX_AUTH_SYSTEM_KEY=[A-Za-z0-9+/]{64}\nexport PORTWORX_AUTH_STORK_KEY=[A-Za-z0-9+/]{64}\nexport PORTWORX_AUTH_SHARED_SECRET=[A-Za-z0-9+/]{64}\n$/,
    );
  });

  test('--format json: {system, stork, shared}', async () => {
    const run = await runCaptured(['keys', 'generate', '--format', 'json']);
    expect(run.code).toBe(0);
    const keys = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(keys)).toEqual(['system', 'stork', 'shared']);
    for (const key of Object.values(keys)) expect(key).toMatch(KEY_PATTERN);
  });

  test('--keystore PATH: created 0600 on first use, then the same keys in every format, byte for byte', async () => {
    const secret = await runCaptured(['keys', 'generate', '--keystore', 'ks/keystore.json'], { cwd: dir });
    expect(secret.code).toBe(0);
    expect(statSync(at('ks/keystore.json')).mode & 0o777).toBe(0o600);
    expect(await runCaptured(['keys', 'generate', '--keystore', 'ks/keystore.json'], { cwd: dir })).toEqual({ ...secret, stderr: '' });
    const json = await runCaptured(['keys', 'generate', '--keystore', at('ks/keystore.json'), '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(secretKeys(secret.stdout));
    const env = await runCaptured(['keys', 'generate', '--keystore', 'ks/keystore.json', '--format', 'env'], { cwd: dir });
    const keys = secretKeys(secret.stdout);
    expect(env.stdout).toBe(
      `export PORTWORX_AUTH_SYSTEM_KEY=${keys.system}\nexport PORTWORX_AUTH_STORK_KEY=${keys.stork}\nexport PORTWORX_AUTH_SHARED_SECRET=${keys.shared}\n`,
    );
  });

  test('--keystore without a path uses .pxsec/keystore.json', async () => {
    const run = await runCaptured(['keys', 'generate', '--keystore', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(existsSync(at('.pxsec/keystore.json'))).toBe(true);
    expect(run.stderr).toBe(
      `px-security-constructs: created keystore ${at('.pxsec/keystore.json')} with new keys (mode 0600, git-ignored by ${at('.pxsec/.gitignore')}); back it up privately, every Secret and token is made from it\n`,
    );
    const again = await runCaptured(['keys', 'generate', '--format', 'json', '--keystore'], { cwd: dir });
    expect(again).toEqual({ code: 0, stdout: run.stdout, stderr: '' });
  });

  test('--name and --namespace place the Secret', async () => {
    const run = await runCaptured(['keys', 'generate', '--name', 'px-keys', '--namespace', 'portworx']);
    expect((parse(run.stdout) as SecretManifest).metadata).toMatchObject({ name: 'px-keys', namespace: 'portworx' });
  });

  test.each([
    [
      '--name',
      'PxKeys',
      'NAME_INVALID: --name "PxKeys" is not a valid RFC 1123 subdomain (uppercase "P" at position 1): use at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, such as "pxkeys"',
    ],
    [
      '--namespace',
      'kube_system',
      'NAME_INVALID: --namespace "kube_system" is not a valid RFC 1123 label ("_" at position 5 is not allowed): use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, such as "kube-system"',
    ],
  ])('%s %s: exit 2, %s', async (flag, value, message) => {
    const run = await runCaptured(['keys', 'generate', flag, value]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `pxsec: error ${message}\n` });
  });

  test('an unknown --format is a usage error listing the formats', async () => {
    const run = await runCaptured(['keys', 'generate', '--format', 'yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are secret, env, json.");
  });

  test('--output writes mode 0600 and says so on stderr; an existing readable file is refused', async () => {
    const run = await runCaptured(['keys', 'generate', '--format', 'env', '--output', 'keys.env'], { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'pxsec keys generate: wrote the keys to keys.env (mode 0600)\n' });
    expect(statSync(at('keys.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(at('keys.env'), 'utf8')).toMatch(/^export PORTWORX_AUTH_SYSTEM_KEY=/);

    writeFileSync(at('public.yaml'), 'old');
    chmodSync(at('public.yaml'), 0o640);
    const refused = await runCaptured(['keys', 'generate', '--output', 'public.yaml'], { cwd: dir });
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error OUTPUT_FILE_EXPOSED: --output "public.yaml" exists with mode 0640, readable by group or others: remove it or run "chmod 600" on it first, or give a new path\n',
    });
    expect(readFileSync(at('public.yaml'), 'utf8')).toBe('old');
  });

  describe('a broken keystore is an error that shows none of its content', () => {
    const known = 'known-keystore-secret-Zx8Cv7Bn6Mm5Lk4Jh3Gf2Ds1Aq0Wp9OiUy';
    test.each([
      [
        'a key missing',
        { 'stork-secret': known, 'shared-secret': known },
        (path: string) =>
          `KEYSTORE_CORRUPT: keystore "${path}" has no string "system-secret": restore it from a backup, or move it away to create new keys (then update every Secret made with the old ones)`,
      ],
      [
        'the same value twice',
        { 'system-secret': known, 'stork-secret': known, 'shared-secret': `${known}-other` },
        (path: string) =>
          `KEYS_NOT_DISTINCT: keystore ${path}: stork-secret equals keystore ${path}: system-secret; the three keys must differ (one leaked key would open both doors): give keystore ${path}: stork-secret its own random value`,
      ],
    ])('%s', async (_case, content, message) => {
      writeFileSync(at('broken-keystore.json'), JSON.stringify(content), { mode: 0o600 });
      const run = await runCaptured(['keys', 'generate', '--keystore', 'broken-keystore.json'], { cwd: dir });
      expect(run).toEqual({ code: 2, stdout: '', stderr: `pxsec: error ${message(at('broken-keystore.json'))}\n` });
      expect(run.stderr).not.toContain(known.slice(10, 30));
    });
  });

  test.each([[['keys', '--help']], [['keys', 'generate', '--help']]])('%j: exit 0 with the options and examples', async (argv) => {
    const run = await runCaptured(argv);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const expected =
      argv.length === 2
        ? ['generate']
        : [
            '--format <format>',
            '"secret", "env", "json"',
            '--keystore [path]',
            '.pxsec/keystore.json',
            '--name <name>',
            '--namespace <namespace>',
            '--output <file>',
            'Examples:',
          ];
    for (const text of expected) expect(run.stdout.replace(/\s+/g, ' ')).toContain(text);
  });
});
