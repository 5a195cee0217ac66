/**
 * The synthesized output applies to an empty cluster in file order (`kubectl apply -f dist/`): each Namespace
 * before what goes into it, the keys Secret before the portworx DaemonSet and stork, a fixed token Secret before
 * the class naming it. Played by the first-apply simulation of test/support (written apart from the library's
 * rule), and checked with `pxsec check`'s APPLY_ORDER over the same output.
 */
import { ApiObject, Chart, Include } from 'cdk8s';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PxExampleChart } from '../../examples/cdk8s/app';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, ROLES } from '../../lib';
import { TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, PxTesting } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';
import { synthObjects } from '../support/cdk8s-synth';
import { firstApplyFailures } from '../support/first-apply';
import { SHARED_SPECS_DIR, sharedSpecsAvailable } from '../support/shared-specs';

const identity = { name: 'Kubernetes', roles: [ROLES.user] };

/** `Kind namespace/name` of each object, in output order. */
function names(objects: readonly Record<string, unknown>[]): string[] {
  return objects.map((object) => {
    const metadata = object.metadata as { name?: string; namespace?: string };
    return `${String(object.kind)} ${metadata.namespace ?? ''}/${metadata.name ?? ''}`;
  });
}

/** The APPLY_ORDER findings of `pxsec check` over the objects, as one file in this order. */
async function applyOrderFindings(objects: readonly Record<string, unknown>[]): Promise<string[]> {
  const text = objects.map((object) => stringify(object)).join('---\n');
  const findings = await auditBundle(bundleFromTexts([{ file: 'dist/app.k8s.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
  return findings.filter((finding) => finding.code === 'APPLY_ORDER').map((finding) => `${finding.object}: ${finding.field}`);
}

describe('the example', () => {
  const app = PxTesting.app();
  const chart = new PxExampleChart(app, 'px-security', { keys: TEST_KEYS, clock: TEST_CLOCK });
  const objects = synthObjects(app, chart);

  it('applies to an empty cluster in file order: every Namespace and Secret comes before what needs it', () => {
    expect(firstApplyFailures(objects)).toEqual([]);
    const order = names(objects);
    expect(order.indexOf('Secret kube-system/pxkeys')).toBeLessThan(order.indexOf('DaemonSet kube-system/portworx'));
    expect(order.indexOf('Secret kube-system/pxkeys')).toBeLessThan(order.indexOf('Deployment kube-system/stork'));
    expect(order.indexOf('Namespace /portworx')).toBeLessThan(order.indexOf('Secret portworx/px-k8s-user'));
    expect(order.indexOf('Secret portworx/px-k8s-user')).toBeLessThan(order.indexOf('StorageClass /px-storage-repl-1'));
  });

  it('is no APPLY_ORDER finding for pxsec check', async () => {
    expect(await applyOrderFindings(objects)).toEqual([]);
  });
});

describe('with every real spec (the spec generator puts Namespace portworx in its DaemonSet specs)', () => {
  const specs = sharedSpecsAvailable('first apply of every real spec')
    ? readdirSync(SHARED_SPECS_DIR).filter((file) => file.endsWith('.yaml') && !file.includes('INVALID') && !file.startsWith('07-'))
    : [];
  (specs.length > 0 ? it.each(specs) : it.skip.each(['none']))('%s: the output applies in file order, with one Namespace portworx', async (file) => {
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { spec: PortworxSpec.fromFile(join(SHARED_SPECS_DIR, file)), issuer: 'portworx.com' });
    cluster.addTokenSecret('k8s-user', { identity, namespace: 'portworx', createNamespace: true });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
    const objects = PxTesting.synth(chart);
    expect(firstApplyFailures(objects)).toEqual([]);
    expect(await applyOrderFindings(objects)).toEqual([]);
    // (04 writes a stray namespace on its cluster-scoped objects, its Namespace included: Kubernetes ignores it.)
    expect(objects.filter((object) => object.kind === 'Namespace' && (object.metadata as { name?: string }).name === 'portworx')).toHaveLength(1);
  });
});

describe('createNamespace on a token Secret', () => {
  it('without a spec, the cluster emits the Namespace once for every token Secret in it, before them', () => {
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' });
    cluster.addTokenSecret('k8s-user', { identity, namespace: 'portworx', createNamespace: true });
    cluster.addTokenSecret('admin', { identity: { name: 'admin', roles: [ROLES.admin] }, name: 'px-admin', namespace: 'portworx', createNamespace: true });
    expect(names(PxTesting.synth(chart))).toEqual([
      'Secret kube-system/pxkeys',
      'Namespace /portworx',
      'Secret portworx/px-k8s-user',
      'Secret portworx/px-admin',
    ]);
  });

  it('with namespaceExists: true is SPEC_SETTING_INVALID naming the field', () => {
    const cluster = new PxSecureCluster(PxTesting.chart(), 'portworx', { issuer: 'portworx.com' });
    const error = caughtPxSecurityError(() =>
      cluster.addTokenSecret('k8s-user', { identity, namespace: 'portworx', createNamespace: true, namespaceExists: true }),
    );
    expect(error.code).toBe('SPEC_SETTING_INVALID');
    expect(error.message).toBe(
      'test/portworx/k8s-user.createNamespace true is given with namespaceExists: true, which says the namespace is made elsewhere: keep one: createNamespace to create the namespace with the Secret, or namespaceExists when it exists already',
    );
  });
});

describe('objects the app declares itself', () => {
  it('a token Secret comes after the Namespace the app declares later in the tree, a fixed-token class after its Secret', () => {
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' });
    new PxStorageClass(chart, 'repl-1', {
      cluster,
      name: 'repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
    cluster.addTokenSecret('k8s-user', { identity, namespace: 'portworx' });
    new ApiObject(chart, 'portworx-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } });
    const objects = PxTesting.synth(chart);
    expect(names(objects)).toEqual(['Secret kube-system/pxkeys', 'Namespace /portworx', 'Secret portworx/px-k8s-user', 'StorageClass /repl-1']);
    expect(firstApplyFailures(objects)).toEqual([]);
  });

  it('a class declared before the tenant whose Secret it names: the Secret moves up, its Namespace with it', () => {
    // The class needs the tenant's Secret, which the tree puts after it: the Secret gets pulled before the class,
    // and so before the tenant's Namespace, which the tree put before the Secret. The order must still hold.
    const chart = PxTesting.chart();
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' });
    new PxStorageClass(chart, 'team-a-storage', { cluster, name: 'team-a', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'team-a' } });
    new PxTenant(chart, 'team-a', { cluster, namespace: 'team-a' });
    const objects = PxTesting.synth(chart);
    expect(names(objects)).toEqual(['Secret kube-system/pxkeys', 'Namespace /team-a', 'Secret team-a/px-k8s-user', 'StorageClass /team-a']);
    expect(firstApplyFailures(objects)).toEqual([]);
  });

  it('a spec secured in place (include): the keys Secret comes before the included DaemonSet and stork', () => {
    const chart = PxTesting.chart();
    const include = new Include(chart, 'spec', { url: join(__dirname, '../../examples/cdk8s/px-spec.yaml') });
    new PxSecureCluster(chart, 'portworx', { include, issuer: 'portworx.com' });
    const objects = PxTesting.synth(chart);
    const order = names(objects);
    expect(order.indexOf('Secret kube-system/pxkeys')).toBeLessThan(order.indexOf('DaemonSet kube-system/portworx'));
    expect(order.indexOf('Secret kube-system/pxkeys')).toBeLessThan(order.indexOf('Deployment kube-system/stork'));
    expect(firstApplyFailures(objects)).toEqual([]);
  });

  it("the app's own workload comes after the token Secret it reads", () => {
    const chart = PxTesting.chart();
    new ApiObject(chart, 'reader', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'reader', namespace: 'kube-system' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'c', image: 'busybox', env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'px-k8s-user', key: 'auth-token' } } }] }],
          },
        },
      },
    });
    new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' }).addTokenSecret('k8s-user', { identity, namespace: 'kube-system' });
    expect(names(PxTesting.synth(chart))).toEqual(['Secret kube-system/px-k8s-user', 'Deployment kube-system/reader', 'Secret kube-system/pxkeys']);
  });

  it('a dependency the app set the other way round is left as it is (no cycle), and pxsec check then warns', async () => {
    const chart = PxTesting.chart();
    const namespace = new ApiObject(chart, 'portworx-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } });
    const secret = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' }).addTokenSecret('k8s-user', { identity, namespace: 'portworx' });
    namespace.addDependency(secret);
    const objects = PxTesting.synth(chart);
    expect(names(objects)).toEqual(['Secret portworx/px-k8s-user', 'Namespace /portworx', 'Secret kube-system/pxkeys']);
    expect(await applyOrderFindings(objects)).toEqual(['Secret portworx/px-k8s-user: metadata.namespace']);
  });

  it('two charts (two clusters, one file each) with a namespace of one name are ordered each on its own, without a cycle', () => {
    const app = PxTesting.app();
    const charts = ['prod', 'staging'].map((id) => {
      const chart = new Chart(app, id);
      new ApiObject(chart, 'portworx-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } });
      return chart;
    });
    // Each chart's Secret is declared before the other chart's Namespace exists, so only its own can order it.
    charts.forEach((chart, i) => {
      new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, keysSecretNamespace: `px-${i}` }).addTokenSecret(
        'k8s-user',
        { identity, name: `token-${i}`, namespace: 'portworx' },
      );
    });
    app.synthYaml();
    charts.forEach((chart, i) => {
      const order = names(chart.toJson() as Record<string, unknown>[]);
      expect(order.filter((name) => name === 'Namespace /portworx')).toHaveLength(1);
      expect(order.indexOf('Namespace /portworx')).toBeLessThan(order.indexOf(`Secret portworx/token-${i}`));
    });
  });
});
