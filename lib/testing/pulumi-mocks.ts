/**
 * Pulumi mocks under which the components run as they do for real: `pulumi.runtime.setMocks(pulumiMocks())`.
 *
 * Pulumi's usual test mocks return a resource's inputs as its state. A `RandomPassword`'s `result` is an
 * output, not an input, so under them it is `undefined` and a cluster's generated keys cannot be known. These
 * mocks answer every `random:index/randomPassword:RandomPassword` with a fixed result: the cluster's keys
 * (names ending in `-system-secret`, `-stork-secret`, `-shared-secret`) get {@link TEST_KEYS}, any other
 * password a value derived from its name (same name, same value, on every machine). The Kubernetes provider's
 * functions behind `k8s.yaml.ConfigFile`/`ConfigGroup` and `k8s.helm.v3.Chart` are answered as the provider
 * answers them (`kubernetes:yaml:decode` parses the YAML; `kubernetes:helm:template` renders the charts given
 * as `helmCharts`), so a test can secure an installed spec with `cluster.transformation`. Everything else goes
 * to the inner mocks when given, else gets `{ id: name + '_id', state: inputs }`.
 *
 * The types are structural copies of `@pulumi/pulumi`'s `runtime.Mocks` (assignable to it), so importing
 * this entry needs no `@pulumi/pulumi` in a cdk8s-only project.
 */
import { createHash } from 'node:crypto';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../core/names';
import { markTestMode } from '../core/keys/test-mode';
import { HELM_TEMPLATE_FUNCTION, PxRenderedCharts, YAML_DECODE_FUNCTION, chartNotRendered, decodeYaml, renderChart } from './provider-functions';
import { TEST_CLOCK, TEST_KEYS } from './test-values';

export type { PxRenderedCharts } from './provider-functions';

/** What `newResource` of Pulumi's mocks receives (`pulumi.runtime.MockResourceArgs`). */
export interface PxMockResourceArgs {
  /** The type token, e.g. `random:index/randomPassword:RandomPassword`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /**
   * The resource's inputs. `any` as in Pulumi's own type, so that inline mocks such as
   * `newResource: (args) => ({ id: args.name, state: args.inputs })` type-check as they do against Pulumi's.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's MockResourceArgs.inputs is any
  readonly inputs: any;
  /** The provider reference. */
  readonly provider?: string;
  /** Whether the resource is a custom (provider) resource. */
  readonly custom?: boolean;
  /** The ID of a resource being read. */
  readonly id?: string;
}

/** What `newResource` returns: the physical ID and the state (outputs). */
export interface PxMockResourceResult {
  readonly id: string | undefined;
  readonly state: Record<string, unknown>;
}

/** What `call` of Pulumi's mocks receives (`pulumi.runtime.MockCallArgs`). */
export interface PxMockCallArgs {
  /** The function's token. */
  readonly token: string;
  /** Its arguments. `any` as in Pulumi's own type, so that `call: (args) => args.inputs` type-checks. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's MockCallArgs.inputs is any
  readonly inputs: any;
  /** The provider reference. */
  readonly provider?: string;
}

/** Pulumi's `runtime.Mocks`, structurally (assignable to it both ways). */
export interface PxPulumiMocks {
  /** Mocks a provider function call. */
  call(args: PxMockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Mocks a resource registration. */
  newResource(args: PxMockResourceArgs): PxMockResourceResult | Promise<PxMockResourceResult>;
}

/** Options of {@link pulumiMocks}. */
export interface PxPulumiMocksOptions {
  /**
   * What `helm template` renders for each `k8s.helm.v3.Chart` the test declares (there is no helm under
   * mocks), by chart name (`chart`, or `path` for a local chart): the objects, as the chart would render them.
   * Read when the Chart is declared, so a test may fill it in after making the mocks.
   * @default - none: a Chart goes to the inner mocks, and fails without them
   */
  readonly helmCharts?: PxRenderedCharts;
}

/** The type token of `@pulumi/random`'s RandomPassword. */
export const RANDOM_PASSWORD_TYPE = 'random:index/randomPassword:RandomPassword';

/** The test key each generated cluster key gets, by the suffix of the RandomPassword's name. */
const TEST_PASSWORDS: readonly (readonly [string, string])[] = [
  [`-${SYSTEM_SECRET_KEY}`, TEST_KEYS.system],
  [`-${STORK_SECRET_KEY}`, TEST_KEYS.stork],
  [`-${SHARED_SECRET_KEY}`, TEST_KEYS.shared],
];

/** RandomPassword's default `length` when the inputs give none. */
const DEFAULT_PASSWORD_LENGTH = 16;

/** The fixed `result` of a RandomPassword named `name`. */
export function testPassword(name: string, inputs: Readonly<Record<string, unknown>>): string {
  const key = TEST_PASSWORDS.find(([suffix]) => name.endsWith(suffix))?.[1];
  if (key !== undefined) return key;
  const length = typeof inputs.length === 'number' && inputs.length > 0 ? inputs.length : DEFAULT_PASSWORD_LENGTH;
  let text = '';
  for (let round = 0; text.length < length; round += 1) {
    text += createHash('sha256').update(`px-security-constructs/testing/${name}/${round}`).digest('base64url');
  }
  return text.slice(0, length);
}

/**
 * See the module comment. The mocks are marked as test mode (see `lib/core/keys/test-mode.ts`): a cluster declared
 * while they are Pulumi's mocks accepts `TEST_KEYS`; under any other mocks, or in a real program, it refuses them.
 */
export function pulumiMocks(inner?: PxPulumiMocks, options: PxPulumiMocksOptions = {}): PxPulumiMocks {
  const mocks: PxPulumiMocks = {
    newResource(args: PxMockResourceArgs): PxMockResourceResult | Promise<PxMockResourceResult> {
      const fallback = (): PxMockResourceResult => ({ id: `${args.name}_id`, state: args.inputs as Record<string, unknown> });
      if (args.type !== RANDOM_PASSWORD_TYPE) return inner ? inner.newResource(args) : fallback();
      const withResult = (answer: PxMockResourceResult): PxMockResourceResult =>
        typeof answer.state.result === 'string'
          ? answer
          : { id: answer.id, state: { ...answer.state, result: testPassword(args.name, args.inputs as Record<string, unknown>) } };
      const answer = inner ? inner.newResource(args) : fallback();
      return answer instanceof Promise ? answer.then(withResult) : withResult(answer);
    },
    call(args: PxMockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>> {
      // Decoding is a pure function of the text: answered here, as the provider would, whatever the inner mocks.
      if (args.token === YAML_DECODE_FUNCTION) return decodeYaml(args.inputs);
      if (args.token === HELM_TEMPLATE_FUNCTION) {
        const rendered = renderChart(args.inputs, options.helmCharts);
        if (rendered !== undefined) return rendered;
        if (inner === undefined) throw chartNotRendered(args.inputs);
        const rendering = (answer: Record<string, unknown>): Record<string, unknown> => {
          if (!Array.isArray(answer.result)) throw chartNotRendered(args.inputs);
          return answer;
        };
        const answer = inner.call(args);
        return answer instanceof Promise ? answer.then(rendering) : rendering(answer);
      }
      return inner ? inner.call(args) : (args.inputs as Record<string, unknown>);
    },
  };
  markTestMode(mocks, { keys: TEST_KEYS, clock: TEST_CLOCK });
  return mocks;
}
