/**
 * An installed object that does not fit the cluster (another form, another namespace) fails the Pulumi program
 * once, on the cluster, and is never registered. The programs (in-place-failures.ts) run in a child process
 * under Pulumi's mocks, since the program fails through an error thrown at its end, which would fail jest itself.
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

  it('two portworx DaemonSets in one ConfigGroup: SPEC_TARGET_AMBIGUOUS once, as cdk8s include and pxsec patch; the second is not registered', () => {
    const report = reports.find((r) => r.program === 'two portworx DaemonSets in one ConfigGroup');
    expect(report?.reported).toEqual([
      {
        onCluster: true,
        errors: [
          '[SPEC_TARGET_AMBIGUOUS] portworx.transformation is given 2 portworx DaemonSets (px-spec (DaemonSet kube-system/portworx), px-spec (DaemonSet kube-system/portworx-2)): ' +
            'keep one portworx DaemonSet per cluster: install the spec once, and give each cluster its own',
        ],
      },
    ]);
    expect(report?.registered.filter((name) => name.startsWith('DaemonSet'))).toEqual(['DaemonSet portworx']);
  });

  it('one spec through two ConfigFiles: OBJECT_DUPLICATE for each object of the second, on the cluster; none of them registered', () => {
    const report = reports.find((r) => r.program === 'one spec through two ConfigFiles');
    const errors = report?.reported.flatMap((r) => (r.onCluster ? r.errors : [`not on the cluster: ${r.errors.join(' ')}`])) ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.startsWith('[OBJECT_DUPLICATE] again-px-spec-again ('))).toBe(true);
    expect(errors).toContain(
      '[OBJECT_DUPLICATE] again-px-spec-again (DaemonSet kube-system/portworx) "DaemonSet.apps kube-system/portworx" is also emitted by px-spec (DaemonSet kube-system/portworx); ' +
        "applied, one silently replaces the other: give each object its own name or namespace (e.g. a token Secret must not take the keys Secret's name), or declare it once",
    );
    expect(report?.registered.filter((name) => name.startsWith('DaemonSet'))).toEqual(['DaemonSet portworx']);
  });

  it("a ConfigGroup holding the keys Secret the cluster makes: OBJECT_DUPLICATE once, naming both; the cluster's Secret alone is registered", () => {
    const report = reports.find((r) => r.program === 'a ConfigGroup holding the keys Secret the cluster makes');
    expect(report?.reported).toEqual([
      {
        onCluster: true,
        errors: [
          '[OBJECT_DUPLICATE] hand-made-keys (Secret kube-system/pxkeys) "Secret kube-system/pxkeys" is also emitted by portworx; ' +
            "applied, one silently replaces the other: give each object its own name or namespace (e.g. a token Secret must not take the keys Secret's name), or declare it once",
        ],
      },
    ]);
    expect(report?.registered.filter((name) => name === 'Secret pxkeys')).toEqual(['Secret pxkeys']);
  });
});
