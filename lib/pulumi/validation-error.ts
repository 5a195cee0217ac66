/**
 * How a Pulumi program fails when the PX-Security model is wrong.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError, isPxSecurityError, safeCause } from '../core/errors/errors';

/**
 * A PX-Security problem in a Pulumi program, as a `pulumi.ResourceError` on the component it concerns, stack
 * hidden, so `pulumi preview` and `pulumi up` print the component's URN and one line per problem,
 * `[CODE] message`, as cdk8s prints them. Thrown from two places:
 *
 * - a component's constructor (`PxSecureCluster`, `PxTenant`, `PxStorageClass`, `PxVolumeSnapshotClass`), or
 *   the cluster method called (`addTokenSecret`, `mintToken`, `transformation`), on that component, for what
 *   its own arguments show wrong (an invalid name, `usernameClaim` or class parameter, a missing cluster):
 *   `errors` holds that one problem;
 * - the cluster's cross-object check, on the cluster, at the program's end (Node's `beforeExit`) or from
 *   `cluster.validated()`, for objects that do not fit together (two tenants with one `sub`, a StorageClass
 *   reading a token nobody makes, ...) or unusable keys: `errors` holds every problem found.
 *
 * Either way `errors.map((e) => e.code)` gives the codes.
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

/**
 * What a component throws for `error`, met while it is declared: a `PxSecurityError` (a problem of the
 * component's arguments) becomes a `PxValidationError` on `resource`, with the same code and message; any other
 * error (a bug, or a `PxValidationError` already on its resource) is returned unchanged.
 */
export function reportedError(resource: pulumi.Resource, error: unknown): unknown {
  return isPxSecurityError(error) ? new PxValidationError([error], resource) : error;
}

/** Runs `declare`; a `PxSecurityError` it throws is thrown as a `PxValidationError` on `resource` (see {@link reportedError}). */
export function reportedOn<T>(resource: pulumi.Resource, declare: () => T): T {
  try {
    return declare();
  } catch (error) {
    throw reportedError(resource, error);
  }
}
