import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { WARNING_METADATA } from '../../lib/cdk8s/secure-cluster';
import { GuestAccess, PortworxSpec, SecretDelivery, sealedDeliveryFromFile } from '../../lib';
import { auditBundle, bundleFromTexts, guestAccessCommand } from '../../lib/audit';
import { validateKubernetesObjects } from '../support/kube-schema';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { findObject, synthErrors, synthObjects } from '../support/cdk8s-synth';

const DAEMONSET_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const OPERATOR_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml'));
const SKIP = { 'stork.libopenstorage.org/skip-resource': 'true' };

function setup(
  options: {
    namespace?: string;
    spec?: PortworxSpec;
    guestAccess?: GuestAccess | undefined;
    storkSkipResource?: boolean | undefined;
    secretDelivery?: SecretDelivery;
  } = {},
): { app: App; chart: Chart; cluster: PxSecureCluster } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', options.namespace === undefined ? {} : { namespace: options.namespace });
  const cluster = new PxSecureCluster(chart, 'portworx', {
    spec: options.spec,
    issuer: 'portworx.com',
    keys: SUITE_KEYS,
    clock: TEST_CLOCK,
    guestAccess: options.guestAccess,
    storkSkipResource: options.storkSkipResource,
    secretDelivery: options.secretDelivery,
  });
  return { app, chart, cluster };
}

/** Silences the synth's warnings on stderr while `run` runs, and returns what was written. */
function stderrOf(run: () => void): string {
  const original = process.stderr.write.bind(process.stderr);
  let written = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stderr.write = original;
  }
  return written;
}

describe('PxVolumeSnapshotClass', () => {
  it('emits the per-tenant class, cluster-scoped even in a namespaced chart, valid against the CRD schema', () => {
    const { app, chart, cluster } = setup({ namespace: 'platform' });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const snapshotClass = new PxVolumeSnapshotClass(chart, 'snapshots', { cluster, name: 'px-snapshots', isDefault: true });
    const objects = synthObjects(app, chart);
    expect(snapshotClass.name).toBe('px-snapshots');
    expect(findObject(objects, 'VolumeSnapshotClass', 'px-snapshots')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'px-snapshots', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: 'pxd.portworx.com',
      deletionPolicy: 'Delete',
      parameters: {
        'csi.storage.k8s.io/snapshotter-secret-name': 'px-k8s-user',
        'csi.storage.k8s.io/snapshotter-secret-namespace': '${volumesnapshot.namespace}',
      },
    });
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('reports a per-tenant class without tenants, and a fixed token Secret nothing makes (unless external), at synth', () => {
    const { app, chart, cluster } = setup();
    new PxVolumeSnapshotClass(chart, 'per-tenant', { cluster, name: 'px-snapshots' });
    new PxVolumeSnapshotClass(chart, 'fixed', { cluster, name: 'px-fixed', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } });
    new PxVolumeSnapshotClass(chart, 'external', {
      cluster,
      name: 'px-external',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'elsewhere' },
      tokenSecretExternal: true,
    });
    const errors = synthErrors(app);
    expect(errors).toContain('[VOLUMESNAPSHOTCLASS_NO_TENANT] test/per-tenant.token "per-tenant"');
    expect(errors).toContain('[VOLUMESNAPSHOTCLASS_SECRET_MISSING] test/fixed.token "portworx/px-k8s-user"');
    expect(errors).not.toContain('test/external');
  });

  it('refuses bad props in the constructor, naming the construct path', () => {
    const { chart, cluster } = setup();
    expect(() => new PxVolumeSnapshotClass(chart, 'bad', { cluster, name: 'v', deletionPolicy: 'delete' as 'Delete' })).toThrow(
      /^test\/bad\.deletionPolicy "delete" is not a deletion policy/,
    );
  });
});

describe('guestAccess', () => {
  function withAuthlessClasses(guestAccess?: GuestAccess, spec: PortworxSpec = DAEMONSET_SPEC): { app: App; chart: Chart; cluster: PxSecureCluster } {
    const built = setup({ spec, guestAccess });
    new PxTenant(built.chart, 'tenant-a', { cluster: built.cluster, namespace: 'tenant-a' });
    new PxStorageClass(built.chart, 'guest-volumes', { cluster: built.cluster, name: 'px-guest', token: { kind: 'none' } });
    new PxVolumeSnapshotClass(built.chart, 'guest-snapshots', { cluster: built.cluster, name: 'px-guest-snapshots', token: { kind: 'none' } });
    new PxStorageClass(built.chart, 'tenant-volumes', { cluster: built.cluster, name: 'px-storage' });
    return built;
  }

  it('Disabled: every auth-less class is a synth error naming it', () => {
    const { app } = withAuthlessClasses('Disabled');
    const errors = synthErrors(app);
    expect(errors).toContain('[STORAGECLASS_NO_AUTH] test/guest-volumes.token "StorageClass px-guest"');
    expect(errors).toContain('[VOLUMESNAPSHOTCLASS_NO_AUTH] test/guest-snapshots.token "VolumeSnapshotClass px-guest-snapshots"');
    expect(errors).not.toContain('px-storage"');
  });

  it.each([['Enabled'], [undefined]] as const)('%s: auth-less classes are warnings on stderr and in the construct metadata', (guestAccess) => {
    const { app, cluster } = withAuthlessClasses(guestAccess);
    const written = stderrOf(() => app.synthYaml());
    expect(cluster.warnings().map((w) => w.slice(0, w.indexOf(']') + 1))).toEqual([
      '[STORAGECLASS_NO_AUTH]',
      '[VOLUMESNAPSHOTCLASS_NO_AUTH]',
      '[GUEST_ACCESS_ENABLED]',
    ]);
    for (const warning of cluster.warnings()) expect(written).toContain(`warning: ${warning}\n`);
    expect(cluster.node.metadata.filter((entry) => entry.type === WARNING_METADATA).map((entry) => entry.data)).toEqual(cluster.warnings());
  });

  it('operator form: written to spec.security.auth.guestAccess, not on the keys Secret', () => {
    const { app, chart } = setup({ spec: OPERATOR_SPEC, guestAccess: 'Disabled' });
    const objects = synthObjects(app, chart);
    const storageCluster = objects.find((o) => o.kind === 'StorageCluster') as { spec: { security: { auth: { guestAccess: string } } } };
    expect(storageCluster.spec.security.auth.guestAccess).toBe('Disabled');
    expect(findObject(objects, 'Secret', 'px-shared-secret').metadata.annotations).toEqual(SKIP);
  });

  it('DaemonSet form: recorded on the keys Secret, and pxsec check applies the same rule to the output', async () => {
    const { app, chart } = setup({ spec: DAEMONSET_SPEC, guestAccess: 'Disabled' });
    const objects = synthObjects(app, chart);
    expect(findObject(objects, 'Secret', 'pxkeys', 'kube-system').metadata.annotations).toEqual({ ...SKIP, 'px-security-constructs/guest-access': 'Disabled' });
    expect(JSON.stringify(findObject(objects, 'DaemonSet', 'portworx', 'kube-system'))).not.toContain('guest');
    // An auth-less class added to the output by hand: check gives the synth's error.
    const text = `${app.synthYaml()}---\napiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshotClass\nmetadata:\n  name: px-guest\ndriver: pxd.portworx.com\ndeletionPolicy: Delete\n`;
    const findings = await auditBundle(bundleFromTexts([{ file: 'dist.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.severity} ${f.object}`)).toEqual([
      'VOLUMESNAPSHOTCLASS_NO_AUTH error VolumeSnapshotClass px-guest',
    ]);
  });

  it.each([
    [
      'sealed',
      (): SecretDelivery =>
        sealedDeliveryFromFile(path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem'), {
          cacheFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-')), 'sealed-cache.json'),
        }),
    ],
    ['external', (): SecretDelivery => ({ kind: 'external', storeName: 'vault' })],
  ])('DaemonSet form, %s keys Secret: pxsec check reads the declared mode from the Secret it makes', async (_kind, delivery) => {
    const { app } = setup({ spec: DAEMONSET_SPEC, guestAccess: 'Disabled', secretDelivery: delivery() });
    const text = `${app.synthYaml()}---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: px-guest\nprovisioner: pxd.portworx.com\n`;
    const findings = await auditBundle(bundleFromTexts([{ file: 'dist.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.severity}`)).toEqual(['STORAGECLASS_NO_AUTH error']);
  });

  it('guestAccessCommand gives the pxctl command that sets the guest role as the operator does', () => {
    const disabled = guestAccessCommand('Disabled');
    expect(disabled).toBe(
      `echo '{"name":"system.guest","rules":[{"services":["!*"],"apis":["!*"]}]}' > guest.json && pxctl role update --role-config guest.json`,
    );
    const role = JSON.parse(/echo '(.*)' >/.exec(guestAccessCommand('Enabled'))?.[1] ?? '{}') as { name: string; rules: { services: string[] }[] };
    expect(role.name).toBe('system.guest');
    expect(role.rules.map((rule) => rule.services)).toEqual([['mountattach', 'volume', 'cloudbackup', 'migrate'], ['identity'], ['cluster', 'node']]);
  });

  it('refuses a mode that is not one of Enabled, Disabled, Managed', () => {
    // The construct, the spec settings and pxsec check share guest-access.ts: the same did-you-mean for a case variant.
    expect(() => setup({ guestAccess: 'disabled' as GuestAccess })).toThrow(
      'test/portworx.guestAccess "disabled" is not a guest access mode: the field is case-sensitive (did you mean "Disabled"?): use one of Enabled, Disabled, Managed (case-sensitive)',
    );
    expect(() => setup({ guestAccess: 'off' as GuestAccess })).toThrow(
      'test/portworx.guestAccess "off" is not a guest access mode: use one of Enabled, Disabled, Managed (case-sensitive)',
    );
  });
});

describe("stork's skip annotation", () => {
  it('is on the keys Secret and every token Secret by default, and off with storkSkipResource: false', () => {
    for (const storkSkipResource of [undefined, false]) {
      const { app, chart, cluster } = setup({ spec: DAEMONSET_SPEC, storkSkipResource });
      new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
      cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: ['system.user'] }, namespace: 'portworx' });
      const secrets = synthObjects(app, chart).filter((o) => o.kind === 'Secret') as { metadata: { annotations?: object } }[];
      expect(secrets).toHaveLength(3);
      for (const secret of secrets) expect(secret.metadata.annotations).toEqual(storkSkipResource === false ? undefined : SKIP);
    }
  });

  it('is on an ExternalSecret and on the Secret it makes', () => {
    const { app, chart, cluster } = setup({ secretDelivery: { kind: 'external', storeName: 'vault' } });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const external = synthObjects(app, chart).filter((o) => o.kind === 'ExternalSecret') as Record<string, any>[];
    expect(external).toHaveLength(2);
    for (const object of external) {
      expect(object.metadata.annotations).toEqual(SKIP);
      expect(object.spec.target.template.metadata.annotations).toEqual(SKIP);
    }
    expect(validateKubernetesObjects(external)).toBe(2);
  });
});
