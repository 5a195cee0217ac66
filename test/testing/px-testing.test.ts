/**
 * px-security-constructs/testing, used the way the README tells users to: fixed keys and clock, no keystore,
 * redacted manifests that are the same from any directory and in any year, and Pulumi mocks that resolve
 * RandomPassword.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { ROLES, sealedDeliveryFromFile, validateKeys, verifyToken } from '../../lib';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, redactSecretValues } from '../../lib/testing';
import { testPassword } from '../../lib/testing/pulumi-mocks';

const CERTIFICATE = join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem');

/** The README's chart: a cluster, the Kubernetes user's token in its own namespace, a tenant and a class. */
class MyChart extends Chart {
  public readonly cluster: PxSecureCluster;
  constructor(scope: ReturnType<typeof PxTesting.app>, id: string) {
    super(scope, id);
    this.cluster = new PxSecureCluster(this, 'portworx', { issuer: 'portworx.com' });
    this.cluster.addTokenSecret('k8s-user', {
      identity: { name: 'Kubernetes', roles: [ROLES.user], groups: ['kubernetes'] },
      namespace: 'portworx',
      namespaceExists: true,
    });
    new PxTenant(this, 'tenant-a', { cluster: this.cluster, namespace: 'tenant-a' });
    new PxStorageClass(this, 'px-storage', { cluster: this.cluster, name: 'px-storage', repl: 1 });
  }
}

/** Runs `body` with `directory` as the working directory. */
function inDirectory<T>(directory: string, body: () => T): T {
  const before = process.cwd();
  process.chdir(directory);
  try {
    return body();
  } finally {
    process.chdir(before);
  }
}

let dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'px-testing-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('TEST_KEYS and TEST_CLOCK', () => {
  it('are three distinct 64-character keys that say they are for tests only, valid where a test allows them', () => {
    expect(() => validateKeys(TEST_KEYS, { field: 'TEST_KEYS', allowTestKeys: true })).not.toThrow();
    expect(() => validateKeys(TEST_KEYS, { field: 'TEST_KEYS' })).toThrow(
      expect.objectContaining({ code: 'KEYS_TEST_ONLY', field: 'TEST_KEYS.system-secret' }),
    );
    expect(Object.values(TEST_KEYS).map((key) => key.length)).toEqual([64, 64, 64]);
    expect(new Set(Object.values(TEST_KEYS)).size).toBe(3);
    for (const key of Object.values(TEST_KEYS)) expect(key).toMatch(/^TEST-ONLY-/);
  });

  it('TEST_CLOCK is the clock prop pinned at 2026-01-15T00:00:00Z', () => {
    expect(TEST_CLOCK()).toBe(TEST_NOW_MS);
    expect(new Date(TEST_NOW_MS).toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });
});

describe('PxTesting.app() and PxTesting.synth()', () => {
  it('defaults a cluster to TEST_KEYS and TEST_CLOCK, and never creates .pxsec/', async () => {
    const dir = newDir();
    const chart = inDirectory(dir, () => new MyChart(PxTesting.app(), 'test'));
    const token = chart.cluster.mintToken({ name: 'admin', roles: [ROLES.admin] }).token;
    const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: TEST_NOW_MS / 1000 });
    expect(verdict.problems).toEqual([]);
    expect(chart.cluster.plan.now).toBe(TEST_NOW_MS / 1000);
    inDirectory(dir, () => PxTesting.synth(chart));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the old context string set by hand does not switch to the public TEST_KEYS: only PxTesting.app() does', async () => {
    const dir = newDir();
    const app = Testing.app();
    app.node.setContext('px-security-constructs:testing', true);
    const chart = inDirectory(dir, () => new MyChart(app, 'test'));
    const token = inDirectory(dir, () => chart.cluster.mintToken({ name: 'admin', roles: [ROLES.admin] }).token);
    const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: chart.cluster.plan.now });
    expect(verdict.problems.map((problem) => problem.code)).toContain('TOKEN_SIGNATURE');
    expect(chart.cluster.plan.now).not.toBe(TEST_NOW_MS / 1000);
    // A chart under PxTesting.app() in the same program still gets them.
    expect(new MyChart(PxTesting.app(), 'test').cluster.plan.now).toBe(TEST_NOW_MS / 1000);
  });

  it('replaces every Secret value by a stand-in: keys by their length, tokens by their claims', () => {
    const objects = PxTesting.synth(new MyChart(PxTesting.app(), 'test'));
    const secrets = objects.filter((o) => o.kind === 'Secret').map((o) => [`${(o.metadata as any).namespace}/${(o.metadata as any).name}`, o.data]);
    expect(secrets).toEqual([
      ['kube-system/pxkeys', { 'shared-secret': '<redacted: 64 bytes>', 'stork-secret': '<redacted: 64 bytes>', 'system-secret': '<redacted: 64 bytes>' }],
      [
        'portworx/px-k8s-user',
        {
          'auth-token':
            '<redacted token: HS256 {"email":"","exp":1799280000,"groups":["kubernetes"],"iat":1767743400,"iss":"portworx.com","name":"Kubernetes","roles":["system.user"],"sub":"b3BlbnN0b3JhZ2UuaW8vS3ViZXJuZXRlcy8="}>',
        },
      ],
      [
        'tenant-a/px-k8s-user',
        {
          'auth-token':
            '<redacted token: HS256 {"email":"","exp":1799280000,"groups":[],"iat":1767743400,"iss":"portworx.com","name":"tenant-a","roles":["system.user"],"sub":"b3BlbnN0b3JhZ2UuaW8vdGVuYW50LWEv"}>',
        },
      ],
    ]);
    const text = JSON.stringify(objects);
    for (const key of Object.values(TEST_KEYS)) expect(text).not.toContain(key);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
  });

  it('gives the same manifests from another directory and a year later (SOURCE_DATE_EPOCH or not)', () => {
    const first = inDirectory(newDir(), () => JSON.stringify(PxTesting.synth(new MyChart(PxTesting.app(), 'test'))));
    const yearLater = String(Math.floor(TEST_NOW_MS / 1000) + 366 * 86400);
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = yearLater;
    try {
      const second = inDirectory(newDir(), () => JSON.stringify(PxTesting.synth(new MyChart(PxTesting.app(), 'test'))));
      expect(second).toBe(first);
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  });

  it('keys and clock given as props win over the defaults', () => {
    const chart = PxTesting.chart();
    const keys = { system: 'a'.repeat(20) + TEST_KEYS.system.slice(20), stork: TEST_KEYS.stork, shared: TEST_KEYS.stork.replace('stork', 'other') };
    const clock = (): number => Date.UTC(2030, 0, 1);
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys, clock });
    expect(cluster.plan.now).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(chart.node.id).toBe('test');
  });

  it('SealedSecret ciphertext becomes "<redacted: sealed>" and the sealing cache stays in memory', () => {
    const dir = newDir();
    const objects = inDirectory(dir, () => {
      const chart = PxTesting.chart();
      const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', secretDelivery: sealedDeliveryFromFile(CERTIFICATE) });
      new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
      return PxTesting.synth(chart);
    });
    const sealed = objects.filter((o) => o.kind === 'SealedSecret').map((o) => (o.spec as any).encryptedData);
    expect(sealed).toEqual([
      { 'shared-secret': '<redacted: sealed>', 'stork-secret': '<redacted: sealed>', 'system-secret': '<redacted: sealed>' },
      { 'auth-token': '<redacted: sealed>' },
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('ExternalSecrets keep their references', () => {
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', secretDelivery: { kind: 'external', storeName: 'vault' } });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = PxTesting.synth(chart);
    expect(objects.filter((o) => o.kind === 'ExternalSecret')).toEqual(chart.toJson().filter((o: any) => o.kind === 'ExternalSecret'));
    expect(objects.filter((o) => o.kind === 'ExternalSecret').map((o) => (o.spec as any).data[0].remoteRef)).toEqual([
      { key: 'portworx/kube-system/pxkeys', property: 'shared-secret' },
      { key: 'portworx/tenant-a/px-k8s-user', property: 'auth-token' },
    ]);
  });

  it('runs the validations as cdk8s synth does, with its message', () => {
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
    expect(() => PxTesting.synth(chart)).toThrow(
      'Validation failed with the following errors:\n  [test/portworx] [STORAGECLASS_NO_TENANT] test/px-storage.token "per-tenant" reads each claim\'s token from the claim\'s own namespace, but this app declares no tenant: add a PxTenant for every namespace that will use the class, or use a fixed token Secret',
    );
  });

  it('redactSecretValues leaves non-Secret objects and stringData keys alone, redacting their values', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hunter2-hunter2' } },
    ];
    expect(redactSecretValues(objects)).toEqual([objects[0], { ...objects[1], stringData: { password: '<redacted: 15 bytes>' } }]);
  });
});

describe('PxTesting.pulumiMocks()', () => {
  const passwordArgs = (name: string, inputs: Record<string, unknown> = { length: 64 }) => ({
    type: 'random:index/randomPassword:RandomPassword',
    name,
    inputs,
    custom: true,
    provider: '',
  });

  it("answers a cluster's RandomPasswords with TEST_KEYS and others with a value fixed by the name", async () => {
    const mocks = PxTesting.pulumiMocks();
    expect(await mocks.newResource(passwordArgs('portworx-shared-secret'))).toEqual({
      id: 'portworx-shared-secret_id',
      state: { length: 64, result: TEST_KEYS.shared },
    });
    const other = (await mocks.newResource(passwordArgs('db-password', { length: 24 }))).state.result as string;
    expect(other).toHaveLength(24);
    expect(other).toBe(testPassword('db-password', { length: 24 }));
    expect(await mocks.newResource({ type: 'kubernetes:core/v1:Secret', name: 's', inputs: { a: 1 } })).toEqual({ id: 's_id', state: { a: 1 } });
    expect(await mocks.call({ token: 'f', inputs: { x: 1 } })).toEqual({ x: 1 });
  });

  it('passes everything to the inner mocks, keeping a RandomPassword result they set', async () => {
    const inner = {
      newResource: (args: { name: string; type: string; inputs: any }) =>
        Promise.resolve({ id: `inner-${args.name}`, state: args.name === 'mine' ? { result: 'from-inner' } : { ...args.inputs, inner: true } }),
      call: () => ({ called: 'inner' }),
    };
    const mocks = PxTesting.pulumiMocks(inner);
    expect(await mocks.newResource(passwordArgs('mine'))).toEqual({ id: 'inner-mine', state: { result: 'from-inner' } });
    expect(await mocks.newResource(passwordArgs('portworx-system-secret'))).toEqual({
      id: 'inner-portworx-system-secret',
      state: { length: 64, inner: true, result: TEST_KEYS.system },
    });
    expect(await mocks.newResource({ type: 'x:y:Z', name: 'z', inputs: {} })).toEqual({ id: 'inner-z', state: { inner: true } });
    expect(await mocks.call({ token: 'f', inputs: {} })).toEqual({ called: 'inner' });
  });

  it('answers kubernetes:yaml:decode as the provider does: every document an object, empty ones left out', async () => {
    const text =
      '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx\n---\n# nothing\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';
    const decoded = {
      result: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
      ],
    };
    expect(await PxTesting.pulumiMocks().call({ token: 'kubernetes:yaml:decode', inputs: { text } })).toEqual(decoded);
    // Also with inner mocks that echo calls (decoding is a pure function: answered here in any case).
    const echo = {
      newResource: (args: { name: string; inputs: any }) => ({ id: args.name, state: args.inputs }),
      call: (args: { inputs: any }) => args.inputs,
    };
    expect(await PxTesting.pulumiMocks(echo).call({ token: 'kubernetes:yaml:decode', inputs: { text } })).toEqual(decoded);
    expect(() => PxTesting.pulumiMocks().call({ token: 'kubernetes:yaml:decode', inputs: { text: 'a: [1\n' } })).toThrow(
      'kubernetes:yaml:decode: document 1 is not valid YAML',
    );
  });

  it('renders a k8s.helm.v3.Chart from helmCharts, by chart name or local path; another chart goes to the inner mocks', async () => {
    const objects = [{ apiVersion: 'core.libopenstorage.org/v1', kind: 'StorageCluster', metadata: { name: 'px-cluster', namespace: 'portworx' } }];
    const template = (opts: Record<string, unknown>) => ({ token: 'kubernetes:helm:template', inputs: { jsonOpts: JSON.stringify(opts) } });
    const mocks = PxTesting.pulumiMocks(undefined, { helmCharts: { portworx: objects, './charts/px': objects } });
    expect(await mocks.call(template({ chart: 'portworx', namespace: 'portworx' }))).toEqual({ result: objects });
    expect(await mocks.call(template({ path: './charts/px' }))).toEqual({ result: objects });
    expect(() => mocks.call(template({ chart: 'other' }))).toThrow(
      'kubernetes:helm:template: there is no helm under test mocks, and chart "other" has no rendering: pass its objects as PxTesting.pulumiMocks(inner, { helmCharts: { "other": objects } })',
    );
    const echo = {
      newResource: (args: { name: string; inputs: any }) => ({ id: args.name, state: args.inputs }),
      call: (args: { inputs: any }) => args.inputs,
    };
    await expect(Promise.resolve().then(() => PxTesting.pulumiMocks(echo).call(template({ chart: 'other' })))).rejects.toThrow(
      'chart "other" has no rendering',
    );
    const rendering = { ...echo, call: () => Promise.resolve({ result: objects }) };
    expect(await PxTesting.pulumiMocks(rendering).call(template({ chart: 'other' }))).toEqual({ result: objects });
  });
});
