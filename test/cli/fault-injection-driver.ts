/**
 * Fault injection for every `pxsec` command that writes a file, run by fault-injection.slow.test.ts in its own
 * mount namespace (`unshare -rm`), where it mounts small tmpfs file systems: a full disk (32 KiB, then filled)
 * and a read-only one (remounted `ro`). Where mounting is not permitted it injects the same failures into `fs`
 * instead (and says so in its output). Every case runs `pxsec` in-process and reports, as JSON on stdout, the
 * exit code, standard error, whether the original file is byte-identical, and any temporary file left behind.
 *
 * Usage: tsx test/cli/fault-injection-driver.ts WORK_DIR
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
// The module object itself (an import namespace is a frozen copy), so that failures can be injected into it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require('node:fs');
import { basename, dirname, join } from 'node:path';
import { runCaptured } from '../support/captured-io';
import { defined } from '../support/defined';

/** A command that writes, and how to run it against a target in a directory. */
interface Writer {
  readonly name: string;
  /** The target file's name in the directory under test. */
  readonly target: string;
  /** The original content of the target, or undefined when the command creates it (the keystore). */
  readonly original?: Buffer;
  /** Arguments, the target given relative to the directory under test. */
  readonly argv: (target: string) => string[];
  readonly stdin?: string;
}

/** One outcome, as the slow test checks it. */
export interface FaultCase {
  readonly scenario: string;
  readonly writer: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The original is byte-identical (or, where there was none, nothing was created). */
  readonly unchanged: boolean;
  /** Files whose name ends in .tmp left anywhere under the directory. */
  readonly leftovers: readonly string[];
}

const FIXTURES = join(__dirname, '../fixtures');
const work = defined(process.argv[2], 'the work directory (argument 1)');
if (work === undefined) throw new Error('usage: fault-injection-driver.ts WORK_DIR');

const inputs = join(work, 'inputs');
fs.mkdirSync(inputs, { recursive: true });
const baseSpec = fs.readFileSync(join(FIXTURES, 'specs/01-daemonset-flow-args-lighthouse.yaml'), 'utf8');
// About 17 KB, as in the report: patching it in place needs a second copy's worth of space.
const spec = `${baseSpec}${Array.from({ length: 160 }, (_, i) => `# padding line ${i} of the spec, kept as written by the user ....\n`).join('')}`;
fs.writeFileSync(join(inputs, 'auth.yaml'), fs.readFileSync(join(FIXTURES, 'auth-configs/viewer.yaml')));
fs.writeFileSync(join(inputs, 'shared.txt'), 'q7Vh2Lr9XcTz4Kp8Nw3Ys6Bd1Gf5Jm0Hs2Ax9Ce4Rt7Uv3Wn8Qk6Pz1Ly5Ob2Mi0', { mode: 0o600 });
fs.copyFileSync(join(FIXTURES, 'sealing/example-sealing-cert.pem'), join(inputs, 'cert.pem'));
const SECRETS = 'apiVersion: v1\nkind: Secret\nmetadata: {name: px-user, namespace: tenant-a}\nstringData: {auth-token: "not-a-real-token-but-private"}\n';
fs.writeFileSync(join(inputs, 'secrets.yaml'), SECRETS);
const input = (name: string): string => join(inputs, name);

const ORIGINAL_PRIVATE = Buffer.from("the user's own file, which must survive byte for byte\n");
const cacheOriginal = Buffer.from(
  `${JSON.stringify({ version: 1, hmacKey: Buffer.alloc(32, 7).toString('base64'), entries: { ['a'.repeat(64)]: 'AAAA' } }, null, 2)}\n`,
);

const WRITERS: readonly Writer[] = [
  { name: 'patch -o SPEC (in place)', target: 'spec.yaml', original: Buffer.from(spec), argv: (t) => ['patch', t, '--issuer', 'portworx.com', '-o', t] },
  { name: 'keys generate --output', target: 'keys.yaml', original: ORIGINAL_PRIVATE, argv: (t) => ['keys', 'generate', '--output', t] },
  { name: 'keys generate --keystore', target: 'keystore.json', argv: (t) => ['keys', 'generate', '--keystore', t] },
  // The default layout: the .gitignore is written into .pxsec first, so it meets each fault before the keystore does.
  { name: 'keys generate --keystore .pxsec/', target: '.pxsec/keystore.json', argv: (t) => ['keys', 'generate', '--keystore', t] },
  {
    name: 'token generate --output',
    target: 'viewer.jwt',
    original: ORIGINAL_PRIVATE,
    argv: (t) => [
      'token',
      'generate',
      '--auth-config',
      input('auth.yaml'),
      '--issuer',
      'portworx.com',
      '--shared-secret-file',
      input('shared.txt'),
      '--output',
      t,
    ],
  },
  {
    name: 'seal -o',
    target: 'sealed.yaml',
    original: Buffer.from('# sealed secrets, committed\n'),
    argv: (t) => ['seal', input('secrets.yaml'), '--cert', input('cert.pem'), '-o', t],
  },
  {
    name: 'seal --cache',
    target: 'sealed-cache.json',
    original: cacheOriginal,
    argv: (t) => ['seal', input('secrets.yaml'), '--cert', input('cert.pem'), '--cache', t],
  },
];

const canMount = tryMount();

function tryMount(): boolean {
  const probe = join(work, 'probe');
  fs.mkdirSync(probe, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  return mounted;
}

/** A fresh directory for one case; with `size`, a tmpfs of that size mounted there. */
function freshDirectory(name: string, size?: string): string {
  const directory = join(work, name);
  fs.mkdirSync(directory, { recursive: true });
  if (size !== undefined && canMount) {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', directory], { encoding: 'utf8' });
    if (mount.status !== 0) throw new Error(`mount failed: ${mount.stderr}`);
  }
  return directory;
}

/** Fills the file system of `directory` until it has no space left. */
function fill(directory: string): void {
  const descriptor = fs.openSync(join(directory, 'filler'), 'w');
  const block = Buffer.alloc(512, 0x2e);
  try {
    for (;;) fs.writeSync(descriptor, block);
  } catch {
    // ENOSPC: full
  } finally {
    fs.closeSync(descriptor);
  }
  try {
    // Use up the last bytes too, one at a time.
    const tail = fs.openSync(join(directory, 'filler-tail'), 'w');
    try {
      for (;;) fs.writeSync(tail, Buffer.from('.'));
    } finally {
      fs.closeSync(tail);
    }
  } catch {
    // full
  }
}

function leftovers(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.tmp'));
}

/** Injected failures, where no small file system can be mounted: ENOSPC on every write, EROFS on every create. */
function inject(kind: 'ENOSPC' | 'EROFS', directory: string): () => void {
  const inside = (path: unknown): boolean => typeof path === 'string' && path.startsWith(directory);
  const fail = (): never => {
    throw Object.assign(new Error(`${kind} (injected)`), { code: kind });
  };
  const spies: jestLessSpy[] = [];
  if (kind === 'ENOSPC') spies.push(replace('writeSync', () => fail()));
  else {
    spies.push(
      replace('openSync', (original, path, flags, ...rest) => (inside(path) && flags !== 'r' && flags !== undefined ? fail() : original(path, flags, ...rest))),
    );
    spies.push(replace('mkdirSync', (original, path, ...rest) => (inside(path) ? fail() : original(path, ...rest))));
  }
  return () => spies.forEach((restore) => restore());
}

type jestLessSpy = () => void;
type AnyFunction = (...args: unknown[]) => unknown;

function replace(name: 'writeSync' | 'openSync' | 'mkdirSync', implementation: (original: AnyFunction, ...args: unknown[]) => unknown): jestLessSpy {
  const module = fs as unknown as Record<string, AnyFunction>;
  const original = module[name];
  if (original === undefined) throw new Error(`fs.${name} is not a function to replace`);
  module[name] = (...args: unknown[]) => implementation(original, ...args);
  return () => {
    module[name] = original;
  };
}

async function runCase(
  scenario: string,
  writer: Writer,
  prepare: (directory: string) => { target: string; check: () => boolean; undo?: () => void },
): Promise<FaultCase> {
  const directory = freshDirectory(
    `${scenario}-${writer.target.replace(/\//g, '_')}`,
    scenario === 'full-disk' || scenario === 'read-only-directory' ? '32k' : undefined,
  );
  // The target's directory exists (an existing, empty .pxsec for the keystore in it), unless the case removes it.
  fs.mkdirSync(dirname(join(directory, writer.target)), { recursive: true });
  const { target, check, undo } = prepare(directory);
  let result;
  try {
    result = await runCaptured(writer.argv(target), { cwd: directory, stdin: writer.stdin ?? '' });
  } catch (error) {
    result = { code: 70, stdout: '', stderr: `thrown: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  } finally {
    undo?.();
  }
  const outcome = {
    scenario,
    writer: writer.name,
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    unchanged: check(),
    leftovers: leftovers(directory),
  };
  // Never leave a mount behind (it matters where the driver runs outside its own mount namespace, e.g. as root).
  if (canMount && (scenario === 'full-disk' || scenario === 'read-only-directory')) spawnSync('umount', [directory]);
  return outcome;
}

/** The original target is byte-identical, or (without an original) nothing was created, nor anything beside it in a .pxsec. */
function unchangedCheck(path: string, original: Buffer | undefined): () => boolean {
  return () => (original === undefined ? !fs.existsSync(path) && emptyPxsec(path) : fs.readFileSync(path).equals(original));
}

/** A keystore's .pxsec directory holds nothing (no .gitignore without its keystore); true for other directories. */
function emptyPxsec(path: string): boolean {
  const directory = dirname(path);
  return !directory.endsWith('/.pxsec') || !fs.existsSync(directory) || fs.readdirSync(directory).length === 0;
}

/** Fails `openSync` with `code` for the paths `matches` selects (the temporary files of one write). */
function failOpening(matches: (path: string) => boolean, code: string): () => void {
  return replace('openSync', (original, path, flags, ...rest) => {
    if (typeof path === 'string' && matches(path)) throw Object.assign(new Error(`${code} (injected)`), { code });
    return original(path, flags, ...rest);
  });
}

/**
 * The keystore in a new .pxsec: the .gitignore cannot be written, or it is written and then the keystore cannot
 * be. Either way the command fails with one coded error and leaves no .pxsec behind (no half keystore).
 */
async function keystoreCreationCases(): Promise<FaultCase[]> {
  const writer = WRITERS.find((candidate) => candidate.target === '.pxsec/keystore.json') as Writer;
  const cases: FaultCase[] = [];
  for (const [scenario, temporary] of [
    ['gitignore-write-fails', '..gitignore.'],
    ['keystore-write-fails-after-gitignore', '.keystore.json.'],
  ] as const) {
    const directory = freshDirectory(scenario);
    const undo = failOpening((path) => path.startsWith(join(directory, '.pxsec', temporary)), 'ENOSPC');
    let result;
    try {
      result = await runCaptured(writer.argv(writer.target), { cwd: directory, stdin: '' });
    } finally {
      undo();
    }
    cases.push({
      scenario,
      writer: writer.name,
      code: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
      unchanged: !fs.existsSync(join(directory, '.pxsec')),
      leftovers: leftovers(directory),
    });
  }
  return cases;
}

async function main(): Promise<void> {
  const cases: FaultCase[] = [];
  for (const writer of WRITERS) {
    cases.push(
      await runCase('full-disk', writer, (directory) => {
        const path = join(directory, writer.target);
        if (writer.original !== undefined) fs.writeFileSync(path, writer.original, { mode: 0o600 });
        if (canMount) {
          // The spec is patched in place on a disk with room for 3 of the 5 pages its new copy needs (the issue's
          // repro: a short write of 12,288 bytes); every other writer meets a disk with no room at all.
          if (writer.target !== 'spec.yaml') fill(directory);
          return { target: writer.target, check: unchangedCheck(path, writer.original) };
        }
        return { target: writer.target, check: unchangedCheck(path, writer.original), undo: inject('ENOSPC', directory) };
      }),
    );
    cases.push(
      await runCase('read-only-directory', writer, (directory) => {
        const path = join(directory, writer.target);
        if (writer.original !== undefined) fs.writeFileSync(path, writer.original, { mode: 0o600 });
        if (canMount) {
          const remount = spawnSync('mount', ['-o', 'remount,ro', directory], { encoding: 'utf8' });
          if (remount.status !== 0) throw new Error(`remount failed: ${remount.stderr}`);
          return { target: writer.target, check: unchangedCheck(path, writer.original) };
        }
        return { target: writer.target, check: unchangedCheck(path, writer.original), undo: inject('EROFS', directory) };
      }),
    );
    cases.push(
      await runCase('symlinked-target', writer, (directory) => {
        // The link points at the user's file elsewhere (for the keystore: a valid keystore, which is only read).
        const elsewhere = join(directory, 'elsewhere');
        fs.mkdirSync(elsewhere);
        const real = join(elsewhere, basename(writer.target));
        const original = writer.original ?? keystoreText();
        fs.writeFileSync(real, original, { mode: 0o600 });
        fs.symlinkSync(real, join(directory, writer.target));
        return { target: writer.target, check: () => fs.readFileSync(real).equals(original) && fs.lstatSync(join(directory, writer.target)).isSymbolicLink() };
      }),
    );
    cases.push(
      await runCase('dangling-symlink', writer, (directory) => {
        const elsewhere = join(directory, 'elsewhere');
        fs.mkdirSync(elsewhere);
        fs.symlinkSync(join(elsewhere, 'missing'), join(directory, writer.target));
        return { target: writer.target, check: () => fs.readdirSync(elsewhere).length === 0 && fs.lstatSync(join(directory, writer.target)).isSymbolicLink() };
      }),
    );
  }
  cases.push(...(await keystoreCreationCases()));
  process.stdout.write(`${JSON.stringify({ mounted: canMount, cases })}\n`);
}

function keystoreText(): Buffer {
  const key = (): string => randomBytes(48).toString('base64');
  return Buffer.from(`${JSON.stringify({ 'system-secret': key(), 'stork-secret': key(), 'shared-secret': key() }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`driver failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
