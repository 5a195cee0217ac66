import { validateKubernetesObject } from '../support/kube-schema';

describe('test support: Kubernetes schema validation', () => {
  it('accepts a valid Secret and rejects a wrong type', () => {
    expect(() => validateKubernetesObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pxkeys' }, data: { a: 'YQ==' } })).not.toThrow();
    expect(() => validateKubernetesObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pxkeys' }, data: 'nope' })).toThrow(
      /v1 Secret pxkeys does not validate/,
    );
  });

  it('checks legacy DaemonSets against the apps/v1 shape', () => {
    const ds = {
      apiVersion: 'extensions/v1beta1',
      kind: 'DaemonSet',
      metadata: { name: 'portworx' },
      spec: { template: { spec: { containers: [{ name: 'portworx', args: 7 }] } } },
    };
    expect(() => validateKubernetesObject(ds)).toThrow(/DaemonSet portworx does not validate/);
  });

  it('checks a StorageCluster guestAccess value', () => {
    const sc = {
      apiVersion: 'core.libopenstorage.org/v1',
      kind: 'StorageCluster',
      metadata: { name: 'px' },
      spec: { security: { enabled: true, auth: { guestAccess: 'enabled' } } },
    };
    expect(() => validateKubernetesObject(sc)).toThrow(/guestAccess is enabled, not one of Enabled, Disabled, Managed/);
  });

  it('validates a SealedSecret with its CRD model', () => {
    const sealed = {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'pxkeys', namespace: 'kube-system' },
      spec: { encryptedData: { a: 'AgB' } },
    };
    expect(() => validateKubernetesObject(sealed)).not.toThrow();
  });
});
