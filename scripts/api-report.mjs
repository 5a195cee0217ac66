// The public API report: one `api/<entry>.api.md` per package entry point, written by API Extractor from the
// built declarations (build/lib/**/index.d.ts, with @internal members stripped).
//
//   node scripts/api-report.mjs            check: fails (exit 1) and prints the diff when the public surface
//                                          differs from the committed report
//   node scripts/api-report.mjs --update   rewrite api/*.api.md (npm run api:update builds first)
//
// Needs `npm run build` first. Works offline: API Extractor is a pinned devDependency with its own compiler.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const API_DIR = join(ROOT, 'api');
const update = process.argv.includes('--update');

/** Every entry point of package.json `exports` with a `types` condition: [report name, .d.ts path]. */
function entryPoints() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target.types)
    .map(([subpath, target]) => [subpath === '.' ? 'px-security-constructs' : `px-security-constructs.${subpath.slice(2)}`, join(ROOT, target.types)]);
}

/** Runs API Extractor on one entry point, writing its report into `folder`; returns the problems it found. */
function extract(reportName, declarations, folder) {
  if (!existsSync(declarations)) throw new Error(`${declarations} does not exist: run \`npm run build\` first`);
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: declarations,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'node16',
            moduleResolution: 'node16',
            lib: ['ES2022'],
            types: ['node'],
            strict: true,
            skipLibCheck: true,
          },
          files: [declarations],
        },
        skipLibCheck: true,
      },
      apiReport: { enabled: true, reportFileName: `${reportName}.api.md`, reportFolder: folder, reportTempFolder: folder },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning' },
          // No release tags (@public/@beta) in this package: what an entry exports is public.
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-internal-missing-underscore': { logLevel: 'none' },
          // A {@link} to a module-private helper is a documentation matter.
          'ae-unresolved-link': { logLevel: 'none' },
          'ae-unresolved-inheritdoc-reference': { logLevel: 'none' },
          // Props without their own TSDoc are a lint matter, not a change of surface.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
          // An entry exports every type its public signatures use: a forgotten export fails the report.
          'ae-forgotten-export': { logLevel: 'error', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(ROOT, 'api', 'api-extractor.json'),
    packageJsonFullPath: join(ROOT, 'package.json'),
  });
  const problems = [];
  const result = Extractor.invoke(config, {
    localBuild: true,
    showVerboseMessages: false,
    messageCallback: (message) => {
      if (message.logLevel === 'warning' || message.logLevel === 'error') problems.push(`${reportName}: ${message.text}`);
      message.handled = true;
    },
  });
  if (!result.succeeded) problems.push(`${reportName}: API Extractor failed (${result.errorCount} errors)`);
  return problems;
}

const work = mkdtempSync(join(tmpdir(), 'px-api-report-'));
try {
  const problems = [];
  const written = [];
  for (const [reportName, declarations] of entryPoints()) {
    problems.push(...extract(reportName, declarations, work));
    written.push(`${reportName}.api.md`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
  if (update) {
    mkdirSync(API_DIR, { recursive: true });
    for (const file of readdirSync(API_DIR).filter((name) => name.endsWith('.api.md') && !written.includes(name))) rmSync(join(API_DIR, file));
    for (const file of written) writeFileSync(join(API_DIR, file), readFileSync(join(work, file)));
    console.log(`api: wrote ${written.length} reports to api/`);
  } else {
    const stale = [];
    for (const file of written) {
      const committed = join(API_DIR, file);
      if (!existsSync(committed)) {
        stale.push(`api/${file} is missing`);
        continue;
      }
      if (readFileSync(committed, 'utf8') === readFileSync(join(work, file), 'utf8')) continue;
      const diff = spawnSync('diff', ['-u', '--label', `api/${file} (committed)`, '--label', `api/${file} (built)`, committed, join(work, file)], {
        encoding: 'utf8',
      });
      stale.push(diff.stdout || `api/${file} differs`);
    }
    const extra = existsSync(API_DIR) ? readdirSync(API_DIR).filter((name) => name.endsWith('.api.md') && !written.includes(name)) : [];
    for (const file of extra) stale.push(`api/${file} is committed but no entry point produces it`);
    if (stale.length > 0) {
      console.error(stale.join('\n'));
      console.error('\nThe public API changed without its report: review the diff above, then run `npm run api:update` and commit api/.');
      process.exitCode = 1;
    } else {
      console.log(`api: ${written.length} reports match the public surface`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
