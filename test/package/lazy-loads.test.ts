import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Lazy loads live in one visible place: the loader modules (a `loaders/` folder: lib/core/loaders,
 * lib/cli/loaders, lib/testing/loaders, lib/pulumi/loaders). Everywhere else in lib/ a module's dependencies are
 * static imports, which every tool that reads imports sees (tsc, eslint, dependency graphs, bundlers). This scans
 * every module of lib/ with the TypeScript parser (comments and strings are not code, so the renewer's script,
 * a string, is not counted) and lists each `require(...)`, dynamic `import(...)` and `import('...')` type outside
 * a loader module, and checks that each loader module's header says which startup figure it serves.
 */
const LIB = path.join(__dirname, '../../lib');

function modules(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? modules(path.join(directory, entry.name)) : entry.name.endsWith('.ts') ? [path.join(directory, entry.name)] : [],
    );
}

const isLoader = (file: string): boolean => path.basename(path.dirname(file)) === 'loaders';

/** Every lazy load in `file`: a `require` call, a dynamic `import()`, or an `import('...')` type (`as typeof import(...)`). */
function lazyLoads(file: string, root = LIB): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (node: ts.Node): string => `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      found.push(`${where(node)} ${node.getText(source)}`);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      found.push(`${where(node)} ${node.getText(source)}`);
    } else if (ts.isImportTypeNode(node)) {
      found.push(`${where(node)} ${node.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('lazy loads live in the loader modules only', () => {
  const all = modules(LIB);
  const loaders = all.filter(isLoader);

  it('finds the modules and the loader modules it scans', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(loaders.map((file) => path.relative(LIB, file)).sort()).toEqual(
      expect.arrayContaining(['cli/loaders/commands.ts', 'core/loaders/yaml.ts', 'core/loaders/spec-patching.ts', 'pulumi/loaders/random.ts']),
    );
  });

  it('no module outside a loaders/ folder requires or imports lazily', () => {
    expect(all.filter((file) => !isLoader(file)).flatMap((file) => lazyLoads(file))).toEqual([]);
  });

  it('each loader module loads something and its header names the startup figure it serves', () => {
    for (const file of loaders) {
      const text = fs.readFileSync(file, 'utf8');
      expect([path.relative(LIB, file), lazyLoads(file).length > 0]).toEqual([path.relative(LIB, file), true]);
      expect([path.relative(LIB, file), /^\/\*\*[\s\S]*?Kept off the startup path:[\s\S]*?package\.slow\.test\.ts[\s\S]*?\*\//.test(text)]).toEqual([
        path.relative(LIB, file),
        true,
      ]);
    }
  });

  it('the scan catches each kind of lazy load, and not one in a comment or a string', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-lazy-'));
    const file = path.join(directory, 'lazy.ts');
    try {
      fs.writeFileSync(
        file,
        [
          "const yaml = require('yaml') as typeof import('yaml');",
          "export const later = () => import('./other');",
          "// require('node:fs') in a comment is not code",
          "export const script = `const fs = require('node:fs');`;",
        ].join('\n'),
      );
      expect(lazyLoads(file, directory)).toEqual(["lazy.ts:1 require('yaml')", "lazy.ts:1 typeof import('yaml')", "lazy.ts:2 import('./other')"]);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
