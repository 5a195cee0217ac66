import { stringify } from 'yaml';
import { SEALED_SECRET_SCOPE_ANNOTATIONS } from '../../../lib/core/names';
import { MemorySealCache } from '../../../lib/core/sealing/seal-cache';
import { SEALING_SCOPES, SealedSecretObject, SealingScope, annotatedSealingScope, encryptionLabel, sealSecret } from '../../../lib/core/sealing/sealed-secret';
import { keysSecret, opaqueSecret, tokenSecret } from '../../../lib/core/cluster/secrets';
import { validateKubernetesObject } from '../../support/kube-schema';
import { ControllerKeys, makeControllerKeys, openWithForge, openWithNodeCrypto } from './controller-keys';
import { caughtPxSecurityError } from '../../support/caught';
import { definedAt } from '../../support/defined';

/** 2024-06-01T00:00:00Z. */
const NOW = 1717200000;
const KEYS = { system: 's'.repeat(64), stork: 't'.repeat(64), shared: 'u'.repeat(64) };
const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZW5hbnQtYSJ9.c2lnbmF0dXJl';

/** Every value of a SealedSecret opened by both independent openers (they must agree). */
function opened(sealed: SealedSecretObject, controller: ControllerKeys, label: Buffer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sealed.spec.encryptedData).map(([key, value]) => {
      const byNode = openWithNodeCrypto(controller.privateKey, value, label).toString('utf8');
      const byForge = openWithForge(controller.privateKeyPem, value, label).toString('utf8');
      expect(byForge).toBe(byNode);
      return [key, byNode];
    }),
  );
}

describe('sealSecret', () => {
  let controller: ControllerKeys;
  let otherController: ControllerKeys;
  beforeAll(() => {
    controller = makeControllerKeys();
    otherController = makeControllerKeys();
  });

  it.each(SEALING_SCOPES)('seals the keys Secret so both openers get the keys back (%s)', (scope) => {
    const sealed = sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, scope, now: NOW });
    const label = encryptionLabel(scope, 'kube-system', 'pxkeys');
    expect(opened(sealed, controller, label)).toEqual({ 'shared-secret': KEYS.shared, 'stork-secret': KEYS.stork, 'system-secret': KEYS.system });
    validateKubernetesObject(sealed);
  });

  it.each(SEALING_SCOPES)('does not open under any other scope label (%s)', (scope) => {
    const sealed = sealSecret(tokenSecret(TOKEN, { name: 'px-k8s-user', namespace: 'tenant-a-ns' }), {
      certificatePem: controller.certificatePem,
      scope,
      now: NOW,
    });
    const ciphertext = definedAt(Object.values(sealed.spec.encryptedData), 0, 'ciphertexts');
    for (const other of SEALING_SCOPES.filter((candidate) => candidate !== scope)) {
      const wrong = encryptionLabel(other, 'tenant-a-ns', 'px-k8s-user');
      expect(() => openWithNodeCrypto(controller.privateKey, ciphertext, wrong)).toThrow();
      expect(() => openWithForge(controller.privateKeyPem, ciphertext, wrong)).toThrow();
    }
  });

  it('builds the strict SealedSecret as kubeseal does: no scope annotation, metadata and type in the template', () => {
    const secret = opaqueSecret(
      { name: 'px-k8s-user', namespace: 'tenant-a-ns', labels: { tenant: 'a' }, annotations: { owner: 'team-a' } },
      { 'auth-token': TOKEN },
    );
    const sealed = sealSecret(secret, { certificatePem: controller.certificatePem, now: NOW });
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.kind).toBe('SealedSecret');
    expect(sealed.metadata).toEqual({ name: 'px-k8s-user', namespace: 'tenant-a-ns' });
    expect(sealed.spec.template).toEqual({
      metadata: { name: 'px-k8s-user', namespace: 'tenant-a-ns', labels: { tenant: 'a' }, annotations: { owner: 'team-a' } },
      type: 'Opaque',
    });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['auth-token']);
    // Standard, padded base64 (kubeseal's base64.StdEncoding).
    expect(sealed.spec.encryptedData['auth-token']).toMatch(/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(JSON.stringify(sealed)).not.toContain(Buffer.from(TOKEN).toString('base64'));
    validateKubernetesObject(sealed);
  });

  it.each([
    ['namespace-wide', SEALED_SECRET_SCOPE_ANNOTATIONS.namespaceWide],
    ['cluster-wide', SEALED_SECRET_SCOPE_ANNOTATIONS.clusterWide],
  ] as const)('sets the %s annotation on the SealedSecret and in the template', (scope, annotation) => {
    const secret = opaqueSecret({ name: 'px-k8s-user', namespace: 'tenant-a-ns', annotations: { owner: 'team-a' } }, { 'auth-token': TOKEN });
    const sealed = sealSecret(secret, { certificatePem: controller.certificatePem, scope, now: NOW });
    expect(sealed.metadata).toEqual({ name: 'px-k8s-user', namespace: 'tenant-a-ns', annotations: { [annotation]: 'true' } });
    expect(sealed.spec.template.metadata.annotations).toEqual({ owner: 'team-a', [annotation]: 'true' });
    expect(annotatedSealingScope(sealed.metadata)).toBe(scope);
    expect(annotatedSealingScope(sealed.spec.template.metadata)).toBe(scope);
    validateKubernetesObject(sealed);
  });

  it('replaces scope annotations the Secret carried and strips last-applied copies (they hold plaintext)', () => {
    const secret = {
      metadata: {
        name: 'px-k8s-user',
        namespace: 'portworx',
        annotations: {
          [SEALED_SECRET_SCOPE_ANNOTATIONS.clusterWide]: 'true',
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { 'auth-token': TOKEN } }),
          'kubecfg.ksonnet.io/last-applied-configuration': TOKEN,
        },
      },
      type: 'Opaque',
      immutable: true,
      data: { 'auth-token': Buffer.from(TOKEN).toString('base64') },
    };
    const sealed = sealSecret(secret, { certificatePem: controller.certificatePem, scope: 'strict', now: NOW });
    expect(sealed.metadata).toEqual({ name: 'px-k8s-user', namespace: 'portworx' });
    expect(sealed.spec.template).toEqual({ metadata: { name: 'px-k8s-user', namespace: 'portworx' }, type: 'Opaque', immutable: true });
    expect(JSON.stringify(sealed)).not.toContain(TOKEN);
    expect(opened(sealed, controller, encryptionLabel('strict', 'portworx', 'px-k8s-user'))).toEqual({ 'auth-token': TOKEN });
  });

  it('keeps a Secret type other than Opaque and sorts encryptedData keys', () => {
    const secret = {
      metadata: { name: 'tls', namespace: 'portworx' },
      type: 'kubernetes.io/tls',
      data: { 'tls.key': 'a2V5', 'tls.crt': 'Y3J0', 'ca.crt': 'Y2E=' },
    };
    const sealed = sealSecret(secret, { certificatePem: controller.certificatePem, now: NOW });
    expect(Object.keys(sealed.spec.encryptedData)).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    expect(sealed.spec.template.type).toBe('kubernetes.io/tls');
    expect(opened(sealed, controller, encryptionLabel('strict', 'portworx', 'tls'))).toEqual({ 'ca.crt': 'ca', 'tls.crt': 'crt', 'tls.key': 'key' });
  });

  it('seals a cluster-wide Secret without a namespace', () => {
    const sealed = sealSecret(
      { metadata: { name: 'anywhere' }, data: { 'auth-token': 'dG9rZW4=' } },
      { certificatePem: controller.certificatePem, scope: 'cluster-wide', now: NOW },
    );
    expect(sealed.metadata).toEqual({ name: 'anywhere', annotations: { [SEALED_SECRET_SCOPE_ANNOTATIONS.clusterWide]: 'true' } });
    expect(opened(sealed, controller, Buffer.alloc(0))).toEqual({ 'auth-token': 'token' });
    validateKubernetesObject(sealed);
  });

  describe('with a cache', () => {
    /** The keys Secret and a token Secret, sealed with the same options. */
    function sealBoth(scope: SealingScope, cache: MemorySealCache, certificatePem = controller.certificatePem): SealedSecretObject[] {
      return [keysSecret(KEYS), tokenSecret(TOKEN, { name: 'px-k8s-user', namespace: 'tenant-a-ns' })].map((secret) =>
        sealSecret(secret, { certificatePem, scope, cache, now: NOW }),
      );
    }

    it('gives byte-identical output for unchanged values, certificate and scope', () => {
      const cache = new MemorySealCache();
      const first = sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, cache, now: NOW });
      const second = sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, cache, now: NOW });
      expect(stringify(second)).toBe(stringify(first));
      // Without a cache, sealing is randomized.
      const uncached = sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, now: NOW });
      expect(uncached.spec.encryptedData['shared-secret']).not.toBe(first.spec.encryptedData['shared-secret']);
    });

    it('re-seals only the changed value', () => {
      const cache = new MemorySealCache();
      const before = sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, cache, now: NOW });
      const after = sealSecret(keysSecret({ ...KEYS, shared: 'v'.repeat(64) }), { certificatePem: controller.certificatePem, cache, now: NOW });
      expect(after.spec.encryptedData['stork-secret']).toBe(before.spec.encryptedData['stork-secret']);
      expect(after.spec.encryptedData['system-secret']).toBe(before.spec.encryptedData['system-secret']);
      expect(after.spec.encryptedData['shared-secret']).not.toBe(before.spec.encryptedData['shared-secret']);
      expect(opened(after, controller, encryptionLabel('strict', 'kube-system', 'pxkeys'))['shared-secret']).toBe('v'.repeat(64));
    });

    it('re-seals everything for a new certificate or another scope', () => {
      const cache = new MemorySealCache();
      const base = sealBoth('strict', cache);
      const newCertificate = sealBoth('strict', cache, otherController.certificatePem);
      const newScope = sealBoth('namespace-wide', cache);
      for (const changed of [newCertificate, newScope]) {
        changed.forEach((sealed, index) => {
          for (const [key, ciphertext] of Object.entries(sealed.spec.encryptedData)) {
            expect(ciphertext).not.toBe(definedAt(base, index, 'sealed before').spec.encryptedData[key]);
          }
        });
      }
      expect(
        opened(definedAt(newCertificate, 1, 'sealed for the new certificate'), otherController, encryptionLabel('strict', 'tenant-a-ns', 'px-k8s-user')),
      ).toEqual({ 'auth-token': TOKEN });
      expect(opened(definedAt(newScope, 1, 'sealed for the new scope'), controller, encryptionLabel('namespace-wide', 'tenant-a-ns', 'px-k8s-user'))).toEqual({
        'auth-token': TOKEN,
      });
      // And back to the first inputs: the first ciphertexts again.
      expect(sealBoth('strict', cache)).toEqual(base);
    });

    it('never gives two places the same ciphertext, even for equal values', () => {
      const cache = new MemorySealCache();
      const same = 'w'.repeat(64);
      const sealed = sealSecret(keysSecret({ system: same, stork: same, shared: same }), {
        certificatePem: controller.certificatePem,
        scope: 'cluster-wide',
        cache,
        now: NOW,
      });
      expect(new Set(Object.values(sealed.spec.encryptedData)).size).toBe(3);
    });
  });

  describe('errors', () => {
    it('rejects an unknown scope', () => {
      const error = caughtPxSecurityError(() =>
        sealSecret(keysSecret(KEYS), { certificatePem: controller.certificatePem, scope: 'global' as SealingScope, now: NOW }),
      );
      expect(error.code).toBe('SEAL_SCOPE_INVALID');
      expect(error.message).toBe('scope "global" is not a sealing scope: use one of strict, namespace-wide, cluster-wide');
    });

    it.each(['strict', 'namespace-wide'] as const)('needs a namespace for the %s scope', (scope) => {
      const error = caughtPxSecurityError(() =>
        sealSecret({ metadata: { name: 'pxkeys' }, data: { a: 'YQ==' } }, { certificatePem: controller.certificatePem, scope, now: NOW }),
      );
      expect(error.code).toBe('SEAL_NAMESPACE_MISSING');
      expect(error.message).toBe(
        `Secret pxkeys: metadata.namespace is missing; the ${scope} scope binds the ciphertext to a namespace: set metadata.namespace, or seal with the cluster-wide scope`,
      );
    });

    it('needs a name', () => {
      const error = caughtPxSecurityError(() =>
        sealSecret({ metadata: { name: '', namespace: 'portworx' }, data: { a: 'YQ==' } }, { certificatePem: controller.certificatePem, now: NOW }),
      );
      expect(error.code).toBe('SEAL_SECRET_NAME_MISSING');
      expect(error.message).toBe('Secret portworx/: metadata.name is missing: give the Secret a name');
    });

    it('names a value that is not base64 by its key, never showing it', () => {
      const secret = { metadata: { name: 'px-k8s-user', namespace: 'portworx' }, data: { 'auth-token': TOKEN } };
      const error = caughtPxSecurityError(() => sealSecret(secret, { certificatePem: controller.certificatePem, now: NOW }));
      expect(error.code).toBe('SEAL_SECRET_DATA_INVALID');
      expect(error.message).toBe(
        'Secret portworx/px-k8s-user: data.auth-token is not standard base64: put base64 values in data (or plain text in stringData)',
      );
      expect(error.message).not.toContain(TOKEN);
    });

    it('passes certificate errors through', () => {
      const error = caughtPxSecurityError(() => sealSecret(keysSecret(KEYS), { certificatePem: 'not a certificate', now: NOW }));
      expect(error.code).toBe('SEAL_CERT_INVALID');
    });
  });
});
