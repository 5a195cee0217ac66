/**
 * `renewal: { mode: 'in-cluster' }` on the Pulumi PxSecureCluster, under Pulumi's own mocks: no token Secret is
 * registered, and the renewer's objects are the cdk8s renewer's, field for field.
 */
import { kubeObjects, programDone, startRun } from './mocks';
import { App, Chart } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { validateKubernetesObjects } from '../support/kube-schema';
import { caughtOnComponent } from './caught-on-component';

const RENEWAL = { mode: 'in-cluster', lifetime: '48h', schedule: '*/15 * * * *' } as const;
const TENANTS = ['tenant-a', 'tenant-b'];
const RENEWER_KINDS = new Set(['ConfigMap', 'ServiceAccount', 'Role', 'RoleBinding', 'CronJob', 'Job']);

/** The same cluster in cdk8s: its renewer's objects. */
function cdk8sRenewer(): Record<string, any>[] {
  const app: App = PxTesting.app();
  const chart = new Chart(app, 'test');
  const cluster = new cdk8s.PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, renewal: RENEWAL });
  for (const namespace of TENANTS) new cdk8s.PxTenant(chart, namespace, { cluster, namespace });
  app.synthYaml();
  return (chart.toJson() as Record<string, any>[]).filter((object) => RENEWER_KINDS.has(object.kind as string));
}

/** Objects in a stable order, without the labels cdk8s adds to none here (compared as Kubernetes reads them). */
function sorted(objects: Record<string, any>[]): Record<string, any>[] {
  const key = (object: Record<string, any>): string => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
  return [...objects].sort((a, b) => key(a).localeCompare(key(b)));
}

describe('in-cluster renewal (Pulumi)', () => {
  it('registers the renewer instead of token Secrets, the same objects as cdk8s', async () => {
    startRun();
    const cluster = new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, renewal: RENEWAL });
    const tenants = TENANTS.map((namespace) => new PxTenant(namespace, { cluster, namespace }));
    const objects = kubeObjects(await programDone()) as Record<string, any>[];
    expect(objects.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name)).toEqual(['pxkeys']);
    expect(tenants.map((tenant) => tenant.tokenSecret.constructor.name)).toEqual(['Role', 'Role']);
    const renewer = objects.filter((object) => RENEWER_KINDS.has(object.kind as string));
    expect(validateKubernetesObjects(renewer)).toBe(10);
    expect(sorted(renewer)).toEqual(sorted(cdk8sRenewer()));
  });

  it('refuses a bad renewal with the resource name and the prop', () => {
    startRun();
    const error = caughtOnComponent(
      () => new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, renewal: { mode: 'in-cluster', renewBefore: '2d' } }),
    );
    expect(error.code).toBe('RENEWAL_INVALID');
    expect(error.message).toContain('portworx.renewal.renewBefore');
  });
});
