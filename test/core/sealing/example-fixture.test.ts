import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encryptionLabel, sealSecret } from '../../../lib/core/sealing/sealed-secret';
import { readSealingCertificate } from '../../../lib/core/sealing/certificate';
import { tokenSecret } from '../../../lib/core/cluster/secrets';
import { validateKubernetesObject } from '../../support/kube-schema';
import { openWithForge, openWithNodeCrypto } from './controller-keys';
import { defined } from '../../support/defined';

const FIXTURES = path.join(__dirname, '../../fixtures/sealing');
/** 2024-06-01T00:00:00Z is before the fixture's validity: only notAfter matters, as with kubeseal. */
const NOW = 1717200000;

describe('test/fixtures/sealing: the test-only controller key pair for the example', () => {
  const certificatePem = fs.readFileSync(path.join(FIXTURES, 'example-sealing-cert.pem'), 'utf8');
  const privateKeyPem = fs.readFileSync(path.join(FIXTURES, 'example-sealing-key.pem'), 'utf8');

  it('is plainly labelled test-only', () => {
    expect(fs.readFileSync(path.join(FIXTURES, 'README.txt'), 'utf8')).toMatch(/^TEST-ONLY SEALING KEY PAIR\. NEVER USE IT FOR A REAL CLUSTER\./);
  });

  it('is a 4096-bit certificate valid until 2125 whose key is the fixture key', () => {
    const certificate = readSealingCertificate(certificatePem, { now: NOW });
    expect(certificate.keyBits).toBe(4096);
    expect(certificate.notAfter.toISOString()).toBe('2125-01-01T00:00:00.000Z');
    const fromKey = crypto.createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' })).toEqual(fromKey);
  });

  it('seals a token Secret that the fixture key opens', () => {
    const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln';
    const sealed = sealSecret(tokenSecret(token, { name: 'px-k8s-user', namespace: 'portworx' }), { certificatePem, now: NOW });
    const label = encryptionLabel('strict', 'portworx', 'px-k8s-user');
    const ciphertext = defined(sealed.spec.encryptedData['auth-token'], 'auth-token ciphertext');
    expect(openWithNodeCrypto(crypto.createPrivateKey(privateKeyPem), ciphertext, label).toString()).toBe(token);
    expect(openWithForge(privateKeyPem, ciphertext, label).toString()).toBe(token);
    validateKubernetesObject(sealed);
  });
});
