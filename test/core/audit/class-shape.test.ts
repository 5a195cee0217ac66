/**
 * The class rules beside auth, in synth and check alike: a v1 VolumeSnapshotClass where the spec installs the
 * snapshot CRDs at v1beta1 only (the real fixture 08, PX 2.5), several default classes, a deletionPolicy in the
 * wrong case.
 */
import { join } from 'node:path';
import { Chart } from 'cdk8s';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';
import { PxSecureCluster, PxTenant, PxVolumeSnapshotClass } from '../../../lib/cdk8s';
import { PortworxSpec } from '../../../lib';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../../lib/testing';
import { SHARED_SPECS_DIR, sharedSpecsAvailable } from '../../support/shared-specs';

const describeSpecs = sharedSpecsAvailable('the VolumeSnapshot API of fixture 08') ? describe : describe.skip;

async function audit(text: string): Promise<Finding[]> {
  return auditBundle(bundleFromTexts([{ file: 'app.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
}

describeSpecs('fixture 08 installs the VolumeSnapshot CRDs at v1beta1 only', () => {
  const spec = (): PortworxSpec => PortworxSpec.fromFile(join(SHARED_SPECS_DIR, '08-px251-essentials-csi-autopilot.yaml'));

  test('a PxVolumeSnapshotClass (v1) is VOLUMESNAPSHOT_API_NOT_SERVED at synth and in check, with the same text', async () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', { spec: spec(), issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxVolumeSnapshotClass(chart, 'snapshots', { cluster, name: 'px-snapshots' });
    const problem =
      "is a version the spec's VolumeSnapshotClass CRD does not serve (it serves v1beta1), so the API server refuses the class unless the cluster's snapshot CRDs are newer than the spec's";
    expect(cluster.warnings().filter((warning) => warning.startsWith('[VOLUMESNAPSHOT_API_NOT_SERVED]'))).toEqual([
      `[VOLUMESNAPSHOT_API_NOT_SERVED] test/snapshots.apiVersion "snapshot.storage.k8s.io/v1" ${problem}: ` +
        "install the external-snapshotter CRDs that serve snapshot.storage.k8s.io/v1 (external-snapshotter 4.0 or later) in place of the spec's, or leave out the VolumeSnapshotClass on this cluster",
    ]);
    const findings = (await audit(app.synthYaml())).filter((finding) => finding.code === 'VOLUMESNAPSHOT_API_NOT_SERVED');
    expect(findings.map((finding) => [finding.object, finding.severity, finding.message])).toEqual([
      ['VolumeSnapshotClass px-snapshots', 'warning', `apiVersion "snapshot.storage.k8s.io/v1" ${problem}`],
    ]);
  });

  test('without a VolumeSnapshotClass, or with a spec that installs no snapshot CRD, no such warning', () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', { spec: spec(), issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    expect(cluster.warnings().filter((warning) => warning.includes('VOLUMESNAPSHOT_API_NOT_SERVED'))).toEqual([]);
    const other = PxTesting.app();
    const otherChart = new Chart(other, 'test');
    const specless = new PxSecureCluster(otherChart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxVolumeSnapshotClass(otherChart, 'snapshots', { cluster: specless, name: 'px-snapshots' });
    expect(specless.warnings().filter((warning) => warning.includes('VOLUMESNAPSHOT_API_NOT_SERVED'))).toEqual([]);
  });
});

test('two default VolumeSnapshotClasses are DEFAULT_CLASS_AMBIGUOUS on each; a deletionPolicy "retain" names "Retain"', async () => {
  const snapshotClass = (name: string, policy: string): string =>
    `apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata:\n  name: ${name}\n  annotations:\n    snapshot.storage.kubernetes.io/is-default-class: "true"\ndriver: example.com/csi\ndeletionPolicy: ${policy}\n`;
  const findings = await audit(`${snapshotClass('a', 'Delete')}---\n${snapshotClass('b', 'retain')}`);
  expect(findings.map((finding) => [finding.code, finding.object])).toEqual([
    ['VOLUMESNAPSHOTCLASS_FIELD_INVALID', 'VolumeSnapshotClass b'],
    ['DEFAULT_CLASS_AMBIGUOUS', 'VolumeSnapshotClass a'],
    ['DEFAULT_CLASS_AMBIGUOUS', 'VolumeSnapshotClass b'],
  ]);
  expect(findings[0]?.message).toBe(
    'deletionPolicy "retain" is not "Delete" or "Retain" (case-sensitive): the API server refuses the class; did you mean "Retain"?',
  );
});
