/**
 * When a Pulumi program has declared a cluster's tenants, token Secrets and classes: at its end, which Node.js
 * signals with `beforeExit` (the event loop is empty, so the program can declare nothing more; the Pulumi SDK's
 * language host takes the same event as the end of a program), or earlier when the program asks for the outcome
 * (`cluster.validated()`). Whatever the program awaits before, everything declared by then is checked together.
 * What is declared after that (a ConfigFile's objects, decoded later; a tenant inside an `apply`) is checked, with
 * everything before it, as soon as the code that declared it has run (a microtask).
 */

/** One check to come and the resources waiting for it. */
interface Round {
  readonly passed: Promise<void>;
  readonly resolve: () => void;
  readonly onEnd: () => void;
}

/**
 * Holds back a cluster's resources until the check of everything declared before the program's end has passed;
 * a failed check leaves them unregistered.
 */
export class ModelCheck {
  private round: Round | undefined;
  private ended = false;

  constructor(
    /** Throws when the model is wrong. */
    private readonly check: () => void,
    /** Called after each check: with `undefined` when it passed, else with what it threw. */
    private readonly onChecked: (error: unknown) => void,
    /** Called after a check the program's end ran (not one it asked for); may throw, to fail the program. */
    private readonly onEnded: () => void,
    /** Whether the program that declared the cluster is still the one running (tests run several in one process). */
    private readonly inProgram: () => boolean,
  ) {}

  /** Records that something was declared; the promise resolves when the check that covers it has passed. */
  public declared(): Promise<void> {
    this.round ??= this.open();
    return this.round.passed;
  }

  /** Ends the declarations: checks now everything declared so far (if anything was since the last check). */
  public end(): void {
    this.ended = true;
    const round = this.round;
    if (round === undefined) return;
    this.round = undefined;
    process.off('beforeExit', round.onEnd);
    try {
      this.check();
    } catch (error) {
      this.onChecked(error);
      return;
    }
    this.onChecked(undefined);
    round.resolve();
  }

  private open(): Round {
    let resolve: Round['resolve'] = () => undefined;
    const passed = new Promise<void>((onPassed) => {
      resolve = onPassed;
    });
    const round: Round = {
      passed,
      resolve,
      onEnd: () => {
        if (this.round !== round || !this.inProgram()) return;
        this.end();
        this.onEnded();
      },
    };
    if (this.ended) queueMicrotask(round.onEnd);
    else process.once('beforeExit', round.onEnd);
    return round;
  }
}
