/**
 * How a Pulumi program fails when the PX-Security model is wrong.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError, isPxSecurityError, safeCause } from '../core/errors';

/**
 * The cluster's objects do not fit together (two tenants with one `sub`, a StorageClass reading a token nobody
 * makes, ...) or its keys are unusable. A `pulumi.ResourceError` on the cluster, stack hidden, so `pulumi preview`
 * and `pulumi up` print one line per problem, `[CODE] message`, as cdk8s prints them at synth.
 */
export class PxValidationError extends pulumi.ResourceError {
  /** Every problem found, in the model's stable order; each with the same code and message as in cdk8s. */
  public readonly errors: readonly PxSecurityError[];

  /**
   * @param cause an error that is not a `PxSecurityError` (a bug, not a model problem), shown by its name and code
   *   only: its message may quote a value, a key among them
   */
  constructor(errors: readonly PxSecurityError[], resource: pulumi.Resource, cause?: unknown) {
    super(
      [...errors.map((error) => `[${error.code}] ${error.message}`), ...(cause === undefined ? [] : [describedCause(cause)])].join('\n'),
      resource,
      cause === undefined,
    );
    this.name = 'PxValidationError';
    this.errors = errors;
  }
}

/** An unexpected error by its name and code (as `safeCause` keeps it), never its message. */
function describedCause(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : typeof cause;
  const code = safeCause(cause)?.code;
  return `internal error: ${name}${code === undefined ? '' : ` ${code}`} (its message is not shown, as it may hold a key or token)`;
}

/** Runs `check`; a `PxSecurityError` it throws becomes a `PxValidationError` on `resource`. */
export function reportedOn<T>(resource: pulumi.Resource, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isPxSecurityError(error)) throw new PxValidationError([error], resource);
    throw error;
  }
}
