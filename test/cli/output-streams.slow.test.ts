/**
 * The real process's standard output: a reader that closes the pipe early (`| head -c1`) ends the run quietly
 * with the command's own exit code; a standard output that cannot be written (`> /dev/full`) is one line on
 * standard error and exit 2, never a stack trace and never exit 1 (which means findings).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'lib/cli/main.ts');
const LARGE_SPEC = join(ROOT, 'test/fixtures/specs/12-large-52-documents.yaml');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-streams-'));
  // Many token Secrets that hold no JWT: a report far larger than a pipe's buffer, with errors (exit 1).
  const secrets = Array.from(
    { length: 1500 },
    (_, i) =>
      // Stork's skip annotation marks each as a Portworx token Secret (token-secrets.ts), so each bad token is an error.
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: px-user-${i}\n  namespace: tenant-a\n  annotations: {stork.libopenstorage.org/skip-resource: "true"}\nstringData:\n  auth-token: "not-a-jwt"\n`,
  ).join('---\n');
  writeFileSync(join(dir, 'tokens.yaml'), secrets);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs pxsec with its stdout read until `bytes` bytes arrived, then closed (as `| head -c BYTES`). */
function runAndCloseEarly(args: string[], bytes: number): Promise<{ code: number | null; stderr: string; received: number }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let received = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stderr, received }));
  });
}

describe('a closed pipe (EPIPE) ends quietly', () => {
  test("pxsec check BIG | head -c1: the command's own exit code (1: findings), nothing on stderr", async () => {
    const run = await runAndCloseEarly(['check', 'tokens.yaml'], 1);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 60_000);

  test('pxsec patch LARGE | head -c1: exit 0, nothing on stderr but the report', async () => {
    const run = await runAndCloseEarly(['patch', LARGE_SPEC, '--issuer', 'portworx.com'], 1);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/Error|EPIPE|at .*\(/);
  }, 60_000);
});

describe('a standard output that cannot be written', () => {
  test('pxsec keys generate > /dev/full: one line on stderr naming ENOSPC, exit 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(TSX, [MAIN, 'keys', 'generate'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe(
        'pxsec: error STDOUT_WRITE_FAILED: standard output cannot be written (ENOSPC): write to a file with enough space, or to a pipe that stays open\n',
      );
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
  }, 60_000);

  test('pxsec check BIG > /dev/full: exit 2 rather than 1, though there are findings', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(TSX, [MAIN, 'check', 'tokens.yaml'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toMatch(/^pxsec: error STDOUT_WRITE_FAILED: standard output cannot be written \(ENOSPC\)[^\n]*\n$/);
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
  }, 60_000);
});
