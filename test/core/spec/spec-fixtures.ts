/**
 * The specs the spec tests run over: this project's hand-written fixtures (always there) and the shared corpus
 * of real specs (`../shared/fixtures/portworx-specs/`, skipped with a message where it is absent).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateKubernetesObject } from '../../support/kube-schema';
import { SHARED_SPECS_DIR, sharedSpecsAvailable } from '../../support/shared-specs';

/** One spec file of a corpus. */
export interface SpecFixture {
  /** File name, e.g. `01-daemonset-flow-args-lighthouse.yaml`. */
  readonly name: string;
  /** The file's text. */
  readonly text: string;
  /** Which corpus it comes from. */
  readonly corpus: 'own' | 'shared';
}

/** Directory of this project's hand-written specs. */
export const OWN_SPECS_DIR = join(__dirname, '../../fixtures/specs');
/** Directory of the shared corpus of real specs (outside the project). */
export { SHARED_SPECS_DIR } from '../../support/shared-specs';

function load(dir: string, corpus: SpecFixture['corpus']): SpecFixture[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8'), corpus }));
}

/** This project's fixtures. */
export function ownFixtures(): SpecFixture[] {
  return load(OWN_SPECS_DIR, 'own');
}

/** The shared corpus, or none (with a console message) where the folder is absent. */
export function sharedFixtures(): SpecFixture[] {
  if (!sharedSpecsAvailable('the tests over the shared spec corpus are')) return [];
  return load(SHARED_SPECS_DIR, 'shared');
}

/** True for the files that are invalid YAML on purpose. */
export function isInvalidFixture(fixture: SpecFixture): boolean {
  return fixture.name.includes('INVALID');
}

const LEGACY_WORKLOAD_VERSIONS = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']);

/**
 * The object as the API server sees it before validation: null fields are unset, and the legacy workload APIs
 * default `spec.selector` from the pod template's labels.
 */
export function asApiServerSees(object: Record<string, unknown>): Record<string, unknown> {
  const cleaned = withoutNulls(object) as Record<string, unknown>;
  const spec = cleaned.spec as Record<string, unknown> | undefined;
  const labels = (spec?.template as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels;
  if (typeof cleaned.apiVersion === 'string' && LEGACY_WORKLOAD_VERSIONS.has(cleaned.apiVersion) && spec && spec.selector === undefined && labels) {
    spec.selector = { matchLabels: labels };
  }
  return cleaned;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => (child === null ? [] : [[key, withoutNulls(child)]])));
  }
  return value;
}

/** The schema's complaint about `object` (as the API server sees it), or `undefined` when it validates. */
export function schemaProblem(object: Record<string, unknown>): string | undefined {
  try {
    validateKubernetesObject(asApiServerSees(object));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
