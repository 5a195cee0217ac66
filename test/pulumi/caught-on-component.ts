import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError } from '../../lib/core/errors/errors';
import { PxValidationError } from '../../lib/pulumi';

/**
 * Runs `run`, expecting a Pulumi component (its constructor or a method) to throw one problem of its arguments,
 * as Pulumi reports it: a `PxValidationError` (a `ResourceError` on a component, stack hidden) whose message is
 * `[CODE] message` of its one `PxSecurityError`. Returns that `PxSecurityError`; any other outcome fails.
 */
export function caughtOnComponent(run: () => unknown): PxSecurityError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof PxValidationError)) throw error;
    const [problem, ...more] = error.errors;
    if (problem === undefined || more.length > 0) throw new Error(`expected one problem, got ${error.errors.length}`, { cause: error });
    expect(error.resource).toBeInstanceOf(pulumi.ComponentResource);
    expect(error.hideStack).toBe(true);
    expect(error.message).toBe(`[${problem.code}] ${problem.message}`);
    return problem;
  }
  throw new Error('expected a PxValidationError, but nothing was thrown');
}
