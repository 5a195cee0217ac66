/**
 * The secrets this package publishes for tests, known here by digest only: the three `TEST_KEYS` of
 * `px-security-constructs/testing` and the test sealing certificate of the repository
 * (`examples/cdk8s/sealing/test-controller-cert.pem`, whose private key is in `test/fixtures/sealing/`).
 * Anyone can sign tokens with those keys and open what that certificate seals, so the key policy refuses the
 * keys outside a test (`KEYS_TEST_ONLY`) and sealing with the certificate is a warning (`SEAL_CERT_TEST_ONLY`).
 *
 * Digests, not the values: production code never imports `lib/testing` (testing depends on production, never
 * the reverse), and a digest here cannot be copied into a manifest. `test/core/published-test-values.test.ts`
 * checks that they are the digests of the published values.
 */
import { createHash } from 'node:crypto';

/** SHA-256 (lowercase hex) of each `TEST_KEYS` value, as UTF-8: system, stork, shared. */
const TEST_KEY_DIGESTS: ReadonlySet<string> = new Set([
  '770ebaa876a976ee4101a8f9c9cfdad3f1ead8cd80b5acfea934f7438e13ccde',
  '76d2f0c2cb42b919fe680e761282caa2e164f6904749c3a1cf657bfb94b03533',
  '2489a01b175c5f230e41e511d091fc358e2f9d0cea6e1d640aab1047592393a3',
]);

/** SHA-256 (lowercase hex) of the DER bytes of the repository's test sealing certificate (its fingerprint). */
const TEST_SEALING_CERTIFICATE_FINGERPRINTS: ReadonlySet<string> = new Set(['5482f6b0dd35240c3926f7700bb72bb27cad8b9435e01e5aef239e5066ae28c1']);

/** Whether `value` is one of the published test keys (`TEST_KEYS`). */
export function isPublishedTestKey(value: string): boolean {
  return TEST_KEY_DIGESTS.has(createHash('sha256').update(value, 'utf8').digest('hex'));
}

/** Whether a sealing certificate's fingerprint (SHA-256 of its DER bytes, hex) is the published test certificate's. */
export function isPublishedTestCertificate(fingerprint: string): boolean {
  return TEST_SEALING_CERTIFICATE_FINGERPRINTS.has(fingerprint.toLowerCase());
}
