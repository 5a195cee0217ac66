/**
 * px-security-constructs/testing: what a snapshot test of PX-Security code needs, after cdk8s's own `Testing`.
 *
 * ```ts
 * const app = PxTesting.app();                      // every PxSecureCluster in it: TEST_KEYS, TEST_CLOCK, no .pxsec/
 * const chart = new MyChart(app, 'test');
 * expect(PxTesting.synth(chart)).toMatchSnapshot(); // Secret values replaced by stable stand-ins
 * pulumi.runtime.setMocks(PxTesting.pulumiMocks(), 'project', 'stack', false); // RandomPassword resolves
 * ```
 *
 * Importing this entry loads neither cdk8s nor `@pulumi/*` (a Pulumi project has no cdk8s, and the reverse):
 * cdk8s is loaded inside `app()` and `chart()`, and its types come from `px-security-constructs/cdk8s`
 * (see {@link PxTestingCdk8sTypes}).
 */
import { redactSecretValues } from './redact';
import { PxPulumiMocks, PxPulumiMocksOptions, pulumiMocks } from './pulumi-mocks';
import { markTestMode } from '../core/keys/test-mode';
import { TEST_CLOCK, TEST_KEYS } from './test-values';
import { loadCdk8s } from './loaders/cdk8s';

export { TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from './test-values';
export type { PxMockCallArgs, PxMockResourceArgs, PxMockResourceResult, PxPulumiMocks, PxPulumiMocksOptions, PxRenderedCharts } from './pulumi-mocks';
export { redactSecretValues } from './redact';
// What the test values' and mocks' signatures use
export type { Clock } from '../core/token/rotation';
export type { PxKeys } from '../core/keys/keys';

/**
 * The cdk8s types of `app()` and `chart()`. Empty here, so that this entry's declarations name no cdk8s
 * module (a Pulumi-only project type-checks them without cdk8s); `px-security-constructs/cdk8s` fills it in
 * with `{ app: App; chart: Chart }` by module augmentation, which every test of a chart using the constructs
 * loads.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PxTestingCdk8sTypes {}

/** cdk8s's `App`, once `px-security-constructs/cdk8s` is loaded. */
export type PxTestingApp = PxTestingCdk8sTypes extends { readonly app: infer A } ? A : never;
/** cdk8s's `Chart`, once `px-security-constructs/cdk8s` is loaded. */
export type PxTestingChart = PxTestingCdk8sTypes extends { readonly chart: infer C } ? C : never;

/** The parts of a cdk8s Chart that `synth` uses. */
interface SynthesizableChart {
  readonly node: { readonly root: { readonly node: { findAll(): readonly { readonly node: { readonly path: string; validate(): string[] } }[] } } };
  toJson(): unknown[];
}

/** Test helpers for cdk8s apps and Pulumi programs that use PX-Security. */
export class PxTesting {
  /**
   * A cdk8s `App` for tests (as cdk8s's `Testing.app()`: its outdir is a new temporary directory) in which
   * every `PxSecureCluster` defaults `keys` to `TEST_KEYS` and `clock` to `TEST_CLOCK` unless its props set
   * them, and nothing reads or creates a keystore or a sealing cache (`.pxsec/`): sealed ciphertexts are kept
   * in memory. A cluster given `keys: keysFromKeystore(...)` explicitly still opens that keystore. Only in such
   * an app (or under {@link PxTesting.pulumiMocks}) are `TEST_KEYS` accepted; anywhere else they are
   * `KEYS_TEST_ONLY`. The app is marked under a registered symbol, so a second loaded copy of this package
   * sees the mark too.
   */
  public static app(): PxTestingApp {
    const cdk8s = loadCdk8s();
    const app = cdk8s.Testing.app();
    markTestMode(app, { keys: TEST_KEYS, clock: TEST_CLOCK });
    return app;
  }

  /** A `Chart` with id `test` inside a new {@link PxTesting.app}. */
  public static chart(): PxTestingChart {
    const cdk8s = loadCdk8s();
    return new cdk8s.Chart(PxTesting.app(), 'test');
  }

  /**
   * The chart's manifests, like cdk8s's `Testing.synth(chart)`, after the app's validations have run as
   * `cdk8s synth` runs them (so a cross-object error throws here too, with cdk8s's message), and with every
   * Secret value replaced by a stand-in that holds nothing secret and does not change between machines, runs
   * or key sets (see {@link redactSecretValues}):
   * - a token: `<redacted token: HS256 {"email":"",...claims}>` (the claims, never the signature);
   * - a key or any other value: `<redacted: 64 bytes>`;
   * - SealedSecret ciphertext: `<redacted: sealed>`.
   * ExternalSecrets keep their references (they hold no value).
   */
  public static synth(chart: PxTestingChart): Record<string, unknown>[] {
    const synthesizable = chart as unknown as SynthesizableChart;
    const errors = synthesizable.node.root.node.findAll().flatMap((construct) => construct.node.validate().map((error) => `[${construct.node.path}] ${error}`));
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    return redactSecretValues(synthesizable.toJson() as Record<string, unknown>[]);
  }

  /**
   * Mocks for `pulumi.runtime.setMocks` under which the components run as for real: every `RandomPassword`
   * gets a fixed `result` (a cluster's keys get `TEST_KEYS`); `kubernetes:yaml:decode` parses the YAML as the
   * Kubernetes provider does, so a `k8s.yaml.ConfigFile`/`ConfigGroup` registers its objects (and
   * `cluster.transformation` secures them); `kubernetes:helm:template` renders a `k8s.helm.v3.Chart` from
   * `options.helmCharts`. Other resources and calls go to `inner` when given, else get
   * `{ id: name + '_id', state: inputs }` and the call's inputs. Only while these mocks are Pulumi's does a
   * cluster accept `TEST_KEYS` (given or generated); under other mocks they are `KEYS_TEST_ONLY`.
   *
   * @param inner your own mocks, for everything but RandomPassword (whose `result` they may still set) and YAML
   *   decoding (a chart not in `helmCharts` goes to them too)
   * @param options `helmCharts`: what each Chart renders, by chart name
   */
  public static pulumiMocks(inner?: PxPulumiMocks, options?: PxPulumiMocksOptions): PxPulumiMocks {
    return pulumiMocks(inner, options);
  }
}
