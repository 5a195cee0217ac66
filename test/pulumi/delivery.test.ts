/**
 * Secret delivery in Pulumi (plain, sealed, external, existing) and secretsInGit: the same objects, codes and
 * messages as the cdk8s constructs, under Pulumi's mocks; sealed ciphertexts reused across program runs through
 * the sealing cache file, so a second `pulumi up` plans no change.
 */
import { RegisteredResource, isSecretEnvelope, openSecrets, programDone, registrations, startRun, withoutSecrets } from './mocks';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PortworxSpec, SecretDelivery, sealedDeliveryFromFile } from '../../lib';
import { encryptionLabel } from '../../lib/sealing';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { openWithNodeCrypto } from '../core/sealing/controller-keys';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { byIdentity } from './compare-objects';
import { caughtPxSecurityError } from '../support/caught';
import { SUITE_KEYS } from '../support/suite-keys';
import { caughtOnComponent } from './caught-on-component';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const PRIVATE_KEY = crypto.createPrivateKey(fs.readFileSync(path.join(__dirname, '../fixtures/sealing/example-sealing-key.pem'), 'utf8'));
const CERTIFICATE = path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem');
const COMMON = { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK } as const;
/** COMMON for a plain cdk8s App (where TEST_KEYS are refused), for mistakes whose messages name no key. */
const PLAIN_APP_COMMON = { ...COMMON, keys: SUITE_KEYS } as const;

function tempCache(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-pulumi-seal-')), 'sealed-cache.json');
}

/** The setup both front doors build: the cluster, tenant-a delivered as the cluster says, tenant-b as given. */
interface Setup {
  readonly delivery: SecretDelivery;
  readonly keysDelivery?: SecretDelivery;
  readonly tenantGroups?: string[];
}

function cdk8sObjects(setup: Setup): Record<string, unknown>[] {
  const app = PxTesting.app();
  const chart = new Chart(app, 'test');
  // PxTesting.app() keeps ciphertexts in memory unless told otherwise: share the file cache the Pulumi run reads.
  const sealCache = setup.delivery.kind === 'sealed' ? { sealCache: cdk8s.PxSealing.of(app).cacheFor(setup.delivery.cacheFile) } : {};
  const cluster = new cdk8s.PxSecureCluster(chart, 'portworx', {
    ...COMMON,
    spec: SPEC,
    secretDelivery: setup.delivery,
    keysSecretDelivery: setup.keysDelivery,
    ...sealCache,
  });
  new cdk8s.PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: setup.tenantGroups ?? [] } });
  new cdk8s.PxTenant(chart, 'tenant-b', { cluster, namespace: 'tenant-b' });
  app.synthYaml();
  return chart.toJson() as Record<string, unknown>[];
}

/** One program run, as a new `pulumi up` process runs it (the sealing cache read from its file again). */
async function pulumiRun(setup: Setup): Promise<RegisteredResource[]> {
  startRun();
  const cluster = new PxSecureCluster('portworx', { ...COMMON, spec: SPEC, secretDelivery: setup.delivery, keysSecretDelivery: setup.keysDelivery });
  new PxTenant('tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: setup.tenantGroups ?? [] } });
  new PxTenant('tenant-b', { cluster, namespace: 'tenant-b' });
  const registered = await programDone();
  return registered;
}

function kubeObjects(registered: readonly RegisteredResource[]): Record<string, unknown>[] {
  return registered.filter((r) => r.type.startsWith('kubernetes:')).map((r) => openSecrets(r.inputs).value as Record<string, unknown>);
}

function find(registered: readonly RegisteredResource[], name: string): RegisteredResource {
  const found = registered.find((r) => r.name === name);
  if (found === undefined) throw new Error(`${name} was not registered`);
  return found;
}

describe('sealed delivery', () => {
  it('registers SealedSecrets the controller opens, and no Secret', async () => {
    const registered = await pulumiRun({ delivery: sealedDeliveryFromFile(CERTIFICATE, { cacheFile: tempCache() }) });
    expect(registered.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
    const keys = find(registered, 'portworx-secret-kube-system-pxkeys');
    expect(keys.type).toBe('kubernetes:bitnami.com/v1alpha1:SealedSecret');
    const spec = keys.inputs.spec as { encryptedData: Record<string, string>; template: unknown };
    const label = encryptionLabel('strict', 'kube-system', 'pxkeys');
    expect(openWithNodeCrypto(PRIVATE_KEY, spec.encryptedData['shared-secret'] ?? '', label).toString()).toBe(TEST_KEYS.shared);
    expect(spec.template).toMatchObject({ metadata: { name: 'pxkeys', namespace: 'kube-system' }, type: 'Opaque' });
    // Ciphertexts are not secret (git holds them with cdk8s): the state and `pulumi preview` show them.
    expect(registered.flatMap((r) => openSecrets(r.inputs).secretPaths)).toEqual([]);
    const inTheClear = JSON.stringify(registered.map((r) => withoutSecrets(r.inputs)));
    for (const key of Object.values(TEST_KEYS)) expect(inTheClear).not.toContain(key);
  });

  it('reuses the ciphertexts of a cdk8s synth with the same cache: the same objects, object by object', async () => {
    const cacheFile = tempCache();
    const delivery = sealedDeliveryFromFile(CERTIFICATE, { cacheFile });
    const fromCdk8s = cdk8sObjects({ delivery });
    const fromPulumi = kubeObjects(await pulumiRun({ delivery }));
    expect(fromCdk8s.filter((o) => o.kind === 'SealedSecret')).toHaveLength(3);
    expect(byIdentity(fromPulumi)).toEqual(byIdentity(fromCdk8s));
  });

  it('gives identical inputs on a second run (no diff), keeps the cache 0600, and re-seals only a changed token', async () => {
    const cacheFile = tempCache();
    const delivery = sealedDeliveryFromFile(CERTIFICATE, { cacheFile });
    const first = await pulumiRun({ delivery });
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    const cached = fs.readFileSync(cacheFile, 'utf8');
    const second = await pulumiRun({ delivery });
    expect(second).toEqual(first);
    expect(fs.readFileSync(cacheFile, 'utf8')).toBe(cached);

    const changed = await pulumiRun({ delivery, tenantGroups: ['dbas'] });
    const encrypted = (registered: readonly RegisteredResource[], name: string) =>
      (find(registered, name).inputs.spec as { encryptedData: unknown }).encryptedData;
    expect(encrypted(changed, 'tenant-a-token')).not.toEqual(encrypted(first, 'tenant-a-token'));
    expect(encrypted(changed, 'tenant-b-token')).toEqual(encrypted(first, 'tenant-b-token'));
    expect(encrypted(changed, 'portworx-secret-kube-system-pxkeys')).toEqual(encrypted(first, 'portworx-secret-kube-system-pxkeys'));
  });

  it('two clusters in one program sharing one cache file: identical inputs on the second run (neither overwrites the other)', async () => {
    const cacheFile = tempCache();
    const delivery = sealedDeliveryFromFile(CERTIFICATE, { cacheFile });
    const twoClusters = async (): Promise<RegisteredResource[]> => {
      startRun();
      // Two Portworx installs (say, one per Kubernetes provider), each with its keys Secret in its own namespace.
      const east = new PxSecureCluster('east', { ...COMMON, include: { form: 'operator', namespace: 'px-east' }, secretDelivery: delivery });
      new PxTenant('east-tenant', { cluster: east, namespace: 'tenant-east' });
      const west = new PxSecureCluster('west', { ...COMMON, include: { form: 'operator', namespace: 'px-west' }, secretDelivery: delivery });
      new PxTenant('west-tenant', { cluster: west, namespace: 'tenant-west' });
      return programDone();
    };
    const first = await twoClusters();
    const cached = fs.readFileSync(cacheFile, 'utf8');
    const second = await twoClusters();
    expect(second.filter((r) => r.type === 'kubernetes:bitnami.com/v1alpha1:SealedSecret').length).toBeGreaterThanOrEqual(4);
    expect(second).toEqual(first);
    expect(fs.readFileSync(cacheFile, 'utf8')).toBe(cached);
  });

  it('shows each SealedSecret with its name, namespace and template on a first preview', async () => {
    startRun(true);
    const cluster = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      clock: TEST_CLOCK,
      secretDelivery: sealedDeliveryFromFile(CERTIFICATE, { cacheFile: tempCache() }),
    });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    const sealed = (await programDone()).filter((r) => r.type === 'kubernetes:bitnami.com/v1alpha1:SealedSecret');
    expect(
      sealed.map((r) => [r.name, (r.inputs.metadata as { name: string }).name, (r.inputs.spec as { template?: { metadata?: unknown } }).template?.metadata]),
    ).toEqual([
      [
        'portworx-secret-kube-system-pxkeys',
        'pxkeys',
        { name: 'pxkeys', namespace: 'kube-system', annotations: { 'stork.libopenstorage.org/skip-resource': 'true' } },
      ],
      ['tenant-a-token', 'px-k8s-user', { name: 'px-k8s-user', namespace: 'tenant-a', annotations: { 'stork.libopenstorage.org/skip-resource': 'true' } }],
    ]);
  });
});

describe('external delivery', () => {
  it('registers the ExternalSecrets cdk8s emits, object by object, holding no value', async () => {
    const delivery: SecretDelivery = { kind: 'external', storeName: 'vault', remoteKeyPrefix: 'clusters/prod' };
    const registered = await pulumiRun({ delivery });
    expect(byIdentity(kubeObjects(registered))).toEqual(byIdentity(cdk8sObjects({ delivery })));
    expect(find(registered, 'tenant-a-token').type).toBe('kubernetes:external-secrets.io/v1:ExternalSecret');
    expect(JSON.stringify(registrations.map((r) => r.inputs))).not.toContain(TEST_KEYS.shared);
  });
});

describe('existing keys Secret', () => {
  it('registers no keys Secret, and token Secrets as cdk8s does', async () => {
    const setup: Setup = { delivery: { kind: 'plain' }, keysDelivery: { kind: 'existing' } };
    const registered = await pulumiRun(setup);
    expect(registered.filter((r) => JSON.stringify(r.inputs.metadata ?? {}).includes('"pxkeys"'))).toEqual([]);
    expect(byIdentity(kubeObjects(registered))).toEqual(byIdentity(cdk8sObjects(setup)));
    expect(isSecretEnvelope(find(registered, 'tenant-a-token').inputs.data)).toBe(true);
  });
});

describe('delivery mistakes: the same code and message as in cdk8s', () => {
  beforeAll(() => startRun());

  it.each([
    [
      'external keys without keys',
      (chart: Chart) =>
        new cdk8s.PxSecureCluster(chart, 'portworx', {
          issuer: 'portworx.com',
          clock: TEST_CLOCK,
          keysSecretDelivery: { kind: 'external', storeName: 'vault' },
        }),
      () => new PxSecureCluster('test/portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, keysSecretDelivery: { kind: 'external', storeName: 'vault' } }),
    ],
    [
      'an existing keys Secret without keys',
      (chart: Chart) => new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, secretDelivery: { kind: 'existing' } }),
      () => new PxSecureCluster('test/portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, secretDelivery: { kind: 'existing' } }),
    ],
    [
      'a token Secret delivered existing',
      (chart: Chart) =>
        new cdk8s.PxTenant(chart, 'tenant-a', {
          cluster: new cdk8s.PxSecureCluster(chart, 'portworx', PLAIN_APP_COMMON),
          namespace: 'tenant-a',
          secretDelivery: { kind: 'existing' },
        }),
      () =>
        new PxTenant('test/tenant-a', { cluster: new PxSecureCluster('test/portworx', COMMON), namespace: 'tenant-a', secretDelivery: { kind: 'existing' } }),
    ],
    [
      'a sealing certificate that is not PEM',
      (chart: Chart) =>
        new cdk8s.PxSecureCluster(chart, 'portworx', { ...PLAIN_APP_COMMON, secretDelivery: { kind: 'sealed', certificatePem: 'not a certificate' } }),
      () => new PxSecureCluster('test/portworx', { ...COMMON, secretDelivery: { kind: 'sealed', certificatePem: 'not a certificate' } }),
    ],
  ])('%s', (_what, inCdk8s, inPulumi) => {
    const fromCdk8s = caughtPxSecurityError(() => inCdk8s(new Chart(Testing.app(), 'test')));
    const fromPulumi = caughtOnComponent(inPulumi);
    expect({ code: fromPulumi.code, message: fromPulumi.message }).toEqual({ code: fromCdk8s.code, message: fromCdk8s.message });
  });
});
