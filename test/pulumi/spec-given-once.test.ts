/**
 * The cdk8s and Pulumi clusters refuse a spec given both as `spec` and as `include` with one rule
 * (`requireSpecGivenOnce`, lib/core/cluster/cluster-reports.ts): the same code, problem and fix, each naming its own
 * construct path or resource name.
 */
import { startRun } from './mocks';
import * as path from 'node:path';
import { Chart, Include } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PortworxSpec, PxSecurityError } from '../../lib';
import { PxSecureCluster } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { caughtOnComponent } from './caught-on-component';

const SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const COMMON = { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK } as const;

function thrown(build: () => unknown): PxSecurityError {
  try {
    build();
  } catch (error) {
    if (error instanceof PxSecurityError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

beforeEach(() => startRun());

it('SPEC_GIVEN_TWICE has the same problem and fix in cdk8s and Pulumi', () => {
  const spec = PortworxSpec.fromFile(SPEC);
  const chart = new Chart(PxTesting.app(), 'test');
  const include = new Include(chart, 'px-spec', { url: SPEC });
  const fromCdk8s = thrown(() => new cdk8s.PxSecureCluster(chart, 'portworx', { ...COMMON, spec, include }));
  const fromPulumi = caughtOnComponent(() => new PxSecureCluster('portworx', { ...COMMON, spec, include: spec }));
  expect(fromCdk8s.code).toBe('SPEC_GIVEN_TWICE');
  expect(fromPulumi.code).toBe('SPEC_GIVEN_TWICE');
  expect(fromCdk8s.field).toBe('test/portworx.spec');
  expect(fromPulumi.field).toBe('portworx.spec');
  expect(fromPulumi.message.slice(fromPulumi.field.length)).toBe(fromCdk8s.message.slice(fromCdk8s.field.length));
  expect(fromPulumi.fix).toBe(fromCdk8s.fix);
});
