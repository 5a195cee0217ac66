/**
 * Problems that span objects fail the Pulumi program the way `pulumi preview`/`pulumi up` report them, with the
 * same codes and messages as a cdk8s synth of the same app, and before any Kubernetes resource is registered.
 *
 * The Pulumi programs (failing-programs.ts) run in a child process under Pulumi's mocks, with the cluster's
 * outcome not asked for, as a real program: the program fails through exactly one error, thrown at its end
 * (jest would turn it into a failure of the test itself; validation.test.ts shows the in-process way a test
 * expects the error, through `cluster.validated()`).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec } from '../../lib';
import { TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import type { FailedProgram } from './failing-programs';
import { cdk8sProblems } from '../support/cdk8s-synth';

const ROOT = path.join(__dirname, '../..');
const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');
const SHORT_KEY = 'short-key-never-shown';

/** The same apps in cdk8s, by program name; construct paths equal the Pulumi programs' resource names. */
const CDK8S_APPS: Readonly<Record<string, (chart: Chart) => void>> = {
  'a per-tenant class without tenants': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
  },
  'two tenants in one namespace and a token nobody makes': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
    new PxTenant(chart, 'tenant-a-again', { cluster, namespace: 'tenant-a' });
    new PxStorageClass(chart, 'px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
  },
  'a token Secret the operator owns': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', {
      spec: PortworxSpec.fromFile(OPERATOR_SPEC),
      issuer: 'portworx.com',
      keys: TEST_KEYS,
      clock: TEST_CLOCK,
    });
    cluster.addTokenSecret('user-token', { name: 'px-user-token', namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
  },
  'a token Secret named like the keys Secret': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    cluster.addTokenSecret('admin', { name: 'pxkeys', namespace: 'kube-system', identity: { name: 'Storage Administrator', roles: ['system.admin'] } });
  },
  'a tenant whose token Secret is named pxkeys in kube-system, and two StorageClasses with one name': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant(chart, 'system-tenant', { cluster, namespace: 'kube-system', tokenSecretName: 'pxkeys', createNamespace: false });
    new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1, token: { kind: 'per-tenant', secretName: 'pxkeys' } });
    new PxStorageClass(chart, 'px-storage-again', { cluster, name: 'px-storage', repl: 2, token: { kind: 'per-tenant', secretName: 'pxkeys' } });
  },
  "a plain token Secret while secretsInGit is 'forbid'": (chart) => {
    const external = { kind: 'external', storeName: 'vault' } as const;
    const cluster = new PxSecureCluster(chart, 'portworx', {
      issuer: 'portworx.com',
      keys: TEST_KEYS,
      clock: TEST_CLOCK,
      secretsInGit: 'forbid',
      secretDelivery: external,
    });
    new PxTenant(chart, 'external-tenant', { cluster, namespace: 'tenant-a' });
    new PxTenant(chart, 'plain-tenant', { cluster, namespace: 'tenant-b', secretDelivery: { kind: 'plain' } });
  },
  'a short key that arrives as an Output': (chart) => {
    const cluster = new PxSecureCluster(chart, 'portworx', { issuer: 'portworx.com', keys: { ...TEST_KEYS, shared: SHORT_KEY }, clock: TEST_CLOCK });
    cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
  },
};

describe('a Pulumi program whose PX-Security model is wrong', () => {
  let reports: FailedProgram[];

  beforeAll(() => {
    // The exit code is not looked at: the failed programs' resources are never registered, and the harness
    // ends the process itself.
    const child = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(__dirname, 'failing-programs.ts')], { cwd: ROOT, encoding: 'utf8' });
    reports = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as FailedProgram[];
  }, 60_000);

  it('ran every program', () => {
    expect(reports.map((report) => report.program)).toEqual(Object.keys(CDK8S_APPS));
  });

  it.each(Object.keys(CDK8S_APPS))('%s: fails once (one error at its end), on the cluster, with the codes and messages of cdk8s', (program) => {
    const report = reports.find((r) => r.program === program);
    const expected = cdk8sProblems(CDK8S_APPS[program] ?? (() => undefined));
    expect(expected.length).toBeGreaterThan(0);
    expect(report?.reported.map((error) => ({ ...error, errors: error.errors.map((e) => `[${e.code}] ${e.message}`) }))).toEqual([
      { name: 'PxValidationError', message: expect.stringContaining(expected.join('\n')), hideStack: true, onCluster: true, errors: expected },
    ]);
    expect(report?.kubernetesResources).toEqual([]);
  });

  it('reports the same problems from cluster.validate() at the end of the program', () => {
    for (const report of reports.filter((r) => r.program !== 'a short key that arrives as an Output')) {
      expect(report.validate).toEqual(report.reported[0]?.errors);
    }
  });

  it('never shows a key in what it reports', () => {
    expect(JSON.stringify(reports)).not.toContain(SHORT_KEY);
    for (const key of Object.values(TEST_KEYS)) expect(JSON.stringify(reports)).not.toContain(key);
  });
});
