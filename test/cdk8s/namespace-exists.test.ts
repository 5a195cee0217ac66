/**
 * A token Secret must land in a namespace that exists: the app creates it (a Namespace, as PxTenant does) or
 * declares that it exists (`namespaceExists: true`, or a PxTenant with `createNamespace: false`), and
 * `pxsec check` of the synthesized manifests warns otherwise.
 */
import { ApiObject, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { PxTesting, TEST_NOW_MS } from '../../lib/testing';

/** The TOKEN_SECRET_NAMESPACE_UNKNOWN findings of `pxsec check` over the chart's manifests. */
async function unknownNamespaces(chart: Chart): Promise<string[]> {
  const text = chart
    .toJson()
    .map((object) => stringify(object))
    .join('---\n');
  const findings = await auditBundle(bundleFromTexts([{ file: 'dist/test.k8s.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 0 });
  return findings.filter((finding) => finding.code === 'TOKEN_SECRET_NAMESPACE_UNKNOWN').map((finding) => `${finding.severity} ${finding.object}`);
}

const identity = { name: 'Kubernetes', roles: ['system.user'] };

it('a token Secret in a namespace nothing creates is a pxsec check warning', async () => {
  const chart = PxTesting.chart();
  new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' }).addTokenSecret('k8s-user', { identity, namespace: 'portworx' });
  expect(await unknownNamespaces(chart)).toEqual(['warning Secret portworx/px-k8s-user']);
});

it('creating the Namespace in the app, or namespaceExists: true, satisfies it', async () => {
  const created = PxTesting.chart();
  new ApiObject(created, 'portworx-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } });
  new PxSecureCluster(created, 'portworx', { issuer: 'portworx.com' }).addTokenSecret('k8s-user', { identity, namespace: 'portworx' });
  expect(await unknownNamespaces(created)).toEqual([]);

  const declared = PxTesting.chart();
  const secret = new PxSecureCluster(declared, 'portworx', { issuer: 'portworx.com' }).addTokenSecret('k8s-user', {
    identity,
    namespace: 'portworx',
    namespaceExists: true,
  });
  expect(secret.toJson().metadata).toEqual({
    name: 'px-k8s-user',
    namespace: 'portworx',
    annotations: { 'px-security-constructs/namespace-exists': 'true', 'stork.libopenstorage.org/skip-resource': 'true' },
  });
  expect(await unknownNamespaces(declared)).toEqual([]);
});

it('a PxTenant with createNamespace: false declares its namespace as existing; with its Namespace, nothing is needed', async () => {
  const chart = PxTesting.chart();
  const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com' });
  const existing = new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a', createNamespace: false });
  const created = new PxTenant(chart, 'tenant-b', { cluster, namespace: 'tenant-b' });
  expect(existing.tokenSecret.toJson().metadata.annotations).toEqual({
    'px-security-constructs/namespace-exists': 'true',
    'stork.libopenstorage.org/skip-resource': 'true',
  });
  expect(created.tokenSecret.toJson().metadata.annotations).toEqual({ 'stork.libopenstorage.org/skip-resource': 'true' });
  expect(await unknownNamespaces(chart)).toEqual([]);
});
