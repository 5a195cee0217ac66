/**
 * Dependencies point from testing to production, never the reverse: no module outside lib/testing imports
 * lib/testing (the published test keys are known to production code by digest only, lib/core/keys/published-test-values.ts;
 * the test mark by its registered symbol, lib/core/keys/test-mode.ts). Scanned with the TypeScript parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '../../lib');
const TESTING = path.join(LIB, 'testing');

function modules(directory: string): string[] {
  return fs
    .readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? modules(path.join(directory, entry.name)) : entry.name.endsWith('.ts') ? [path.join(directory, entry.name)] : [],
    );
}

/** `file:line imports specifier` for each import, export or require of lib/testing in `file`. */
function importsOfTesting(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const check = (specifier: string, node: ts.Node): void => {
    const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : '';
    if (target === TESTING || target.startsWith(TESTING + path.sep)) {
      found.push(`${path.relative(LIB, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} imports ${specifier}`);
    }
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      check(node.moduleSpecifier.text, node);
    else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0] as ts.Expression) &&
      node.expression.getText(source) === 'require'
    ) {
      check((node.arguments[0] as ts.StringLiteral).text, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

it('no production module imports lib/testing', () => {
  const production = modules(LIB).filter((file) => !file.startsWith(TESTING + path.sep));
  expect(production.length).toBeGreaterThan(50);
  expect(production.flatMap(importsOfTesting)).toEqual([]);
});
