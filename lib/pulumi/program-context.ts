/**
 * The Pulumi program a component is declared in, as far as a process can tell: the project and stack of the
 * runtime's settings and the resource monitor the resources go to (the engine's, or the `MockMonitor` of
 * `pulumi.runtime.setMocks`). One process may run several programs one after another (tests that set new
 * mocks, Automation API inline programs, each with its own runtime store and monitor); a tenant or class
 * declared in one with a cluster of another would put a token signed with that other program's keys (under
 * `PxTesting.pulumiMocks()`, the published `TEST_KEYS`) into this one. What cannot be seen from here: another
 * process (a cluster object never travels between processes; a `StackReference` gives outputs, not components).
 *
 * Test mode: the program runs under the mocks of `PxTesting.pulumiMocks()` (marked, see `lib/core/keys/test-mode.ts`),
 * which answer the cluster's RandomPasswords with `TEST_KEYS`; only then does the cluster accept those keys.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxSecurityError } from '../core/errors/errors';
import { testModeOf } from '../core/keys/test-mode';

/** The program a component is declared in. */
export class ProgramContext {
  /** The program running now. */
  public static current(): ProgramContext {
    const monitor: unknown = pulumi.runtime.getMonitor();
    // pulumi.runtime.setMocks installs a MockMonitor that keeps the mocks as `mocks` (Pulumi's declared MockMonitor.mocks).
    const mocks: unknown = typeof monitor === 'object' && monitor !== null ? (monitor as { mocks?: unknown }).mocks : undefined;
    const testMode = typeof mocks === 'object' && mocks !== null && testModeOf(mocks, 'the mocks of pulumi.runtime.setMocks') !== undefined;
    return new ProgramContext(pulumi.getProject(), pulumi.getStack(), monitor, testMode);
  }

  private constructor(
    /** The project (`pulumi.getProject()`). */
    public readonly project: string,
    /** The stack (`pulumi.getStack()`). */
    public readonly stack: string,
    /** The resource monitor the program's resources go to. */
    private readonly monitor: unknown,
    /** Whether the program runs under `PxTesting.pulumiMocks()`: then `TEST_KEYS` are accepted. */
    public readonly testMode: boolean,
  ) {}

  /** Whether `other` is the same program. */
  public isSame(other: ProgramContext): boolean {
    return this.monitor === other.monitor && this.project === other.project && this.stack === other.stack;
  }

  /** `project/stack`, with `(test mocks)` under PxTesting's mocks. */
  public toString(): string {
    return `${this.project}/${this.stack}${this.testMode ? ' (under PxTesting.pulumiMocks, keys TEST_KEYS)' : ''}`;
  }
}

/**
 * Throws `CLUSTER_OTHER_APP` when the cluster was declared in another program than the one running now.
 *
 * @param name the component's name, for messages
 * @param kind the component's name, e.g. `PxTenant`
 */
export function requireClusterInProgram(cluster: { readonly program: ProgramContext }, name: string, kind: string): void {
  const current = ProgramContext.current();
  if (cluster.program.isSame(current)) return;
  throw new PxSecurityError({
    code: 'CLUSTER_OTHER_APP',
    field: `${name}.cluster`,
    problem: `was declared in another Pulumi program (${cluster.program.toString()}) than this ${kind} (${current.toString()}): its tokens would be signed with that program's keys`,
    fix: `declare the PxSecureCluster in the same program as this ${kind}`,
  });
}
