import * as crypto from 'node:crypto';
import { readSealingCertificate } from '../../../lib/core/sealing/certificate';
import { ControllerKeys, makeControllerKeys, selfSignedCertificate } from './controller-keys';
import { caughtPxSecurityError } from '../../support/caught';

/** 2024-06-01T00:00:00Z, inside the default validity of the test certificates. */
const NOW = 1717200000;

describe('readSealingCertificate', () => {
  let controller: ControllerKeys;
  beforeAll(() => {
    controller = makeControllerKeys();
  });

  it('reads the public key, its size, the fingerprint and the validity', () => {
    const certificate = readSealingCertificate(controller.certificatePem, { now: NOW });
    const der = new crypto.X509Certificate(controller.certificatePem).raw;
    expect(certificate.keyBits).toBe(2048);
    expect(certificate.fingerprint).toBe(crypto.createHash('sha256').update(der).digest('hex'));
    expect(certificate.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
      crypto.createPublicKey(controller.privateKey).export({ type: 'spki', format: 'der' }),
    );
    expect(certificate.subject).toBe('O=sealed-secret\nCN=sealed-secret');
    expect(certificate.notBefore.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(certificate.notAfter.toISOString()).toBe('2120-01-01T00:00:00.000Z');
  });

  it('uses the first certificate of a bundle, as kubeseal does', () => {
    const other = makeControllerKeys();
    const bundle = `${controller.certificatePem}${other.certificatePem}`;
    expect(readSealingCertificate(bundle, { now: NOW }).fingerprint).toBe(readSealingCertificate(controller.certificatePem, { now: NOW }).fingerprint);
  });

  it('rejects text without a certificate', () => {
    const error = caughtPxSecurityError(() => readSealingCertificate('hello', { now: NOW }));
    expect(error.code).toBe('SEAL_CERT_INVALID');
    expect(error.message).toBe(
      'certificatePem holds no PEM certificate (-----BEGIN CERTIFICATE-----): pass the controller\'s certificate as printed by "kubeseal --fetch-cert"',
    );
  });

  it('rejects a private key without showing it', () => {
    const error = caughtPxSecurityError(() => readSealingCertificate(controller.privateKeyPem, { now: NOW, field: '--cert key.pem' }));
    expect(error.code).toBe('SEAL_CERT_INVALID');
    expect(error.message).toBe(
      '--cert key.pem holds a private key, not a certificate: pass the controller\'s certificate as printed by "kubeseal --fetch-cert"',
    );
    const body = controller.privateKeyPem.split('\n')[1];
    expect(error.message).not.toContain(body);
  });

  it('rejects a damaged certificate', () => {
    const damaged = controller.certificatePem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    const error = caughtPxSecurityError(() => readSealingCertificate(damaged, { now: NOW }));
    expect(error.code).toBe('SEAL_CERT_INVALID');
    expect(error.message).toBe(
      'certificatePem holds a PEM certificate that cannot be parsed: pass the controller\'s certificate as printed by "kubeseal --fetch-cert"',
    );
  });

  it('rejects an RSA key under 2048 bits', () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const small = selfSignedCertificate(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const error = caughtPxSecurityError(() => readSealingCertificate(small, { now: NOW }));
    expect(error.code).toBe('SEAL_CERT_KEY_TOO_SMALL');
    expect(error.message).toBe(
      'certificatePem "1024-bit RSA key" is too small to seal with (at least 2048 bits): use a controller key of 2048 bits or more (the controller makes 4096-bit keys)',
    );
  });

  it('rejects an expired certificate, by the given clock', () => {
    const expired = selfSignedCertificate(controller.privateKeyPem, {
      notBefore: new Date('2010-01-01T00:00:00Z'),
      notAfter: new Date('2020-01-01T00:00:00Z'),
    });
    expect(readSealingCertificate(expired, { now: Date.parse('2019-12-31T23:59:59Z') / 1000 }).keyBits).toBe(2048);
    const error = caughtPxSecurityError(() => readSealingCertificate(expired, { now: NOW }));
    expect(error.code).toBe('SEAL_CERT_EXPIRED');
    expect(error.message).toBe(
      'certificatePem "valid until Jan  1 00:00:00 2020 GMT" has expired (kubeseal refuses to seal with it too): fetch the controller\'s current certificate with "kubeseal --fetch-cert"',
    );
  });
});
