/**
 * One bad object is one finding, never the end of the audit: every object of real bundles (the clean fixture
 * bundle, an operator install and a real DaemonSet spec) is mutated into bad shapes, field by field, and the audit
 * of each mutated bundle must resolve. What it finds is not asserted here (the other audit tests do that); that
 * it never throws is. Slow tier: about 10,000 audits. (The empty shared secret that used to abort the audit has
 * its own unit test in token-rules.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';
import { SHARED_SPECS_DIR, sharedSpecsAvailable } from '../../support/shared-specs';

const NOW = 1768435200;
const FIXTURES = join(__dirname, '../../fixtures/check');

/** Bad shapes a field can take: empty, of another type, absent, huge. */
const BAD_VALUES: readonly unknown[] = ['', null, 0, -1, true, [], {}, 'x', ['', null], { '': '' }, '\u0000\n', 1e308];
/** Paths tried per object (the first ones in document order, which include every top-level and metadata field). */
const PATHS_PER_OBJECT = 120;

type Json = Record<string, unknown>;

function objectsOf(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJSON() as unknown)
    .flatMap((object) => (object !== null && typeof object === 'object' && !Array.isArray(object) ? [object as Json] : []))
    .flatMap((object) => (object.kind === 'List' && Array.isArray(object.items) ? (object.items as Json[]) : [object]));
}

/** Every path into `value` (objects and arrays), parents before children. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

/** `object` with the value at `path` replaced by `replacement` (`undefined`: removed). */
function withValue(object: Json, path: readonly (string | number)[], replacement: unknown): Json {
  const copy = structuredClone(object);
  let parent: Record<string | number, unknown> = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

async function auditObjects(objects: readonly Json[]): Promise<Finding[]> {
  const text = objects.map((object) => stringify(object)).join('---\n');
  return auditBundle(bundleFromTexts([{ file: 'bundle.yaml', text }]), { now: NOW, warnExpirySeconds: 30 * 86400 });
}

/** Audits every mutation of every object of `objects`; returns the mutations that made the audit throw. */
async function throwingMutations(objects: readonly Json[], values = BAD_VALUES, pathsPerObject = PATHS_PER_OBJECT): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, object] of objects.entries()) {
    for (const path of pathsOf(object).slice(0, pathsPerObject)) {
      for (const replacement of [undefined, ...values]) {
        const mutated = objects.map((other, i) => (i === index ? withValue(object, path, replacement) : other));
        try {
          await auditObjects(mutated);
        } catch (error) {
          failures.push(`${String(object.kind)} #${index} ${path.join('.')} = ${JSON.stringify(replacement) ?? 'absent'}: ${(error as Error).message}`);
        }
      }
    }
    for (const replacement of values) {
      try {
        await auditObjects(
          objects.map((other, i) => (i === index ? ({ kind: object.kind, apiVersion: object.apiVersion, metadata: replacement } as Json) : other)),
        );
      } catch (error) {
        failures.push(`${String(object.kind)} #${index} metadata = ${JSON.stringify(replacement)}: ${(error as Error).message}`);
      }
    }
  }
  return failures;
}

const clean = ['cluster.yaml', 'namespaces-and-tokens.yaml', 'storage-classes.json'].flatMap((file) => objectsOf(join(FIXTURES, 'clean', file)));

test('no mutation of any object of the clean bundle makes the audit throw', async () => {
  expect(await throwingMutations(clean)).toEqual([]);
}, 600_000);

const operatorBundle = objectsOf(join(FIXTURES, 'security-not-enabled-operator.yaml')).map((object) =>
  object.kind === 'StorageCluster'
    ? withValue(object, ['spec', 'security'], { enabled: true, auth: { guestAccess: 'Disabled', selfSigned: { issuer: 'px.example.com' } } })
    : object,
);

test('no mutation of a secured StorageCluster (and the tenants beside it) makes the audit throw', async () => {
  expect(await throwingMutations([...operatorBundle, ...objectsOf(join(FIXTURES, 'clean', 'namespaces-and-tokens.yaml'))])).toEqual([]);
}, 600_000);

const describeSpecs = sharedSpecsAvailable('the audit robustness over a real spec') ? describe : describe.skip;

describeSpecs('a real spec', () => {
  test('no mutation of the Portworx objects of fixture 08 makes the audit throw', async () => {
    const spec = objectsOf(join(SHARED_SPECS_DIR, '08-px251-essentials-csi-autopilot.yaml'));
    const portworx = spec.filter((object) => ['DaemonSet', 'Deployment', 'Secret', 'StorageClass'].includes(String(object.kind)));
    // Fewer shapes and paths than above: the spec's DaemonSet alone has hundreds of fields.
    expect(await throwingMutations(portworx, ['', null, {}, 'x'], 40)).toEqual([]);
  }, 600_000);
});
