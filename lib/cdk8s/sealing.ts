import { Construct, IConstruct } from 'constructs';
import { SealCache } from '../core/sealing/seal-cache';
import { SealCacheFiles } from '../node/seal-cache-file';

/** The id of the one {@link PxSealing} under an App. */
const SEALING_ID = 'PxSealing';

/**
 * The sealing caches of one cdk8s App: one `FileSealCache` per cache file, shared by every `PxSecureCluster`
 * (and tenant) of the App that seals without its own `sealCache` prop, so none prunes another's entries.
 *
 * Each new ciphertext is appended to its cache file's journal when it is sealed, so two synths give the same bytes
 * even when nothing saves explicitly. Save after `app.synth()` to fold the journal into the file and drop the
 * entries this synth no longer used:
 *
 * ```ts
 * app.synth();
 * PxSealing.of(app).save();        // or: PxSealing.synth(app)
 * ```
 */
export class PxSealing extends Construct {
  /** The App's sealing caches (created under the App's root on first use). */
  public static of(scope: IConstruct): PxSealing {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(SEALING_ID);
    return existing instanceof PxSealing ? existing : new PxSealing(root, SEALING_ID);
  }

  /** `app.synth()`, then {@link PxSealing.save} of the App's caches. */
  public static synth(app: IConstruct & { synth(): void }): void {
    app.synth();
    PxSealing.of(app).save();
  }

  private readonly files = new SealCacheFiles();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The cache kept in `file` (resolved against the working directory), opened once per App. */
  public cacheFor(file?: string): SealCache {
    return this.files.cacheFor(file);
  }

  /**
   * Saves every cache this App opened, dropping the entries no seal of this App used (call it after
   * `app.synth()`); returns the files written.
   */
  public save(): string[] {
    return this.files.save({ prune: true });
  }
}
