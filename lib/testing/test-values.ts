/**
 * The fixed values of `px-security-constructs/testing`: keys and an instant that never change, so a test gives
 * the same output on every machine and in every year. Framework-free: the cdk8s and Pulumi front doors read
 * them too.
 */
import type { PxKeys } from '../core/keys';
import type { Clock } from '../core/rotation';

/**
 * Keys for tests only, never for a cluster: each is the base64 of an ASCII sentence that says so
 * (`system-test-key-only-for-px-security-constructs-01`, ...), 64 characters, distinct, and accepted by
 * `validateKeys`. They are public (in this package's source): a token they sign proves nothing.
 */
export const TEST_KEYS: PxKeys = Object.freeze({
  system: 'c3lzdGVtLXRlc3Qta2V5LW9ubHktZm9yLXB4LXNlY3VyaXR5LWNvbnN0cnVjdHMtMDE',
  stork: 'c3RvcmstdGVzdC1rZXktb25seS1mb3ItcHgtc2VjdXJpdHktY29uc3RydWN0cy0wMDI',
  shared: 'c2hhcmVkLXRlc3Qta2V5LW9ubHktZm9yLXB4LXNlY3VyaXR5LWNvbnN0cnVjdHMtMDM',
});

/** The pinned instant of {@link TEST_CLOCK}: 2026-01-15T00:00:00Z, in epoch milliseconds. */
export const TEST_NOW_MS = Date.UTC(2026, 0, 15);

/**
 * A pinned clock, in the form of the constructs' `clock` prop (epoch milliseconds, like `Date.now`): it always
 * returns {@link TEST_NOW_MS}, so tokens get the same `iat`/`exp` (and bytes) in every run, whatever today is.
 */
export const TEST_CLOCK: Clock = () => TEST_NOW_MS;

/**
 * The construct context key `PxTesting.app()` sets. A `PxSecureCluster` under it defaults `keys` to
 * {@link TEST_KEYS} and `clock` to {@link TEST_CLOCK}, never opens the keystore (`.pxsec/`), and keeps
 * sealed ciphertexts in memory instead of `.pxsec/sealed-cache.json`.
 */
export const TESTING_CONTEXT_KEY = 'px-security-constructs:testing';
