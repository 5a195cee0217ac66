/**
 * The cdk8s apps `PxTesting.app()` made, marked so that only those switch a `PxSecureCluster` to the public
 * `TEST_KEYS` (and `TEST_CLOCK`, and no `.pxsec/`). The mark is this module's own `WeakSet`, not a construct
 * context string, which any code (or a `cdk8s.json`, or `--context`) could set. Internal: shared by
 * `px-security-constructs/testing` and the cdk8s cluster only.
 */

const TESTING_APPS = new WeakSet<object>();

/** Marks `app` as made by `PxTesting.app()`. @internal */
export function markTestingApp(app: object): void {
  TESTING_APPS.add(app);
}

/** Whether `app` (a construct tree's root) was made by `PxTesting.app()`. @internal */
export function isTestingApp(app: object): boolean {
  return TESTING_APPS.has(app);
}
