/**
 * Keys for the tests of this repository that need a plain cdk8s `App` (not `PxTesting.app()`): the file-backed
 * sealing cache, `pxsec check` of a clean output. The package's own `TEST_KEYS` are refused there
 * (`KEYS_TEST_ONLY`), as they must be; these are fixed (the same output on every run) but not published in
 * the package, so the key policy knows nothing of them. Never use them for a cluster either.
 */
import type { PxKeys } from '../../lib';

export const SUITE_KEYS: PxKeys = Object.freeze({
  system: 'suite-only-system-key-of-px-security-constructs-repository-tests',
  stork: 'suite-only-stork-key-of-px-security-constructs-repository-tests2',
  shared: 'suite-only-shared-key-of-px-security-constructs-repository-tests',
});
