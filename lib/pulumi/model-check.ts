/**
 * When a Pulumi program has finished declaring a cluster's tenants, token Secrets and StorageClasses, and
 * the check of them together that every resource of the cluster waits for.
 */

/** One scheduled check and the resources waiting for it. */
interface PendingCheck {
  timer?: NodeJS.Immediate;
  readonly passed: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs a cluster's cross-object check once the program has declared everything, and holds back the
 * cluster's resources until it has passed.
 *
 * A Pulumi program declares its resources synchronously (a Node.js program runs to its end before any
 * promise or I/O callback), but there is no Pulumi event for "the program has declared everything". So each
 * declaration (re)schedules the check with `setImmediate`, Node's documented "after the current pass and its
 * microtasks" callback: it runs once the program's synchronous pass, including `await`s of already-settled
 * promises, is over. Every resource of the cluster gets a promise that follows the check as its `dependsOn`
 * (which takes any `Input`): Pulumi awaits it before registering the resource, so when the check throws,
 * `pulumi preview` and `pulumi up` fail (the error is reported once, on the cluster) and none of the
 * held-back resources is registered.
 *
 * Declare a cluster's tenants and StorageClasses in the same synchronous stretch as the cluster (not after an
 * `await` of real I/O, not inside an `apply`): what is declared after the check has run gets a check of its own
 * but was missing from the earlier one.
 */
export class ModelCheck {
  private pending?: PendingCheck;

  constructor(
    /** Throws when the model is wrong. */
    private readonly check: () => void,
  ) {}

  /**
   * Records that something was declared; the promise settles when the check that follows the latest
   * declaration has passed, and rejects with the check's error if it fails.
   */
  public declared(): Promise<void> {
    const pending = this.pending ?? this.schedule();
    if (pending.timer !== undefined) clearImmediate(pending.timer);
    pending.timer = setImmediate(() => this.run(pending));
    return pending.passed;
  }

  private schedule(): PendingCheck {
    let resolve: PendingCheck['resolve'] = () => undefined;
    let reject: PendingCheck['reject'] = () => undefined;
    const passed = new Promise<void>((onPassed, onFailed) => {
      resolve = onPassed;
      reject = onFailed;
    });
    this.pending = { passed, resolve, reject };
    return this.pending;
  }

  private run(pending: PendingCheck): void {
    this.pending = undefined;
    try {
      this.check();
      pending.resolve();
    } catch (error) {
      pending.reject(error);
    }
  }
}
