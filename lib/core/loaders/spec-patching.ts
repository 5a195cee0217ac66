/**
 * Spec reading and patching (`lib/core/spec/`), loaded when a spec is given, not with the constructs.
 *
 * Kept off the startup path: `require('px-security-constructs/cdk8s')` loads nothing of `lib/core/spec/`
 * (the load list in test/package/package.slow.test.ts; the cdk8s figure of bench/load-time.ts, the front door
 * within 1.15x of `require('cdk8s')`); clusters installed by other means never need it. Every lazy load of the
 * spec modules is here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this module is where the lazy loads live */

/** Finding the Portworx DaemonSet or StorageCluster in a spec (`../spec/targets`). */
export function loadSpecTargets(): typeof import('../spec/targets') {
  return require('../spec/targets') as typeof import('../spec/targets');
}

/** Reading and writing container flags (`../spec/container-args`). */
export function loadSpecContainerArgs(): typeof import('../spec/container-args') {
  return require('../spec/container-args') as typeof import('../spec/container-args');
}

/** Securing a spec's objects (`../spec/secure-objects`). */
export function loadSecureSpecObjects(): typeof import('../spec/secure-objects') {
  return require('../spec/secure-objects') as typeof import('../spec/secure-objects');
}

/** The keys digest on pod templates that read the keys (`../spec/keys-rollout`). */
export function loadKeysRollout(): typeof import('../spec/keys-rollout') {
  return require('../spec/keys-rollout') as typeof import('../spec/keys-rollout');
}
