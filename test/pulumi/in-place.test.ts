/**
 * Securing in place: a Pulumi program that installs Portworx itself (k8s.yaml.ConfigFile, ConfigGroup,
 * k8s.helm.v3.Chart) passes `cluster.transformation`, and the objects it registers equal those of cdk8s
 * `include` for the same spec, object by object. Under Pulumi's mocks, with the provider's YAML decoding and
 * helm rendering mocked (mocks.ts). An installed object that does not fit the cluster: in-place.slow.test.ts.
 */
import { RegisteredResource, openSecrets, programDone, renderedCharts, startRun, valueOf } from './mocks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Include } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PortworxSpec, PxSecurityError } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { byIdentity } from './compare-objects';
import { caughtOnComponent } from './caught-on-component';

const DAEMONSET_SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');
const COMMON = { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK } as const;
const COMPONENT_TYPES = ['kubernetes:yaml:ConfigFile', 'kubernetes:yaml:ConfigGroup', 'kubernetes:helm.sh/v3:Chart'];

/** cdk8s: the spec file through `Include`, secured in place, with a tenant and a class; every object of the chart. */
function cdk8sInclude(file: string): Record<string, unknown>[] {
  const app = PxTesting.app();
  const chart = new Chart(app, 'test');
  const include = new Include(chart, 'px-spec', { url: file });
  const cluster = new cdk8s.PxSecureCluster(chart, 'portworx', { ...COMMON, include });
  new cdk8s.PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  new cdk8s.PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
  app.synthYaml();
  return chart.toJson() as Record<string, unknown>[];
}

/** Every Kubernetes object the program registered (components left out, Pulumi-secret values opened). */
function registeredObjects(registered: readonly RegisteredResource[]): Record<string, unknown>[] {
  return registered
    .filter((r) => r.type.startsWith('kubernetes:') && !COMPONENT_TYPES.includes(r.type))
    .map((r) => openSecrets(r.inputs).value as Record<string, unknown>);
}

/** The tenant and class both programs declare beside the cluster. */
function declareTenantAndClass(cluster: PxSecureCluster): void {
  new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
  new PxStorageClass('px-storage', { cluster, name: 'px-storage', repl: 1 });
}

describe('cluster.transformation on a k8s.yaml.ConfigFile', () => {
  let registered: RegisteredResource[];

  beforeAll(async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: PortworxSpec.fromFile(DAEMONSET_SPEC) });
    new k8s.yaml.ConfigFile('px-spec', { file: DAEMONSET_SPEC, transformations: [cluster.transformation] });
    declareTenantAndClass(cluster);
    registered = await programDone();
  });

  it('registers the objects cdk8s include gives for the same spec, object by object', () => {
    expect(byIdentity(registeredObjects(registered))).toEqual(byIdentity(cdk8sInclude(DAEMONSET_SPEC)));
  });

  it('secures the DaemonSet and stork where the ConfigFile registers them, and registers no spec object twice', () => {
    const daemonSet = registered.find((r) => r.type === 'kubernetes:apps/v1:DaemonSet');
    expect(daemonSet?.parentType).toBe('kubernetes:yaml:ConfigFile');
    expect(JSON.stringify(daemonSet?.inputs)).toContain('"-jwt_issuer","portworx.com"');
    const stork = registered.find((r) => r.type === 'kubernetes:apps/v1:Deployment');
    expect(JSON.stringify(stork?.inputs)).toContain('PX_SHARED_SECRET');
    expect(registered.filter((r) => r.parentType === 'px-security:index:PxSecureCluster').map((r) => r.type)).toEqual(['kubernetes:core/v1:Secret']);
  });
});

describe('cluster.transformation on a k8s.yaml.ConfigGroup', () => {
  it('secures its objects for a cluster declared with the form only, as cdk8s include does', async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset' } });
    new k8s.yaml.ConfigGroup('px-spec', { yaml: fs.readFileSync(DAEMONSET_SPEC, 'utf8'), transformations: [cluster.transformation] });
    declareTenantAndClass(cluster);
    const registered = await programDone();
    expect(byIdentity(registeredObjects(registered))).toEqual(byIdentity(cdk8sInclude(DAEMONSET_SPEC)));
  });
});

describe('cluster.transformation on a k8s.helm.v3.Chart', () => {
  it('secures the StorageCluster the chart renders, as cdk8s include does for the same objects', async () => {
    renderedCharts.portworx = PortworxSpec.fromFile(OPERATOR_SPEC).objects;
    startRun();
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'operator', namespace: 'portworx' } });
    new k8s.helm.v3.Chart('portworx', { chart: 'portworx', namespace: 'portworx', transformations: [cluster.transformation] });
    declareTenantAndClass(cluster);
    const registered = await programDone();
    const objects = registeredObjects(registered);
    expect(byIdentity(objects)).toEqual(byIdentity(cdk8sInclude(OPERATOR_SPEC)));
    expect(objects.map((o) => `${String(o.kind)} ${(o.metadata as { name: string }).name}`).sort()).toEqual([
      'Namespace tenant-a',
      'Secret px-k8s-user',
      'Secret px-shared-secret',
      'StorageClass px-storage',
      'StorageCluster px-cluster',
    ]);
  });
});

describe("a user's test of a ConfigFile secured in place, under PxTesting.pulumiMocks() alone", () => {
  it('the ConfigFile decodes its file, the transformation secures the DaemonSet, and the cluster resolves', async () => {
    pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'stack', false);
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, include: PortworxSpec.fromFile(DAEMONSET_SPEC) });
    const spec = new k8s.yaml.ConfigFile('px-spec', { file: DAEMONSET_SPEC, transformations: [cluster.transformation] });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    await expect(cluster.validated()).resolves.toBeUndefined();
    const daemonSetSpec = await valueOf(spec.getResourceProperty('apps/v1/DaemonSet', 'kube-system', 'portworx', 'spec'));
    expect(JSON.stringify(daemonSetSpec)).toContain('"-jwt_issuer","portworx.com"');
  });
});

describe('cluster.transformation, on its own', () => {
  beforeEach(() => startRun());

  it('a cluster without include refuses to hand out a transformation', () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, spec: PortworxSpec.fromFile(DAEMONSET_SPEC) });
    expect(caughtOnComponent(() => cluster.transformation).code).toBe('INCLUDE_MISSING');
  });

  it('spec and include together: SPEC_GIVEN_TWICE, as in cdk8s', () => {
    const spec = PortworxSpec.fromFile(DAEMONSET_SPEC);
    expect(caughtOnComponent(() => new PxSecureCluster('portworx', { ...COMMON, spec, include: spec })).code).toBe('SPEC_GIVEN_TWICE');
    expect(caughtOnComponent(() => new PxSecureCluster('portworx', { ...COMMON, include: { form: 'helm' as 'operator' } }))).toBeInstanceOf(PxSecurityError);
  });

  it('keeps objects that are not Portworx targets as they are, the same value', () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset' } });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'portworx-service', namespace: 'kube-system' } };
    const opts: pulumi.CustomResourceOptions = {};
    const before = JSON.stringify(service);
    cluster.transformation(service, opts);
    expect(JSON.stringify(service)).toBe(before);
    expect(opts.dependsOn).toBeUndefined();
  });

  it('holds a secured object back until the cluster check, after what it already waited for and the keys Secret it reads', async () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset' } });
    const daemonSet = PortworxSpec.fromFile(DAEMONSET_SPEC).objects.find((o) => o.kind === 'DaemonSet') as Record<string, unknown>;
    const earlier = new k8s.core.v1.Namespace('earlier', { metadata: { name: 'earlier' } });
    const opts: pulumi.CustomResourceOptions = { dependsOn: earlier };
    cluster.transformation(JSON.parse(JSON.stringify(daemonSet)) as Record<string, unknown>, opts);
    const [before, afterCheck] = opts.dependsOn as [pulumi.Resource, Promise<pulumi.Resource[]>];
    expect(before).toBe(earlier);
    let checked = false;
    void afterCheck.then(() => (checked = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checked).toBe(false);
    await cluster.validated();
    const dependencies = await afterCheck;
    expect(dependencies).toHaveLength(1);
    expect(dependencies[0]).toBe(cluster.keysSecret);
    await programDone();
  });
});
