/**
 * The fixed values of `px-security-constructs/testing`: keys and an instant that never change, so a test gives
 * the same output on every machine and in every year. Framework-free: the cdk8s and Pulumi front doors read
 * them too.
 */
import type { PxKeys } from '../core/keys/keys';
import type { Clock } from '../core/token/rotation';

/**
 * Keys for tests only, never for a cluster: each says so in plain words, is 64 characters long (the length
 * `pxsec keys generate` makes), differs from the other two and passes `validateKeys`. They are public (they
 * are in this package's source), so a token they sign proves nothing, and a secret scanner or a reviewer who
 * meets one in a manifest knows at once what it is.
 */
export const TEST_KEYS: PxKeys = Object.freeze({
  system: 'TEST-ONLY-system-key-px-security-constructs-never-in-a-cluster-1',
  stork: 'TEST-ONLY-stork-key-px-security-constructs-never-in-a-cluster-02',
  shared: 'TEST-ONLY-shared-key-px-security-constructs-never-in-a-cluster-3',
});

/** The pinned instant of {@link TEST_CLOCK}: 2026-01-15T00:00:00Z, in epoch milliseconds. */
export const TEST_NOW_MS = Date.UTC(2026, 0, 15);

/**
 * A pinned clock, in the form of the constructs' `clock` prop (epoch milliseconds, like `Date.now`): it always
 * returns {@link TEST_NOW_MS}, so tokens get the same `iat`/`exp` (and bytes) in every run, whatever today is.
 */
export const TEST_CLOCK: Clock = () => TEST_NOW_MS;
