/**
 * Secret delivery as a SealedSecret or an ExternalSecret, loaded when a Secret is delivered so, not with the
 * package.
 *
 * Kept off the startup path: `require('px-security-constructs/cdk8s')` loads neither
 * `lib/core/sealing/sealed-secret` (with its RSA-OAEP and certificate code) nor `lib/core/sealing/external-secret`
 * (the load list in test/package/package.slow.test.ts; the cdk8s figure of bench/load-time.ts, the front door
 * within 1.15x of `require('cdk8s')`). Every lazy load of the sealing modules is here.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this module is where the lazy loads live */

/** Sealing a Secret as kubeseal does (`../sealing/sealed-secret`). */
export function loadSealedSecret(): typeof import('../sealing/sealed-secret') {
  return require('../sealing/sealed-secret') as typeof import('../sealing/sealed-secret');
}

/** The ExternalSecret that stands for a Secret (`../sealing/external-secret`). */
export function loadExternalSecret(): typeof import('../sealing/external-secret') {
  return require('../sealing/external-secret') as typeof import('../sealing/external-secret');
}
