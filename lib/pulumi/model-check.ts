/**
 * When a Pulumi program has finished declaring a cluster's tenants, token Secrets and StorageClasses, and
 * the check of them together that every resource of the cluster waits for.
 */

/** One scheduled check and the resources waiting for it. */
interface PendingCheck {
  timer?: NodeJS.Immediate;
  readonly passed: Promise<void>;
  readonly resolve: () => void;
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
 * (which takes any `Input`): Pulumi awaits it before registering the resource. When the check throws, that
 * promise never settles (none of the held-back resources is registered, and none rejects) and the error goes
 * to `onFailure` once, which fails the program through the cluster's verdict (see `ClusterVerdict`).
 *
 * Declare a cluster's tenants and StorageClasses in the same synchronous stretch as the cluster (not after an
 * `await` of real I/O, not inside an `apply`): what is declared after the check has run gets a check of its own
 * but was missing from the earlier one.
 */
export class ModelCheck {
  private pending: PendingCheck | undefined;

  constructor(
    /** Throws when the model is wrong. */
    private readonly check: () => void,
    /** Called after each check: with `undefined` when it passed, else with what it threw. */
    private readonly onChecked: (error: unknown) => void,
  ) {}

  /**
   * Records that something was declared; the promise resolves when the check that follows the latest
   * declaration has passed, and never settles when it fails.
   */
  public declared(): Promise<void> {
    const pending = this.pending ?? this.schedule();
    if (pending.timer !== undefined) clearImmediate(pending.timer);
    pending.timer = setImmediate(() => this.run(pending));
    return pending.passed;
  }

  private schedule(): PendingCheck {
    let resolve: PendingCheck['resolve'] = () => undefined;
    const passed = new Promise<void>((onPassed) => {
      resolve = onPassed;
    });
    this.pending = { passed, resolve };
    return this.pending;
  }

  private run(pending: PendingCheck): void {
    this.pending = undefined;
    try {
      this.check();
    } catch (error) {
      this.onChecked(error);
      return;
    }
    this.onChecked(undefined);
    pending.resolve();
  }
}
