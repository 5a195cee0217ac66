/**
 * cdk8s, loaded when a cdk8s test helper (`PxTesting.app()`, `PxTesting.chart()`) is called.
 *
 * Kept off the startup path: `require('px-security-constructs/testing')` loads no cdk8s, so a Pulumi user's tests
 * run without cdk8s installed (the load lists in test/package/package.slow.test.ts: only the `/cdk8s` and
 * `/pulumi` front doors load their frameworks). Every lazy load of cdk8s is here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this module is where the lazy load lives */

/** The `cdk8s` package. */
export function loadCdk8s(): typeof import('cdk8s') {
  return require('cdk8s') as typeof import('cdk8s');
}
