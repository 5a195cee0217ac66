import { findPortworxTargets } from '../../../lib/core/spec/targets';
import { container, portworxContainer, portworxDaemonSet, serviceAccount, storageCluster, storkContainer, storkDeployment, workload } from './spec-builders';

describe('findPortworxTargets', () => {
  test('finds the portworx DaemonSet by its image, not by position, and the container inside it', () => {
    const objects = [
      serviceAccount(),
      storkDeployment(),
      workload('DaemonSet', 'portworx-api', [container('portworx-api', 'k8s.gcr.io/pause:3.1')]),
      workload('DaemonSet', 'portworx', [
        container('csi-node-driver-registrar', 'quay.io/k8scsi/csi-node-driver-registrar:v1.1.0', { args: ['--v=5'] }),
        portworxContainer(),
        container('telemetry', 'purestorage/ccm-service:3.0.0', { args: ['-x', 'telemetry'] }),
      ]),
    ];
    expect(findPortworxTargets(objects, 'spec.yaml')).toEqual({ daemonSet: { index: 3, containerIndex: 1 }, stork: { index: 1, containerIndex: 0 } });
  });

  test('the image may carry a registry, a tag or a digest; without the image, the container named portworx counts', () => {
    for (const image of ['docker.io/portworx/oci-monitor:2.6.0', 'registry.example.com:5000/portworx/oci-monitor@sha256:0123', 'portworx/oci-monitor']) {
      expect(findPortworxTargets([workload('DaemonSet', 'px', [container('px', image)])], 'spec.yaml').daemonSet).toEqual({ index: 0, containerIndex: 0 });
    }
    expect(
      findPortworxTargets([workload('DaemonSet', 'px', [container('sidecar', 'busybox'), container('portworx', 'mirror.example.com/px:2.6')])], 'spec.yaml')
        .daemonSet,
    ).toEqual({ index: 0, containerIndex: 1 });
    expect(() => findPortworxTargets([workload('DaemonSet', 'px', [container('monitor', 'example/portworx/oci-monitor-fork:1')])], 'spec.yaml')).toThrow(
      expect.objectContaining({ code: 'SPEC_NO_PORTWORX' }),
    );
  });

  test('every workload API version counts: extensions/v1beta1, apps/v1beta1, apps/v1beta2, apps/v1', () => {
    for (const apiVersion of ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2', 'apps/v1']) {
      expect(findPortworxTargets([portworxDaemonSet({}, apiVersion)], 'spec.yaml').daemonSet).toEqual({ index: 0, containerIndex: 0 });
    }
  });

  test('stork is the container whose command, or else first arg, starts with /stork', () => {
    const byArgs = workload('Deployment', 'stork', [container('stork', 'openstorage/stork:1.3', { args: ['/stork', '--driver=pxd'] })]);
    const scheduler = workload('Deployment', 'stork-scheduler', [
      container('stork-scheduler', 'kube-scheduler', { command: ['/usr/local/bin/kube-scheduler', '--scheduler-name=stork'] }),
    ]);
    expect(findPortworxTargets([portworxDaemonSet(), scheduler, byArgs], 'spec.yaml').stork).toEqual({ index: 2, containerIndex: 0 });
    expect(findPortworxTargets([portworxDaemonSet(), scheduler], 'spec.yaml').stork).toBeUndefined();
  });

  test('finds the operator StorageCluster', () => {
    expect(findPortworxTargets([serviceAccount(), storageCluster()], 'spec.yaml')).toEqual({ storageCluster: { index: 1 } });
  });

  test('no portworx DaemonSet and no StorageCluster: SPEC_NO_PORTWORX listing what the file holds', () => {
    const objects = [
      serviceAccount(),
      storkDeployment(),
      workload('DaemonSet', 'portworx-api', [container('portworx-api', 'k8s.gcr.io/pause:3.1')]),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'portworx' } },
      { kind: 5 },
    ];
    expect(() => findPortworxTargets(objects, 'spec.yaml')).toThrow(
      expect.objectContaining({
        code: 'SPEC_NO_PORTWORX',
        message:
          'spec.yaml holds no portworx DaemonSet (a container running portworx/oci-monitor or named "portworx") and no StorageCluster; it holds ServiceAccount kube-system/px-account, Deployment kube-system/stork, DaemonSet kube-system/portworx-api, Namespace portworx, object #5: give the spec downloaded from the Portworx spec generator, with the portworx DaemonSet or the StorageCluster in it',
      }),
    );
    expect(() => findPortworxTargets([], 'empty.yaml')).toThrow(expect.objectContaining({ message: expect.stringContaining('it holds no objects at all') }));
  });

  test('a long list of objects is abbreviated', () => {
    const objects = Array.from({ length: 30 }, (_, i) => serviceAccount(`account-${i}`));
    expect(() => findPortworxTargets(objects, 'big.yaml')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('ServiceAccount kube-system/account-24 and 5 more:') }),
    );
  });

  test('two portworx DaemonSets, two StorageClusters, two storks or two portworx containers: SPEC_TARGET_AMBIGUOUS', () => {
    expect(() => findPortworxTargets([portworxDaemonSet(), serviceAccount(), portworxDaemonSet()], 'spec.yaml')).toThrow(
      expect.objectContaining({
        code: 'SPEC_TARGET_AMBIGUOUS',
        message:
          'spec.yaml holds 2 portworx DaemonSets (DaemonSet kube-system/portworx (object #1), DaemonSet kube-system/portworx (object #3)): keep one portworx DaemonSet per spec',
      }),
    );
    expect(() => findPortworxTargets([storageCluster(), storageCluster()], 'spec.yaml')).toThrow(expect.objectContaining({ code: 'SPEC_TARGET_AMBIGUOUS' }));
    expect(() => findPortworxTargets([portworxDaemonSet(), storkDeployment(), storkDeployment()], 'spec.yaml')).toThrow(
      expect.objectContaining({ code: 'SPEC_TARGET_AMBIGUOUS' }),
    );
    expect(() =>
      findPortworxTargets([workload('DaemonSet', 'px', [portworxContainer(), { ...portworxContainer(), name: 'portworx-2' }])], 'spec.yaml'),
    ).toThrow(
      expect.objectContaining({
        code: 'SPEC_TARGET_AMBIGUOUS',
        message:
          'spec.yaml: DaemonSet kube-system/px runs portworx/oci-monitor in 2 containers (portworx, portworx-2): keep one portworx container in the DaemonSet',
      }),
    );
  });

  test('objects of the wrong shape are simply not targets', () => {
    const odd = [
      { kind: 'DaemonSet', spec: 'none' },
      { kind: 'DaemonSet', spec: { template: { spec: { containers: 'portworx' } } } },
      { kind: 'Deployment', spec: { template: { spec: { containers: [null, 7, { command: '/stork' }] } } } },
    ];
    expect(findPortworxTargets([...odd, portworxDaemonSet()] as Record<string, unknown>[], 'spec.yaml')).toEqual({
      daemonSet: { index: 3, containerIndex: 0 },
    });
    expect(findPortworxTargets([portworxDaemonSet(), workload('Deployment', 'stork', [storkContainer({ command: [] })])], 'spec.yaml').stork).toBeUndefined();
  });
});
