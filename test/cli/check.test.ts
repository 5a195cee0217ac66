/**
 * `pxsec check` in-process: the cdk8s example's output is clean, exit codes, the three output formats (SARIF
 * checked structurally), standard input, and never a key or a token in any output.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { PxExampleChart } from '../../examples/cdk8s/app';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { runCaptured } from '../support/captured-io';
import { definedAt } from '../support/defined';
import { makeManifestsPrivate } from '../support/private-files';

const FIXTURES = join(__dirname, '../fixtures/check');
/** The fixtures' time: 2026-01-15T00:00:00Z, the same instant as the cdk8s tests' pinned clock. */
const ENV = { SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) };

let dir: string;

beforeAll(() => {
  // A copy outside any git work tree: in the repository their plaintext Secrets would add SECRET_PLAINTEXT_IN_GIT.
  dir = mkdtempSync(join(tmpdir(), 'pxsec-check-'));
  cpSync(FIXTURES, dir, { recursive: true });
  // Private, as plaintext key and token files must be (else MANIFEST_PERMISSIONS); that rule is tested below.
  makeManifestsPrivate(dir, ['manifest-permissions.yaml']);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The fixtures' token Secrets live in namespaces their small bundles do not create: declared as existing here. */
const FIXTURE_NAMESPACES = ['--namespace-exists', 'portworx', '--namespace-exists', 'tenant-a', '--namespace-exists', 'tenant-b'];
const check = (argv: readonly string[], stdin?: string) =>
  runCaptured(['check', ...argv, ...FIXTURE_NAMESPACES], { cwd: dir, env: ENV, ...(stdin === undefined ? {} : { stdin }) });

test("pxsec check dist/ on the cdk8s example's output: clean, exit 0", async () => {
  const app = Testing.app();
  new PxExampleChart(app, 'px-security', { keys: SUITE_KEYS, clock: TEST_CLOCK });
  const dist = join(dir, 'example-dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'px-security.k8s.yaml'), app.synthYaml(), { mode: 0o600 });
  const run = await check(['example-dist/']);
  expect(run).toEqual({ code: 0, stdout: expect.stringMatching(/^0 errors, 0 warnings \(\d+ objects in 1 file\)\n$/), stderr: '' });
});

describe('exit codes', () => {
  test('0 for a clean bundle', async () => {
    expect(await check(['clean'])).toEqual({ code: 0, stdout: '0 errors, 0 warnings (13 objects in 3 files)\n', stderr: '' });
  });

  test('0 with warnings only', async () => {
    const run = await check(['token-expiring.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 errors, 1 warning, 1 info (1 object in 1 file)\n');
  });

  test('1 with errors, and the findings on standard output', async () => {
    const run = await check(['stork-key-mismatch.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Deployment kube-system/stork',
        '  error   STORK_KEY_MISMATCH stork-key-mismatch.yaml:69 spec.template.spec.containers[stork].env[PX_SHARED_SECRET]',
        '          PX_SHARED_SECRET comes from Secret kube-system/pxkeys key "shared-secret", but the portworx container\'s PORTWORX_AUTH_STORK_KEY comes from Secret kube-system/pxkeys key "stork-secret": Portworx rejects stork\'s tokens unless both are the same key',
        '          fix: take PX_SHARED_SECRET from the same Secret and key as PORTWORX_AUTH_STORK_KEY (the stork-secret of the keys Secret)',
        '',
        '1 error, 0 warnings (3 objects in 1 file)',
        '',
      ].join('\n'),
    );
  });

  test('2 for a path that cannot be read', async () => {
    expect(await check(['clean', 'missing.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error CHECK_INPUT_UNREADABLE: PATH "missing.yaml" cannot be read (ENOENT): give manifest files or directories you can read, or "-" for standard input\n',
    });
  });

  test('2 for invalid YAML, naming file, line and column', async () => {
    const run = await check(['-'], 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:  auth-token: |-\n  abc\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pxsec: error SPEC_INVALID_YAML: <stdin>:5:\d+ is not valid YAML/);
    expect(run.stdout).toBe('');
  });

  test('2 for a bad --warn-expiry, a second output format or a bad SOURCE_DATE_EPOCH', async () => {
    expect(await check(['clean', '--warn-expiry', '1h30m'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pxsec: error DURATION_INVALID: --warn-expiry "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"\n',
    });
    expect(await check(['clean', '--json', '--format', 'sarif'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pxsec: error CHECK_FLAGS_INVALID: --json is given with --format sarif: give one output format: --json, or --format text|json|sarif\n',
    });
    const badClock = await runCaptured(['check', 'clean'], { cwd: dir, env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(badClock.code).toBe(2);
    expect(badClock.stderr).toContain('SOURCE_DATE_EPOCH_INVALID');
    expect((await check([])).code).toBe(2);
  });
});

test('--warn-expiry: a token 10 days from expiry is a warning at 30d (the default), nothing at 7d', async () => {
  expect((await check(['token-expiring.yaml', '--json'])).stdout).toContain('"code": "TOKEN_EXPIRING"');
  expect((await check(['token-expiring.yaml', '--json', '--warn-expiry', '7d'])).stdout).not.toContain('TOKEN_EXPIRING');
});

test('--json: the findings and a summary', async () => {
  const run = await check(['token-sub-shared.yaml', '--json']);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as { findings: { code: string; object: string; location: unknown }[]; summary: unknown };
  expect(report.summary).toEqual({ errors: 2, warnings: 0, info: 1, files: 1, objects: 2 });
  expect(report.findings.map((finding) => [finding.code, finding.object, finding.location])).toEqual([
    ['TOKEN_SUB_SHARED', 'Secret tenant-a/px-k8s-user', { file: 'token-sub-shared.yaml', line: 9 }],
    ['TOKEN_SUB_SHARED', 'Secret tenant-b/px-k8s-user', { file: 'token-sub-shared.yaml', line: 18 }],
    ['CLUSTER_NOT_IN_BUNDLE', 'bundle', undefined],
  ]);
  expect(await check(['token-sub-shared.yaml', '--format', 'json'])).toEqual(run);
});

test('standard input ("-") is read with the files, named <stdin>', async () => {
  const run = await check(['clean', '-', '--json'], readFileSync(join(FIXTURES, 'token-malformed.yaml'), 'utf8'));
  const report = JSON.parse(run.stdout) as { findings: { code: string; location: { file: string } }[]; summary: { files: number } };
  expect(run.code).toBe(1);
  expect(report.summary.files).toBe(4);
  // The malformed token sits at the place of one of the clean bundle's token Secrets, so it replaces that one too.
  expect(report.findings.map((finding) => [finding.code, finding.location.file])).toEqual([
    ['OBJECT_DUPLICATE', '<stdin>'],
    ['TOKEN_MALFORMED', '<stdin>'],
  ]);
});

test('--format sarif: a structurally valid SARIF 2.1.0 log', async () => {
  const run = await check(['.', '--format', 'sarif']);
  expect(run.code).toBe(1);
  const log = JSON.parse(run.stdout) as Record<string, any>;
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.runs).toHaveLength(1);
  const sarifRun = definedAt(log.runs as Record<string, any>[], 0, 'SARIF runs');
  expect(sarifRun.tool.driver.name).toBe('pxsec');
  const rules = sarifRun.tool.driver.rules as Record<string, any>[];
  const ids = rules.map((rule) => rule.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of rules) {
    expect(typeof rule.shortDescription.text).toBe('string');
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
  }
  const results = sarifRun.results as Record<string, any>[];
  expect(results.length).toBeGreaterThan(40);
  for (const result of results) {
    expect(ids[result.ruleIndex as number]).toBe(result.ruleId);
    expect(['error', 'warning', 'note']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    for (const location of result.locations as Record<string, any>[]) {
      expect(typeof location.physicalLocation.artifactLocation.uri).toBe('string');
      expect(location.physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\/);
      expect(Number.isInteger(location.physicalLocation.region.startLine) && location.physicalLocation.region.startLine > 0).toBe(true);
    }
  }
  const expired = results.find((result) => result.ruleId === 'TOKEN_EXPIRED') as Record<string, any>;
  expect(expired.level).toBe('error');
  expect(expired.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'token-expired.yaml' }, region: { startLine: 9 } });
});

test('--format sarif: info findings are notes, and a finding about the bundle as a whole has no location', async () => {
  const log = JSON.parse((await check(['cluster-not-in-bundle.yaml', '--format', 'sarif'])).stdout) as Record<string, any>;
  expect(log.runs[0].tool.driver.rules).toEqual([
    {
      id: 'CLUSTER_NOT_IN_BUNDLE',
      shortDescription: { text: 'no portworx DaemonSet or StorageCluster in the bundle: issuers and signatures were not checked' },
      help: { text: 'check the tokens together with the install spec and the keys Secret' },
      defaultConfiguration: { level: 'note' },
    },
  ]);
  expect(log.runs[0].results).toEqual([expect.objectContaining({ ruleId: 'CLUSTER_NOT_IN_BUNDLE', ruleIndex: 0, level: 'note', locations: [] })]);
});

test('the same inputs give the same bytes', async () => {
  for (const format of ['text', 'json', 'sarif']) {
    const first = await check(['.', '--format', format]);
    expect(await check(['.', '--format', format])).toEqual(first);
  }
});

describe('no output ever holds a key or a token', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml') || name === 'clean');
  const secrets = knownSecrets();

  test('the fixtures hold known keys and tokens to look for', () => {
    expect(secrets.length).toBeGreaterThan(50);
  });

  test.each(fixtures)('%s, in every format', async (fixture) => {
    for (const format of ['text', 'json', 'sarif']) {
      const run = await check([fixture, '--format', format]);
      const output = run.stdout + run.stderr;
      expect(secrets.filter((secret) => output.includes(secret))).toEqual([]);
    }
  });
});

/**
 * Every key and token of the fixtures as written (base64) and decoded, and the payload and signature parts of
 * every token, read with the yaml library independently of the code under test.
 */
function knownSecrets(): string[] {
  const values = new Set<string>();
  const add = (value: unknown): void => {
    if (typeof value !== 'string' || value.trim().length < 8) return;
    values.add(value.trim());
    for (const part of value.trim().split('.')) if (part.length >= 16) values.add(part);
  };
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((name) => /\.(ya?ml|json)$/.test(name));
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(join(FIXTURES, file), 'utf8'), { uniqueKeys: false })) {
      const object = document.toJS() as Record<string, any> | null;
      const objects = object?.kind === 'List' ? (object.items as Record<string, any>[]) : [object];
      for (const item of objects) {
        if (item?.kind === 'Secret') {
          for (const value of Object.values((item.data ?? {}) as Record<string, string>)) {
            add(value);
            add(Buffer.from(value, 'base64').toString('utf8'));
          }
          for (const value of Object.values((item.stringData ?? {}) as Record<string, string>)) add(value);
        }
        for (const container of (item?.spec?.template?.spec?.containers ?? []) as Record<string, any>[]) {
          for (const env of (container.env ?? []) as Record<string, any>[]) if (/KEY|SECRET/.test(env.name as string)) add(env.value);
        }
      }
    }
  }
  return [...values];
}

describe('a token Secret in a namespace the bundle neither creates nor declares as existing', () => {
  const bare = (argv: readonly string[]) => runCaptured(['check', ...argv], { cwd: dir, env: ENV });
  const WARNING = [
    'Secret team-x/px-k8s-user',
    '  warning TOKEN_SECRET_NAMESPACE_UNKNOWN token-secret-namespace-unknown.yaml:6 metadata.namespace',
    '          the token Secret goes into namespace "team-x", which this bundle neither creates (no Namespace team-x) nor declares as existing; applying it fails with namespaces "team-x" not found unless the namespace is made elsewhere first',
    '          fix: add the Namespace to the bundle, or declare that it exists: pxsec check --namespace-exists NAME, or namespaceExists: true on the token Secret (annotation px-security-constructs/namespace-exists: "true")',
  ].join('\n');

  test('is a warning (exit 0) with its own code', async () => {
    const run = await bare(['token-secret-namespace-unknown.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${WARNING}\n`);
  });

  test('--namespace-exists NAME (repeatable) declares it', async () => {
    const run = await bare(['token-secret-namespace-unknown.yaml', '--namespace-exists', 'other', '--namespace-exists', 'team-x', '--json']);
    expect(run.stdout).not.toContain('TOKEN_SECRET_NAMESPACE_UNKNOWN');
  });

  test('--namespace-exists takes Kubernetes namespace names only', async () => {
    const run = await bare(['token-secret-namespace-unknown.yaml', '--namespace-exists', 'Team_X']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^pxsec: error NAME_INVALID: --namespace-exists "Team_X" /);
  });
});
