/**
 * `@pulumi/random`, an optional peer package, loaded when keys are generated.
 *
 * Kept off the startup path: `require('px-security-constructs/pulumi')` loads no `@pulumi/random` (the load list
 * in test/package/package.slow.test.ts), so a program that passes its own keys runs without it installed; one that
 * needs it is told `PEER_DEPENDENCY_MISSING` with the install command instead of Node's bare `Cannot find module`.
 * Every lazy load of `@pulumi/random` is here.
 */
import { PeerUse, requirePeer } from '../peer-package';

/**
 * The `@pulumi/random` package, loaded now.
 * @throws PxSecurityError `PEER_DEPENDENCY_MISSING` when it is not installed
 */
export function loadRandom(use: PeerUse): typeof import('@pulumi/random') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- this module is where the lazy load lives
  return requirePeer('@pulumi/random', use, () => require('@pulumi/random') as typeof import('@pulumi/random'));
}
