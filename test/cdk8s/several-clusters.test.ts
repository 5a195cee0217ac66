/**
 * Several clusters, played as a platform team would: prod and staging as two Apps in one process and as one App
 * with a chart per cluster, on default keys (the keystore `.pxsec/keystore.json` in the working directory). Each
 * cluster gets its own keys, a token of one is refused by the other's keys (by the library's verifier and by
 * PyJWT, an independent one), sharing keys happens only when asked for, and a keystore written before several
 * clusters keeps its keys.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, PxKeys, generateKeys, keysFromKeystore, verifyToken } from '../../lib';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { runCaptured } from '../support/captured-io';
import { caughtPxSecurityError } from '../support/caught';
import { findObject, parseManifest, secretValues } from '../support/cdk8s-synth';

const SPEC = PortworxSpec.fromFile(join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
/** The cluster name the example spec gives (`-c px-cluster-3b5c1c3e`). */
const SPEC_CLUSTER = 'px-cluster-3b5c1c3e';
const ISSUER = 'portworx.com';
const PYTHON = '/usr/bin/python3';

let work: string;
let before: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pxsec-clusters-'));
  before = process.cwd();
  process.chdir(work);
  // The keystore notices go to stderr: keep the test output readable.
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.chdir(before);
  rmSync(work, { recursive: true, force: true });
});

/** One cluster with a tenant in `chart`, on default keys unless `keys` is given. */
function clusterWithTenant(chart: Chart, clusterName?: string, keys?: PxKeys): PxSecureCluster {
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: SPEC, issuer: ISSUER, clock: TEST_CLOCK, clusterName, keys });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  return cluster;
}

/** What one cluster's output file holds: its keys and its tenant's token. */
interface ClusterOutput {
  readonly keys: Record<string, string>;
  readonly tenantToken: string;
}

function outputOf(file: string): ClusterOutput {
  const objects = parseManifest(readFileSync(file, 'utf8'));
  return {
    keys: secretValues(findObject(objects, 'Secret', 'pxkeys', 'kube-system')),
    tenantToken: secretValues(findObject(objects, 'Secret', 'px-k8s-user', 'tenant-a'))['auth-token'] as string,
  };
}

/** An App writing to dist/<name> with one chart holding one cluster. */
function synthApp(name: string, clusterName?: string, keys?: PxKeys): ClusterOutput {
  const app = new App({ outdir: join('dist', name) });
  clusterWithTenant(new Chart(app, 'portworx'), clusterName, keys);
  app.synth();
  return outputOf(join('dist', name, 'portworx.k8s.yaml'));
}

/** The library verifier's verdict on `token` with `sharedSecret`. */
function verifiedBy(token: string, sharedSecret: string): boolean {
  return verifyToken(token, { issuers: [ISSUER], key: { sharedSecret }, now: TEST_NOW_MS / 1000 }).valid;
}

/** PyJWT's verdicts (test/interop/pyjwt_verify.py reads the cases on stdin), or undefined when it is not installed. */
function pyjwtVerdicts(cases: readonly { token: string; key: string }[]): boolean[] | undefined {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import jwt']).status !== 0) return undefined;
  const input = JSON.stringify(cases.map(({ token, key }) => ({ token, key, algorithm: 'HS256', issuer: ISSUER, now: TEST_NOW_MS / 1000 })));
  const run = spawnSync(PYTHON, [join(__dirname, '../interop/pyjwt_verify.py')], { input, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { ok: boolean }[]).map((result) => result.ok);
}

/** Every key of `a` differs from every key of `b`, and each token opens only its own cluster. */
function expectSeparate(a: ClusterOutput, b: ClusterOutput): void {
  for (const value of Object.values(a.keys)) expect(Object.values(b.keys)).not.toContain(value);
  const own = [a, b].map((c) => ({ token: c.tenantToken, key: c.keys['shared-secret'] as string }));
  const crossed = [
    { token: a.tenantToken, key: b.keys['shared-secret'] as string },
    { token: b.tenantToken, key: a.keys['shared-secret'] as string },
  ];
  expect(own.map(({ token, key }) => verifiedBy(token, key))).toEqual([true, true]);
  expect(crossed.map(({ token, key }) => verifiedBy(token, key))).toEqual([false, false]);
  const python = pyjwtVerdicts([...own, ...crossed]);
  if (python === undefined) console.warn('PyJWT (python3-jwt) is not installed: only the library verifier was asked');
  else expect(python).toEqual([true, true, false, false]);
}

function keystoreClusters(): string[] {
  const document = JSON.parse(readFileSync('.pxsec/keystore.json', 'utf8')) as { clusters: Record<string, unknown> };
  return Object.keys(document.clusters).sort();
}

test('two Apps in one process, prod and staging, on default keys: each its own keystore entry and keys', () => {
  const prod = synthApp('prod', 'prod');
  const staging = synthApp('staging', 'staging');
  expectSeparate(prod, staging);
  expect(keystoreClusters()).toEqual(['prod', 'staging']);
  // Synthesized again (a second `cdk8s synth`), each reads its own entry back: the same bytes.
  expect(synthApp('prod', 'prod')).toEqual(prod);
});

/** `pxsec check --clusters <bundles> --json` in the working directory, at the test clock: exit code and finding codes. */
async function checkClusters(...bundles: string[]): Promise<{ code: number; codes: string[]; messages: string[] }> {
  const run = await runCaptured(['check', '--clusters', ...bundles, '--json', '--namespace-exists', 'tenant-a'], {
    cwd: work,
    env: { SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) },
  });
  const { findings } = JSON.parse(run.stdout) as { findings: { code: string; severity: string; message: string }[] };
  const errors = findings.filter((finding) => finding.severity === 'error');
  return { code: run.code, codes: errors.map((finding) => finding.code), messages: errors.map((finding) => finding.message) };
}

test('pxsec check --clusters: separate keys pass, shared keys are an error on each shared key', async () => {
  synthApp('prod', 'prod');
  synthApp('staging', 'staging');
  expect(await checkClusters('dist/prod', 'dist/staging')).toEqual({ code: 0, codes: [], messages: [] });
  const shared = keysFromKeystore('.pxsec/keystore.json', { cluster: 'shared' });
  synthApp('prod', 'prod', shared);
  synthApp('staging', 'staging', shared);
  const checked = await checkClusters('dist/prod', 'dist/staging');
  expect(checked.code).toBe(1);
  expect(checked.codes).toEqual(['KEYS_SHARED_BETWEEN_CLUSTERS', 'KEYS_SHARED_BETWEEN_CLUSTERS', 'KEYS_SHARED_BETWEEN_CLUSTERS']);
  expect(checked.messages.find((message) => message.startsWith('data["shared-secret"]'))).toBe(
    'data["shared-secret"] of this cluster (dist/staging) equals "shared-secret" of Secret kube-system/pxkeys in dist/prod/portworx.k8s.yaml, another cluster\'s bundle (dist/prod): a token signed for one cluster is accepted by the other',
  );
  for (const value of Object.values(shared)) expect(checked.messages.join('\n')).not.toContain(value);
  // Without --clusters the two directories are one bundle, as before: the same Secret twice is OBJECT_DUPLICATE.
  const asOne = await runCaptured(['check', 'dist/prod', 'dist/staging', '--json'], { cwd: work, env: { SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) } });
  expect(asOne.stdout).toContain('OBJECT_DUPLICATE');
  expect(asOne.stdout).not.toContain('KEYS_SHARED_BETWEEN_CLUSTERS');
});

test('two Apps built from one spec with no clusterName would share an entry: refused, naming both and the fix', () => {
  synthApp('prod');
  const error = caughtPxSecurityError(() => synthApp('staging'));
  expect(error.code).toBe('CLUSTER_KEYS_SHARED');
  expect(error.message).toBe(
    `portworx/portworx "${SPEC_CLUSTER}" is named "${SPEC_CLUSTER}" by its spec, like the cluster portworx/portworx of the app writing to ${join(work, 'dist/prod')}: ` +
      `both would take the keystore entry "${SPEC_CLUSTER}", so their keys (and every token) would be equal: give each cluster its own clusterName (e.g. "prod" and "staging"); ` +
      `to share keys on purpose, pass keys: keysFromKeystore('.pxsec/keystore.json', { cluster: '${SPEC_CLUSTER}' }) to both`,
  );
});

test('one App, one chart per cluster: two files, separate keys', () => {
  const app = new App({ outdir: 'dist' });
  clusterWithTenant(new Chart(app, 'prod'), 'prod');
  clusterWithTenant(new Chart(app, 'staging'), 'staging');
  app.synth();
  expect(readdirSync('dist').sort()).toEqual(['prod.k8s.yaml', 'staging.k8s.yaml']);
  expectSeparate(outputOf('dist/prod.k8s.yaml'), outputOf('dist/staging.k8s.yaml'));
});

test('sharing keys happens when asked for: both clusters given one keystore entry', () => {
  const shared = (): PxKeys => keysFromKeystore('.pxsec/keystore.json', { cluster: 'shared' });
  const prod = synthApp('prod', 'prod', shared());
  const staging = synthApp('staging', 'staging', shared());
  expect(staging.keys).toEqual(prod.keys);
  expect(keystoreClusters()).toEqual(['shared']);
});

test('a keystore of one cluster (written before several clusters) keeps its keys for the first cluster; the next gets new ones', () => {
  const old = generateKeys();
  const legacy = `${JSON.stringify({ 'system-secret': old.system, 'stork-secret': old.stork, 'shared-secret': old.shared }, null, 2)}\n`;
  mkdirSync('.pxsec', { mode: 0o700 });
  writeFileSync('.pxsec/keystore.json', legacy, { mode: 0o600 });
  const prod = synthApp('prod');
  expect(prod.keys).toEqual({ 'system-secret': old.system, 'stork-secret': old.stork, 'shared-secret': old.shared });
  expect(keystoreClusters()).toEqual([SPEC_CLUSTER]);
  const staging = synthApp('staging', 'staging');
  expectSeparate(prod, staging);
  expect(keystoreClusters()).toEqual([SPEC_CLUSTER, 'staging']);
});
