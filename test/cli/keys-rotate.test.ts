/**
 * `pxsec keys rotate` and `pxsec keys rollback` on a keystore, and `pxsec patch --keystore`: a rotation a user
 * runs from the shell. Nothing of a key is printed; the keystore stays mode 0600 and is replaced atomically.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { keysDigest } from '../../lib/core/spec/keys-rollout';
import { runCaptured } from '../support/captured-io';

const OWN_SPECS = join(__dirname, '../fixtures/specs');
const AUTOPILOT_SPEC = '15-autopilot-flow-command-env.yaml';
const KEYSTORE = '.pxsec/keystore.json';

interface StoredKeys {
  readonly 'system-secret': string;
  readonly 'stork-secret': string;
  readonly 'shared-secret': string;
  readonly previous?: Omit<StoredKeys, 'previous'>;
}

let dir: string;
const at = (name: string): string => join(dir, name);
const stored = (): StoredKeys => JSON.parse(readFileSync(at(KEYSTORE), 'utf8')) as StoredKeys;
const current = (keys: StoredKeys): Omit<StoredKeys, 'previous'> => ({
  'system-secret': keys['system-secret'],
  'stork-secret': keys['stork-secret'],
  'shared-secret': keys['shared-secret'],
});
const asPxKeys = (keys: Omit<StoredKeys, 'previous'>) => ({ system: keys['system-secret'], stork: keys['stork-secret'], shared: keys['shared-secret'] });

function expectNoKeyIn(text: string, ...keySets: (Omit<StoredKeys, 'previous'> | undefined)[]): void {
  for (const keys of keySets) for (const key of Object.values(keys ?? {})) expect(text).not.toContain(key);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-rotate-'));
  expect((await runCaptured(['keys', 'generate', '--keystore', '--format', 'json'], { cwd: dir })).code).toBe(0);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('pxsec keys rotate / rollback', () => {
  test('rotate: three new distinct keys, the replaced set kept as previous, mode 0600, nothing of a key printed', async () => {
    const before = stored();
    const run = await runCaptured(['keys', 'rotate'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`pxsec keys rotate: ${KEYSTORE}: new keys are current; the replaced keys are kept as previous (mode 0600)\n`);
    const after = stored();
    expect(after.previous).toEqual(current(before));
    for (const name of ['system-secret', 'stork-secret', 'shared-secret'] as const) {
      expect(after[name]).toMatch(/^[A-Za-z0-9+/]{64}$/);
      expect(after[name]).not.toBe(before[name]);
    }
    expect(new Set(Object.values(current(after))).size).toBe(3);
    expect(statSync(at(KEYSTORE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(at('.pxsec')).sort()).toEqual(['.gitignore', 'keystore.json']);
    expectNoKeyIn(run.stderr, current(before), current(after));
  });

  test('rotate --only shared replaces the shared secret alone; an unknown key name is a usage error', async () => {
    const before = current(stored());
    const run = await runCaptured(['keys', 'rotate', '--only', 'shared'], { cwd: dir });
    expect(run.code).toBe(0);
    const after = stored();
    expect(after.previous).toEqual(before);
    expect(after['system-secret']).toBe(before['system-secret']);
    expect(after['stork-secret']).toBe(before['stork-secret']);
    expect(after['shared-secret']).not.toBe(before['shared-secret']);
    const wrong = await runCaptured(['keys', 'rotate', '--only', 'sharde'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(current(stored())).toEqual(current(after));
  });

  test('rollback makes the previous keys current again; a second rollback undoes the first', async () => {
    const original = current(stored());
    await runCaptured(['keys', 'rotate'], { cwd: dir });
    const rotated = current(stored());
    const run = await runCaptured(['keys', 'rollback'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(stored()).toEqual({ ...original, previous: rotated });
    expectNoKeyIn(run.stdout + run.stderr, original, rotated);
    await runCaptured(['keys', 'rollback'], { cwd: dir });
    expect(stored()).toEqual({ ...rotated, previous: original });
  });

  test('the constructs read the current keys of a rotated keystore (previous is ignored)', async () => {
    await runCaptured(['keys', 'rotate'], { cwd: dir });
    const json = await runCaptured(['keys', 'generate', '--keystore', '--format', 'json'], { cwd: dir });
    const keys = current(stored());
    expect(JSON.parse(json.stdout)).toEqual({ system: keys['system-secret'], stork: keys['stork-secret'], shared: keys['shared-secret'] });
  });

  test('errors name the keystore and the fix, change nothing, and show no key', async () => {
    const missing = await runCaptured(['keys', 'rotate', '--keystore', 'nowhere.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pxsec: error KEYSTORE_MISSING: keystore');
    expect(missing.stderr).toContain('does not exist, so there are no keys to rotate');
    const before = readFileSync(at(KEYSTORE), 'utf8');
    const noPrevious = await runCaptured(['keys', 'rollback'], { cwd: dir });
    expect(noPrevious.code).toBe(2);
    expect(noPrevious.stderr).toContain('error KEYSTORE_NO_PREVIOUS');
    expect(readFileSync(at(KEYSTORE), 'utf8')).toBe(before);
    chmodSync(at(KEYSTORE), 0o644);
    const open = await runCaptured(['keys', 'rotate'], { cwd: dir });
    expect(open.stderr).toContain('error KEYSTORE_PERMISSIONS');
    expect(readFileSync(at(KEYSTORE), 'utf8')).toBe(before);
    writeFileSync(at('weak.json'), `${JSON.stringify({ 'system-secret': 'short', 'stork-secret': 'short2', 'shared-secret': 'short3' })}\n`, { mode: 0o600 });
    const weak = await runCaptured(['keys', 'rotate', '--keystore', 'weak.json'], { cwd: dir });
    expect(weak.stderr).toContain('error KEYS_WEAK');
    expect(weak.stderr).not.toContain('short2');
  });
});

describe('pxsec patch --keystore', () => {
  function specObjects(text: string): Record<string, any>[] {
    return parseAllDocuments(text)
      .map((document) => document.toJS() as Record<string, any>)
      .filter((object) => object !== null);
  }
  const digests = (objects: Record<string, any>[]) =>
    Object.fromEntries(
      objects.map((object) => [String(object.metadata.name), object.spec?.template?.metadata?.annotations?.['px-security-constructs/keys-digest'] as unknown]),
    );

  test('annotates the pod templates reading the keys with their keyed digest; after a rotation only those lines change', async () => {
    writeFileSync(at(AUTOPILOT_SPEC), readFileSync(join(OWN_SPECS, AUTOPILOT_SPEC)));
    const first = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keystore', '-o', AUTOPILOT_SPEC], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('added     Deployment portworx/autopilot spec.template.metadata.annotations: px-security-constructs/keys-digest');
    const keysA = asPxKeys(current(stored()));
    const textA = readFileSync(at(AUTOPILOT_SPEC), 'utf8');
    expect(digests(specObjects(textA))).toEqual({
      portworx: keysDigest(keysA, ['system', 'stork', 'shared']),
      stork: keysDigest(keysA, ['stork']),
      autopilot: keysDigest(keysA, ['stork']),
    });
    expectNoKeyIn(textA + first.stderr, current(stored()));
    const check = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keystore', '--check'], { cwd: dir });
    expect(check.code).toBe(0);

    await runCaptured(['keys', 'rotate'], { cwd: dir });
    const stale = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keystore', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    const second = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keystore', '--diff'], { cwd: dir });
    const changed = second.stdout.split('\n').filter((line) => /^[-+][^-+]/.test(line));
    expect(changed).toHaveLength(6);
    expect(changed.every((line) => line.includes('px-security-constructs/keys-digest: '))).toBe(true);
    expect(second.stderr).toContain('replaced  DaemonSet portworx/portworx spec.template.metadata.annotations');
  });

  test("--keys-from-env takes the keys from the docs' env names: the same digest as from a keystore holding them", async () => {
    writeFileSync(at(AUTOPILOT_SPEC), readFileSync(join(OWN_SPECS, AUTOPILOT_SPEC)));
    const keys = current(stored());
    const env = {
      PORTWORX_AUTH_SYSTEM_KEY: keys['system-secret'],
      PORTWORX_AUTH_STORK_KEY: keys['stork-secret'],
      PORTWORX_AUTH_SHARED_SECRET: keys['shared-secret'],
    };
    const fromEnv = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keys-from-env'], { cwd: dir, env });
    const fromKeystore = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keystore'], { cwd: dir });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toBe(fromKeystore.stdout);
    expect(digests(specObjects(fromEnv.stdout)).stork).toBe(keysDigest(asPxKeys(keys), ['stork']));
    const missing = await runCaptured(['patch', AUTOPILOT_SPEC, '--issuer', 'portworx.com', '--keys-from-env'], { cwd: dir, env: {} });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error KEYS_ENV_MISSING');
    expect(missing.stdout).toBe('');
  });
});

describe('pxsec keys rotate / rollback in a keystore of several clusters', () => {
  interface ClusterKeystore {
    readonly clusters: Record<string, StoredKeys>;
  }
  const clustersOf = (): Record<string, StoredKeys> => (JSON.parse(readFileSync(at(KEYSTORE), 'utf8')) as ClusterKeystore).clusters;

  beforeEach(async () => {
    rmSync(at(KEYSTORE));
    for (const cluster of ['prod', 'staging']) {
      expect((await runCaptured(['keys', 'generate', '--keystore', '--cluster', cluster, '--format', 'json'], { cwd: dir })).code).toBe(0);
    }
  });

  test('--cluster rotates that entry only; the other cluster keeps its keys', async () => {
    const before = clustersOf();
    const run = await runCaptured(['keys', 'rotate', '--cluster', 'staging'], { cwd: dir });
    expect(run.code).toBe(0);
    const after = clustersOf();
    expect(after.prod).toEqual(before.prod);
    expect(after.staging?.previous).toEqual(current(before.staging as StoredKeys));
    expect(after.staging?.['shared-secret']).not.toBe(before.staging?.['shared-secret']);
    expect(statSync(at(KEYSTORE)).mode & 0o777).toBe(0o600);
    expectNoKeyIn(run.stderr, current(before.staging as StoredKeys), current(after.staging as StoredKeys));
    expect((await runCaptured(['keys', 'rollback', '--cluster', 'staging'], { cwd: dir })).code).toBe(0);
    expect(current(clustersOf().staging as StoredKeys)).toEqual(current(before.staging as StoredKeys));
  });

  test('without --cluster it refuses, naming the clusters; an unknown cluster is refused too', async () => {
    const before = readFileSync(at(KEYSTORE), 'utf8');
    const ambiguous = await runCaptured(['keys', 'rotate'], { cwd: dir });
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('KEYSTORE_CLUSTER_REQUIRED');
    expect(ambiguous.stderr).toContain('prod, staging');
    const unknown = await runCaptured(['keys', 'rotate', '--cluster', 'qa'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('holds no keys of the cluster "qa"');
    expect(readFileSync(at(KEYSTORE), 'utf8')).toBe(before);
  });
});
