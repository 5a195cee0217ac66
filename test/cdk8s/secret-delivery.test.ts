import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { PxSealing, PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, SecretDelivery, sealedDeliveryFromFile } from '../../lib';
import { MemorySealCache, encryptionLabel } from '../../lib/sealing';
import { PxExampleChart } from '../../examples/cdk8s/app';
import { openWithNodeCrypto } from '../core/sealing/controller-keys';
import { validateKubernetesObjects } from '../support/kube-schema';
import { TEST_CLOCK } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { findObject, synthErrors, synthObjects } from '../support/cdk8s-synth';

const FIXTURES = path.join(__dirname, '../fixtures/sealing');
const PRIVATE_KEY = crypto.createPrivateKey(fs.readFileSync(path.join(FIXTURES, 'example-sealing-key.pem'), 'utf8'));
const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));

function sealed(cacheFile: string): SecretDelivery {
  return sealedDeliveryFromFile(path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem'), { cacheFile });
}

function tempCache(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-')), 'sealed-cache.json');
}

describe('sealed delivery', () => {
  it('seals the keys and token Secrets so the controller opens the original values', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', {
      spec: SPEC,
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      secretDelivery: sealed(tempCache()),
    });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = synthObjects(app, chart);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const keys = findObject(objects, 'SealedSecret', 'pxkeys', 'kube-system');
    const label = encryptionLabel('strict', 'kube-system', 'pxkeys');
    expect(openWithNodeCrypto(PRIVATE_KEY, keys.spec.encryptedData['shared-secret'], label).toString()).toBe(SUITE_KEYS.shared);
    expect(keys.spec.template).toMatchObject({ metadata: { name: 'pxkeys', namespace: 'kube-system' }, type: 'Opaque' });
    const token = findObject(objects, 'SealedSecret', 'px-k8s-user', 'tenant-a');
    expect(Object.keys(token.spec.encryptedData)).toEqual(['auth-token']);
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('reuses ciphertexts on a second synth, and re-seals only a changed token', () => {
    const cacheFile = tempCache();
    const synth = (groups: string[]) => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const cluster = new PxSecureCluster(chart, 'portworx', {
        issuer: 'portworx.com',
        keys: SUITE_KEYS,
        clock: TEST_CLOCK,
        secretDelivery: sealed(cacheFile),
      });
      new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', identity: { groups } });
      new PxTenant(chart, 'tenant-b', { cluster, namespace: 'tenant-b' });
      return { yaml: app.synthYaml(), objects: chart.toJson() as Record<string, unknown>[] };
    };
    const first = synth(['developers']);
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(synth(['developers']).yaml).toBe(first.yaml);
    const changed = synth(['developers', 'dbas']).objects;
    const data = (objects: Record<string, unknown>[], namespace: string) => findObject(objects, 'SealedSecret', 'px-k8s-user', namespace).spec.encryptedData;
    expect(data(changed, 'tenant-a')).not.toEqual(data(first.objects, 'tenant-a'));
    expect(data(changed, 'tenant-b')).toEqual(data(first.objects, 'tenant-b'));
    expect(findObject(changed, 'SealedSecret', 'pxkeys').spec).toEqual(findObject(first.objects, 'SealedSecret', 'pxkeys').spec);
  });

  it('makes the example synthesize byte-identical sealed output twice', () => {
    const cacheFile = tempCache();
    const synth = () => {
      const app = Testing.app();
      new PxExampleChart(app, 'px-security', { keys: SUITE_KEYS, clock: TEST_CLOCK, secretDelivery: sealed(cacheFile) });
      return app.synthYaml();
    };
    const first = synth();
    expect(first).toContain('kind: SealedSecret');
    expect(first).not.toMatch(/^kind: Secret$/m);
    expect(synth()).toBe(first);
  });

  it('shares one cache per file in an App, and PxSealing.of(app).save() after the synth prunes what no seal used', () => {
    const cacheFile = tempCache();
    const entries = (): string[] => Object.values((JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { entries: Record<string, string> }).entries);
    const synth = (tenants: readonly string[]): { yaml: string; saved: string[] } => {
      const app = Testing.app();
      for (const name of ['one', 'two']) {
        const chart = new Chart(app, name);
        // The second cluster's keys Secret is the first's: it emits none.
        const keysSecretDelivery: SecretDelivery | undefined = name === 'two' ? { kind: 'existing' } : undefined;
        const cluster = new PxSecureCluster(chart, 'portworx', {
          issuer: 'portworx.com',
          keys: SUITE_KEYS,
          clock: TEST_CLOCK,
          secretDelivery: sealed(cacheFile),
          keysSecretDelivery,
        });
        for (const tenant of tenants) new PxTenant(chart, tenant, { cluster, namespace: `${name}-${tenant}` });
      }
      const yaml = app.synthYaml();
      return { yaml, saved: PxSealing.of(app).save() };
    };
    const first = synth(['a', 'b']);
    expect(first.saved).toEqual([cacheFile]); // each new ciphertext was appended to the journal when sealed; save folds it in
    expect(entries()).toHaveLength(3 + 2 * 2); // three keys, and a token per tenant of each chart
    expect(synth(['a', 'b']).yaml).toBe(first.yaml);
    const fewer = synth(['a']);
    expect(fewer.saved).toEqual([cacheFile]);
    expect(entries()).toHaveLength(3 + 2 * 1);
    expect(synth(['a']).yaml).toBe(fewer.yaml);
  });

  it('takes a sealCache the user keeps, and writes no file then', () => {
    const cacheFile = tempCache();
    const sealCache = new MemorySealCache();
    const synth = (): string => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK, secretDelivery: sealed(cacheFile), sealCache });
      return app.synthYaml();
    };
    const first = synth();
    expect(synth()).toBe(first);
    expect(fs.existsSync(cacheFile)).toBe(false);
    expect(Object.keys(sealCache.snapshot().entries)).toHaveLength(3);
  });
});

describe('sealed delivery errors', () => {
  it('a certificate that cannot be read names the construct path, not just certificatePem', () => {
    const chart = new Chart(Testing.app(), 'test');
    let thrown: unknown;
    try {
      new PxSecureCluster(chart, 'portworx', {
        issuer: 'portworx.com',
        keys: SUITE_KEYS,
        clock: TEST_CLOCK,
        secretDelivery: { kind: 'sealed', certificatePem: 'not a certificate' },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'SEAL_CERT_INVALID', field: 'test/portworx/keys.secretDelivery.certificatePem' });
  });
});

describe('external delivery', () => {
  it('emits ExternalSecrets that hold no value', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', {
      spec: SPEC,
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      secretDelivery: { kind: 'external', storeName: 'vault', remoteKeyPrefix: 'clusters/prod' },
    });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = synthObjects(app, chart);
    const keys = findObject(objects, 'ExternalSecret', 'pxkeys', 'kube-system');
    expect(keys.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(keys.spec.data).toEqual([
      { secretKey: 'shared-secret', remoteRef: { key: 'clusters/prod/kube-system/pxkeys', property: 'shared-secret' } },
      { secretKey: 'stork-secret', remoteRef: { key: 'clusters/prod/kube-system/pxkeys', property: 'stork-secret' } },
      { secretKey: 'system-secret', remoteRef: { key: 'clusters/prod/kube-system/pxkeys', property: 'system-secret' } },
    ]);
    expect(findObject(objects, 'ExternalSecret', 'px-k8s-user', 'tenant-a').spec.data).toEqual([
      { secretKey: 'auth-token', remoteRef: { key: 'clusters/prod/tenant-a/px-k8s-user', property: 'auth-token' } },
    ]);
    expect(JSON.stringify(objects)).not.toContain(SUITE_KEYS.shared);
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('refuses to invent keys when the cluster reads its own from a vault', () => {
    const chart = Testing.chart();
    expect(
      () => new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, keysSecretDelivery: { kind: 'external', storeName: 'vault' } }),
    ).toThrow(
      'test/portworx.keys "keysSecretDelivery external" is unset, so keys would be invented locally while the cluster reads its own from elsewhere; its tokens would be refused: pass the keys the cluster holds, e.g. keys: keysFromEnv(process.env) or keysFromMasterSecret(...)',
    );
  });
});

describe('existing keys Secret', () => {
  it('emits no keys Secret but still signs tokens with the given keys', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', {
      spec: SPEC,
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      keysSecretDelivery: { kind: 'existing' },
    });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = synthObjects(app, chart);
    expect(objects.filter((o) => (o.metadata as { name: string }).name === 'pxkeys')).toEqual([]);
    expect(findObject(objects, 'Secret', 'px-k8s-user', 'tenant-a').data['auth-token']).toBeDefined();
  });

  it('is refused for a token Secret', () => {
    const chart = Testing.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
    expect(() => new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', secretDelivery: { kind: 'existing' } })).toThrow(
      'test/tenant-a/token.secretDelivery "existing" applies only to the keys Secret: a token Secret holds a token this library signs: deliver token Secrets plain, sealed or external',
    );
  });
});

describe("secretsInGit: 'forbid'", () => {
  it('fails the synth for each plain Secret holding a key or a token, naming it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const cluster = new PxSecureCluster(chart, 'portworx', {
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      secretsInGit: 'forbid',
      secretDelivery: sealed(tempCache()),
    });
    new PxTenant(chart, 'sealed-tenant', { cluster, namespace: 'tenant-a' });
    new PxTenant(chart, 'plain-tenant', { cluster, namespace: 'tenant-b', secretDelivery: { kind: 'plain' } });
    const errors = synthErrors(app);
    expect(errors).toContain(
      "[SECRET_IN_GIT] Secret tenant-b/px-k8s-user (test/plain-tenant/token) would be written in plain text while secretsInGit is 'forbid': deliver it sealed or external (secretDelivery), or as existing for the keys Secret",
    );
    expect(errors).not.toContain('tenant-a');
  });
});
