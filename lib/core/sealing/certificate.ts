/**
 * The Sealed Secrets controller's certificate: the public half of its sealing key.
 *
 * `kubeseal --fetch-cert` prints it as PEM. Like kubeseal (`pkg/kubeseal` ParseKey), the first certificate in
 * the PEM is used, its key must be RSA and it must not have expired. This library also requires at least
 * 2048 bits (the controller makes 4096-bit keys).
 */
import * as crypto from 'node:crypto';
import { PxSecurityError } from '../errors/errors';

/** Smallest RSA modulus accepted for sealing, in bits. */
export const MIN_SEALING_KEY_BITS = 2048;

/** A parsed, checked sealing certificate. */
export interface SealingCertificate {
  /** The controller's RSA public key. */
  readonly publicKey: crypto.KeyObject;
  /** RSA modulus length in bits. */
  readonly keyBits: number;
  /** SHA-256 of the certificate's DER bytes, lowercase hex: names this certificate in the sealing cache. */
  readonly fingerprint: string;
  /** The certificate's subject, e.g. `O=sealed-secret\nCN=sealed-secret`. */
  readonly subject: string;
  /** Start of validity. */
  readonly notBefore: Date;
  /** End of validity: after this instant sealing with this certificate is refused. */
  readonly notAfter: Date;
}

/** How to read a sealing certificate. */
export interface ReadSealingCertificateOptions {
  /** The field or flag the PEM came from, for messages. @default 'certificatePem' */
  readonly field?: string;
  /** The current time in epoch seconds, for the expiry check. @default - the system clock */
  readonly now?: number;
}

const CERTIFICATE_PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;
const FETCH_CERT_FIX = 'pass the controller\'s certificate as printed by "kubeseal --fetch-cert"';

/**
 * Parses and checks the controller's PEM certificate.
 *
 * Errors (never showing the PEM, in case a private key was passed by mistake): `SEAL_CERT_INVALID` (no
 * readable certificate), `SEAL_CERT_NOT_RSA`, `SEAL_CERT_KEY_TOO_SMALL`, `SEAL_CERT_EXPIRED`.
 */
export function readSealingCertificate(certificatePem: string, options: ReadSealingCertificateOptions = {}): SealingCertificate {
  const field = options.field ?? 'certificatePem';
  const block = CERTIFICATE_PEM.exec(certificatePem);
  if (!block) {
    const problem = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(certificatePem)
      ? 'holds a private key, not a certificate'
      : 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
    throw new PxSecurityError({ code: 'SEAL_CERT_INVALID', field, problem, fix: FETCH_CERT_FIX });
  }
  let certificate: crypto.X509Certificate;
  try {
    certificate = new crypto.X509Certificate(block[0]);
  } catch {
    throw new PxSecurityError({ code: 'SEAL_CERT_INVALID', field, problem: 'holds a PEM certificate that cannot be parsed', fix: FETCH_CERT_FIX });
  }

  const publicKey = certificate.publicKey;
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new PxSecurityError({
      code: 'SEAL_CERT_NOT_RSA',
      field,
      value: publicKey.asymmetricKeyType ?? 'unknown',
      problem: 'is not an RSA key; Sealed Secrets seals with RSA-OAEP',
      fix: FETCH_CERT_FIX,
    });
  }
  const keyBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (keyBits < MIN_SEALING_KEY_BITS) {
    throw new PxSecurityError({
      code: 'SEAL_CERT_KEY_TOO_SMALL',
      field,
      value: `${keyBits}-bit RSA key`,
      problem: `is too small to seal with (at least ${MIN_SEALING_KEY_BITS} bits)`,
      fix: `use a controller key of ${MIN_SEALING_KEY_BITS} bits or more (the controller makes 4096-bit keys)`,
    });
  }

  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  const now = options.now ?? Date.now() / 1000;
  if (Number.isNaN(notAfter.getTime()) || now * 1000 > notAfter.getTime()) {
    throw new PxSecurityError({
      code: 'SEAL_CERT_EXPIRED',
      field,
      value: `valid until ${certificate.validTo}`,
      problem: 'has expired (kubeseal refuses to seal with it too)',
      fix: 'fetch the controller\'s current certificate with "kubeseal --fetch-cert"',
    });
  }

  return {
    publicKey,
    keyBits,
    fingerprint: crypto.createHash('sha256').update(certificate.raw).digest('hex'),
    subject: certificate.subject,
    notBefore,
    notAfter,
  };
}
