#!/usr/bin/env node
/**
 * The consumer matrix (`npm run test:consumers`): packs the package once, installs the tarball into small
 * projects created outside the repository (so our own node_modules cannot hide a missing dependency or a
 * resolution problem), each with its own pinned dependencies, and uses it as their users do:
 *
 *   cdk8s-app   cdk8s `typescript-app` layout (its tsconfig: CommonJS, node10 resolution, lib es2016, TypeScript
 *               4.9): tsc, the app synthesized by cdk8s.yaml's `app` command (ts-node), `pxsec check` of the output
 *   pulumi-app  Pulumi nodejs layout (moduleResolution "node"): tsc, the program run under pulumi.runtime.setMocks
 *   node16, bundler, esm  every entry point type-checked under node16 and bundler resolution; a plain .mjs
 *   readme      every ```ts block of README.md type-checked (test snippets with @jest/globals); the cdk8s program
 *               synthesized and its output checked with `pxsec check` (exit 0: warnings allowed, no errors)
 *   jest        jest 29 + ts-jest with its default config (preset 'ts-jest'), in the cdk8s template's layout and
 *               tsconfig: a snapshot test written as the README shows, run in two directories, no keystore
 *   pxsec       `npx pxsec --version`
 *
 * Projects install concurrently and share one npm cache (npm's default, or npm_config_cache; warm: --prefer-offline).
 * A failing step prints the consumer's name, the command and its output; the run then exits 1. `--keep` keeps
 * the temporary directory.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SPEC = join(ROOT, 'examples', 'cdk8s', 'px-spec.yaml');
const KEEP = process.argv.includes('--keep');
const started = Date.now();

/** A step that failed: which consumer, which command, what it printed. */
class StepFailure extends Error {
  constructor(consumer, command, output) {
    super(`${consumer}: ${command}`);
    this.consumer = consumer;
    this.command = command;
    this.output = output;
  }
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/** Runs a command (no shell unless `shell`), returns its combined output; throws a StepFailure when it fails. */
function run(consumer, command, args, { cwd, env = {}, shell = false, expectExit = 0, stdoutOnly = false } = {}) {
  const shown = [command, ...args].join(' ');
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, shell, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => reject(new StepFailure(consumer, shown, String(error))));
    child.on('close', (code) => {
      if (code !== expectExit) {
        reject(new StepFailure(consumer, `${shown}  (in ${cwd}; exit ${code}, expected ${expectExit})`, output));
        return;
      }
      process.stdout.write(`ok    ${consumer}: ${shown} (${seconds(start)})\n`);
      resolve(stdoutOnly ? stdout : output);
    });
  });
}

/** Fails the consumer unless `condition`. */
function expect(consumer, condition, what, output = '') {
  if (!condition) throw new StepFailure(consumer, what, output);
  process.stdout.write(`ok    ${consumer}: ${what}\n`);
}

/** Copies test/consumers/<name> into the work directory, points it at the tarball and installs it. */
async function install(work, name, tarball) {
  const dir = join(work, name);
  cpSync(join(HERE, name), dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('file:PX_TARBALL', `file:${tarball}`));
  cpSync(SPEC, join(dir, 'px-spec.yaml'));
  await run(name, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: dir });
  return dir;
}

/** Files and directories named `name` anywhere under `dir` (outside node_modules). */
function findNamed(dir, name) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.name === name) found.push(path);
    if (entry.isDirectory()) found.push(...findNamed(path, name));
  }
  return found;
}

async function cdk8sApp(work, tarball, version) {
  const dir = await install(work, 'cdk8s-app', tarball);
  await run('cdk8s-app', 'npx', ['tsc', '--build'], { cwd: dir });
  // Synthesize as `cdk8s synth` does: run cdk8s.yaml's app command with the output directory in CDK8S_OUTDIR.
  const app = /^app:\s*(.+)$/m.exec(readFileSync(join(dir, 'cdk8s.yaml'), 'utf8'))?.[1];
  await run('cdk8s-app', app, [], { cwd: dir, shell: true, env: { CDK8S_OUTDIR: 'dist' } });
  const manifest = join(dir, 'dist', 'px-consumer.k8s.yaml');
  const text = existsSync(manifest) ? readFileSync(manifest, 'utf8') : '';
  expect(
    'cdk8s-app',
    ['name: pxkeys', 'kind: StorageClass', 'kind: DaemonSet', 'name: tenant-a'].every((s) => text.includes(s)),
    'dist/px-consumer.k8s.yaml holds pxkeys, the DaemonSet, the tenant and the StorageClass',
  );
  await run('cdk8s-app', 'npx', ['pxsec', 'check', 'dist'], { cwd: dir });
  const printed = await run('pxsec', 'npx', ['pxsec', '--version'], { cwd: dir });
  expect('pxsec', printed.trim() === version, `npx pxsec --version prints ${version}`, printed);
}

async function pulumiApp(work, tarball) {
  const dir = await install(work, 'pulumi-app', tarball);
  await run('pulumi-app', 'npx', ['tsc', '--noEmit'], { cwd: dir });
  await run('pulumi-app', 'npx', ['ts-node', 'run-with-mocks.ts'], { cwd: dir });
}

/** The ```ts blocks of README.md, with the line each starts on. */
function readmeBlocks() {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const blocks = [];
  let current;
  lines.forEach((line, index) => {
    if (current === undefined && /^```ts\s*$/.test(line)) current = { line: index + 2, text: [] };
    else if (current !== undefined && /^```\s*$/.test(line)) {
      blocks.push({ line: current.line, text: current.text.join('\n') + '\n' });
      current = undefined;
    } else if (current !== undefined) current.text.push(line);
  });
  return blocks;
}

async function node16(modernDir) {
  await run('node16', 'npx', ['tsc', '-p', 'tsconfig.node16.json'], { cwd: await modernDir });
}

async function bundler(modernDir) {
  await run('bundler', 'npx', ['tsc', '-p', 'tsconfig.bundler.json'], { cwd: await modernDir });
}

async function esm(modernDir) {
  await run('esm', 'node', ['esm.mjs'], { cwd: await modernDir });
}

async function readme(modernDir) {
  const dir = await modernDir;
  const blocks = readmeBlocks();
  expect('readme', blocks.length > 0, 'README.md has ```ts blocks');
  mkdirSync(join(dir, 'readme'));
  blocks.forEach((block, i) => writeFileSync(join(dir, 'readme', `block-${i + 1}.ts`), `// README.md line ${block.line}\n${block.text}`));
  const where = blocks.map((block, i) => `readme/block-${i + 1}.ts is README.md line ${block.line}`).join('; ');
  await run('readme', 'npx', ['tsc', '-p', 'tsconfig.readme.json'], { cwd: dir }).catch((failure) => {
    failure.output = `${where}\n${failure.output}`;
    throw failure;
  });
  for (const [i, block] of blocks.entries()) {
    // The cdk8s program (not a jest test that uses the constructs): synthesize it and check its output.
    const cdk8sProgram =
      block.text.includes("from 'px-security-constructs/cdk8s'") && block.text.includes('.synth()') && !block.text.includes("'@jest/globals'");
    if (!cdk8sProgram) continue;
    const runDir = join(dir, `readme-run-${i + 1}`);
    mkdirSync(runDir);
    cpSync(SPEC, join(runDir, 'px-spec.yaml'));
    // The asymmetric-token program reads the key its comment tells the user to make with openssl: make it here.
    if (block.text.includes("'jwt-private.pem'")) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      writeFileSync(join(runDir, 'jwt-private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    await run('readme', 'node', [join(dir, 'readme-build', `block-${i + 1}.js`)], { cwd: runDir });
    // One file per chart: a program of several clusters (one chart each) is checked as the README says, each file
    // one cluster's bundle (--clusters), so two clusters sharing a key would be an error.
    const files = readdirSync(join(runDir, 'dist'))
      .filter((file) => file.endsWith('.yaml'))
      .sort();
    const clusters = block.text.includes('clusterName') && files.length > 1;
    const paths = clusters ? ['--clusters', ...files.map((file) => join('dist', file))] : ['dist'];
    await run('readme', 'node', [join(dir, 'node_modules', '.bin', 'pxsec'), 'check', ...paths], { cwd: runDir });
  }
}

async function jest(work, tarball) {
  const first = await install(work, 'jest', tarball);
  await run('jest', 'npx', ['jest', '--ci=false'], { cwd: first });
  const snapshot = join(first, '__snapshots__', 'chart.test.ts.snap');
  expect('jest', existsSync(snapshot), 'the first run wrote __snapshots__/chart.test.ts.snap');
  const written = readFileSync(snapshot, 'utf8');
  // No token in the snapshot: neither a JWT header nor its base64 (Secret data).
  expect('jest', !written.includes('eyJhbGciOi') && !written.includes('ZXlKaGJHY2lPaU'), 'the snapshot holds no token', written.slice(0, 2000));

  // The same test in another directory (a fresh clone elsewhere, a year later): must match the committed snapshot.
  const second = join(work, 'jest-second-clone');
  mkdirSync(second);
  for (const entry of readdirSync(first)) {
    if (entry !== 'node_modules') cpSync(join(first, entry), join(second, entry), { recursive: true });
  }
  symlinkSync(join(first, 'node_modules'), join(second, 'node_modules'), 'dir');
  const aYearLater = String(Math.floor(Date.now() / 1000) + 400 * 86400);
  await run('jest', 'npx', ['jest', '--ci'], { cwd: second, env: { SOURCE_DATE_EPOCH: aYearLater } });
  expect('jest', readFileSync(join(second, '__snapshots__', 'chart.test.ts.snap'), 'utf8') === written, 'the second run left the snapshot as it was');
  const keystores = [...findNamed(first, '.pxsec'), ...findNamed(second, '.pxsec')];
  expect('jest', keystores.length === 0, 'no .pxsec/ was created', keystores.join('\n'));
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'pxsec-consumers-'));
  process.stdout.write(`consumer matrix in ${work}\n`);
  let failures = [];
  try {
    await run('pack', 'npm', ['run', 'build'], { cwd: ROOT });
    const packed = JSON.parse(
      await run('pack', 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, '--loglevel=error'], { cwd: ROOT, stdoutOnly: true }),
    );
    const tarball = join(work, packed[0].filename);
    const version = packed[0].version;
    // node16, bundler, esm and readme share one installed project ("modern"); every other consumer has its own.
    const modernDir = install(work, 'modern', tarball);
    const consumers = [
      cdk8sApp(work, tarball, version),
      pulumiApp(work, tarball),
      jest(work, tarball),
      node16(modernDir),
      bundler(modernDir),
      esm(modernDir),
      readme(modernDir),
    ];
    const settled = await Promise.allSettled([modernDir, ...consumers]);
    // An install that fails is reported once (by itself), not again by each consumer waiting on it.
    failures = [...new Set(settled.filter((result) => result.status === 'rejected').map((result) => result.reason))];
  } catch (error) {
    failures = [error];
  }
  for (const failure of failures) {
    if (failure instanceof StepFailure) {
      process.stderr.write(`\nFAIL  ${failure.consumer}: ${failure.command}\n${failure.output.trimEnd()}\n`);
    } else {
      process.stderr.write(`\nFAIL  ${failure instanceof Error ? failure.stack : String(failure)}\n`);
    }
  }
  if (failures.length > 0 || KEEP) {
    process.stdout.write(`\nkept ${work} (${relative(ROOT, work)})\n`);
  } else {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(
    `\nconsumer matrix: ${failures.length === 0 ? 'all passed' : `${failures.length} consumer(s) failed: ${failures.map((f) => f.consumer ?? '?').join(', ')}`} in ${seconds(started)}\n`,
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
