import * as path from 'node:path';
import { Chart, Include, Testing } from 'cdk8s';
import { PxSecureCluster } from '../../lib/cdk8s';
import { PortworxSpec, decodeToken, verifyToken } from '../../lib';
import { validateKubernetesObjects } from '../support/kube-schema';
import { caughtPxSecurityError } from '../support/caught';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, redactSecretValues } from '../../lib/testing';
import { findObject, secretValues, synthObjects } from '../support/cdk8s-synth';
import { definedAt } from '../support/defined';

const EXAMPLE_SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');

function newChart(namespace?: string): { app: ReturnType<typeof Testing.app>; chart: Chart } {
  const app = PxTesting.app();
  return { app, chart: new Chart(app, 'test', namespace === undefined ? {} : { namespace }) };
}

function envOf(container: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries((container.env as { name: string; value?: string; valueFrom?: unknown }[]).map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe('PxSecureCluster (DaemonSet form)', () => {
  const { app, chart } = newChart();
  const cluster = new PxSecureCluster(chart, 'portworx', {
    spec: PortworxSpec.fromFile(EXAMPLE_SPEC),
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
  });
  cluster.addTokenSecret('k8s-user', {
    identity: { name: 'Kubernetes', email: 'kubernetes@portworx.com', roles: ['system.user'], groups: ['kubernetes'] },
    namespace: 'portworx',
  });
  const objects = synthObjects(app, chart);

  it('matches the snapshot (Secret values redacted)', () => {
    expect(redactSecretValues(objects)).toMatchSnapshot();
  });

  it('emits the pxkeys Secret with the three keys as base64 data', () => {
    const keys = findObject(objects, 'Secret', 'pxkeys', 'kube-system');
    expect(keys.type).toBe('Opaque');
    expect(keys.stringData).toBeUndefined();
    expect(secretValues(keys)).toEqual({ 'shared-secret': TEST_KEYS.shared, 'stork-secret': TEST_KEYS.stork, 'system-secret': TEST_KEYS.system });
  });

  it('adds -jwt_issuer and the three key env entries to the portworx container only', () => {
    const daemonSet = findObject(objects, 'DaemonSet', 'portworx', 'kube-system');
    const containers = daemonSet.spec.template.spec.containers as Record<string, any>[];
    const portworx = definedAt(containers, 0, 'DaemonSet containers');
    const registrar = definedAt(containers, 1, 'DaemonSet containers');
    expect(portworx.args.slice(-2)).toEqual(['-jwt_issuer', 'portworx.com']);
    expect(envOf(portworx)).toMatchObject({
      PORTWORX_AUTH_JWT_SHAREDSECRET: { secretKeyRef: { name: 'pxkeys', key: 'shared-secret' } },
      PORTWORX_AUTH_SYSTEM_KEY: { secretKeyRef: { name: 'pxkeys', key: 'system-secret' } },
      PORTWORX_AUTH_STORK_KEY: { secretKeyRef: { name: 'pxkeys', key: 'stork-secret' } },
    });
    expect(registrar.name).toBe('csi-node-driver-registrar');
    expect(JSON.stringify(registrar)).not.toContain('jwt');
  });

  it('gives stork PX_SHARED_SECRET from the stork key', () => {
    const stork = findObject(objects, 'Deployment', 'stork', 'kube-system');
    expect(envOf(stork.spec.template.spec.containers[0])).toEqual({
      PX_SERVICE_NAME: 'portworx-api',
      PX_SHARED_SECRET: { secretKeyRef: { name: 'pxkeys', key: 'stork-secret' } },
    });
  });

  it('stores the Kubernetes user token under auth-token, valid for Portworx', async () => {
    const secret = findObject(objects, 'Secret', 'px-k8s-user', 'portworx');
    expect(Object.keys(secret.data)).toEqual(['auth-token']);
    const token = secretValues(secret)['auth-token'] ?? '';
    const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: TEST_NOW_MS / 1000 });
    expect(verdict.problems).toEqual([]);
    expect(verdict.claims).toMatchObject({ name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'], iss: 'portworx.com' });
  });

  it('mints the storage admin token for pxctl without emitting it', async () => {
    const issued = cluster.mintToken({ name: 'Storage Administrator', email: 'admin@portworx.com', roles: ['system.admin'], groups: ['*'] });
    const verdict = await verifyToken(issued.token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: TEST_NOW_MS / 1000 });
    expect(verdict.valid).toBe(true);
    expect(decodeToken(issued.token, { field: 'token' }).claims.roles).toEqual(['system.admin']);
    expect(JSON.stringify(objects)).not.toContain(Buffer.from(issued.token).toString('base64'));
  });

  it('validates every object against the Kubernetes schema', () => {
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });
});

describe('PxSecureCluster (operator form)', () => {
  const { app, chart } = newChart();
  new PxSecureCluster(chart, 'portworx', {
    spec: PortworxSpec.fromFile(OPERATOR_SPEC),
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
    guestAccess: 'Disabled',
  });
  const objects = synthObjects(app, chart);

  it('secures the StorageCluster and puts the shared secret in its namespace', () => {
    const storageCluster = findObject(objects, 'StorageCluster', 'px-cluster', 'portworx');
    expect(storageCluster.spec.security).toEqual({
      enabled: true,
      auth: { guestAccess: 'Disabled', selfSigned: { issuer: 'portworx.com', sharedSecret: 'px-shared-secret' } },
    });
    const shared = findObject(objects, 'Secret', 'px-shared-secret', 'portworx');
    expect(secretValues(shared)).toEqual({ 'shared-secret': TEST_KEYS.shared });
    expect(objects.filter((o) => o.kind === 'Secret')).toHaveLength(1);
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });
});

describe('PxSecureCluster on objects already in the app (Include)', () => {
  it('secures the included objects in place instead of emitting them again', () => {
    const { app, chart } = newChart();
    const include = new Include(chart, 'px-spec', { url: EXAMPLE_SPEC });
    const before = include.apiObjects.length;
    new PxSecureCluster(chart, 'portworx', { include, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    const objects = synthObjects(app, chart);
    expect(objects).toHaveLength(before + 1); // + the pxkeys Secret
    const daemonSet = findObject(objects, 'DaemonSet', 'portworx', 'kube-system');
    expect(daemonSet.spec.template.spec.containers[0].args.slice(-2)).toEqual(['-jwt_issuer', 'portworx.com']);
    const untouched = findObject(objects, 'ServiceAccount', 'px-account', 'kube-system');
    expect(untouched).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'px-account', namespace: 'kube-system' } });
  });
});

describe('PxSecureCluster without a spec', () => {
  it('emits only the keys Secret', () => {
    const { app, chart } = newChart();
    new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, keysSecretNamespace: 'portworx' });
    const objects = synthObjects(app, chart);
    expect(objects.map((o) => `${o.kind} ${(o.metadata as { namespace: string; name: string }).namespace}/${(o.metadata as { name: string }).name}`)).toEqual([
      'Secret portworx/pxkeys',
    ]);
  });
});

describe('PxSecureCluster validation', () => {
  const spec = PortworxSpec.fromFile(EXAMPLE_SPEC);

  it('refuses a spec given twice', () => {
    const { chart } = newChart();
    const include = new Include(chart, 'px-spec', { url: EXAMPLE_SPEC });
    expect(() => new PxSecureCluster(chart, 'portworx', { spec, include, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK })).toThrow(
      `test/portworx.spec "${EXAMPLE_SPEC}" is given together with include: give the spec once: as spec to emit it, or as include to secure objects already in the app`,
    );
  });

  it.each([' portworx.com', 'my issuer', 'portworx\u0001.com', ''])('refuses the issuer %j, with or without a spec (ISSUER_INVALID)', (issuer) => {
    for (const withSpec of [spec, undefined]) {
      const { chart } = newChart();
      expect(() => new PxSecureCluster(chart, 'portworx', { spec: withSpec, issuer, keys: TEST_KEYS, clock: TEST_CLOCK })).toThrow(
        `test/portworx.issuer ${JSON.stringify(issuer)} is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"`,
      );
    }
  });

  it('refuses an https:// issuer without OIDC', () => {
    const { chart } = newChart();
    expect(() => new PxSecureCluster(chart, 'portworx', { spec, issuer: 'https://portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK })).toThrow(
      'test/portworx.issuer "https://portworx.com" starts with https://, which Portworx reads as an OIDC issuer, not a self-signed one: use a plain name such as "portworx.com" for self-signed tokens, or configure oidc',
    );
  });

  it('refuses a keys Secret outside the DaemonSet namespace', () => {
    const { chart } = newChart();
    expect(
      () => new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, keysSecretNamespace: 'portworx' }),
    ).toThrow(
      `test/portworx.keysSecretNamespace "portworx" differs from the portworx DaemonSet's namespace "kube-system"; a secretKeyRef only reads Secrets in the pod's own namespace: leave keysSecretNamespace unset or set it to "kube-system"`,
    );
  });

  it('refuses an issuer that differs from the one already in the spec', () => {
    const { chart } = newChart();
    const secured = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/already-secured.yaml'));
    expect(() => new PxSecureCluster(chart, 'portworx', { spec: secured, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK })).toThrow(
      expect.objectContaining({ code: 'SPEC_ALREADY_SECURED_DIFFERENTLY' }),
    );
  });

  it('refuses weak keys without showing them', () => {
    const { chart } = newChart();
    const weak = { ...TEST_KEYS, stork: TEST_KEYS.shared };
    let message = '';
    try {
      new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: weak, clock: TEST_CLOCK });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/the three keys must differ/);
    expect(message).not.toContain(TEST_KEYS.shared);
  });

  it('pins time from the clock: same inputs, same bytes', () => {
    const synth = () => {
      const { app, chart } = newChart();
      new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }).addTokenSecret('u', {
        identity: { name: 'u', roles: ['system.user'] },
        namespace: 'portworx',
      });
      return app.synthYaml();
    };
    expect(synth()).toBe(synth());
  });

  it("validates a token Secret's labels where they enter, with the Kubernetes label rules", () => {
    const { chart } = newChart();
    const cluster = new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    const add = (labels: Record<string, string>) => () =>
      cluster.addTokenSecret(`u${Object.keys(labels).length}`, { identity: { name: 'u', roles: ['system.user'] }, namespace: 'portworx', labels });
    const badKey = caughtPxSecurityError(add({ 'team name': 'a' }));
    expect(badKey.code).toBe('LABEL_INVALID');
    expect(badKey.message).toContain('test/portworx/u1.labels');
    const badValue = caughtPxSecurityError(add({ team: 'a', tier: 'not a label value' }));
    expect(badValue.code).toBe('LABEL_INVALID');
    expect(badValue.message).toContain('test/portworx/u2.labels["tier"]');
    // Valid labels are emitted as given, and a later change to the caller's object changes nothing.
    const labels: Record<string, string> = { 'example.com/team': 'storage', tier: '' };
    const secret = cluster.addTokenSecret('ok', { identity: { name: 'u', roles: ['system.user'] }, namespace: 'portworx', labels });
    labels.tier = 'changed';
    expect((secret.toJson() as { metadata: { labels: unknown } }).metadata.labels).toEqual({ 'example.com/team': 'storage', tier: '' });
  });
});
