import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The core is pure: file, directory, process and environment access live in one layer, the Node adapter
 * (lib/node/). This scans every module of lib/core with the TypeScript parser (comments and strings are not
 * code) and lists each forbidden use: an import or require of node:fs, node:child_process, node:os or
 * node:process (node:crypto and node:path are fine), a reference to `process.*`, and an import from outside
 * lib/core (lib/node among them). The core holds no entry barrel: the entries are lib/index.ts and lib/<entry>/.
 */
const CORE = path.join(__dirname, '../../lib/core');
const FORBIDDEN_MODULES = new Set(['fs', 'fs/promises', 'child_process', 'os', 'process', 'worker_threads', 'net', 'http', 'https']);

function modules(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? modules(path.join(directory, entry.name)) : entry.name.endsWith('.ts') ? [path.join(directory, entry.name)] : [],
    );
}

function forbiddenUses(file: string, core = CORE): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const uses: string[] = [];
  const where = (node: ts.Node): string => `${path.relative(core, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const checkSpecifier = (specifier: string, node: ts.Node): void => {
    const bare = specifier.replace(/^node:/, '');
    if (FORBIDDEN_MODULES.has(bare)) uses.push(`${where(node)} imports ${specifier}`);
    if (specifier.startsWith('.')) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(core + path.sep)) uses.push(`${where(node)} imports ${specifier}, outside the core`);
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkSpecifier(node.moduleSpecifier.text, node);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0] as ts.Expression)) {
      const callee = node.expression.getText(source);
      if (callee === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword) checkSpecifier((node.arguments[0] as ts.StringLiteral).text, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      checkSpecifier(node.argument.literal.text, node);
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process') {
      uses.push(`${where(node)} uses process.${node.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

describe('the core is pure', () => {
  it('finds the modules it scans', () => {
    expect(modules(CORE).length).toBeGreaterThan(50);
  });

  it('no core module reads files, runs processes or reads the environment, nor imports the Node adapter', () => {
    expect(modules(CORE).flatMap((file) => forbiddenUses(file))).toEqual([]);
  });

  it('the scan catches each kind of forbidden use', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-purity-'));
    const core = path.join(directory, 'core');
    const file = path.join(core, 'audit', 'impure.ts');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(
        file,
        [
          "import { readFileSync } from 'node:fs';",
          "import { spawnSync } from 'child_process';",
          "import { writeFileAtomically } from '../../node/atomic-file';",
          "const os = require('node:os') as typeof import('node:os');",
          'export const home = process.env.HOME;',
          "// import { x } from 'node:fs' in a comment is not code",
          "export const text = 'process.env in a string is not code';",
        ].join('\n'),
      );
      expect(forbiddenUses(file, core).map((use) => use.replace(/^[^:]+:/, ''))).toEqual([
        '1 imports node:fs',
        '2 imports child_process',
        '3 imports ../../node/atomic-file, outside the core',
        '4 imports node:os',
        '4 imports node:os',
        '5 uses process.env',
      ]);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
