import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { PortworxSpec, verifyToken } from '../../lib';
import { validateKubernetesObjects } from '../support/kube-schema';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, redactSecretValues } from '../../lib/testing';
import { findObject, synthErrors, secretValues, synthObjects } from '../support/cdk8s-synth';

const OPERATOR_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml'));

function setup(options: { namespace?: string; spec?: PortworxSpec } = {}): { app: App; chart: Chart; cluster: PxSecureCluster } {
  const app = PxTesting.app();
  const chart = new Chart(app, 'test', options.namespace === undefined ? {} : { namespace: options.namespace });
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: options.spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
  return { app, chart, cluster };
}

describe('PxTenant', () => {
  it('emits the namespace and its px-k8s-user token for a system.user identity named after it', async () => {
    const { app, chart, cluster } = setup();
    const tenant = new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', identity: { groups: ['developers'] }, labels: { team: 'a' } });
    const objects = synthObjects(app, chart);
    expect(redactSecretValues(objects)).toMatchSnapshot();
    expect(findObject(objects, 'Namespace', 'tenant-a').metadata).toEqual({ name: 'tenant-a', labels: { team: 'a' } });
    const token = secretValues(findObject(objects, 'Secret', 'px-k8s-user', 'tenant-a'))['auth-token'] ?? '';
    const verdict = await verifyToken(token, { issuers: ['portworx.com'], key: { sharedSecret: TEST_KEYS.shared }, now: TEST_NOW_MS / 1000 });
    expect(verdict.problems).toEqual([]);
    expect(verdict.claims).toMatchObject({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'], sub: tenant.identity.sub });
    expect(tenant.identity.sub).not.toBe('');
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('leaves the namespace out when it is made elsewhere', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', createNamespace: false });
    expect(synthObjects(app, chart).filter((o) => o.kind === 'Namespace')).toEqual([]);
  });

  it('never stamps a chart namespace on its Namespace', () => {
    const { app, chart, cluster } = setup({ namespace: 'platform' });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = synthObjects(app, chart);
    expect(findObject(objects, 'Namespace', 'tenant-a').metadata).toEqual({ name: 'tenant-a' });
    expect(findObject(objects, 'Secret', 'px-k8s-user').metadata).toEqual({
      name: 'px-k8s-user',
      namespace: 'tenant-a',
      annotations: { 'stork.libopenstorage.org/skip-resource': 'true' },
    });
  });

  it('refuses a namespace that is not an RFC 1123 label', () => {
    const { chart, cluster } = setup();
    let error: unknown;
    try {
      new PxTenant(chart, 'bad', { cluster, namespace: 'Tenant_A' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'NAME_INVALID', field: 'test/bad.namespace', value: 'Tenant_A' });
    expect((error as Error).message).toMatch(
      /^test\/bad\.namespace "Tenant_A" is not a valid RFC 1123 label .*: use at most 63 lowercase letters.* such as "tenant-a"/,
    );
  });

  it('reports two tenants with one namespace at synth', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'one', { cluster, namespace: 'tenant-a' });
    new PxTenant(chart, 'two', { cluster, namespace: 'tenant-a', identity: { name: 'other' } });
    const errors = synthErrors(app);
    expect(errors).toContain(
      '[TENANT_NAMESPACE_DUPLICATE] test/two.namespace "tenant-a" is already the namespace of test/one: give each tenant its own namespace',
    );
    // Their token Secrets collide too: pxsec check sees that in the output, so synth says it as well.
    expect(errors).toContain('[OBJECT_DUPLICATE] test/two "Secret tenant-a/px-k8s-user" is also emitted by test/one; applied, one silently replaces the other');
  });

  it('reports two tenants with one sub at synth', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'one', { cluster, namespace: 'tenant-a', identity: { sub: 'shared-owner' } });
    new PxTenant(chart, 'two', { cluster, namespace: 'tenant-b', identity: { sub: 'shared-owner' } });
    expect(synthErrors(app)).toContain(
      `[TOKEN_SUB_SHARED] test/two.identity.sub "shared-owner" is also the sub of test/one; Portworx makes sub the owner of volumes, so these token Secrets act as one user: give each identity its own sub (or leave sub unset to derive it from a distinct name), and keep one token Secret per identity`,
    );
  });

  it('reports a token Secret under a name the operator owns', () => {
    const { app, chart, cluster } = setup({ spec: OPERATOR_SPEC });
    new PxTenant(chart, 'ops', { cluster, namespace: 'portworx', tokenSecretName: 'px-user-token', createNamespace: false });
    expect(synthErrors(app)).toContain(
      '[TOKEN_SECRET_OPERATOR_OWNED] test/ops.name "portworx/px-user-token" is a Secret the Portworx operator owns; it overwrites this token with its own: choose another Secret name, e.g. "px-k8s-user"',
    );
  });
});

describe('PxStorageClass', () => {
  it('is the StorageClass ApiObject itself (no wrapper construct), and instanceof tells the class constructs apart', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    const storage = new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 2 });
    const snapshots = new PxVolumeSnapshotClass(chart, 'px-snapshots', { cluster, name: 'px-snapshots' });
    const plain = new ApiObject(chart, 'plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    expect(storage.storageClass).toBe(storage);
    expect(snapshots.volumeSnapshotClass).toBe(snapshots);
    expect([storage.name, storage.node.path, storage.node.children]).toEqual(['px-storage', 'test/px-storage', []]);
    expect([storage instanceof ApiObject, storage instanceof PxStorageClass, storage instanceof PxVolumeSnapshotClass]).toEqual([true, true, false]);
    expect([plain instanceof PxStorageClass, plain instanceof PxVolumeSnapshotClass, snapshots instanceof PxVolumeSnapshotClass]).toEqual([false, false, true]);
    expect(synthObjects(app, chart).filter((o) => o.kind === 'StorageClass' || o.kind === 'VolumeSnapshotClass')).toHaveLength(2);
  });

  it('a JSON patch that renames the class is seen by the synth checks (OBJECT_DUPLICATE names both paths)', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'first', { cluster, name: 'px-first' });
    new PxStorageClass(chart, 'second', { cluster, name: 'px-second' }).addJsonPatch(JsonPatch.replace('/metadata/name', 'px-first'));
    expect(synthErrors(app)).toMatch(/test\/second.*OBJECT_DUPLICATE.*test\/first/s);
  });

  it('makes the multi-tenant CSI class of the docs', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
    const objects = synthObjects(app, chart);
    const storageClass = findObject(objects, 'StorageClass', 'px-storage');
    expect(storageClass).toMatchSnapshot();
    expect(storageClass.provisioner).toBe('pxd.portworx.com');
    expect(storageClass.allowVolumeExpansion).toBe(true);
    expect(storageClass.parameters).toEqual({
      'csi.storage.k8s.io/controller-expand-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/controller-expand-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/node-publish-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/node-publish-secret-namespace': '${pvc.namespace}',
      'csi.storage.k8s.io/provisioner-secret-name': 'px-k8s-user',
      'csi.storage.k8s.io/provisioner-secret-namespace': '${pvc.namespace}',
      repl: '1',
    });
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('makes the in-tree class of the docs with a fixed token Secret', () => {
    const { app, chart, cluster } = setup();
    cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] }, namespace: 'portworx' });
    new PxStorageClass(chart, 'px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
      repl: 1,
    });
    const storageClass = findObject(synthObjects(app, chart), 'StorageClass', 'px-storage-repl-1');
    expect(storageClass.provisioner).toBe('kubernetes.io/portworx-volume');
    expect(storageClass.parameters).toEqual({
      'openstorage.io/auth-secret-name': 'px-k8s-user',
      'openstorage.io/auth-secret-namespace': 'portworx',
      repl: '1',
    });
  });

  it('never stamps a chart namespace on the StorageClass', () => {
    const { app, chart, cluster } = setup({ namespace: 'platform' });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage' });
    expect(findObject(synthObjects(app, chart), 'StorageClass', 'px-storage').metadata).toEqual({ name: 'px-storage' });
  });

  it('reports a per-tenant class in an app without tenants', () => {
    const { app, chart, cluster } = setup();
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage' });
    expect(synthErrors(app)).toContain(
      `[STORAGECLASS_NO_TENANT] test/px-storage.token "per-tenant" reads each claim's token from the claim's own namespace, but this app declares no tenant: add a PxTenant for every namespace that will use the class, or use a fixed token Secret`,
    );
  });

  it('reports a fixed token Secret that nothing creates, unless it is external', () => {
    const { app, chart, cluster } = setup();
    const token = { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } as const;
    new PxStorageClass(chart, 'missing', { cluster, name: 'px-missing', token });
    new PxStorageClass(chart, 'external', { cluster, name: 'px-external', token, tokenSecretExternal: true });
    const errors = synthErrors(app);
    expect(errors).toContain(
      `[STORAGECLASS_SECRET_MISSING] test/missing.token "portworx/px-k8s-user" names a token Secret that nothing in this app creates; every claim on the class would fail: add it with the cluster's addTokenSecret, or set tokenSecretExternal: true if it is created elsewhere`,
    );
    expect(errors).not.toContain('test/external');
  });

  it('reports tenants whose token Secret the class does not read', () => {
    const { app, chart, cluster } = setup();
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', tokenSecretName: 'tenant-token' });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage' });
    expect(synthErrors(app)).toContain('[STORAGECLASS_TENANT_SECRET_MISSING] test/px-storage.token.secretName "px-k8s-user"');
  });

  it('refuses an in-tree class with a per-tenant template in the constructor', () => {
    const { chart, cluster } = setup();
    expect(() => new PxStorageClass(chart, 'bad', { cluster, name: 'bad', provisioner: 'in-tree', token: { kind: 'per-tenant' } })).toThrow(
      'test/bad.token {"kind":"per-tenant"} needs the template ${pvc.namespace}, but the in-tree driver kubernetes.io/portworx-volume does no templating: use provisioner: \'csi\' (the default) for per-tenant tokens, or a fixed token Secret',
    );
  });

  it('refuses repl outside 1-3 in the constructor', () => {
    const { chart, cluster } = setup();
    expect(() => new PxStorageClass(chart, 'bad', { cluster, name: 'bad', repl: 4 })).toThrow(
      'test/bad.repl 4 is not a replication factor Portworx supports: use a whole number from 1 to 3, e.g. repl: 2 (written as the string "2")',
    );
  });
});
