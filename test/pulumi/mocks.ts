/**
 * Pulumi's own unit-testing mechanism: the real @pulumi/pulumi runtime with `pulumi.runtime.setMocks` in place
 * of the engine. Import this module before anything that imports @pulumi/* (the mocks must be set first).
 *
 * The mocks record every registration as the engine would receive it (inputs serialized, secrets still
 * wrapped), answer each RandomPassword with a fixed key (TEST_KEYS, chosen by the password's name), and echo
 * every other resource's inputs as its state, like a provider that accepts them unchanged.
 */
import * as pulumi from '@pulumi/pulumi';
import { parseAllDocuments } from 'yaml';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../../lib/core';
import { TEST_KEYS } from '../support/cdk8s-synth';

/** A registration as the engine received it. */
export interface Registration {
  /** The type token, e.g. `kubernetes:apps/v1:DaemonSet`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The inputs; secret values still wrapped in Pulumi's secret envelope. */
  readonly inputs: Record<string, unknown>;
}

/** The RandomPassword results: the test keys, by the name's suffix. */
const MOCK_PASSWORDS: readonly (readonly [string, string])[] = [
  [`-${SYSTEM_SECRET_KEY}`, TEST_KEYS.system],
  [`-${STORK_SECRET_KEY}`, TEST_KEYS.stork],
  [`-${SHARED_SECRET_KEY}`, TEST_KEYS.shared],
];

const RANDOM_PASSWORD = 'random:index/randomPassword:RandomPassword';

/**
 * What `helm template` renders, by chart name, for `k8s.helm.v3.Chart` under the mocks (there is no helm here):
 * a test puts the objects of a chart in, as the chart would render them.
 */
export const renderedCharts = new Map<string, readonly Record<string, unknown>[]>();

/**
 * The Kubernetes provider's functions that `k8s.yaml.ConfigFile`/`ConfigGroup` and `k8s.helm.v3.Chart` call:
 * `kubernetes:yaml:decode` parses the YAML as the provider does (each document an object, empty ones left
 * out), `kubernetes:helm:template` answers from {@link renderedCharts}. Every other call echoes its inputs.
 */
function providerFunction(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (token === 'kubernetes:yaml:decode') {
    const documents = parseAllDocuments(String(inputs.text)).map((document) => document.toJSON() as unknown);
    return { result: documents.filter((document) => document !== null && document !== undefined) };
  }
  if (token === 'kubernetes:helm:template') {
    const chart = (JSON.parse(String(inputs.jsonOpts)) as { chart?: string }).chart ?? '';
    const rendered = renderedCharts.get(chart);
    if (rendered === undefined) throw new Error(`no rendering of chart ${chart} in the mocks`);
    return { result: JSON.parse(JSON.stringify(rendered)) as unknown };
  }
  return inputs;
}

/** Every registration since the last `startRun`, in order. */
export const registrations: Registration[] = [];

/**
 * Starts a new program run: forgets earlier registrations and (re)installs the mocks.
 * @param preview run as `pulumi preview`: RandomPasswords then have no result yet, like on a first preview
 */
export function startRun(preview = false): void {
  registrations.length = 0;
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        if (args.type !== RANDOM_PASSWORD) return { id: `${args.name}-id`, state: args.inputs };
        const result = MOCK_PASSWORDS.find(([suffix]) => args.name.endsWith(suffix))?.[1];
        return { id: `${args.name}-id`, state: preview ? args.inputs : { ...args.inputs, result } };
      },
      call: (args) => providerFunction(args.token, args.inputs),
    },
    'px-security',
    'test',
    preview,
  );
}

startRun();

/** An Output's value, once known (never settles for an Output whose resource fails to register). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** A registration, with the type of its parent as the engine saw it. */
export interface RegisteredResource extends Registration {
  /** The parent's type token (e.g. `px-security:index:PxTenant`), from the URN; `undefined` at the top. */
  readonly parentType?: string;
}

/**
 * Waits as the Pulumi language host does when a program ends (until every registration has been answered),
 * then returns the registrations in a stable order (type, then name), each with its parent's type.
 */
export async function programDone(): Promise<RegisteredResource[]> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, unknown> };
  const qualifiedTypes = new Map(
    [...monitor.resources.keys()].map((urn) => {
      const [, , qualifiedType = '', name = ''] = urn.split('::');
      return [`${qualifiedType.split('$').pop()}::${name}`, qualifiedType] as const;
    }),
  );
  return registrations
    .map((registration) => {
      const chain = (qualifiedTypes.get(`${registration.type}::${registration.name}`) ?? '').split('$');
      return { ...registration, parentType: chain.length > 1 ? chain[chain.length - 2] : undefined };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}

/** Is `value` Pulumi's serialized secret envelope? */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
  );
}

/** `value` with every secret envelope opened, and the paths of the secrets it held (e.g. `data`). */
export function openSecrets(value: unknown, path = ''): { readonly value: unknown; readonly secretPaths: string[] } {
  if (isSecretEnvelope(value)) return { value: openSecrets(value.value, path).value, secretPaths: [path] };
  if (Array.isArray(value)) {
    const items = value.map((item, index) => openSecrets(item, `${path}[${index}]`));
    return { value: items.map((item) => item.value), secretPaths: items.flatMap((item) => item.secretPaths) };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, openSecrets(item, path === '' ? key : `${path}.${key}`)] as const);
    return {
      value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])),
      secretPaths: entries.flatMap(([, item]) => item.secretPaths),
    };
  }
  return { value, secretPaths: [] };
}

/** `value` with every secret envelope replaced by a marker: what a reader of the state sees unencrypted. */
export function withoutSecrets(value: unknown): unknown {
  if (isSecretEnvelope(value)) return '[secret]';
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutSecrets(item)]));
  return value;
}

/** The Kubernetes objects among `registered` (secrets opened). */
export function kubeObjects(registered: readonly Registration[]): Record<string, unknown>[] {
  return registered.filter((r) => r.type.startsWith('kubernetes:')).map((r) => openSecrets(r.inputs).value as Record<string, unknown>);
}
