/**
 * `pxsec seal --cache` as real processes: sixteen runs on one cache at once lose no entry (each process appends
 * under the cache's lock file, and folds the journal in under it), and a FIFO as cache is refused, not waited on.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_CLI } from '../support/build-once';
import { makeControllerKeys } from '../core/sealing/controller-keys';

const PROCESSES = 16;
const SECRETS_EACH = 4;

let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-seal-concurrent-'));
  fs.writeFileSync(path.join(directory, 'cert.pem'), makeControllerKeys().certificatePem);
  for (let p = 0; p < PROCESSES; p++) {
    const secrets = Array.from(
      { length: SECRETS_EACH },
      (_, i) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s${i}, namespace: team-${p}}\nstringData: {token: value-${p}-${i}}\n`,
    );
    fs.writeFileSync(path.join(directory, `team-${p}.yaml`), secrets.join('---\n'));
  }
});

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function seal(team: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUILT_CLI, 'seal', `team-${team}.yaml`, '--cert', 'cert.pem', '--cache', '.pxsec/sealed-cache.json'], {
      cwd: directory,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test(`${PROCESSES} processes sealing into one new cache at once lose no entry: each run's output comes back byte-identical`, async () => {
  const teams = Array.from({ length: PROCESSES }, (_, p) => p);
  const first = await Promise.all(teams.map(seal));
  expect(first.map((run) => [run.code, run.stderr])).toEqual(teams.map(() => [0, '']));
  const cache = JSON.parse(fs.readFileSync(path.join(directory, '.pxsec/sealed-cache.json'), 'utf8')) as { entries: Record<string, string> };
  expect(Object.keys(cache.entries)).toHaveLength(PROCESSES * SECRETS_EACH);
  expect(fs.readdirSync(path.join(directory, '.pxsec'))).toEqual(['sealed-cache.json']); // no journal, no lock left
  // Every ciphertext was kept: a second round (again all at once) seals nothing afresh.
  const second = await Promise.all(teams.map(seal));
  expect(second.map((run) => run.stdout)).toEqual(first.map((run) => run.stdout));
}, 180_000);

test('a FIFO as cache is refused at once (exit 2), like a FIFO as keystore, instead of waiting for a writer', () => {
  execFileSync('mkfifo', ['-m', '600', path.join(directory, 'fifo-cache')]);
  const run = spawnSync(process.execPath, [BUILT_CLI, 'seal', 'team-0.yaml', '--cert', 'cert.pem', '--cache', 'fifo-cache'], {
    cwd: directory,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.signal).toBeNull(); // not killed by the timeout
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(
    `pxsec: error SEAL_CACHE_INVALID: sealing cache ${JSON.stringify(path.join(directory, 'fifo-cache'))} is a FIFO (named pipe), not a cache file: give the path of a regular file, or a path where none exists yet to create one\n`,
  );
}, 60_000);
