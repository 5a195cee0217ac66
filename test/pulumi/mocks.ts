/**
 * Pulumi's own unit-testing mechanism: the real @pulumi/pulumi runtime with `pulumi.runtime.setMocks` in place
 * of the engine. Import this module before anything that imports @pulumi/* (the mocks must be set first).
 *
 * The mocks record every registration as the engine would receive it (inputs serialized, secrets still
 * wrapped) and echo every resource's inputs as its state, like a provider that accepts them unchanged, inside
 * the public `PxTesting.pulumiMocks()`, which answers each RandomPassword with a fixed key (TEST_KEYS, chosen
 * by the password's name) and the provider's YAML decoding and helm rendering (from {@link renderedCharts}),
 * as users' tests get them.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxRenderedCharts, PxTesting } from '../../lib/testing';

/** A registration as the engine received it. */
export interface Registration {
  /** The type token, e.g. `kubernetes:apps/v1:DaemonSet`. */
  readonly type: string;
  /** The logical name. */
  readonly name: string;
  /** The inputs; secret values still wrapped in Pulumi's secret envelope. */
  readonly inputs: Record<string, unknown>;
}

/**
 * What `helm template` renders, by chart name, for `k8s.helm.v3.Chart` under the mocks (there is no helm here):
 * a test puts the objects of a chart in, as the chart would render them (`PxTesting.pulumiMocks`'s `helmCharts`).
 */
export const renderedCharts: Record<string, PxRenderedCharts[string]> = {};

/** Every registration since the last `startRun`, in order. */
export const registrations: Registration[] = [];

/**
 * Starts a new program run: forgets earlier registrations and (re)installs the mocks.
 * @param preview run as `pulumi preview`: RandomPasswords then have no result yet, like on a first preview
 */
export function startRun(preview = false): void {
  registrations.length = 0;
  const recording: pulumi.runtime.Mocks = {
    newResource(args) {
      registrations.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  };
  // A first preview: the RandomPasswords have no result yet (the recording mocks alone answer registrations).
  const mocks = PxTesting.pulumiMocks(recording, { helmCharts: renderedCharts });
  void pulumi.runtime.setMocks(preview ? { ...mocks, newResource: recording.newResource } : mocks, 'px-security', 'test', preview);
}

startRun();

/** An Output's value, once known (never settles for an Output whose resource fails to register). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** A registration, with the type of its parent as the engine saw it. */
export interface RegisteredResource extends Registration {
  /** The parent's type token (e.g. `px-security:index:PxTenant`), from the URN; `undefined` at the top. */
  readonly parentType?: string | undefined;
}

/**
 * Ends the program as Node.js ends the language host's: `beforeExit` each time its event loop is empty (the
 * clusters then check what was declared and release it), until an end registers nothing more; here each end
 * waits until every registration has been answered (at most 200 ms: a failed check leaves its resources
 * unregistered) and 20 ms more. Returns the registrations in a stable order (type, then name), each with its parent's type.
 */
export async function programDone(): Promise<RegisteredResource[]> {
  const monitor = pulumi.runtime.getMonitor();
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
  // Until an end registers nothing more, or another program (startRun) has begun.
  for (let seen = -1; seen !== registrations.length && pulumi.runtime.getMonitor() === monitor;) {
    seen = registrations.length;
    process.emit('beforeExit', 0);
    await Promise.race([waitForRPCs(), new Promise((resolve) => setTimeout(resolve, 200))]);
    // Work the SDK does not count as an RPC (a ConfigFile decoding its file) runs before the loop is empty.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const qualifiedTypes = new Map(
    [...(monitor as unknown as { resources: Map<string, unknown> }).resources.keys()].map((urn) => {
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
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;
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
