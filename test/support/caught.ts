import { PxSecurityError } from '../../lib/core/errors/errors';

/** Runs `run`, expecting it to throw a PxSecurityError, and returns that error (any other outcome fails). */
export function caughtPxSecurityError(run: () => unknown): PxSecurityError {
  try {
    run();
  } catch (error) {
    if (error instanceof PxSecurityError) return error;
    throw error;
  }
  throw new Error('expected a PxSecurityError, but nothing was thrown');
}
