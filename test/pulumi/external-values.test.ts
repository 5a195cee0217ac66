/**
 * Pulumi `exportExternalValues(dir)`: once the keys are known, the same files as the cdk8s cluster writes for
 * the same cluster (one 0600 JSON file per remote key, exactly what the ExternalSecrets point at).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Chart } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { programDone, startRun, valueOf } from './mocks';

const DELIVERY = { kind: 'external', storeName: 'vault' } as const;
const TENANTS = ['tenant-a', 'tenant-b'];

function filesUnder(root: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
      .map((file) => [relative(root, file), readFileSync(file, 'utf8')]),
  );
}

it('Pulumi writes the files the cdk8s cluster writes, mode 0600', async () => {
  const pulumiDir = mkdtempSync(join(tmpdir(), 'pxsec-external-pulumi-'));
  const cdk8sDir = mkdtempSync(join(tmpdir(), 'pxsec-external-cdk8s-'));
  try {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, secretDelivery: DELIVERY });
    for (const namespace of TENANTS) new PxTenant(namespace, { cluster, namespace });
    const written = await valueOf(cluster.exportExternalValues(pulumiDir));
    await programDone();
    expect(written.map((file) => relative(pulumiDir, file)).sort()).toEqual([
      'portworx/kube-system/pxkeys.json',
      'portworx/tenant-a/px-k8s-user.json',
      'portworx/tenant-b/px-k8s-user.json',
    ]);
    for (const file of written) expect(statSync(file).mode & 0o777).toBe(0o600);

    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const twin = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, secretDelivery: DELIVERY });
    for (const namespace of TENANTS) new cdk8s.PxTenant(chart, namespace, { cluster: twin, namespace });
    twin.exportExternalValues(cdk8sDir);
    expect(filesUnder(pulumiDir)).toEqual(filesUnder(cdk8sDir));
  } finally {
    rmSync(pulumiDir, { recursive: true, force: true });
    rmSync(cdk8sDir, { recursive: true, force: true });
  }
});
