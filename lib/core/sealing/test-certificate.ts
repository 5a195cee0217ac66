/**
 * Sealing with the repository's test certificate (`examples/cdk8s/sealing/test-controller-cert.pem`), whose
 * private key is published for the tests: anyone can open what it seals. Not refused (the example shows sealed
 * delivery with it), but a warning wherever it is used outside a test: `pxsec seal`, and the synth of a cluster
 * whose delivery (e.g. `sealedDeliveryFromFile`) names it.
 */
import { PxSecurityError } from '../errors/errors';
import { isPublishedTestCertificate } from '../keys/published-test-values';
import { readSealingCertificate } from './certificate';

/** The `SEAL_CERT_TEST_ONLY` warning for the certificate given as `field`. */
export function testCertificateError(field: string): PxSecurityError {
  return new PxSecurityError({
    code: 'SEAL_CERT_TEST_ONLY',
    field,
    problem: 'is the test sealing certificate of px-security-constructs, whose private key is published: anyone can open what it seals',
    fix: "seal with your controller's own certificate: kubeseal --fetch-cert > cert.pem",
  });
}

/** The warning line of `pxsec seal`: `pxsec: warning: SEAL_CERT_TEST_ONLY: ...`. */
export function testCertificateWarning(field: string): string {
  return `pxsec: warning: SEAL_CERT_TEST_ONLY: ${testCertificateError(field).message}\n`;
}

/** Whether `certificatePem` is the published test certificate (`false` for one that cannot be read: sealing reports that). */
export function isTestCertificatePem(certificatePem: string): boolean {
  try {
    return isPublishedTestCertificate(readSealingCertificate(certificatePem, { now: 0 }).fingerprint);
  } catch {
    return false;
  }
}
