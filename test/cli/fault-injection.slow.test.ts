/**
 * Fault injection for every command that writes (patch -o, keys generate --output and --keystore, token generate
 * --output, seal -o and --cache; the keystore also in a .pxsec, whose .gitignore is written first): a full disk,
 * a read-only directory, a symlinked target and a dangling symlink; and the keystore's creation failing at its
 * .gitignore or right after it.
 * The driver runs in its own mount namespace (`unshare -rm`) so it can mount small tmpfs file systems; where that
 * is not permitted it injects the same errno into `fs` (its output says which).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultCase } from './fault-injection-driver';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const DRIVER = join(__dirname, 'fault-injection-driver.ts');

let work: string;
let result: { mounted: boolean; cases: FaultCase[] };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'pxsec-faults-'));
  const inNamespace = spawnSync('unshare', ['-rm', TSX, DRIVER, work], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const run = inNamespace.status === 0 ? inNamespace : spawnSync(TSX, [DRIVER, join(work, 'plain')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`fault-injection driver failed: ${run.stderr}`);
  result = JSON.parse(run.stdout) as typeof result;
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const WRITERS = [
  'patch -o SPEC (in place)',
  'keys generate --output',
  'keys generate --keystore',
  'keys generate --keystore .pxsec/',
  'token generate --output',
  'seal -o',
  'seal --cache',
];
const SCENARIOS = ['full-disk', 'read-only-directory', 'symlinked-target', 'dangling-symlink'];
/** The keystore's creation in a new .pxsec, failing at its .gitignore or at the keystore after the .gitignore. */
const KEYSTORE_SCENARIOS = ['gitignore-write-fails', 'keystore-write-fails-after-gitignore'];
/** The cases that write nothing: a keystore reached through a link to a valid keystore is only read. */
const READ_ONLY_CASES = ['symlinked-target/keys generate --keystore', 'symlinked-target/keys generate --keystore .pxsec/'];

test('every writer meets every fault', () => {
  expect(result.cases.map((c) => `${c.scenario}/${c.writer}`).sort()).toEqual(
    [...SCENARIOS.flatMap((s) => WRITERS.map((w) => `${s}/${w}`)), ...KEYSTORE_SCENARIOS.map((s) => `${s}/keys generate --keystore .pxsec/`)].sort(),
  );
});

test.each(KEYSTORE_SCENARIOS)('%s: one coded ENOSPC error, exit 2, no .pxsec left (no half keystore, no lone .gitignore)', (scenario) => {
  const found = result.cases.find((c) => c.scenario === scenario) as FaultCase;
  expect(found.code).toBe(2);
  expect(found.unchanged).toBe(true);
  expect(found.leftovers).toEqual([]);
  const errorLines = found.stderr.split('\n').filter((line) => line.startsWith('pxsec: error '));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(
    scenario === 'gitignore-write-fails'
      ? /^pxsec: error KEYSTORE_UNWRITABLE: keystore \.gitignore ".*\/\.pxsec\/\.gitignore" cannot be written \(ENOSPC\)/
      : /^pxsec: error KEYSTORE_UNWRITABLE: keystore ".*\/\.pxsec\/keystore\.json" cannot be written \(ENOSPC\)/,
  );
  expect(found.stdout).toBe('');
});

describe.each(SCENARIOS)('%s', (scenario) => {
  test.each(WRITERS)('%s: the original is byte-identical, no temporary file is left, one coded error line, exit 2', (writer) => {
    const found = result.cases.find((c) => c.scenario === scenario && c.writer === writer) as FaultCase;
    expect(found.unchanged).toBe(true);
    expect(found.leftovers).toEqual([]);
    if (READ_ONLY_CASES.includes(`${scenario}/${writer}`)) {
      expect(found.code).toBe(0);
      return;
    }
    expect(found.code).toBe(2);
    const errorLines = found.stderr.split('\n').filter((line) => line.startsWith('pxsec: error '));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^pxsec: error [A-Z_]+: /);
    if (scenario === 'full-disk') expect(errorLines[0]).toContain('(ENOSPC)');
    if (scenario === 'read-only-directory') expect(errorLines[0]).toContain('(EROFS)');
    // Nothing half-written went to standard output either.
    expect(found.stdout).toBe('');
  });
});
