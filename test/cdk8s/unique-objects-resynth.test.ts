/**
 * The synth-time uniqueness check runs its walk once per synth, not once per chart cdk8s renders (issue 19,
 * section 6), yet still sees an object added after a clean synth, and reports a duplicate again on every synth.
 */
import * as path from 'node:path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxStorageClass } from '../../lib/cdk8s';
import { PortworxSpec } from '../../lib';
import { TEST_CLOCK } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { synthErrors } from '../support/cdk8s-synth';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));

test('a duplicate added after a clean synth fails the next synth, and every one after it', () => {
  const app = Testing.app();
  const first = new Chart(app, 'first');
  const second = new Chart(app, 'second');
  const cluster = new PxSecureCluster(first, 'portworx', { spec: SPEC, issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
  new PxStorageClass(second, 'gold', { cluster, name: 'px-gold', repl: 3, token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } });
  cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] }, namespace: 'portworx' });
  expect(app.synthYaml()).toContain('name: px-gold');
  new ApiObject(second, 'copy', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'px-gold' } });
  for (let i = 0; i < 2; i++)
    expect(synthErrors(app)).toContain('[OBJECT_DUPLICATE] second/copy "StorageClass.storage.k8s.io px-gold" is also emitted by second/gold');
});
