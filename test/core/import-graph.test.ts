import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The shape of lib/'s import graph, read with the TypeScript parser: every static `import`/`export ... from`, a
 * `require('...')`, a dynamic `import('...')` and an `import('...')` type. Type-only imports count like the others:
 * the compiler erases them, but two modules that each need to know the other are one concept split in two. (What
 * loads at startup is test/package/lazy-loads.test.ts's business.)
 *
 * - No import cycle among lib/ modules, type-only edges included.
 * - lib/core imports neither lib/node (the core is pure) nor lib/testing.
 * - No production module imports lib/testing: testing depends on production, never back.
 * - Internal code imports modules, not barrels: an index.ts (an entry point: lib/index.ts, lib/<entry>/index.ts)
 *   is imported by no module of lib/, and lib/core holds none.
 * - lib/core is grouped by concept: every folder under it has a README.md that says what it owns and what it must
 *   not import, and its top level holds only the files listed in CORE_TOP_LEVEL, so the next file put there is a
 *   decision (place it in a folder, or add it here with the reason).
 */
const LIB = path.join(__dirname, '../../lib');

/** The files lib/core keeps at its top level, each with the reason it belongs to no one folder. */
const CORE_TOP_LEVEL: Readonly<Record<string, string>> = {
  'names.ts': 'every Portworx string the library emits or reads, used by nearly every folder of the core and by the entries',
};

interface Edge {
  readonly from: string;
  readonly to: string;
}

function modules(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? modules(path.join(directory, entry.name)) : entry.name.endsWith('.ts') ? [path.join(directory, entry.name)] : [],
    );
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
}

export function importEdges(file: string): Edge[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const add = (specifier: string): void => {
    const to = resolve(file, specifier);
    if (to) edges.push({ from: file, to });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0] as ts.Expression)) {
      if (node.expression.getText(source) === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add((node.arguments[0] as ts.StringLiteral).text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Every elementary cycle's smallest representative, found by a depth-first search per strongly connected start. */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) (next.get(edge.from) ?? next.set(edge.from, new Set()).get(edge.from)!).add(edge.to);
  const found = new Map<string, string[]>();
  const nodes = [...next.keys()].sort();
  for (const start of nodes) {
    const stack: string[] = [start];
    const onStack = new Set(stack);
    const walk = (node: string): void => {
      for (const to of [...(next.get(node) ?? [])].sort()) {
        if (to === start) {
          const key = [...stack].sort().join('|');
          if (!found.has(key)) found.set(key, [...stack, start]);
        } else if (to > start && !onStack.has(to) && found.size < 50) {
          stack.push(to);
          onStack.add(to);
          walk(to);
          stack.pop();
          onStack.delete(to);
        }
      }
    };
    walk(start);
  }
  return [...found.values()];
}

const relative = (file: string): string => path.relative(LIB, file).replace(/\\/g, '/').replace(/\.ts$/, '');
const inFolder = (file: string, folder: string): boolean => relative(file).startsWith(`${folder}/`);

function layerViolations(edges: readonly Edge[]): string[] {
  return edges.flatMap((edge) => {
    const what = `${relative(edge.from)} imports ${relative(edge.to)}`;
    if (inFolder(edge.from, 'core') && (inFolder(edge.to, 'node') || inFolder(edge.to, 'testing'))) return [what];
    if (!inFolder(edge.from, 'testing') && inFolder(edge.to, 'testing')) return [what];
    if (path.basename(edge.to) === 'index.ts') return [`${what}, a barrel`];
    return [];
  });
}

describe('the import graph of lib/', () => {
  const edges = modules(LIB).flatMap(importEdges);

  it('reads the imports of every module', () => {
    expect(edges.length).toBeGreaterThan(300);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(edges).map((cycle) => cycle.map(relative).join(' -> '))).toEqual([]);
  });

  it('keeps lib/node and lib/testing out of the core, lib/testing out of production code, and barrels out of lib/', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('has no barrel inside the core', () => {
    expect(
      modules(path.join(LIB, 'core'))
        .filter((file) => path.basename(file) === 'index.ts')
        .map(relative),
    ).toEqual([]);
  });

  it('keeps at the top of lib/core only the files that belong to no one concept', () => {
    const files = fs
      .readdirSync(path.join(LIB, 'core'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
    expect(files).toEqual(Object.keys(CORE_TOP_LEVEL).sort());
  });

  it('gives every folder under lib/core a README.md saying what it owns', () => {
    const folders = (directory: string): string[] =>
      fs
        .readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => [path.join(directory, entry.name), ...folders(path.join(directory, entry.name))]);
    const all = folders(path.join(LIB, 'core'));
    expect(all.length).toBeGreaterThanOrEqual(10);
    const withoutHeader = all.filter((folder) => {
      const readme = path.join(folder, 'README.md');
      if (!fs.existsSync(readme)) return true;
      const [title, blank, ...paragraph] = fs.readFileSync(readme, 'utf8').split('\n');
      return title !== `# lib/${relative(folder)}` || blank !== '' || paragraph.join(' ').trim().length < 200;
    });
    expect(withoutHeader.map(relative)).toEqual([]);
  });

  it('finds a cycle (through type-only edges too) and a layer violation when there is one', () => {
    const f = (name: string): string => path.join(LIB, `${name}.ts`);
    const made: Edge[] = [
      { from: f('core/a'), to: f('core/b') },
      { from: f('core/b'), to: f('core/c') },
      { from: f('core/c'), to: f('core/a') },
      { from: f('core/d'), to: f('core/e') },
      { from: f('core/e'), to: f('core/d') },
      { from: f('core/d'), to: f('node/x') },
      { from: f('cdk8s/y'), to: f('testing/test-values') },
      { from: f('cli/z'), to: f('spec/index') },
    ];
    expect(cycles(made).map((cycle) => cycle.map(relative).join(' -> '))).toEqual(['core/a -> core/b -> core/c -> core/a', 'core/d -> core/e -> core/d']);
    expect(layerViolations(made)).toEqual(['core/d imports node/x', 'cdk8s/y imports testing/test-values', 'cli/z imports spec/index, a barrel']);
  });
});
