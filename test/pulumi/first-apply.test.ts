/**
 * A Pulumi program's first `pulumi up` on an empty cluster: every resource names in `dependsOn` what it needs, so
 * the engine creates it only after that: the spec's Namespace before the token Secret that goes into it (even
 * where the spec writes the Namespace last), the keys Secret before the portworx DaemonSet and stork, the token
 * Secret before the class naming it. Read from the dependencies of each registration request the SDK sends to the
 * engine (Pulumi's own mock monitor, observed), and played with the first-apply simulation of test/support in
 * that dependency order.
 */
import { kubeObjects, programDone, registrations, startRun } from './mocks';
import { readFileSync } from 'node:fs';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as path from 'node:path';
import { PortworxSpec, ROLES } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/pulumi';
import { TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { firstApplyFailures } from '../support/first-apply';

const EXAMPLE_SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const NAMESPACE_LAST = `${readFileSync(EXAMPLE_SPEC, 'utf8')}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx\n`;

/** A registration request as the SDK sends it to the engine (the parts read here). */
interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
}

/** Records, from now on, the dependencies (resource names) of every registration the SDK sends to the engine. */
function recordDependencies(): Map<string, string[]> {
  const dependencies = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    dependencies.set(
      req.getName(),
      req.getDependenciesList().map((urn) => urn.split('::').pop() ?? urn),
    );
    return register(req, callback);
  };
  return dependencies;
}

test('each resource reaches the engine depending on the Namespace and Secrets it needs', async () => {
  startRun();
  const dependencies = recordDependencies();
  const cluster = new PxSecureCluster('portworx', {
    spec: PortworxSpec.fromText(NAMESPACE_LAST, 'px-spec.yaml'),
    issuer: 'portworx.com',
    keys: TEST_KEYS,
    clock: TEST_CLOCK,
  });
  cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: [ROLES.user] }, namespace: 'portworx', createNamespace: true });
  new PxStorageClass('repl-1', { cluster, name: 'repl-1', provisioner: 'in-tree', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } });
  new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
  await cluster.validated();
  await programDone();
  const needs = (name: string, dependency: string) => expect([name, dependencies.get(name)]).toEqual([name, expect.arrayContaining([dependency])]);
  needs('portworx-daemonset-kube-system-portworx', 'portworx-secret-kube-system-pxkeys');
  needs('portworx-deployment-kube-system-stork', 'portworx-secret-kube-system-pxkeys');
  needs('portworx-k8s-user', 'portworx-namespace-portworx');
  needs('repl-1-storage-class', 'portworx-k8s-user');
  needs('tenant-a-token', 'tenant-a-namespace');
  // The spec's Namespace serves the token Secret: the cluster registers no second one.
  const kube = registrations.filter((r) => r.type.startsWith('kubernetes:'));
  expect(kube.map((r) => r.name).filter((name) => name.startsWith('portworx-namespace-'))).toEqual(['portworx-namespace-portworx']);
  // Applied in an order the dependencies allow (each after what it depends on), the first apply finds everything.
  const applied: typeof kube = [];
  const visit = (registration: (typeof kube)[number]): void => {
    if (applied.includes(registration)) return;
    for (const name of dependencies.get(registration.name) ?? []) {
      const dependency = kube.find((r) => r.name === name);
      if (dependency !== undefined) visit(dependency);
    }
    applied.push(registration);
  };
  [...kube].reverse().forEach(visit);
  expect(firstApplyFailures(kubeObjects(applied))).toEqual([]);
});

test('a spec secured in place (ConfigFile with cluster.transformation): the DaemonSet and stork depend on the keys Secret', async () => {
  startRun();
  const dependencies = recordDependencies();
  const cluster = new PxSecureCluster('portworx', { include: PortworxSpec.fromFile(EXAMPLE_SPEC), issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
  new k8s.yaml.ConfigFile('portworx-spec', { file: EXAMPLE_SPEC, transformations: [cluster.transformation] });
  await cluster.validated();
  await programDone();
  // The ConfigFile names its objects namespace/name.
  for (const workload of ['kube-system/portworx', 'kube-system/stork']) {
    expect([workload, dependencies.get(workload)]).toEqual([workload, expect.arrayContaining(['portworx-secret-kube-system-pxkeys'])]);
  }
});
