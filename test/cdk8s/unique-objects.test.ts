/**
 * Every object applied to a cluster is unique by (API group, kind, namespace, name): the library's and every
 * other ApiObject of the charts that go to that cluster. One rule in the core (unique-objects.ts), reported once
 * at synth with both construct paths, on the construct of the later object.
 */
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, IResolver, Include, JsonPatch, ResolutionContext, Testing } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { PortworxSpec, sealedDeliveryFromFile } from '../../lib';
import { duplicateObjects } from '../../lib/core/kube/unique-objects';
import { TEST_CLOCK } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { parseManifest, synthErrors } from '../support/cdk8s-synth';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const FIX = "give each object its own name or namespace (e.g. a token Secret must not take the keys Secret's name), or declare it once";

/** The `[CODE] message` lines of a failed synth. */
function problems(build: (chart: Chart) => void, app: App = Testing.app()): string[] {
  build(new Chart(app, 'test'));
  return synthErrors(app)
    .split('\n')
    .flatMap((line) => /\[[A-Z][A-Z_]+\] .*$/.exec(line) ?? []);
}
const cluster = (chart: Chart, id = 'portworx', spec?: PortworxSpec): PxSecureCluster =>
  new PxSecureCluster(chart, id, { spec, issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });

test('a token Secret named like the keys Secret (kube-system/pxkeys)', () => {
  expect(
    problems((chart) =>
      cluster(chart).addTokenSecret('admin', { name: 'pxkeys', namespace: 'kube-system', identity: { name: 'admin', roles: ['system.admin'] } }),
    ),
  ).toEqual([
    `[OBJECT_DUPLICATE] test/portworx "Secret kube-system/pxkeys" is also emitted by test/portworx; applied, one silently replaces the other: ${FIX}`,
  ]);
});

test('a PxTenant in kube-system with tokenSecretName pxkeys', () => {
  expect(
    problems(
      (chart) => new PxTenant(chart, 'system', { cluster: cluster(chart), namespace: 'kube-system', tokenSecretName: 'pxkeys', createNamespace: false }),
    ),
  ).toEqual([`[OBJECT_DUPLICATE] test/system "Secret kube-system/pxkeys" is also emitted by test/portworx; applied, one silently replaces the other: ${FIX}`]);
});

test('two PxStorageClass with the same name', () => {
  const errors = problems((chart) => {
    const px = cluster(chart);
    px.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    const token = { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } as const;
    new PxStorageClass(chart, 'one', { cluster: px, name: 'px-storage', repl: 1, token });
    new PxStorageClass(chart, 'two', { cluster: px, name: 'px-storage', repl: 2, token });
  });
  expect(errors).toEqual([
    `[OBJECT_DUPLICATE] test/two "StorageClass.storage.k8s.io px-storage" is also emitted by test/one; applied, one silently replaces the other: ${FIX}`,
  ]);
});

test('two PxVolumeSnapshotClass with the same name; a StorageClass of that name is another object', () => {
  const errors = problems((chart) => {
    const px = cluster(chart);
    new PxTenant(chart, 'tenant-a', { cluster: px, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'storage', { cluster: px, name: 'px-snapshots', repl: 1 });
    new PxVolumeSnapshotClass(chart, 'one', { cluster: px, name: 'px-snapshots' });
    new PxVolumeSnapshotClass(chart, 'two', { cluster: px, name: 'px-snapshots' });
  });
  expect(errors).toEqual([
    `[OBJECT_DUPLICATE] test/two "VolumeSnapshotClass.snapshot.storage.k8s.io px-snapshots" is also emitted by test/one; applied, one silently replaces the other: ${FIX}`,
  ]);
});

test('two PxSecureClusters emitting the same objects: each object reported once, by both paths', () => {
  const errors = problems((chart) => {
    cluster(chart, 'a', SPEC);
    cluster(chart, 'b', SPEC);
  });
  expect(errors).toHaveLength(SPEC.objects.length + 1); // every spec object, and the keys Secret
  expect(errors).toContain(
    `[OBJECT_DUPLICATE] test/b "DaemonSet.apps kube-system/portworx" is also emitted by test/a; applied, one silently replaces the other: ${FIX}`,
  );
  expect(errors).toContain(`[OBJECT_DUPLICATE] test/b "Secret kube-system/pxkeys" is also emitted by test/a; applied, one silently replaces the other: ${FIX}`);
});

test('the same names in other namespaces, kinds or API groups are fine', () => {
  expect(
    problems((chart) => {
      const px = cluster(chart);
      px.addTokenSecret('a', { namespace: 'team-a', identity: { name: 'a', roles: ['system.user'] } });
      px.addTokenSecret('b', { namespace: 'team-b', identity: { name: 'b', roles: ['system.user'] } });
    }),
  ).toEqual([]);
  const object = (apiVersion: string, kind: string, namespace?: string) => ({
    object: { apiVersion, kind, metadata: { name: 'x', namespace } },
    owner: `${apiVersion} ${kind}`,
  });
  expect(
    duplicateObjects([object('v1', 'Secret', 'a'), object('v1', 'Secret', 'b'), object('v1', 'ConfigMap', 'a'), object('example.com/v1', 'Secret', 'a')]),
  ).toEqual([]);
  // Parts that read alike when run together (as a hand-written bundle may hold) are still different identities.
  const named = (kind: string, namespace: string, name: string) => ({
    object: { apiVersion: 'v1', kind, metadata: { name, namespace } },
    owner: `${kind} ${namespace} ${name}`,
  });
  expect(
    duplicateObjects([
      named('Secret', 'a', '1:b'),
      named('Secret', 'a1:', 'b'),
      named('Secret1:a', '', 'b'),
      named('Secret', '1:a', 'b'),
      named('Secret', '', '1:a1:b'),
    ]),
  ).toEqual([]);
  expect(duplicateObjects([named('Secret', 'a', '1:b'), named('Secret', 'a', '1:b')])).toHaveLength(1);
});

test('a SealedSecret or ExternalSecret counts as the Secret its controller writes; a cluster-scoped kind ignores a namespace', () => {
  const found = duplicateObjects([
    { object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pxkeys', namespace: 'kube-system' } }, owner: 'keys' },
    {
      object: {
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name: 'pxkeys', namespace: 'kube-system' },
        spec: { template: { metadata: { name: 'pxkeys' } } },
      },
      owner: 'sealed',
    },
    {
      object: {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'other', namespace: 'kube-system' },
        spec: { target: { name: 'pxkeys' } },
      },
      owner: 'external',
    },
    { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant-a' } }, owner: 'one' },
    { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tenant-a', namespace: 'default' } }, owner: 'two' },
  ]);
  expect(found.map(({ error }) => error.message.split(';')[0])).toEqual([
    'sealed "Secret kube-system/pxkeys" is also emitted by keys, here (through its SealedSecret)',
    'external "Secret kube-system/pxkeys" is also emitted by keys, here (through its ExternalSecret)',
    'two "Namespace tenant-a" is also emitted by one',
  ]);
  expect(found.every(({ error }) => error.code === 'OBJECT_DUPLICATE')).toBe(true);
});

describe('objects as the synth writes them', () => {
  const twoClasses = (chart: Chart): [PxStorageClass, PxStorageClass] => {
    const px = cluster(chart);
    new PxTenant(chart, 'tenant-a', { cluster: px, namespace: 'tenant-a' });
    return [
      new PxStorageClass(chart, 'one', { cluster: px, name: 'px-one', repl: 1 }),
      new PxStorageClass(chart, 'two', { cluster: px, name: 'px-two', repl: 2 }),
    ];
  };
  const renamed = `[OBJECT_DUPLICATE] test/two "StorageClass.storage.k8s.io px-one" is also emitted by test/one; applied, one silently replaces the other: ${FIX}`;

  test('a JSON patch that renames an object into another one is a duplicate; one that renames it away is not', () => {
    expect(problems((chart) => twoClasses(chart)[1].storageClass.addJsonPatch(JsonPatch.replace('/metadata/name', 'px-one')))).toEqual([renamed]);
    expect(
      problems((chart) => {
        const px = cluster(chart);
        new PxTenant(chart, 'tenant-a', { cluster: px, namespace: 'tenant-a' });
        new PxStorageClass(chart, 'one', { cluster: px, name: 'px-storage', repl: 1 });
        new PxStorageClass(chart, 'two', { cluster: px, name: 'px-storage', repl: 2 }).storageClass.addJsonPatch(
          JsonPatch.replace('/metadata/name', 'px-storage-2'),
        );
      }),
    ).toEqual([]);
  });

  test("an app's own resolver that renames an object counts", () => {
    const renamer: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (context.value === 'px-two' && context.key.join('/') === 'name') context.replaceValue('px-one');
      },
    };
    expect(problems((chart) => twoClasses(chart), Testing.app({ resolvers: [renamer] }))).toEqual([renamed]);
  });

  test('a sealed keys Secret and a plain token Secret of its name (the Secret the SealedSecret writes)', () => {
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-')), 'sealed-cache.json');
    const keysSecretDelivery = sealedDeliveryFromFile(path.join(__dirname, '../../examples/cdk8s/sealing/test-controller-cert.pem'), { cacheFile });
    const errors = problems((chart) => {
      const px = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK, keysSecretDelivery });
      px.addTokenSecret('admin', { name: 'pxkeys', namespace: 'kube-system', identity: { name: 'admin', roles: ['system.admin'] } });
    });
    expect(errors).toEqual([
      `[OBJECT_DUPLICATE] test/portworx "Secret kube-system/pxkeys" is also emitted by test/portworx (through its SealedSecret); applied, one silently replaces the other: ${FIX}`,
    ]);
  });
});

describe('uniqueness per cluster, over every object of the app', () => {
  test('one chart per cluster: both synthesize, each chart into its own file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-two-'));
    const app = new App({ outdir });
    const prod = new Chart(app, 'prod');
    const staging = new Chart(app, 'staging');
    const prodCluster = cluster(prod, 'portworx', SPEC);
    const stagingCluster = cluster(staging, 'portworx', SPEC);
    new PxTenant(prod, 'tenant-a', { cluster: prodCluster, namespace: 'tenant-a' });
    new PxTenant(staging, 'tenant-a', { cluster: stagingCluster, namespace: 'tenant-a' });
    app.synth();
    expect(fs.readdirSync(outdir).sort()).toEqual(['prod.k8s.yaml', 'staging.k8s.yaml']);
    for (const file of ['prod.k8s.yaml', 'staging.k8s.yaml']) {
      const secrets = parseManifest(fs.readFileSync(path.join(outdir, file), 'utf8')).filter((o) => o.kind === 'Secret');
      expect(secrets.map((o) => (o.metadata as { name: string }).name)).toEqual(['pxkeys', 'px-k8s-user']);
    }
  });

  test('a tenant in a chart of its own joins its cluster; a duplicate there is reported on a real path, once', () => {
    const app = Testing.app();
    const prod = new Chart(app, 'prod');
    const tenants = new Chart(app, 'prod-tenants');
    const staging = new Chart(app, 'staging');
    const prodCluster = cluster(prod, 'portworx', SPEC);
    cluster(staging, 'portworx', SPEC);
    new PxTenant(tenants, 'tenant-a', { cluster: prodCluster, namespace: 'tenant-a' });
    new ApiObject(tenants, 'own-token', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'px-k8s-user', namespace: 'tenant-a' } });
    const message = synthErrors(app);
    expect(message).toContain(
      `[prod-tenants/own-token] [OBJECT_DUPLICATE] prod-tenants/own-token "Secret tenant-a/px-k8s-user" is also emitted by prod-tenants/tenant-a; applied, one silently replaces the other: ${FIX}`,
    );
    expect(message).not.toContain('[]');
    expect(message.split('\n').filter((line) => line.includes('OBJECT_DUPLICATE'))).toHaveLength(1);
  });

  test("the user's ApiObject Secret beside a PxTenant, in a single-cluster app", () => {
    expect(
      problems((chart) => {
        new PxTenant(chart, 'tenant-a', { cluster: cluster(chart), namespace: 'tenant-a' });
        new ApiObject(chart, 'hand-made', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'px-k8s-user', namespace: 'tenant-a' } });
      }),
    ).toEqual([
      `[OBJECT_DUPLICATE] test/hand-made "Secret tenant-a/px-k8s-user" is also emitted by test/tenant-a; applied, one silently replaces the other: ${FIX}`,
    ]);
  });

  test('an Include whose spec holds kube-system/pxkeys beside the cluster, even in another chart of a one-cluster app', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-include-'));
    const file = path.join(dir, 'keys.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pxkeys\n  namespace: kube-system\ntype: Opaque\n');
    const app = Testing.app();
    cluster(new Chart(app, 'test'));
    new Include(new Chart(app, 'manual'), 'keys', { url: file });
    const errors = synthErrors(app)
      .split('\n')
      .filter((line) => line.includes('OBJECT_DUPLICATE'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^ *\[manual\/keys\/[^\]]+\] \[OBJECT_DUPLICATE\] manual\/keys\/\S+ "Secret kube-system\/pxkeys" is also emitted by test\/portworx;/,
      ),
    ]);
  });
});

test("an include in a chart of its own is applied to the cluster that secures it: its chart's objects are that cluster's", () => {
  const app = Testing.app();
  const install = new Chart(app, 'prod-install');
  const include = new Include(install, 'px-spec', { url: path.join(__dirname, '../../examples/cdk8s/px-spec.yaml') });
  new PxSecureCluster(new Chart(app, 'prod'), 'portworx', { include, issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
  cluster(new Chart(app, 'staging'), 'portworx', SPEC);
  new ApiObject(install, 'keys', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pxkeys', namespace: 'kube-system' } });
  const errors = synthErrors(app)
    .split('\n')
    .filter((line) => line.includes('OBJECT_DUPLICATE'));
  // The user's Secret comes first in the tree: the cluster's keys Secret is the later object of the pair.
  expect(errors).toEqual([
    `  [prod/portworx] [OBJECT_DUPLICATE] prod/portworx "Secret kube-system/pxkeys" is also emitted by prod-install/keys; applied, one silently replaces the other: ${FIX}`,
  ]);
});
