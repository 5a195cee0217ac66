/**
 * How a Pulumi program learns that a cluster is wrong: once, with one {@link PxValidationError} naming every problem.
 * A program that asks (`cluster.validated()`, as a test does) gets it as that promise's rejection. Otherwise it is
 * thrown at the program's end (see `ModelCheck`), where the Pulumi language host reports it on the cluster and
 * fails `pulumi preview`/`pulumi up`, as it does any error a program throws.
 */
import { PxValidationError } from './validation-error';

/** A promise and its settlers. */
interface Outcome {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: PxValidationError) => void;
}

export class ClusterVerdict {
  private outcome: Outcome | undefined;
  private settled = false;
  private modelPassed = false;
  private keysPassed = false;
  /** The failures the program has not been told of yet, in order. */
  private untoldFailures: PxValidationError[] = [];

  /** @param untold called when a check other than the cross-object one fails and nobody has asked: an end must come */
  constructor(private readonly untold: () => void) {}

  /**
   * The outcome, for a program that asks: resolves when the cross-object check and the keys check have passed,
   * rejects with the first failure. Settles once; a failure after it is thrown at the program's end.
   */
  public requested(): Promise<void> {
    this.outcome ??= outcome();
    this.settle();
    return this.outcome.promise;
  }

  /** The cross-object check has passed. */
  public passedModel(): void {
    this.modelPassed = true;
    this.settle();
  }

  /** The keys are known and valid. */
  public passedKeys(): void {
    this.keysPassed = true;
    this.settle();
  }

  /** The cross-object check failed (at an end of the program, which then throws it unless the program asked). */
  public failedModel(error: PxValidationError): void {
    this.untoldFailures.push(error);
    this.settle();
  }

  /** Another check failed (the keys, an installed object): unless the program asked, it is thrown at the next end. */
  public failed(error: PxValidationError): void {
    this.failedModel(error);
    if (this.untoldFailures.length > 0) this.untold();
  }

  /**
   * At the program's end: throws what failed since the program was last told, once (several failures as one
   * error listing every problem).
   * @throws PxValidationError
   */
  public throwUntold(): void {
    const failure = this.takeUntold();
    if (failure !== undefined) throw failure;
  }

  private settle(): void {
    if (this.outcome === undefined || this.settled) return;
    const failure = this.takeUntold();
    if (failure !== undefined) {
      this.settled = true;
      this.outcome.reject(failure);
    } else if (this.modelPassed && this.keysPassed) {
      this.settled = true;
      this.outcome.resolve();
    }
  }

  /** The untold failures as one error (one with an internal cause, no PxSecurityError, stands alone), now told. */
  private takeUntold(): PxValidationError | undefined {
    const [first, ...more] = this.untoldFailures;
    this.untoldFailures = [];
    if (first === undefined || more.length === 0 || first.resource === undefined) return first;
    const withCause = [first, ...more].find((error) => error.errors.length === 0);
    if (withCause !== undefined) return withCause;
    return new PxValidationError(
      [first, ...more].flatMap((error) => error.errors),
      first.resource,
    );
  }
}

function outcome(): Outcome {
  let resolve: Outcome['resolve'] = () => undefined;
  let reject: Outcome['reject'] = () => undefined;
  const promise = new Promise<void>((onResolved, onRejected) => {
    resolve = onResolved;
    reject = onRejected;
  });
  return { promise, resolve, reject };
}
