/**
 * Test mode: what `px-security-constructs/testing` marks (a cdk8s App from `PxTesting.app()`, the mocks of
 * `PxTesting.pulumiMocks()`) so that the constructs under it default to the published test keys and a pinned
 * clock, accept those keys, and leave `.pxsec/` alone.
 *
 * The mark is a property under a registered symbol (`Symbol.for`), not a module-private set: a project that
 * loads two copies of this package (a jest project resolving one copy for the tests and another for the code
 * under test) sees one mark, so test mode never switches off silently and writes a real keystore. It is not a
 * plain string either (a construct context or `--context` value any configuration could set): code must set
 * it on purpose. And it holds the keys it switches to, checked against the published test keys' digests: a
 * mark with other keys (another version of the package, or a hand-made mark) fails loudly
 * (`TESTING_MARK_INVALID`) instead of turning test mode on or off.
 *
 * Framework-free: the testing entry sets the mark, the cdk8s and Pulumi front doors read it; production code
 * never imports `lib/testing`.
 */
import { PxSecurityError } from '../errors/errors';
import type { PxKeys } from './keys';
import { KEY_ORDER } from './keys';
import { isPublishedTestKey } from './published-test-values';
import type { Clock } from '../token/rotation';

/** The registered symbol of the mark: the same in every loaded copy of this package. */
export const TEST_MODE_MARK: unique symbol = Symbol.for('px-security-constructs/testing/test-mode');

/** What a test-mode mark holds: the keys and clock the constructs under it default to. */
export interface TestModeDefaults {
  /** The published test keys (`TEST_KEYS`). */
  readonly keys: PxKeys;
  /** The pinned clock (`TEST_CLOCK`). */
  readonly clock: Clock;
}

/** Marks `target` (an App, a mocks object) as made by `px-security-constructs/testing`. Read-only once set. */
export function markTestMode(target: object, defaults: TestModeDefaults): void {
  // Enumerable, so that a copy of a mocks object ({ ...mocks, newResource }) keeps it; never writable.
  Object.defineProperty(target, TEST_MODE_MARK, {
    value: Object.freeze({ keys: defaults.keys, clock: defaults.clock }),
    enumerable: true,
    writable: false,
    configurable: false,
  });
}

/**
 * The test-mode defaults `target` is marked with, or `undefined` when it is not marked.
 *
 * @param field what was marked, for messages (a construct path, `pulumi mocks`)
 * @throws PxSecurityError `TESTING_MARK_INVALID` when the mark does not hold the published test keys and a clock
 */
export function testModeOf(target: object, field: string): TestModeDefaults | undefined {
  if (!Object.prototype.hasOwnProperty.call(target, TEST_MODE_MARK)) return undefined;
  const mark: unknown = (target as { [TEST_MODE_MARK]?: unknown })[TEST_MODE_MARK];
  const keys: unknown = typeof mark === 'object' && mark !== null ? (mark as { keys?: unknown }).keys : undefined;
  const clock: unknown = typeof mark === 'object' && mark !== null ? (mark as { clock?: unknown }).clock : undefined;
  const testKeys =
    typeof keys === 'object' &&
    keys !== null &&
    KEY_ORDER.every((key) => typeof (keys as Record<string, unknown>)[key] === 'string' && isPublishedTestKey((keys as Record<string, string>)[key] ?? ''));
  if (!testKeys || typeof clock !== 'function') {
    throw new PxSecurityError({
      code: 'TESTING_MARK_INVALID',
      field,
      problem:
        "is marked as made by px-security-constructs/testing, but the mark does not hold this package's test keys and clock (another version of the package marked it, or code other than PxTesting did)",
      fix: 'install one version of px-security-constructs (npm ls px-security-constructs shows every copy), and make test apps and mocks only with PxTesting.app(), PxTesting.chart() and PxTesting.pulumiMocks()',
    });
  }
  return mark as TestModeDefaults;
}
