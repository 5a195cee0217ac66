/**
 * A cluster's identity (lib/core/cluster/cluster-identity.ts): the keystore entry its keys are kept under, read from what
 * the user wrote: clusterName, else the spec's own cluster name, and refused where it is not one name.
 */
import * as path from 'node:path';
import { clusterIdentity } from '../../lib/core/cluster/cluster-identity';
import { PortworxSpec } from '../../lib';
import { caughtPxSecurityError } from '../support/caught';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml')).objects;
const OPERATOR = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml')).objects;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The spec with the portworx container's args replaced. */
function withArgs(args: string[]): Record<string, unknown>[] {
  const objects = copy(SPEC) as Record<string, any>[];
  const daemonSet = objects.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'portworx');
  if (daemonSet === undefined) throw new Error('the example spec has no portworx DaemonSet');
  daemonSet.spec.template.spec.containers[0].args = args;
  return objects;
}

test('clusterName first, else the -c of the portworx container, else the StorageCluster name, else none', () => {
  expect(clusterIdentity('prod', SPEC, 'app/portworx')).toEqual({ name: 'prod', source: 'clusterName' });
  expect(clusterIdentity(undefined, SPEC, 'app/portworx')).toEqual({ name: 'px-cluster-3b5c1c3e', source: 'spec' });
  expect(clusterIdentity(undefined, withArgs(['-c=px-inline', '-x', 'kubernetes']), 'app/portworx')).toEqual({ name: 'px-inline', source: 'spec' });
  expect(clusterIdentity(undefined, OPERATOR, 'app/portworx')).toEqual({ name: 'px-cluster', source: 'spec' });
  expect(clusterIdentity(undefined, withArgs(['-x', 'kubernetes']), 'app/portworx')).toBeUndefined();
  expect(clusterIdentity(undefined, undefined, 'app/portworx')).toBeUndefined();
});

test('a spec naming two clusters: CLUSTER_IDENTITY_AMBIGUOUS, with the fix', () => {
  const error = caughtPxSecurityError(() => clusterIdentity(undefined, withArgs(['-c', 'one', '-c', 'two']), 'app/portworx'));
  expect(error.code).toBe('CLUSTER_IDENTITY_AMBIGUOUS');
  expect(error.message).toBe(
    'app/portworx.spec "one, two" names more than one Portworx cluster, so it is not clear whose keys this cluster takes: set clusterName to the name the keys are kept under (e.g. clusterName: "prod"), or give a spec of one cluster',
  );
  // The same name twice is one cluster.
  expect(clusterIdentity(undefined, withArgs(['-c', 'one', '-c', 'one']), 'app/portworx')?.name).toBe('one');
});

test.each(['', ' prod', 'prod/eu', '-prod', 'x'.repeat(254)])('clusterName %j is CLUSTER_NAME_INVALID', (name) => {
  const error = caughtPxSecurityError(() => clusterIdentity(name, undefined, 'app/portworx'));
  expect(error.code).toBe('CLUSTER_NAME_INVALID');
  expect(error.field).toBe('app/portworx.clusterName');
});
