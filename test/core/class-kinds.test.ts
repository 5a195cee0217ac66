/**
 * One description per class kind (lib/core/classes/class-kinds.ts): the objects each kind builds, the token Secrets
 * it needs and the no-auth problem of its checker follow its description, every code it names is in the
 * catalogue, and the class modules import each other without a cycle (scanned with the TypeScript parser).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { CLASS_KINDS, ClassKindRules } from '../../lib/core/classes/class-kinds';
import { isPxErrorCode } from '../../lib/core/errors/error-catalogue';
import { KubeObject } from '../../lib/core/kube/kube-object';
import { STORAGE_CLASS_RULES } from '../../lib/core/classes/storage-class';
import { VOLUME_SNAPSHOT_CLASS_RULES } from '../../lib/core/classes/volume-snapshot-class';

const CORE = path.join(__dirname, '../../lib/core/classes');
const KINDS: readonly ClassKindRules<{ readonly name: string }, KubeObject>[] = [STORAGE_CLASS_RULES, VOLUME_SNAPSHOT_CLASS_RULES];

describe.each(KINDS.map((rules) => [rules.description.kind, rules] as const))('%s', (kind, rules) => {
  const { description } = rules;

  it('is the description CLASS_KINDS holds for its kind', () => {
    expect(CLASS_KINDS[kind]).toBe(description);
  });

  it('builds its apiVersion, kind and CSI driver, with the per-tenant token in every secret pair', () => {
    const built = rules.build({ name: 'fast' }, { field: 'cls' });
    expect([built.apiVersion, built.kind, built[description.driverField]]).toEqual([description.apiVersion, description.kind, description.drivers[0]]);
    const parameters = built.parameters as Record<string, string>;
    for (const pair of description.secretPairs) {
      expect([parameters[pair.name], parameters[pair.namespace]]).toEqual(['px-k8s-user', description.perTenantNamespace]);
    }
    expect(rules.requiredToken({ name: 'fast' })).toEqual({ kind: 'per-tenant', secretName: 'px-k8s-user' });
  });

  it('reports a Portworx class without secret pairs with its own no-auth code, and a built one not at all', () => {
    expect(rules.checkAuthParameters(description.drivers[0] ?? '', {}).map((problem) => problem.code)).toEqual([description.codes.noAuth]);
    const built = rules.build({ name: 'fast' }, { field: 'cls' });
    expect(rules.checkAuthParameters(built[description.driverField] as string, built.parameters as Record<string, string>)).toEqual([]);
  });

  it('names only catalogue codes', () => {
    const codes = [...Object.values(description.codes), ...Object.values(description.csiRules.codes)];
    expect(codes.filter((code) => !isPxErrorCode(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

/** The relative imports (and re-exports) of `file`, resolved to files. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (
      !(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ||
      !statement.moduleSpecifier ||
      !ts.isStringLiteral(statement.moduleSpecifier)
    )
      continue;
    const specifier = statement.moduleSpecifier.text;
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    const resolved = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    if (resolved !== undefined) found.push(resolved);
  }
  return found;
}

it('the class modules import each other without a cycle', () => {
  const classModules = fs
    .readdirSync(CORE)
    .filter((name) => /^(class-|storage-class|volume-snapshot-class|csi-secret-pairs)/.test(name))
    .map((name) => path.join(CORE, name));
  expect(classModules.length).toBeGreaterThanOrEqual(8);
  const cycles: string[] = [];
  const visit = (file: string, trail: readonly string[]): void => {
    if (trail.includes(file)) {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(CORE, f)).join(' -> '));
      return;
    }
    if (!classModules.includes(file)) return;
    for (const next of importsOf(file)) visit(next, [...trail, file]);
  };
  for (const file of classModules) visit(file, []);
  expect([...new Set(cycles)]).toEqual([]);
});
