import * as crypto from 'node:crypto';
import { SEALING_SCOPES, encryptionLabel } from '../../../lib/core/sealing/sealed-secret';
import { hybridEncrypt } from '../../../lib/core/sealing/hybrid-encrypt';
import { ControllerKeys, makeControllerKeys, openWithForge, openWithNodeCrypto } from './controller-keys';

describe('hybridEncrypt (Sealed Secrets HybridEncrypt)', () => {
  let controller: ControllerKeys;
  let publicKey: crypto.KeyObject;
  beforeAll(() => {
    controller = makeControllerKeys();
    publicKey = crypto.createPublicKey(controller.privateKey);
  });

  it('lays out uint16 RSA length || RSA ciphertext || AES-GCM ciphertext || tag', () => {
    const plaintext = Buffer.from('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'utf8');
    const sealed = hybridEncrypt(publicKey, plaintext, Buffer.from('kube-system/pxkeys'));
    expect(sealed.readUInt16BE(0)).toBe(256); // a 2048-bit modulus
    expect(sealed.length).toBe(2 + 256 + plaintext.length + 16);
  });

  it.each(SEALING_SCOPES)('opens with node crypto and with node-forge under the %s label', (scope) => {
    const label = encryptionLabel(scope, 'tenant-a-ns', 'px-k8s-user');
    const plaintext = Buffer.from('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.payload.signature', 'utf8');
    const sealed = hybridEncrypt(publicKey, plaintext, label).toString('base64');
    expect(openWithNodeCrypto(controller.privateKey, sealed, label)).toEqual(plaintext);
    expect(openWithForge(controller.privateKeyPem, sealed, label)).toEqual(plaintext);
  });

  it('carries binary and empty plaintexts unchanged', () => {
    const binary = Buffer.from([0, 255, 1, 254, 0, 0, 128]);
    for (const plaintext of [binary, Buffer.alloc(0)]) {
      const sealed = hybridEncrypt(publicKey, plaintext, Buffer.alloc(0)).toString('base64');
      expect(openWithNodeCrypto(controller.privateKey, sealed, Buffer.alloc(0))).toEqual(plaintext);
      expect(openWithForge(controller.privateKeyPem, sealed, Buffer.alloc(0))).toEqual(plaintext);
    }
  });

  it('does not open under another scope label', () => {
    const strict = encryptionLabel('strict', 'kube-system', 'pxkeys');
    const sealed = hybridEncrypt(publicKey, Buffer.from('value'), strict).toString('base64');
    for (const wrong of [
      encryptionLabel('namespace-wide', 'kube-system', 'pxkeys'),
      encryptionLabel('cluster-wide', 'kube-system', 'pxkeys'),
      encryptionLabel('strict', 'kube-system', 'other'),
    ]) {
      expect(() => openWithNodeCrypto(controller.privateKey, sealed, wrong)).toThrow();
      expect(() => openWithForge(controller.privateKeyPem, sealed, wrong)).toThrow();
    }
  });

  it('does not open with another controller key', () => {
    const other = makeControllerKeys();
    const label = Buffer.from('kube-system/pxkeys');
    const sealed = hybridEncrypt(publicKey, Buffer.from('value'), label).toString('base64');
    expect(() => openWithNodeCrypto(other.privateKey, sealed, label)).toThrow();
  });

  it('is randomized: a fresh session key every call', () => {
    const label = Buffer.from('kube-system/pxkeys');
    const first = hybridEncrypt(publicKey, Buffer.from('value'), label);
    const second = hybridEncrypt(publicKey, Buffer.from('value'), label);
    expect(first.equals(second)).toBe(false);
  });
});

describe('encryptionLabel (Sealed Secrets EncryptionLabel)', () => {
  it('is namespace/name, namespace or empty by scope', () => {
    expect(encryptionLabel('strict', 'kube-system', 'pxkeys').toString()).toBe('kube-system/pxkeys');
    expect(encryptionLabel('namespace-wide', 'kube-system', 'pxkeys').toString()).toBe('kube-system');
    expect(encryptionLabel('cluster-wide', 'kube-system', 'pxkeys').length).toBe(0);
  });
});
