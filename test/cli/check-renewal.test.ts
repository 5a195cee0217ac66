/**
 * `pxsec check` on the output of a cluster with in-cluster token renewal: the renewer's ConfigMap says which token
 * Secrets it mints in the cluster, so a per-tenant class's claims in those namespaces need no token Secret in the
 * bundle; a namespace the renewer does not serve is still an error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { runCaptured } from '../support/captured-io';

const ENV = { SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-check-renewal-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The synthesized output of a cluster with in-cluster renewal and two tenants, and a claim and a snapshot in each namespace given. */
function bundle(claimNamespaces: readonly string[], options: { withoutRenewer?: boolean } = {}): string {
  const app: App = Testing.app();
  const chart = new Chart(app, 'cluster');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: SUITE_KEYS,
    clock: TEST_CLOCK,
    guestAccess: 'Disabled',
    renewal: { mode: 'in-cluster' },
  });
  for (const namespace of ['tenant-a', 'tenant-b']) new PxTenant(chart, namespace, { cluster, namespace });
  new PxStorageClass(chart, 'class', { cluster, name: 'px-tenant', token: { kind: 'per-tenant' } });
  new PxVolumeSnapshotClass(chart, 'snapshots', { cluster, name: 'px-tenant-snapshots', token: { kind: 'per-tenant' } });
  let objects = chart.toJson() as Record<string, any>[];
  app.synthYaml();
  if (options.withoutRenewer === true) objects = objects.filter((object) => object.kind !== 'ConfigMap');
  const uses = claimNamespaces.flatMap((namespace) => [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace },
      spec: { storageClassName: 'px-tenant', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'data-snapshot', namespace },
      spec: { volumeSnapshotClassName: 'px-tenant-snapshots', source: { persistentVolumeClaimName: 'data' } },
    },
  ]);
  const file = join(dir, `bundle-${claimNamespaces.join('-')}${options.withoutRenewer === true ? '-no-renewer' : ''}.yaml`);
  writeFileSync(file, [...objects, ...uses].map((object) => stringify(object)).join('---\n'), { mode: 0o600 });
  return file;
}

const check = (file: string) => runCaptured(['check', file, '--namespace-exists', 'tenant-x'], { cwd: dir, env: ENV });

test('a per-tenant class is fine without token Secrets in namespaces the renewer serves', async () => {
  const file = bundle(['tenant-a', 'tenant-b']);
  // The keys Secret is the bundle's only Secret: no token Secret is in it.
  expect(readFileSync(file, 'utf8').match(/^kind: Secret$/gm)).toHaveLength(1);
  const run = await check(file);
  expect(run.stderr).toBe('');
  // The only note: no install spec in this bundle (CLUSTER_NOT_IN_BUNDLE, info).
  expect(run.stdout).toMatch(/\n0 errors, 0 warnings, 1 info \(\d+ objects in 1 file\)\n$/);
  expect(run.code).toBe(0);
});

test("without the renewer's ConfigMap the same claims lack their token Secrets", async () => {
  const run = await check(bundle(['tenant-a'], { withoutRenewer: true }));
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('STORAGECLASS_TENANT_SECRET_MISSING');
  expect(run.stdout).toContain('VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING');
});

test('a tenant namespace the renewer does not serve is an error that names the renewer', async () => {
  const run = await check(bundle(['tenant-a', 'tenant-x']));
  expect(run.code).toBe(1);
  const lines = run.stdout.split('\n').filter((line) => line.includes('TENANT_SECRET_MISSING'));
  expect(lines).toHaveLength(2);
  expect(run.stdout.match(/needs the token Secret tenant-x\/px-k8s-user/g)).toHaveLength(2);
  expect(run.stdout).toContain('the in-cluster renewer (ConfigMap kube-system/px-token-renewer) does not mint it');
  expect(run.stdout).not.toContain('tenant-a/px-k8s-user');
});
