/**
 * The public API: every entry point's surface, as API Extractor reads it from build/ (the slow tier's one build,
 * test/support/build-once.ts, with @internal members stripped), matches its committed report in api/. When the
 * surface changes on purpose: `npm run api:update`, review the diff of api/ and commit it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const ENTRIES = Object.entries(MANIFEST.exports).filter((entry): entry is [string, { types: string; default: string }] => typeof entry[1] !== 'string');

test('the public surface of every entry point matches its committed report (api/*.api.md)', () => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/api-report.mjs')], { cwd: ROOT, encoding: 'utf8' });
  // On failure the message is the diff between the committed report and the built surface.
  expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
    status: 0,
    output: expect.stringContaining('reports match the public surface'),
  });
}, 120_000);

test('every entry point exports the types its public signatures use (no ae-forgotten-export in any report)', () => {
  const api = join(ROOT, 'api');
  const reports = readdirSync(api).filter((file) => file.endsWith('.api.md'));
  expect(reports.length).toBe(ENTRIES.length);
  expect(
    reports.flatMap((file) =>
      readFileSync(join(api, file), 'utf8')
        .split('\n')
        .filter((line) => line.includes('ae-forgotten-export'))
        .map((line) => `${file}: ${line.trim()}`),
    ),
  ).toEqual([]);
});

describe.each(ENTRIES.map(([subpath, target]) => [subpath, target]))('entry %s', (_subpath, target) => {
  const source = join(ROOT, target.default.replace('./build/', '').replace(/\.js$/, '.ts'));

  test('names every export (no `export *`)', () => {
    expect(
      readFileSync(source, 'utf8')
        .split('\n')
        .filter((line) => /^\s*export \*/.test(line)),
    ).toEqual([]);
  });

  test('exports none of the internals', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const names = Object.keys(require(join(ROOT, target.default)) as object);
    const internals = [
      'diffLines',
      'splitLines',
      'hybridEncrypt',
      'describeValue',
      'safeCause',
      'editDistance',
      'kubeResource',
      'kubeResourceName',
      'typedKubeClass',
      'deliverSecret',
      'saveSealCaches',
      'forgetSealCaches',
    ];
    expect(names.filter((name) => internals.includes(name))).toEqual([]);
  });

  test("strips the front doors' plumbing from its declarations", () => {
    const declarations = readFileSync(join(ROOT, target.types), 'utf8');
    expect(declarations).not.toMatch(/emitTokenSecret|registerTokenSecret|resourceOptions\(/);
  });
});

test("the front doors' declarations hide plan, model and the registration plumbing", () => {
  for (const door of ['cdk8s', 'pulumi']) {
    const declarations = readFileSync(join(ROOT, `build/lib/${door}/secure-cluster.d.ts`), 'utf8');
    expect(declarations.split('\n').filter((line) => /\b(readonly (plan|model)\b|emitTokenSecret|registerTokenSecret|resourceOptions)/.test(line))).toEqual([]);
  }
});
