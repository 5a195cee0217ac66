/**
 * The published package, as npm packs it and node loads it: what the tarball holds, what each entry point loads,
 * and what `pxsec` loads for `--help` and `token decode`. Runs node in child processes on build/, which the slow
 * tier's global setup compiles once (test/support/build-once.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
};
/** The entry points whose sources exist on this branch (./testing and ./errors arrive from other branches). */
const ENTRIES = Object.entries(MANIFEST.exports)
  .filter((entry): entry is [string, { types: string; default: string }] => typeof entry[1] !== 'string')
  .filter(([, target]) => existsSync(join(ROOT, target.default.replace('./build/', '').replace(/\.js$/, '.ts'))));

let scratch: string;
/** A preload that makes `require('jose')` fail and prints every loaded module when the process exits. */
let preload: string;

beforeAll(() => {
  // build/ is the slow tier's one build (jest global setup, test/support/build-once.ts): no second tsc run here.
  scratch = mkdtempSync(join(tmpdir(), 'pxsec-package-'));
  preload = join(scratch, 'preload.js');
  writeFileSync(
    preload,
    [
      "const Module = require('node:module');",
      'const resolve = Module._resolveFilename;',
      "Module._resolveFilename = function (request, ...rest) { if (request === 'jose' || request.startsWith('jose/')) throw new Error('jose was loaded'); return resolve.call(this, request, ...rest); };",
      "process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));",
    ].join('\n'),
  );
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs node with the preload from the repository root; returns its exit code, stdout and the modules it loaded. */
function nodeRun(args: readonly string[]): { status: number | null; stdout: string; loaded: string[] } {
  const result = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: ROOT, encoding: 'utf8' });
  const line = /\nLOADED (.*)\n/.exec(result.stderr)?.[1];
  if (line === undefined) throw new Error(`node ${args.join(' ')} printed no module list: ${result.stderr}`);
  const loaded = (JSON.parse(line) as string[]).map((path) => path.replace(`${ROOT}/`, ''));
  return { status: result.status, stdout: result.stdout, loaded };
}

describe('the tarball', () => {
  let files: string[];
  beforeAll(() => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' }),
    ) as { files: { path: string }[] }[];
    files = packed[0]!.files.map((file) => file.path).sort();
  }, 60_000);

  test('holds the license, the readme, the manifest and build/lib only', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    expect(files.filter((file) => !['LICENSE', 'README.md', 'package.json'].includes(file) && !file.startsWith('build/lib/'))).toEqual([]);
  });

  test('holds no tests, fixtures, snapshots, keystores, certificates, keys or .pxsec', () => {
    const forbidden = /(^|\/)(test|tests|__snapshots__|fixtures|\.pxsec)(\/|$)|\.test\.|\.snap$|keystore|\.pem$|\.crt$|\.key$|\.p12$|\.tsbuildinfo$|\.env$/;
    expect(files.filter((file) => forbidden.test(file))).toEqual([]);
  });

  test('holds the code and the types of every entry point, and the pxsec bin', () => {
    for (const [, target] of ENTRIES) {
      expect(files).toContain(target.default.replace('./', ''));
      expect(files).toContain(target.types.replace('./', ''));
    }
    expect(files).toContain('build/lib/cli/main.js');
  });

  test('typesVersions (for node10 resolution) point at the same declarations as exports', () => {
    for (const [subpath, target] of Object.entries(MANIFEST.exports)) {
      if (subpath === '.' || typeof target === 'string') continue;
      expect(MANIFEST.typesVersions['*']?.[subpath.slice(2)]).toEqual([target.types.replace('./', '')]);
    }
  });
});

describe('loading the package', () => {
  test.each(ENTRIES.map(([subpath]) => [subpath]))("require('%s') loads no ES-only module (jose) and nothing it does not need", (subpath) => {
    const specifier = subpath === '.' ? MANIFEST.name : `${MANIFEST.name}${subpath.slice(1)}`;
    const run = nodeRun(['-e', `require(${JSON.stringify(specifier)})`]);
    expect(run.status).toBe(0);
    expect(run.loaded.filter((path) => path.includes('/jose/'))).toEqual([]);
    if (subpath === './cdk8s') {
      // The construct front door: no YAML parser, spec patching, sealing, audit or CLI until they are used.
      expect(
        run.loaded.filter((path) =>
          /^node_modules\/yaml\/|lib\/core\/(audit|spec)\/|lib\/core\/sealing\/(sealed-secret|external-secret)|lib\/cli\//.test(path),
        ),
      ).toEqual([]);
    }
    if (subpath === './pulumi') {
      // The Pulumi front door: no YAML parser until a spec is parsed, no @pulumi/random until keys are generated.
      expect(run.loaded.filter((path) => /^node_modules\/(yaml|@pulumi\/random)\//.test(path))).toEqual([]);
    }
    if (subpath !== './cdk8s' && subpath !== './pulumi') {
      // A Pulumi user has no cdk8s, and a cdk8s user no Pulumi: only their own front doors load them.
      expect(run.loaded.filter((path) => /node_modules\/(cdk8s|constructs|@pulumi)\//.test(path))).toEqual([]);
    }
  });
});

describe('pxsec loads only the command it runs', () => {
  const commandFiles = ['patch', 'seal', 'token', 'keys', 'check'].map((name) => `build/lib/cli/${name}.js`);

  test('pxsec --help loads no command file (only their loaders), no YAML parser and no core beyond errors and did-you-mean', () => {
    const run = nodeRun(['build/lib/cli/main.js', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Commands:');
    expect(run.loaded.filter((path) => !path.includes('node_modules/commander/'))).toEqual([
      preload,
      'build/lib/cli/main.js',
      'build/lib/core/errors/errors.js',
      'build/lib/cli/exit-codes.js',
      'build/lib/cli/io.js',
      // The command loaders (require calls in functions that --help never calls), not the command files.
      'build/lib/cli/loaders/commands.js',
      'build/lib/cli/usage-errors.js',
      'build/lib/core/errors/near-miss.js',
      'build/lib/core/errors/edit-distance.js',
    ]);
  });

  test('pxsec token decode loads the token command only, without the YAML parser or jose', () => {
    // A token whose header and claims decode; decode checks nothing.
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: 'portworx.com', sub: 'x', exp: 2000000000, iat: 1700000000 })}.c2ln`;
    const run = nodeRun(['build/lib/cli/main.js', 'token', 'decode', token]);
    expect(run.status).toBe(0);
    expect(run.loaded).toContain('build/lib/cli/token.js');
    expect(run.loaded.filter((path) => commandFiles.includes(path) && path !== 'build/lib/cli/token.js')).toEqual([]);
    expect(run.loaded.filter((path) => /node_modules\/(yaml|jose)\/|lib\/core\/(spec|audit|sealing)\//.test(path))).toEqual([]);
  });

  test('node build/lib/cli/main.js --version prints the package version', () => {
    const run = nodeRun(['build/lib/cli/main.js', '--version']);
    expect(run).toMatchObject({ status: 0, stdout: `${MANIFEST.version}\n` });
  });
});
