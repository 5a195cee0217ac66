/**
 * `exportExternalValues(dir)`: with external delivery, the keys and tokens the synth signed are written as one
 * JSON file per remote key, holding exactly the properties the emitted ExternalSecrets' remoteRefs point at,
 * mode 0600, nothing printed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Chart } from 'cdk8s';
import jwt from 'jsonwebtoken';
import { PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { SecretDelivery } from '../../lib';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';
import { synthErrors } from '../support/cdk8s-synth';

type Objects = Record<string, any>[];
const TENANTS = ['tenant-a', 'tenant-b'];
const NOW = TEST_CLOCK() / 1000;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-external-values-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(secretDelivery: SecretDelivery, keysSecretDelivery?: SecretDelivery): { app: App; chart: Chart; cluster: PxSecureCluster } {
  const app = PxTesting.app();
  const chart = new Chart(app, 'test');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
    secretDelivery,
    ...(keysSecretDelivery ? { keysSecretDelivery } : {}),
  });
  for (const namespace of TENANTS) new PxTenant(chart, namespace, { cluster, namespace });
  return { app, chart, cluster };
}

/** Every file under `root`, relative, sorted. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('exportExternalValues', () => {
  it('writes exactly what the ExternalSecrets point at, one 0600 JSON file per remote key, nothing printed', () => {
    const { app, chart, cluster } = build({ kind: 'external', storeName: 'vault', remoteKeyPrefix: 'clusters/prod' });
    expect(synthErrors(app)).toBe('');
    const objects = chart.toJson() as Objects;
    const stdout = jest.spyOn(process.stdout, 'write');
    const stderr = jest.spyOn(process.stderr, 'write');
    let written: string[];
    try {
      written = cluster.exportExternalValues(dir);
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const externals = objects.filter((object) => object.kind === 'ExternalSecret');
    const remoteKeys = [...new Set(externals.flatMap((external) => (external.spec.data as any[]).map((entry) => entry.remoteRef.key as string)))].sort();
    expect(remoteKeys).toEqual(['clusters/prod/kube-system/pxkeys', 'clusters/prod/tenant-a/px-k8s-user', 'clusters/prod/tenant-b/px-k8s-user']);
    expect(filesUnder(dir)).toEqual(remoteKeys.map((key) => `${key}.json`));
    expect(written.map((file) => relative(dir, file)).sort()).toEqual(remoteKeys.map((key) => `${key}.json`));
    for (const key of remoteKeys) expect(statSync(join(dir, `${key}.json`)).mode & 0o777).toBe(0o600);
    // Each remoteRef resolves in the files: the keys the cluster holds, and tokens that verify with its shared secret.
    for (const external of externals) {
      for (const entry of external.spec.data as any[]) {
        const file = JSON.parse(readFileSync(join(dir, `${entry.remoteRef.key}.json`), 'utf8')) as Record<string, string>;
        expect(Object.keys(file)).toContain(entry.remoteRef.property);
      }
    }
    const keys = JSON.parse(readFileSync(join(dir, 'clusters/prod/kube-system/pxkeys.json'), 'utf8')) as Record<string, string>;
    expect(keys).toEqual({ 'shared-secret': TEST_KEYS.shared, 'stork-secret': TEST_KEYS.stork, 'system-secret': TEST_KEYS.system });
    for (const namespace of TENANTS) {
      const token = (JSON.parse(readFileSync(join(dir, `clusters/prod/${namespace}/px-k8s-user.json`), 'utf8')) as Record<string, string>)[
        'auth-token'
      ] as string;
      expect(jwt.verify(token, TEST_KEYS.shared, { algorithms: ['HS256'], issuer: 'portworx.com', clockTimestamp: NOW })).toMatchObject({ name: namespace });
    }
  });

  it('writes only the externally delivered Secrets (tokens here; the keys Secret exists)', () => {
    const { cluster } = build({ kind: 'external', storeName: 'vault' }, { kind: 'existing' });
    cluster.exportExternalValues(dir);
    expect(filesUnder(dir)).toEqual(['portworx/tenant-a/px-k8s-user.json', 'portworx/tenant-b/px-k8s-user.json']);
  });

  it('writes nothing without external delivery', () => {
    const { cluster } = build({ kind: 'plain' });
    expect(cluster.exportExternalValues(dir)).toEqual([]);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('refuses a remote key that leaves the directory, before writing any file', () => {
    const { cluster } = build({ kind: 'external', storeName: 'vault', remoteKeyPrefix: '../outside' });
    const error = caughtPxSecurityError(() => cluster.exportExternalValues(dir));
    expect(error.code).toBe('EXTERNAL_VALUES_PATH_INVALID');
    expect(error.message).toContain('"../outside/kube-system/pxkeys"');
    expect(filesUnder(dir)).toEqual([]);
  });
});
