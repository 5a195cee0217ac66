/**
 * The Pulumi components under Pulumi's own mocks (the real runtime, the engine mocked): which resources they
 * register, with which inputs and parents, which values are secret, what a first preview sees, and that
 * props errors are the cdk8s constructs' errors, code and message.
 */
import { RegisteredResource, isSecretEnvelope, openSecrets, programDone, registrations, startRun, valueOf, withoutSecrets } from './mocks';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { IdentityProps, PortworxSpec, decodeToken, verifyToken } from '../../lib';
import { portworxVolumeSnapshotClass } from '../../lib/model';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/pulumi';
import { ModelCheck } from '../../lib/pulumi/model-check';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';
import { caughtOnComponent } from './caught-on-component';

const EXAMPLE_SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const CLUSTER = 'px-security:index:PxSecureCluster';
/** What the keys Secret and every token Secret carry, so stork backups and migrations skip them. */
const STORK_SKIP = { 'stork.libopenstorage.org/skip-resource': 'true' };
const KUBERNETES_USER: IdentityProps = { name: 'Kubernetes', email: 'kubernetes@portworx.com', roles: ['system.user'], groups: ['kubernetes'] };
const STORAGE_ADMIN: IdentityProps = { name: 'Storage Administrator', email: 'admin@portworx.com', roles: ['system.admin'], groups: ['*'] };

function find(registered: readonly RegisteredResource[], name: string): RegisteredResource {
  const found = registered.find((r) => r.name === name);
  if (found === undefined) throw new Error(`${name} was not registered`);
  return found;
}

/** A Secret's values as Kubernetes will hold them (its secret `data` opened and base64-decoded). */
function secretValues(registration: RegisteredResource): Record<string, string> {
  const data = openSecrets(registration.inputs.data).value as Record<string, string>;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}

async function verified(token: string): Promise<Record<string, unknown>> {
  const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: TEST_NOW_MS / 1000 });
  expect(verdict.problems).toEqual([]);
  return decodeToken(token, { field: 'token' }).claims;
}

describe('PxSecureCluster', () => {
  let registered: RegisteredResource[];
  let cluster: PxSecureCluster;
  let storageAdminToken: pulumi.Output<string>;

  beforeAll(async () => {
    startRun();
    cluster = new PxSecureCluster('portworx', { spec: PortworxSpec.fromFile(EXAMPLE_SPEC), issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { identity: KUBERNETES_USER, namespace: 'portworx' });
    storageAdminToken = cluster.mintToken(STORAGE_ADMIN).token;
    registered = await programDone();
  });

  it('registers each spec object as its typed resource, named by kind, namespace and name, under the cluster', () => {
    expect(registered.filter((r) => r.parentType === CLUSTER).map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:apps/v1:DaemonSet portworx-daemonset-kube-system-portworx',
      'kubernetes:apps/v1:Deployment portworx-deployment-kube-system-stork',
      'kubernetes:core/v1:Secret portworx-k8s-user',
      'kubernetes:core/v1:Secret portworx-secret-kube-system-pxkeys',
      'kubernetes:core/v1:Service portworx-service-kube-system-portworx-service',
      'kubernetes:core/v1:ServiceAccount portworx-serviceaccount-kube-system-px-account',
      'kubernetes:core/v1:ServiceAccount portworx-serviceaccount-kube-system-stork-account',
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole portworx-clusterrole-node-get-put-list-role',
      'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding portworx-clusterrolebinding-node-role-binding',
      'kubernetes:storage.k8s.io/v1:CSIDriver portworx-csidriver-pxd.portworx.com',
      'random:index/randomPassword:RandomPassword portworx-shared-secret',
      'random:index/randomPassword:RandomPassword portworx-stork-secret',
      'random:index/randomPassword:RandomPassword portworx-system-secret',
    ]);
    expect(find(registered, 'portworx')).toMatchObject({ type: CLUSTER, parentType: undefined });
    expect(cluster.specResources.map((r) => r.constructor.name)).toEqual([
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Service',
      'CSIDriver',
      'DaemonSet',
      'ServiceAccount',
      'Deployment',
    ]);
    expect(cluster.specResources[5]).toBeInstanceOf(k8s.apps.v1.DaemonSet);
  });

  it('registers the secured spec: -jwt_issuer and the key env entries on the portworx container', () => {
    const daemonSet = openSecrets(find(registered, 'portworx-daemonset-kube-system-portworx').inputs).value as {
      spec: { template: { spec: { containers: { name: string; args: string[]; env: { name: string; valueFrom?: unknown }[] }[] } } };
    };
    const [portworx] = daemonSet.spec.template.spec.containers;
    expect(portworx?.name).toBe('portworx');
    expect(portworx?.args.slice(-2)).toEqual(['-jwt_issuer', 'portworx.com']);
    expect(portworx?.env.slice(-3).map((e) => [e.name, e.valueFrom])).toEqual([
      ['PORTWORX_AUTH_JWT_SHAREDSECRET', { secretKeyRef: { name: 'pxkeys', key: 'shared-secret' } }],
      ['PORTWORX_AUTH_SYSTEM_KEY', { secretKeyRef: { name: 'pxkeys', key: 'system-secret' } }],
      ['PORTWORX_AUTH_STORK_KEY', { secretKeyRef: { name: 'pxkeys', key: 'stork-secret' } }],
    ]);
  });

  it('generates the keys as 64-character RandomPasswords of the base64 alphabet and keeps them secret', async () => {
    for (const key of ['system', 'stork', 'shared']) {
      expect(find(registered, `portworx-${key}-secret`).inputs).toEqual({ length: 64, special: true, overrideSpecial: '+/' });
    }
    expect(await pulumi.isSecret(cluster.keys)).toBe(true);
    expect(await valueOf(cluster.keys)).toEqual(TEST_KEYS);
  });

  it('writes the keys into pxkeys as base64 data that is a Pulumi secret, the rest in the clear', async () => {
    const keysSecret = find(registered, 'portworx-secret-kube-system-pxkeys');
    expect(isSecretEnvelope(keysSecret.inputs.data)).toBe(true);
    expect(withoutSecrets(keysSecret.inputs)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'pxkeys', namespace: 'kube-system', annotations: STORK_SKIP },
      type: 'Opaque',
      data: '[secret]',
    });
    expect(secretValues(keysSecret)).toEqual({ 'shared-secret': TEST_KEYS.shared, 'stork-secret': TEST_KEYS.stork, 'system-secret': TEST_KEYS.system });
    expect(await pulumi.isSecret((cluster.keysSecret as k8s.core.v1.Secret).data)).toBe(true);
  });

  it('lets no key and no token reach the state outside secret fields', async () => {
    const secretPaths = registered.flatMap((r) => openSecrets(r.inputs).secretPaths.map((p) => `${r.name}: ${p}`));
    expect(secretPaths).toEqual(['portworx-k8s-user: data', 'portworx-secret-kube-system-pxkeys: data']);
    const token = secretValues(find(registered, 'portworx-k8s-user'))['auth-token'] ?? '';
    const secrets = [...Object.values(TEST_KEYS), token, await valueOf(storageAdminToken)];
    const inTheClear = JSON.stringify(registered.map((r) => withoutSecrets(r.inputs)));
    for (const secret of secrets) {
      expect(inTheClear).not.toContain(secret);
      expect(inTheClear).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });

  it('stores the Kubernetes user token under auth-token, valid for Portworx', async () => {
    const tokenSecret = find(registered, 'portworx-k8s-user');
    expect(withoutSecrets(tokenSecret.inputs)).toMatchObject({ metadata: { name: 'px-k8s-user', namespace: 'portworx' }, type: 'Opaque' });
    const claims = await verified(secretValues(tokenSecret)['auth-token'] ?? '');
    expect(claims).toMatchObject({ iss: 'portworx.com', name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] });
  });

  it('mints tokens as Pulumi secrets', async () => {
    expect(await pulumi.isSecret(storageAdminToken)).toBe(true);
    expect(await verified(await valueOf(storageAdminToken))).toMatchObject({ name: 'Storage Administrator', roles: ['system.admin'], groups: ['*'] });
  });
});

describe('keys given by the program', () => {
  it('takes plain strings and Outputs alike, generates nothing and keeps them secret', async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      keys: { system: TEST_KEYS.system, stork: pulumi.output(TEST_KEYS.stork), shared: pulumi.secret(TEST_KEYS.shared) },
      clock: TEST_CLOCK,
    });
    const registered = await programDone();
    expect(registered.map((r) => `${r.type} ${r.name}`)).toEqual(['kubernetes:core/v1:Secret portworx-secret-kube-system-pxkeys', `${CLUSTER} portworx`]);
    expect(await pulumi.isSecret(cluster.keys)).toBe(true);
    expect(secretValues(find(registered, 'portworx-secret-kube-system-pxkeys'))).toEqual({
      'shared-secret': TEST_KEYS.shared,
      'stork-secret': TEST_KEYS.stork,
      'system-secret': TEST_KEYS.system,
    });
  });
});

describe('a first preview, before the RandomPasswords exist', () => {
  it('shows every Secret with its name and namespace, its data not yet known', async () => {
    startRun(true);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { identity: KUBERNETES_USER, namespace: 'portworx' });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    const secrets = (await programDone()).filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((r) => [r.name, r.inputs.metadata])).toEqual([
      ['portworx-k8s-user', { name: 'px-k8s-user', namespace: 'portworx', annotations: STORK_SKIP }],
      ['portworx-secret-kube-system-pxkeys', { name: 'pxkeys', namespace: 'kube-system', annotations: STORK_SKIP }],
      ['tenant-a-token', { name: 'px-k8s-user', namespace: 'tenant-a', annotations: STORK_SKIP }],
    ]);
    for (const secret of secrets) expect(Object.keys(openSecrets(secret.inputs.data).value as object)).not.toContain('auth-token');
  });
});

describe('guest access', () => {
  it('logs auth-less classes as warnings on the cluster, once each, with the codes and messages of cdk8s', async () => {
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, guestAccess: 'Enabled' });
    new cdk8s.PxStorageClass(chart, 'guest-volumes', { cluster: cdk8sCluster, name: 'px-guest', token: { kind: 'none' } });
    new cdk8s.PxVolumeSnapshotClass(chart, 'guest-snapshots', { cluster: cdk8sCluster, name: 'px-guest-snapshots', token: { kind: 'none' } });
    const fromCdk8s = cdk8sCluster.warnings();

    const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
    try {
      startRun();
      const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, guestAccess: 'Enabled' });
      expect(cluster.warnings()).toEqual([]);
      new PxStorageClass('test/guest-volumes', { cluster, name: 'px-guest', token: { kind: 'none' } });
      new PxVolumeSnapshotClass('test/guest-snapshots', { cluster, name: 'px-guest-snapshots', token: { kind: 'none' } });
      await programDone();
      expect(fromCdk8s.map((w) => w.split(' ')[0])).toEqual(expect.arrayContaining(['[STORAGECLASS_NO_AUTH]', '[VOLUMESNAPSHOTCLASS_NO_AUTH]']));
      expect(warn.mock.calls.map(([message, resource]) => [message, resource === cluster])).toEqual(fromCdk8s.map((message) => [message, true]));
      expect(cluster.warnings()).toEqual(fromCdk8s);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('PxTenant and PxStorageClass', () => {
  let registered: RegisteredResource[];
  let storageClass: PxStorageClass;
  let tenant: PxTenant;
  const order: string[] = [];

  beforeAll(async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { identity: KUBERNETES_USER, namespace: 'portworx' });
    tenant = new PxTenant('tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: ['developers'] }, labels: { team: 'a' } });
    new PxTenant('tenant-b', { cluster, namespace: 'tenant-b', createNamespace: false });
    storageClass = new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });
    new PxVolumeSnapshotClass('px-snapshots', { cluster, name: 'px-snapshots' });
    new PxStorageClass('px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
      repl: 1,
    });
    registered = await programDone();
    order.push(...registrations.map((r) => r.name));
  });

  it('registers the tenant Namespace and token Secret under the tenant, the Secret after the Namespace', () => {
    expect(registered.filter((r) => r.parentType === 'px-security:index:PxTenant').map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:core/v1:Namespace tenant-a-namespace',
      'kubernetes:core/v1:Secret tenant-a-token',
      'kubernetes:core/v1:Secret tenant-b-token',
    ]);
    expect(find(registered, 'tenant-a-namespace').inputs).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'tenant-a', labels: { team: 'a' } },
    });
    expect(order.indexOf('tenant-a-namespace')).toBeLessThan(order.indexOf('tenant-a-token'));
    expect(tenant.namespaceResource).toBeInstanceOf(k8s.core.v1.Namespace);
  });

  it("signs each tenant's token for the tenant's identity", async () => {
    const claims = await verified(secretValues(find(registered, 'tenant-a-token'))['auth-token'] ?? '');
    expect(claims).toMatchObject({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'], sub: tenant.identity.sub });
    expect(withoutSecrets(find(registered, 'tenant-b-token').inputs)).toMatchObject({ metadata: { name: 'px-k8s-user', namespace: 'tenant-b' } });
  });

  it('annotates the token Secret of a tenant whose namespace exists already, as cdk8s does (namespace-exists, stork skip)', () => {
    const chart = new Chart(PxTesting.app(), 'test');
    const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    const cdk8sTenant = new cdk8s.PxTenant(chart, 'tenant-b', { cluster: cdk8sCluster, namespace: 'tenant-b', createNamespace: false });
    const expected = cdk8sTenant.tokenSecret.toJson().metadata as Record<string, unknown>;
    expect(expected.annotations).toEqual({ 'px-security-constructs/namespace-exists': 'true', ...STORK_SKIP });
    expect((find(registered, 'tenant-b-token').inputs as { metadata: unknown }).metadata).toEqual(expected);
    expect((find(registered, 'tenant-a-token').inputs as { metadata: { annotations: unknown } }).metadata.annotations).toEqual(STORK_SKIP);
  });

  it('registers a VolumeSnapshotClass as a CustomResource under its component, per tenant by default', () => {
    const snapshotClass = find(registered, 'px-snapshots-volume-snapshot-class');
    expect(snapshotClass).toMatchObject({
      type: 'kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass',
      parentType: 'px-security:index:PxVolumeSnapshotClass',
    });
    expect(snapshotClass.inputs).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'px-snapshots' },
      driver: 'pxd.portworx.com',
      deletionPolicy: 'Delete',
      parameters: {
        'csi.storage.k8s.io/snapshotter-secret-name': 'px-k8s-user',
        'csi.storage.k8s.io/snapshotter-secret-namespace': '${volumesnapshot.namespace}',
      },
    });
    expect(snapshotClass.inputs).toEqual(JSON.parse(JSON.stringify(portworxVolumeSnapshotClass({ name: 'px-snapshots' }, { field: 'px-snapshots' }))));
  });

  it('registers each class as a typed StorageClass under its component', () => {
    const classes = registered.filter((r) => r.parentType === 'px-security:index:PxStorageClass');
    expect(classes.map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:storage.k8s.io/v1:StorageClass px-storage-repl-1-storage-class',
      'kubernetes:storage.k8s.io/v1:StorageClass px-storage-storage-class',
    ]);
    expect(find(registered, 'px-storage-storage-class').inputs).toMatchObject({
      provisioner: 'pxd.portworx.com',
      parameters: { 'csi.storage.k8s.io/node-publish-secret-namespace': '${pvc.namespace}', repl: '1' },
    });
    expect(find(registered, 'px-storage-repl-1-storage-class').inputs).toMatchObject({
      provisioner: 'kubernetes.io/portworx-volume',
      parameters: { 'openstorage.io/auth-secret-name': 'px-k8s-user', 'openstorage.io/auth-secret-namespace': 'portworx', repl: '1' },
    });
    expect(storageClass.name).toBe('px-storage');
    expect(storageClass.storageClass).toBeInstanceOf(k8s.storage.v1.StorageClass);
  });
});

/** A props mistake made once in cdk8s and once in Pulumi, with Pulumi names equal to the cdk8s paths. */
interface PropsMistake {
  readonly what: string;
  readonly cdk8s: (chart: Chart) => void;
  readonly pulumi: () => void;
}

const SHORT_KEY = 'short-key-never-shown';
const cdk8sCluster = (chart: Chart) => new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
const pulumiCluster = () => new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });

const MISTAKES: readonly PropsMistake[] = [
  {
    what: 'an issuer with spaces',
    cdk8s: (chart) => new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: ' portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }),
    pulumi: () => new PxSecureCluster('test/portworx', { issuer: ' portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }),
  },
  {
    what: 'an https issuer without OIDC',
    cdk8s: (chart) => new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'https://portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }),
    pulumi: () => new PxSecureCluster('test/portworx', { issuer: 'https://portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK }),
  },
  {
    what: "a keys Secret outside the DaemonSet's namespace",
    cdk8s: (chart) =>
      new cdk8s.PxSecureCluster(chart, 'portworx', {
        spec: PortworxSpec.fromFile(EXAMPLE_SPEC),
        issuer: 'portworx.com',
        keysSecretNamespace: 'portworx',
        keys: TEST_KEYS,
        clock: TEST_CLOCK,
      }),
    pulumi: () =>
      new PxSecureCluster('test/portworx', {
        spec: PortworxSpec.fromFile(EXAMPLE_SPEC),
        issuer: 'portworx.com',
        keysSecretNamespace: 'portworx',
        keys: TEST_KEYS,
        clock: TEST_CLOCK,
      }),
  },
  {
    what: 'a short key',
    cdk8s: (chart) => new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: { ...TEST_KEYS, shared: SHORT_KEY }, clock: TEST_CLOCK }),
    pulumi: () => new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: { ...TEST_KEYS, shared: SHORT_KEY }, clock: TEST_CLOCK }),
  },
  {
    what: 'a rotation that renews after tokens expire',
    cdk8s: (chart) =>
      new cdk8s.PxSecureCluster(chart, 'portworx', {
        issuer: 'portworx.com',
        keys: TEST_KEYS,
        clock: TEST_CLOCK,
        rotation: { lifetime: '1d', renewEvery: '2d' },
      }),
    pulumi: () =>
      new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, rotation: { lifetime: '1d', renewEvery: '2d' } }),
  },
  {
    what: 'a token Secret in an invalid namespace',
    cdk8s: (chart) => cdk8sCluster(chart).addTokenSecret('k8s-user', { identity: KUBERNETES_USER, namespace: 'Portworx' }),
    pulumi: () => pulumiCluster().addTokenSecret('k8s-user', { identity: KUBERNETES_USER, namespace: 'Portworx' }),
  },
  {
    what: 'a minted token with a misspelt role',
    cdk8s: (chart) => cdk8sCluster(chart).mintToken({ ...STORAGE_ADMIN, roles: ['system.admins'] }),
    pulumi: () => pulumiCluster().mintToken({ ...STORAGE_ADMIN, roles: ['system.admins'] }),
  },
  {
    what: 'a tenant namespace that is not an RFC 1123 label',
    cdk8s: (chart) => new cdk8s.PxTenant(chart, 'tenant-a', { cluster: cdk8sCluster(chart), namespace: 'Tenant_A' }),
    pulumi: () => new PxTenant('test/tenant-a', { cluster: pulumiCluster(), namespace: 'Tenant_A' }),
  },
  {
    what: 'a PxTenant without cluster (plain JavaScript)',
    cdk8s: (chart) => new cdk8s.PxTenant(chart, 'tenant-a', { namespace: 'tenant-a' } as never),
    pulumi: () => new PxTenant('test/tenant-a', { namespace: 'tenant-a' } as never),
  },
  {
    what: 'a PxStorageClass without cluster (plain JavaScript)',
    cdk8s: (chart) => new cdk8s.PxStorageClass(chart, 'px-storage', { name: 'px-storage' } as never),
    pulumi: () => new PxStorageClass('test/px-storage', { name: 'px-storage' } as never),
  },
  {
    what: 'repl outside 1-3',
    cdk8s: (chart) => new cdk8s.PxStorageClass(chart, 'px-storage', { cluster: cdk8sCluster(chart), name: 'px-storage', repl: 4 }),
    pulumi: () => new PxStorageClass('test/px-storage', { cluster: pulumiCluster(), name: 'px-storage', repl: 4 }),
  },
  {
    what: 'a VolumeSnapshotClass with a deletion policy in the wrong case',
    cdk8s: (chart) =>
      new cdk8s.PxVolumeSnapshotClass(chart, 'px-snapshots', { cluster: cdk8sCluster(chart), name: 'px-snapshots', deletionPolicy: 'delete' as 'Delete' }),
    pulumi: () => new PxVolumeSnapshotClass('test/px-snapshots', { cluster: pulumiCluster(), name: 'px-snapshots', deletionPolicy: 'delete' as 'Delete' }),
  },
  {
    what: 'an in-tree class with a per-tenant token',
    cdk8s: (chart) =>
      new cdk8s.PxStorageClass(chart, 'px-storage', {
        cluster: cdk8sCluster(chart),
        name: 'px-storage',
        provisioner: 'in-tree',
        token: { kind: 'per-tenant' },
      }),
    pulumi: () =>
      new PxStorageClass('test/px-storage', { cluster: pulumiCluster(), name: 'px-storage', provisioner: 'in-tree', token: { kind: 'per-tenant' } }),
  },
];

describe('props errors', () => {
  beforeAll(() => startRun());

  it.each(MISTAKES.map((mistake) => [mistake.what, mistake] as const))('%s: the same code and message as in cdk8s', (_what, mistake) => {
    const fromCdk8s = caughtPxSecurityError(() => mistake.cdk8s(new Chart(PxTesting.app(), 'test')));
    const fromPulumi = caughtOnComponent(mistake.pulumi);
    expect({ code: fromPulumi.code, message: fromPulumi.message }).toEqual({ code: fromCdk8s.code, message: fromCdk8s.message });
    expect(fromPulumi.message).not.toContain(SHORT_KEY);
  });

  it('never shows a key in a message', () => {
    const error = caughtOnComponent(MISTAKES.find((mistake) => mistake.what === 'a short key')?.pulumi ?? (() => undefined));
    expect(error.code).toMatch(/^KEYS_/);
    expect(error.message).toContain('test/portworx.keys');
    expect(`${error.message} ${String(error.value)}`).not.toContain(SHORT_KEY);
  });
});

describe('ModelCheck', () => {
  it("checks once, at the program's end (beforeExit), everything declared before it, real awaits included", async () => {
    const checked: number[] = [];
    const ends: number[] = [];
    const check = new ModelCheck(
      () => {
        checked.push(checked.length);
      },
      () => undefined,
      () => ends.push(checked.length),
      () => true,
    );
    const first = check.declared();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = check.declared();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checked).toEqual([]);
    process.emit('beforeExit', 0);
    await Promise.all([first, second]);
    expect(checked).toEqual([0]);
    // Declared after the end: checked as soon as the code that declared it has run.
    const third = check.declared();
    const fourth = check.declared();
    expect(checked).toEqual([0]);
    await Promise.all([third, fourth]);
    expect(checked).toEqual([0, 1]);
    expect(ends).toEqual([1, 2]);
    // Asked for: checked at once, nothing to throw afterwards.
    void check.declared();
    check.end();
    expect(checked).toEqual([0, 1, 2]);
    expect(ends).toEqual([1, 2]);
  });

  it('hands the one error of a failed check on once, and nothing waiting for it goes ahead', async () => {
    const failure = new Error('model is wrong');
    const reported: unknown[] = [];
    const check = new ModelCheck(
      () => {
        throw failure;
      },
      (error) => reported.push(error),
      () => undefined,
      () => true,
    );
    const settled: string[] = [];
    for (const waiting of [check.declared(), check.declared()])
      waiting.then(
        () => settled.push('resolved'),
        () => settled.push('rejected'),
      );
    process.emit('beforeExit', 0);
    process.emit('beforeExit', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported).toEqual([failure]);
    expect(settled).toEqual([]);
  });

  it('leaves a cluster of an earlier program (a test run before, under other mocks) alone', () => {
    const checked: string[] = [];
    const check = new ModelCheck(
      () => checked.push('checked'),
      () => undefined,
      () => undefined,
      () => false,
    );
    void check.declared();
    process.emit('beforeExit', 0);
    expect(checked).toEqual([]);
  });
});
