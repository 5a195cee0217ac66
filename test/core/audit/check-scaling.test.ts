/**
 * `pxsec check` is linear in the number of tenants (issue 19, section 6): a bundle of a token Secret, a
 * StorageClass and a VolumeSnapshotClass per tenant, audited at n and 8n tenants, costs about 8 times as much CPU
 * (a rule that scans every Secret or object per class made it about 64 times). The bound, 20, leaves room for
 * garbage collection and a noisy machine, and is far below a quadratic rule's figure. Parsing is not timed.
 */
import { stringify } from 'yaml';
import { auditBundle, Bundle, bundleFromTexts } from '../../../lib/audit';

const NOW = 1_768_435_200;

function bundle(tenants: number): Bundle {
  const texts = [];
  for (let i = 0; i < tenants; i++) {
    const namespace = `tenant-${i}`;
    const secretRef = { name: 'px-user-token', namespace };
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      { apiVersion: 'v1', kind: 'Secret', metadata: secretRef, type: 'Opaque', data: { 'auth-token': Buffer.from(`not-a-token-${i}`).toString('base64') } },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: `px-${namespace}` },
        provisioner: 'pxd.portworx.com',
        parameters: {
          repl: '2',
          'csi.storage.k8s.io/provisioner-secret-name': secretRef.name,
          'csi.storage.k8s.io/provisioner-secret-namespace': namespace,
          'csi.storage.k8s.io/node-publish-secret-name': secretRef.name,
          'csi.storage.k8s.io/node-publish-secret-namespace': namespace,
          'csi.storage.k8s.io/controller-expand-secret-name': secretRef.name,
          'csi.storage.k8s.io/controller-expand-secret-namespace': namespace,
        },
      },
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: `px-${namespace}-snapshots` },
        driver: 'pxd.portworx.com',
        deletionPolicy: 'Delete',
        parameters: { 'csi.storage.k8s.io/snapshotter-secret-name': secretRef.name, 'csi.storage.k8s.io/snapshotter-secret-namespace': namespace },
      },
    ];
    texts.push({ file: `tenants/${namespace}.yaml`, text: objects.map((object) => stringify(object)).join('---\n') });
  }
  return bundleFromTexts(texts);
}

/** The least CPU milliseconds of `runs` audits of `audited`. */
async function auditCpuMs(audited: Bundle, runs: number): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    await auditBundle(audited, { now: NOW, warnExpirySeconds: 0 });
    const used = process.cpuUsage(start);
    least = Math.min(least, (used.user + used.system) / 1000);
  }
  return least;
}

test('auditing 8 times the tenants costs at most 20 times the CPU (linear, not quadratic)', async () => {
  const small = bundle(500);
  const large = bundle(4000);
  await auditCpuMs(small, 1);
  const smallMs = await auditCpuMs(small, 3);
  const largeMs = await auditCpuMs(large, 2);
  expect(largeMs / smallMs).toBeLessThan(20);
});
