import { ExternalSecretOptions, ExternalSecretTarget, externalSecretFor } from '../../../lib/core/sealing/external-secret';
import { validateKubernetesObject } from '../../support/kube-schema';
import { caughtPxSecurityError } from '../../support/caught';

const KEYS_TARGET: ExternalSecretTarget = { name: 'pxkeys', namespace: 'kube-system', keys: ['system-secret', 'stork-secret', 'shared-secret'] };
const STORE: ExternalSecretOptions = { storeName: 'vault', remoteKey: 'portworx/pxkeys' };

describe('externalSecretFor', () => {
  it('references every key of the Secret under one remote key, with the defaults', () => {
    const external = externalSecretFor(KEYS_TARGET, STORE);
    expect(external).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'pxkeys', namespace: 'kube-system' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        target: { name: 'pxkeys', creationPolicy: 'Owner', template: { type: 'Opaque' } },
        data: [
          { secretKey: 'shared-secret', remoteRef: { key: 'portworx/pxkeys', property: 'shared-secret' } },
          { secretKey: 'stork-secret', remoteRef: { key: 'portworx/pxkeys', property: 'stork-secret' } },
          { secretKey: 'system-secret', remoteRef: { key: 'portworx/pxkeys', property: 'system-secret' } },
        ],
      },
    });
    validateKubernetesObject(external);
  });

  it("takes the store kind, properties, refresh interval and the Secret's labels and annotations", () => {
    const external = externalSecretFor(
      { name: 'px-k8s-user', namespace: 'tenant-a-ns', keys: ['auth-token'], labels: { tenant: 'a' }, annotations: { owner: 'team-a' } },
      { storeName: 'tenant-a-vault', storeKind: 'SecretStore', remoteKey: 'tenants/a', properties: { 'auth-token': 'token' }, refreshInterval: '15m' },
    );
    expect(external.metadata).toEqual({ name: 'px-k8s-user', namespace: 'tenant-a-ns', labels: { tenant: 'a' } });
    expect(external.spec.secretStoreRef).toEqual({ name: 'tenant-a-vault', kind: 'SecretStore' });
    expect(external.spec.refreshInterval).toBe('15m');
    expect(external.spec.target.template).toEqual({ type: 'Opaque', metadata: { labels: { tenant: 'a' }, annotations: { owner: 'team-a' } } });
    expect(external.spec.data).toEqual([{ secretKey: 'auth-token', remoteRef: { key: 'tenants/a', property: 'token' } }]);
    validateKubernetesObject(external);
  });

  it('emits external-secrets.io/v1 by default (ESO 0.17 and later serve only v1), v1beta1 on request', () => {
    expect(externalSecretFor(KEYS_TARGET, STORE).apiVersion).toBe('external-secrets.io/v1');
    const older = externalSecretFor(KEYS_TARGET, { ...STORE, apiVersion: 'external-secrets.io/v1beta1' });
    expect(older.apiVersion).toBe('external-secrets.io/v1beta1');
    validateKubernetesObject(older);
    // The same fields under either version: only apiVersion differs.
    expect({ ...older, apiVersion: 'external-secrets.io/v1' }).toEqual(externalSecretFor(KEYS_TARGET, STORE));
  });

  it('accepts Go durations, including 0 (read once)', () => {
    for (const refreshInterval of ['0', '1h30m', '90s', '1.5h', '500ms']) {
      expect(externalSecretFor(KEYS_TARGET, { ...STORE, refreshInterval }).spec.refreshInterval).toBe(refreshInterval);
    }
  });

  it.each([
    [
      'EXTERNAL_SECRET_STORE_MISSING',
      { ...STORE, storeName: '' },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: storeName is empty: name the SecretStore or ClusterSecretStore that reads the vault',
    ],
    [
      'EXTERNAL_SECRET_STORE_KIND_INVALID',
      { ...STORE, storeKind: 'Vault' as 'SecretStore' },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: storeKind "Vault" is not a store kind: use one of SecretStore, ClusterSecretStore',
    ],
    [
      'EXTERNAL_SECRET_REMOTE_KEY_MISSING',
      { ...STORE, remoteKey: '' },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: remoteKey is empty: give the path of the Secret in the vault',
    ],
    [
      'EXTERNAL_SECRET_KEYS_MISSING',
      STORE,
      { ...KEYS_TARGET, keys: [] },
      'ExternalSecret kube-system/pxkeys: keys is empty: list the keys of the Secret, e.g. "auth-token"',
    ],
    [
      'EXTERNAL_SECRET_KEY_DUPLICATE',
      STORE,
      { ...KEYS_TARGET, keys: ['a', 'b', 'a'] },
      'ExternalSecret kube-system/pxkeys: keys "a" appears twice: list each Secret key once',
    ],
    [
      'EXTERNAL_SECRET_PROPERTY_UNKNOWN',
      { ...STORE, properties: { 'auth-token': 'token' } },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: properties "auth-token" is not a key of the Secret: map only the Secret\'s keys (shared-secret, stork-secret, system-secret)',
    ],
    [
      'EXTERNAL_SECRET_REFRESH_INVALID',
      { ...STORE, refreshInterval: '1d' },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: refreshInterval "1d" is not a Go duration: use numbers with units ns, us, ms, s, m or h, such as "1h" or "15m", or "0" to read once',
    ],
    [
      'EXTERNAL_SECRET_API_VERSION_INVALID',
      { ...STORE, apiVersion: 'external-secrets.io/v2' as 'external-secrets.io/v1' },
      KEYS_TARGET,
      'ExternalSecret kube-system/pxkeys: apiVersion "external-secrets.io/v2" is not an ExternalSecret API version: use one of external-secrets.io/v1beta1, external-secrets.io/v1',
    ],
  ])('rejects with %s', (code, options, target, message) => {
    const error = caughtPxSecurityError(() => externalSecretFor(target, options));
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });
});
