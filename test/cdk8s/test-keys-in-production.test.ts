/**
 * Publicly known keys never reach a production App (issue 17, items 1 and 2): the published `TEST_KEYS` are
 * refused by every key source and by a cluster outside `PxTesting.app()`, `pxsec check` reports a keys Secret
 * holding them, a cluster of a test App cannot sign for a production App, and sealing with the repository's test
 * certificate warns outside tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate, createHash } from 'node:crypto';
import { App, Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { PxKeys, keysFromEnv, keysFromKeystore, keysFromValues, sealedDeliveryFromFile, validateKeys } from '../../lib';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { isPublishedTestCertificate, isPublishedTestKey } from '../../lib/core/keys/published-test-values';
import { generateKeys } from '../../lib/core/keys/key-sources';
import { keystoreText } from '../../lib/core/keys/key-store-text';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';
import { SUITE_KEYS } from '../support/suite-keys';

const TEST_CERTIFICATE = path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem');

describe('the core knows the published test values by digest', () => {
  it('each TEST_KEYS value, and the test sealing certificate (both copies in the repository)', () => {
    for (const key of Object.values(TEST_KEYS)) expect(isPublishedTestKey(key)).toBe(true);
    for (const key of [...Object.values(SUITE_KEYS), ...Object.values(generateKeys())]) expect(isPublishedTestKey(key)).toBe(false);
    for (const file of [TEST_CERTIFICATE, path.join(__dirname, '../fixtures/sealing/example-sealing-cert.pem')]) {
      const der = new X509Certificate(fs.readFileSync(file)).raw;
      expect(isPublishedTestCertificate(createHash('sha256').update(der).digest('hex'))).toBe(true);
    }
  });
});

describe('TEST_KEYS outside a test are KEYS_TEST_ONLY, from every key source', () => {
  const oneTestKey: PxKeys = { ...SUITE_KEYS, stork: TEST_KEYS.stork };
  it.each([
    ['validateKeys', () => validateKeys(TEST_KEYS), 'keys.system-secret'],
    ['validateKeys, one test key among others', () => validateKeys(oneTestKey), 'keys.stork-secret'],
    ['keysFromValues', () => keysFromValues(TEST_KEYS, { field: 'config.keys' }), 'config.keys.system-secret'],
    [
      'keysFromEnv',
      () =>
        keysFromEnv({ PORTWORX_AUTH_SYSTEM_KEY: SUITE_KEYS.system, PORTWORX_AUTH_STORK_KEY: SUITE_KEYS.stork, PORTWORX_AUTH_SHARED_SECRET: TEST_KEYS.shared }),
      'PORTWORX_AUTH_SHARED_SECRET',
    ],
  ])('%s', (_source, read, field) => {
    const error = caughtPxSecurityError(read);
    expect({ code: error.code, field: error.field }).toEqual({ code: 'KEYS_TEST_ONLY', field });
    for (const key of Object.values(TEST_KEYS)) expect(error.message).not.toContain(key);
  });

  it('keysFromKeystore: a keystore holding them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'px-test-keys-'));
    try {
      const file = path.join(dir, 'keystore.json');
      fs.writeFileSync(file, keystoreText(TEST_KEYS), { mode: 0o600 });
      expect(caughtPxSecurityError(() => keysFromKeystore(file))).toMatchObject({ code: 'KEYS_TEST_ONLY', field: `keystore ${file}: system-secret` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cluster in a plain App given keys: TEST_KEYS refuses them in the constructor, naming the key', () => {
    const chart = new Chart(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'px-test-keys-')) }), 'prod');
    const error = caughtPxSecurityError(() => new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS }));
    expect(error.code).toBe('KEYS_TEST_ONLY');
    expect(error.message).toBe(
      'prod/portworx.keys.system-secret is one of the published test keys (TEST_KEYS of px-security-constructs/testing): anyone can sign tokens with it: ' +
        'use keys of your own (keysFromKeystore, keysFromEnv, keysFromMasterSecret, generateKeys or "pxsec keys generate"); TEST_KEYS belong only in PxTesting.app() and under PxTesting.pulumiMocks()',
    );
  });

  it('PxTesting.app() accepts them, by default and given explicitly', () => {
    expect(() => new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com' })).not.toThrow();
    expect(() => new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS })).not.toThrow();
  });

  it('pxsec check reports a keys Secret holding them as an error (the output of a test app, applied by mistake)', async () => {
    const app = PxTesting.app();
    new PxSecureCluster(new Chart(app, 'test'), 'portworx', { issuer: 'portworx.com' });
    const findings = await auditBundle(bundleFromTexts([{ file: 'dist.yaml', text: app.synthYaml() }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
    expect(findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.code} ${finding.object} ${finding.field}`)).toEqual([
      'KEYS_TEST_ONLY Secret kube-system/pxkeys data["system-secret"]',
    ]);
  });
});

describe('a cluster of another App (CLUSTER_OTHER_APP)', () => {
  const production = (): Chart => new Chart(Testing.app(), 'prod');
  it.each([
    ['PxTenant', (chart: Chart, cluster: PxSecureCluster) => new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' })],
    ['PxStorageClass', (chart: Chart, cluster: PxSecureCluster) => new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 })],
    ['PxVolumeSnapshotClass', (chart: Chart, cluster: PxSecureCluster) => new PxVolumeSnapshotClass(chart, 'px-snapshots', { cluster, name: 'px-snapshots' })],
  ])('%s in a production App with a cluster of PxTesting.chart()', (kind, make) => {
    const testCluster = new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com' });
    const error = caughtPxSecurityError(() => make(production(), testCluster));
    expect(error.code).toBe('CLUSTER_OTHER_APP');
    expect(error.message).toBe(
      `prod/${kind === 'PxTenant' ? 'tenant-a' : kind === 'PxStorageClass' ? 'px-storage' : 'px-snapshots'}.cluster "test/portworx" belongs to another App than this ${kind} ` +
        "(an App of PxTesting, whose keys are the published TEST_KEYS): its tokens would be signed with that App's keys: " +
        `make the PxSecureCluster in the same App as this ${kind}, e.g. new PxSecureCluster(chart, 'portworx', { ... }) in a chart of this App`,
    );
  });

  it('two production Apps: the same error, without the test note', () => {
    const cluster = new PxSecureCluster(new Chart(Testing.app(), 'staging'), 'portworx', { issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
    const error = caughtPxSecurityError(() => new PxTenant(production(), 'tenant-a', { cluster, namespace: 'tenant-a' }));
    expect(error.code).toBe('CLUSTER_OTHER_APP');
    expect(error.message).not.toContain('TEST_KEYS');
  });

  it('another chart of the same App is fine', () => {
    const app = Testing.app();
    const cluster = new PxSecureCluster(new Chart(app, 'cluster'), 'portworx', { issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
    expect(() => new PxTenant(new Chart(app, 'tenants'), 'tenant-a', { cluster, namespace: 'tenant-a' })).not.toThrow();
  });
});

describe("the repository's test sealing certificate (SEAL_CERT_TEST_ONLY)", () => {
  const cacheFile = (): string => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'px-test-cert-')), 'sealed-cache.json');

  it('is a warning of a production cluster sealing with it (sealedDeliveryFromFile), printed at synth', () => {
    const app = Testing.app();
    const cluster = new PxSecureCluster(new Chart(app, 'prod'), 'portworx', {
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      secretDelivery: sealedDeliveryFromFile(TEST_CERTIFICATE, { cacheFile: cacheFile() }),
    });
    cluster.addTokenSecret('admin', { identity: { name: 'admin', roles: ['system.admin'] }, namespace: 'kube-system' });
    expect(cluster.warnings()).toEqual([
      "[SEAL_CERT_TEST_ONLY] prod/portworx/keys.secretDelivery.certificatePem is the test sealing certificate of px-security-constructs, whose private key is published: anyone can open what it seals: seal with your controller's own certificate: kubeseal --fetch-cert > cert.pem",
    ]);
  });

  it('is no warning in PxTesting.app()', () => {
    const cluster = new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com', secretDelivery: sealedDeliveryFromFile(TEST_CERTIFICATE) });
    expect(cluster.warnings()).toEqual([]);
  });
});
