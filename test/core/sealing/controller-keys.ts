/**
 * Test support for sealing: a Sealed Secrets controller's key pair made in the test, and two openers of
 * sealed values written from the documented format (bitnami-labs/sealed-secrets `pkg/crypto`), independent
 * of the code under test: one with node's `crypto`, one with node-forge.
 *
 * Format: uint16 big-endian RSA ciphertext length || RSA-OAEP(SHA-256, label) of a 32-byte AES key ||
 * AES-256-GCM(zero 12-byte nonce) ciphertext || 16-byte tag.
 */
import * as crypto from 'node:crypto';
import forge from 'node-forge';

/** A controller's key pair as the controller keeps it: a self-signed certificate and the private key. */
export interface ControllerKeys {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly privateKey: crypto.KeyObject;
}

/** How to make the controller's keys. */
export interface ControllerKeysOptions {
  /** RSA modulus length. @default 2048 */
  readonly bits?: number;
  /** @default 2020-01-01 */
  readonly notBefore?: Date;
  /** @default 2120-01-01 */
  readonly notAfter?: Date;
}

/** A fresh RSA key pair (node crypto) and a self-signed X.509 certificate for it (node-forge). */
export function makeControllerKeys(options: ControllerKeysOptions = {}): ControllerKeys {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: options.bits ?? 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certificatePem: selfSignedCertificate(privateKeyPem, options), privateKeyPem, privateKey };
}

/** A self-signed certificate `O=sealed-secret, CN=sealed-secret` (the controller's own subject) for `privateKeyPem`. */
export function selfSignedCertificate(privateKeyPem: string, options: ControllerKeysOptions = {}): string {
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = '01';
  certificate.validity.notBefore = options.notBefore ?? new Date('2020-01-01T00:00:00Z');
  certificate.validity.notAfter = options.notAfter ?? new Date('2120-01-01T00:00:00Z');
  const subject = [
    { name: 'organizationName', value: 'sealed-secret' },
    { name: 'commonName', value: 'sealed-secret' },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  certificate.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}

/** Splits a sealed value into its RSA part and its AES-GCM part (ciphertext and tag). */
function split(sealedBase64: string): { rsa: Buffer; aes: Buffer; tag: Buffer } {
  const sealed = Buffer.from(sealedBase64, 'base64');
  const rsaLength = sealed.readUInt16BE(0);
  const rsa = sealed.subarray(2, 2 + rsaLength);
  const gcm = sealed.subarray(2 + rsaLength);
  return { rsa, aes: gcm.subarray(0, gcm.length - 16), tag: gcm.subarray(gcm.length - 16) };
}

/** Opens a sealed value with node's `crypto`; throws if the label or the key is wrong. */
export function openWithNodeCrypto(privateKey: crypto.KeyObject, sealedBase64: string, label: Buffer): Buffer {
  const { rsa, aes, tag } = split(sealedBase64);
  const sessionKey = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, rsa);
  if (sessionKey.length !== 32) throw new Error(`session key of ${sessionKey.length} bytes, not 32`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(aes), decipher.final()]);
}

/** Opens a sealed value with node-forge (RSA-OAEP SHA-256 with MGF1 SHA-256, AES-GCM); throws if it cannot. */
export function openWithForge(privateKeyPem: string, sealedBase64: string, label: Buffer): Buffer {
  const { rsa, aes, tag } = split(sealedBase64);
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const sessionKey = key.decrypt(rsa.toString('binary'), 'RSA-OAEP', {
    md: forge.md.sha256.create(),
    mgf1: { md: forge.md.sha256.create() },
    label: label.toString('binary'),
  });
  const decipher = forge.cipher.createDecipher('AES-GCM', forge.util.createBuffer(sessionKey));
  decipher.start({ iv: forge.util.createBuffer(Buffer.alloc(12).toString('binary')), tag: forge.util.createBuffer(tag.toString('binary')), tagLength: 128 });
  decipher.update(forge.util.createBuffer(aes.toString('binary')));
  if (!decipher.finish()) throw new Error('AES-GCM tag mismatch');
  return Buffer.from(decipher.output.getBytes(), 'binary');
}
