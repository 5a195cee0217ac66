/**
 * Optional peer packages of the Pulumi entry point, loaded when first needed: a program that never needs one
 * runs without it, and one that does is told which package to install instead of Node's bare
 * `Cannot find module`.
 */
import { PxSecurityError } from '../core/errors/errors';

/** What needs a peer package, for the message when it is missing. */
export interface PeerUse {
  /** The field (construct path or resource name) whose value needs it, e.g. `portworx.keys`. */
  readonly field: string;
  /** Why it is needed, e.g. `the keys are generated as RandomPasswords when none are given`. */
  readonly neededFor: string;
  /** What the program may do instead of installing it, e.g. `pass keys: { system, stork, shared }`. */
  readonly instead: string;
}

/**
 * The module `packageName`, loaded now by `load` (a loader module's `require` of it, e.g. `./loaders/random`).
 * @throws PxSecurityError `PEER_DEPENDENCY_MISSING` naming the package and `npm install <package>` when it is not installed
 */
export function requirePeer<T>(packageName: string, use: PeerUse, load: () => T): T {
  try {
    return load();
  } catch (error) {
    // The package itself is missing (not a module it requires in turn): Node's message names it in quotes.
    const { code, message } = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
    const missing = code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${packageName}'`);
    if (!missing) throw error;
    throw new PxSecurityError({
      code: 'PEER_DEPENDENCY_MISSING',
      field: use.field,
      value: packageName,
      problem: `is not installed, and ${use.neededFor}`,
      fix: `install it beside px-security-constructs (npm install ${packageName}), or ${use.instead}`,
    });
  }
}
