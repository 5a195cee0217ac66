/**
 * The Kubernetes provider's functions behind `k8s.yaml.ConfigFile`/`ConfigGroup` (`kubernetes:yaml:decode`)
 * and `k8s.helm.v3.Chart` (`kubernetes:helm:template`), answered under Pulumi's mocks, so a test can declare
 * the Portworx install those resources register and secure it with `cluster.transformation`.
 *
 * Plain data and the `yaml` parser only: no `@pulumi/*` is loaded.
 */
import { parseAllDocuments } from 'yaml';

/** The token of the provider's YAML decoding (`k8s.yaml.ConfigFile`, `ConfigGroup` with `yaml`/`files`). */
export const YAML_DECODE_FUNCTION = 'kubernetes:yaml:decode';
/** The token of the provider's `helm template` (`k8s.helm.v3.Chart`). */
export const HELM_TEMPLATE_FUNCTION = 'kubernetes:helm:template';

/** What `helm template` renders, by chart name (`chart`, or `path` for a local chart): the objects, in order. */
export type PxRenderedCharts = Readonly<Record<string, readonly Record<string, unknown>[]>>;

/**
 * `kubernetes:yaml:decode`: every document of `text` as an object, empty documents left out, as the provider
 * decodes them. A document that is not valid YAML throws (the provider fails the call the same way).
 */
export function decodeYaml(inputs: unknown): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the provider passes a string; anything else is stringified as the provider would
  const text = String((inputs as { text?: unknown } | undefined)?.text ?? '');
  const objects: unknown[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const [error] = document.errors;
    // yaml's own message quotes the source line: give only the document's position.
    if (error !== undefined) throw new Error(`${YAML_DECODE_FUNCTION}: document ${index + 1} is not valid YAML (${error.code})`);
    const object = document.toJSON() as unknown;
    if (object !== null && object !== undefined) objects.push(object);
  });
  return { result: objects };
}

/** The chart a `kubernetes:helm:template` call renders: its `chart`, or its `path` for a local chart. */
export function helmChartName(inputs: unknown): string {
  const jsonOpts = (inputs as { jsonOpts?: unknown } | undefined)?.jsonOpts;
  const opts = (typeof jsonOpts === 'string' ? JSON.parse(jsonOpts) : {}) as { chart?: unknown; path?: unknown };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- chart and path are strings in helm's options; anything else is stringified as given
  return String(opts.chart ?? opts.path ?? '');
}

/** `kubernetes:helm:template` from `charts`: a copy of the chart's objects, or `undefined` when it is not there. */
export function renderChart(inputs: unknown, charts: PxRenderedCharts | undefined): Record<string, unknown> | undefined {
  const name = helmChartName(inputs);
  if (charts === undefined || !Object.prototype.hasOwnProperty.call(charts, name)) return undefined;
  return { result: JSON.parse(JSON.stringify(charts[name])) as unknown };
}

/** The error of a `kubernetes:helm:template` call whose chart nobody renders. */
export function chartNotRendered(inputs: unknown): Error {
  const name = helmChartName(inputs);
  return new Error(
    `${HELM_TEMPLATE_FUNCTION}: there is no helm under test mocks, and chart "${name}" has no rendering: ` +
      `pass its objects as PxTesting.pulumiMocks(inner, { helmCharts: { ${JSON.stringify(name)}: objects } })`,
  );
}
