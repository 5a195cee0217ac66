/**
 * An installed object that does not fit the cluster (another form, another namespace) fails the Pulumi program
 * once, on the cluster, and is never registered. The programs (in-place-failures.ts) run in a child process
 * under Pulumi's mocks, since the runtime fails a program through an unhandled rejection.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { InPlaceFailure } from './in-place-failures';

const ROOT = path.join(__dirname, '../..');

describe('a program whose installed Portworx does not fit the cluster', () => {
  let reports: InPlaceFailure[];

  beforeAll(() => {
    const child = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(__dirname, 'in-place-failures.ts')], { cwd: ROOT, encoding: 'utf8' });
    reports = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as InPlaceFailure[];
  }, 60_000);

  it('a StorageCluster for a DaemonSet-form cluster: INCLUDE_FORM_MISMATCH once, on the cluster; it is not registered', () => {
    const report = reports.find((r) => r.program === 'a StorageCluster for a DaemonSet-form cluster');
    expect(report?.reported).toEqual([
      {
        onCluster: true,
        errors: [
          '[INCLUDE_FORM_MISMATCH] portworx.include "daemonset" is the daemonset form, but the program installs StorageCluster portworx/px-cluster (the operator form): ' +
            "declare the cluster with the spec the program installs, or include: { form: 'operator', namespace: ... }",
        ],
      },
    ]);
    expect(report?.registered).toEqual(['Secret pxkeys']);
  });

  it('a DaemonSet outside the declared namespace: INCLUDE_NAMESPACE_MISMATCH once; every other object registered', () => {
    const report = reports.find((r) => r.program === 'a DaemonSet outside the declared namespace');
    expect(report?.reported).toEqual([
      {
        onCluster: true,
        errors: [
          '[INCLUDE_NAMESPACE_MISMATCH] portworx.include.namespace "portworx" differs from the namespace of DaemonSet kube-system/portworx that the program installs; ' +
            'the portworx DaemonSet reads the keys Secret from its own namespace: declare the cluster with the spec the program installs, or include: { form: \'daemonset\', namespace: "kube-system" }',
        ],
      },
    ]);
    expect(report?.registered).not.toContain('DaemonSet portworx');
    expect(report?.registered).toContain('Deployment stork');
  });
});
