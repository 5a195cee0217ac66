/**
 * How a Pulumi program learns that a cluster is wrong: exactly once, through one promise.
 *
 * The Pulumi runtime fails a program through unhandled promise rejections (its language host logs each
 * distinct error once). A resource whose registration fails rejects several promises (its URN, ID, outputs,
 * and the runtime's own copy), so a check that failed every held-back resource produced dozens of rejections,
 * and a jest test stopped at the first. Instead, a failed check leaves the resources that wait for it pending
 * (they are never registered, and never reject), and the cluster's verdict rejects once with the
 * `PxValidationError` naming every problem. When nothing handles the verdict (a real program), that one
 * rejection fails `pulumi preview`/`pulumi up` with the error on the cluster; a test handles it with
 * `await expect(cluster.validated()).rejects...` and sees no unhandled rejection at all.
 */
import { PxValidationError } from './validation-error';

export class ClusterVerdict {
  /** Settles once: resolves when the cross-object check and the keys check have passed, else rejects. */
  public readonly settled: Promise<void>;
  private resolveSettled: () => void = () => undefined;
  private rejectSettled: (error: PxValidationError) => void = () => undefined;
  private done = false;
  private modelPassed = false;
  private keysPassed = false;

  constructor() {
    this.settled = new Promise<void>((resolve, reject) => {
      this.resolveSettled = resolve;
      this.rejectSettled = reject;
    });
  }

  /** The cross-object check has passed. */
  public passedModel(): void {
    this.modelPassed = true;
    this.resolveWhenPassed();
  }

  /** The keys are known and valid. */
  public passedKeys(): void {
    this.keysPassed = true;
    this.resolveWhenPassed();
  }

  /**
   * A check failed: the verdict rejects with `error`. After the verdict has settled (a check of something
   * declared later, after an `await`), the failure is a rejection of its own, again exactly one.
   */
  public failed(error: PxValidationError): void {
    if (!this.done) {
      this.done = true;
      this.rejectSettled(error);
      return;
    }
    // Deliberately unhandled: this is how the Pulumi runtime learns that the program failed.
    void Promise.reject(error);
  }

  private resolveWhenPassed(): void {
    if (this.done || !this.modelPassed || !this.keysPassed) return;
    this.done = true;
    this.resolveSettled();
  }
}
