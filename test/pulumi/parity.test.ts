/**
 * Parity: for the same props, keys and clock, the Pulumi components register exactly the objects the cdk8s
 * constructs synthesize, object by object; the Pulumi example builds the cdk8s example's setup; re-running a
 * program gives identical inputs, and a new rotation window changes only token Secrets' data.
 *
 * Normalisation, the same on both sides: cdk8s drops `null` and `undefined` values and writes keys sorted, and
 * the Pulumi engine never receives `undefined`; so both sides are compared with null/undefined values removed
 * and keys sorted, and Secrets with their Pulumi-secret `data` opened.
 */
import { RegisteredResource, openSecrets, programDone, startRun } from './mocks';
import { byIdentity } from './compare-objects';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PxExampleChart } from '../../examples/cdk8s/app';
import * as cdk8s from '../../lib/cdk8s';
import { Clock, PortworxSpec } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/pulumi';
import { typedKubeClass } from '../../lib/pulumi/kube-resource';
import { PxTesting, TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../lib/testing';

const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/** Every object of the docs' walkthrough that the Px constructs make in the example (the rest is the app's own). */
const EXAMPLE_PX_OBJECTS = [
  'apps/v1 DaemonSet kube-system/portworx',
  'apps/v1 Deployment kube-system/stork',
  'rbac.authorization.k8s.io/v1 ClusterRole /node-get-put-list-role',
  'rbac.authorization.k8s.io/v1 ClusterRoleBinding /node-role-binding',
  'snapshot.storage.k8s.io/v1 VolumeSnapshotClass /px-snapshots',
  'storage.k8s.io/v1 CSIDriver /pxd.portworx.com',
  'storage.k8s.io/v1 StorageClass /px-storage',
  'storage.k8s.io/v1 StorageClass /px-storage-repl-1',
  'v1 Namespace /portworx',
  'v1 Namespace /tenant-a',
  'v1 Namespace /tenant-b',
  'v1 Secret kube-system/pxkeys',
  'v1 Secret portworx/px-k8s-user',
  'v1 Secret tenant-a/px-k8s-user',
  'v1 Secret tenant-b/px-k8s-user',
  'v1 Service kube-system/portworx-service',
  'v1 ServiceAccount kube-system/px-account',
  'v1 ServiceAccount kube-system/stork-account',
];

/** The objects the Px constructs of a cdk8s app synthesize (validations run as at `cdk8s synth`). */
function cdk8sPxObjects(app: ReturnType<typeof Testing.app>, chart: Chart): Record<string, unknown>[] {
  app.synthYaml();
  const isPx = (scope: IConstruct) =>
    scope instanceof cdk8s.PxSecureCluster ||
    scope instanceof cdk8s.PxTenant ||
    scope instanceof cdk8s.PxStorageClass ||
    scope instanceof cdk8s.PxVolumeSnapshotClass;
  return chart.node
    .findAll()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject && construct.node.scopes.some(isPx))
    .map((apiObject) => apiObject.toJson() as Record<string, unknown>);
}

/** The Kubernetes objects the Px components registered (Pulumi-secret values opened). */
function pulumiPxObjects(registered: readonly RegisteredResource[]): Record<string, unknown>[] {
  return registered
    .filter((r) => r.type.startsWith('kubernetes:') && r.parentType?.startsWith('px-security:index:'))
    .map((r) => openSecrets(r.inputs).value as Record<string, unknown>);
}

describe('the Pulumi example and the cdk8s example', () => {
  it('register the same PX-Security objects, object by object', async () => {
    const app = PxTesting.app();
    const chart = new PxExampleChart(app, 'px-security', { keys: TEST_KEYS, clock: TEST_CLOCK });
    const fromCdk8s = cdk8sPxObjects(app, chart);

    // The example program runs as `pulumi up` would run it: keys from its RandomPasswords (mocked to the
    // test keys), time from SOURCE_DATE_EPOCH.
    startRun();
    const sourceDateEpoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(TEST_NOW_MS / 1000);
    let stackOutputs: { storageAdminToken: pulumi.Output<string> };
    try {
      // The program runs when loaded, as the language host loads it; its exports are the stack's outputs.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      stackOutputs = require('../../examples/pulumi/index') as typeof stackOutputs;
    } finally {
      if (sourceDateEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = sourceDateEpoch;
    }
    const registered = await programDone();

    expect(await pulumi.isSecret(stackOutputs.storageAdminToken)).toBe(true);
    expect(Object.keys(byIdentity(fromCdk8s))).toEqual(EXAMPLE_PX_OBJECTS);
    expect(byIdentity(pulumiPxObjects(registered))).toEqual(byIdentity(fromCdk8s));
    // Beside them, the program's own objects: the docs' MySQL application and a snapshot of its claim (the snapshot
    // object by object as cdk8s has it).
    const own = registered.filter((r) => r.type.startsWith('kubernetes:') && r.parentType === undefined);
    expect(own.map((r) => `${r.type} ${r.name}`)).toEqual([
      'kubernetes:apps/v1:Deployment mysql',
      'kubernetes:core/v1:PersistentVolumeClaim mysql-data',
      'kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshot mysql-data-snapshot',
    ]);
    const snapshots = (objects: readonly Record<string, unknown>[]) => byIdentity(objects.filter((o) => o.kind === 'VolumeSnapshot'));
    const cdk8sObjects = chart.toJson() as Record<string, unknown>[];
    expect(Object.keys(snapshots(cdk8sObjects))).toEqual(['snapshot.storage.k8s.io/v1 VolumeSnapshot tenant-a/mysql-data-snapshot']);
    expect(snapshots(own.map((r) => r.inputs))).toEqual(snapshots(cdk8sObjects));
  });
});

describe('the operator form', () => {
  it('registers the same objects as cdk8s, the StorageCluster as a CustomResource', async () => {
    const spec = PortworxSpec.fromFile(OPERATOR_SPEC);
    const app = PxTesting.app();
    const chart = new Chart(app, 'test');
    const cdk8sCluster = new cdk8s.PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new cdk8s.PxTenant(chart, 'tenant-a', { cluster: cdk8sCluster, namespace: 'tenant-a' });
    new cdk8s.PxStorageClass(chart, 'px-storage', { cluster: cdk8sCluster, name: 'px-storage', repl: 2, ioProfile: 'db_remote' });
    const fromCdk8s = cdk8sPxObjects(app, chart);

    startRun();
    const cluster = new PxSecureCluster('portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 2, ioProfile: 'db_remote' });
    const registered = await programDone();

    expect(byIdentity(pulumiPxObjects(registered))).toEqual(byIdentity(fromCdk8s));
    expect(cluster.specResources[0]).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(registered.find((r) => r.name === 'portworx-storagecluster-portworx-px-cluster')?.type).toBe('kubernetes:core.libopenstorage.org/v1:StorageCluster');
  });
});

/** Declares the walkthrough's cluster, Kubernetes user, tenants and classes at `clock` and returns the registrations. */
async function runProgram(clock: Clock): Promise<RegisteredResource[]> {
  startRun();
  const cluster = new PxSecureCluster('portworx', {
    spec: PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml')),
    issuer: 'portworx.com',
    clock,
  });
  cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] }, namespace: 'portworx' });
  new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
  new PxTenant('tenant-b', { cluster, namespace: 'tenant-b' });
  new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });
  return programDone();
}

/** The input paths (`name: a.b.c`) at which two runs' registrations differ. */
function differences(before: readonly RegisteredResource[], after: readonly RegisteredResource[]): string[] {
  const paths = (value: unknown, at: string): [string, string][] =>
    typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([key, item]) => paths(item, at === '' ? key : `${at}.${key}`))
      : [[at, JSON.stringify(value)]];
  const flat = (registered: readonly RegisteredResource[]) =>
    new Map(registered.flatMap((r) => paths(openSecrets(r.inputs).value, '').map(([at, value]) => [`${r.name}: ${at}`, value] as const)));
  const [a, b] = [flat(before), flat(after)];
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort();
}

describe('running the program again', () => {
  it('gives identical inputs with the same keys and clock: pulumi up plans no change', async () => {
    const first = await runProgram(TEST_CLOCK);
    const second = await runProgram(TEST_CLOCK);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(10);
  });

  it("in the next rotation window changes only the token Secrets' data", async () => {
    const first = await runProgram(TEST_CLOCK);
    const next = await runProgram(() => TEST_NOW_MS + THIRTY_DAYS_MS);
    expect(differences(first, next)).toEqual(['portworx-k8s-user: data.auth-token', 'tenant-a-token: data.auth-token', 'tenant-b-token: data.auth-token']);
  });
});

describe('typedKubeClass', () => {
  it.each([
    ['v1', 'Secret', k8s.core.v1.Secret],
    ['apps/v1', 'DaemonSet', k8s.apps.v1.DaemonSet],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', k8s.rbac.v1.ClusterRoleBinding],
    ['storage.k8s.io/v1', 'StorageClass', k8s.storage.v1.StorageClass],
    ['policy/v1', 'PodDisruptionBudget', k8s.policy.v1.PodDisruptionBudget],
    ['extensions/v1beta1', 'DaemonSet', k8s.extensions.v1beta1.DaemonSet],
  ])('maps %s %s to its typed class', (apiVersion, kind, expected) => {
    expect(typedKubeClass(apiVersion, kind)).toBe(expected);
  });

  it.each([
    ['core.libopenstorage.org/v1', 'StorageCluster'],
    ['snapshot.storage.k8s.io/v1', 'VolumeSnapshotClass'],
    ['stork.libopenstorage.org/v1alpha1', 'Rule'],
    ['apps/v1', 'NoSuchKind'],
  ])('leaves %s %s to CustomResource', (apiVersion, kind) => {
    expect(typedKubeClass(apiVersion, kind)).toBeUndefined();
  });
});
