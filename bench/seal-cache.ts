/**
 * Benchmark of `pxsec seal --cache`: 1,000 and 3,000 Secrets sealed into a new (empty) cache, every value new, against
 * the same run without a cache, interleaved. A cache that rewrote its whole file for each new ciphertext made this
 * quadratic (3,000 Secrets: 81 s against 1.9 s); each ciphertext is now one appended journal line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CliIO } from '../lib/cli/io';
import { runPxsec } from '../lib/cli/main';
import { median } from './measure';
import { BenchResult } from './result';
import { projectPath } from './project';

const SIZES = [1000, 3000];
const RUNS = 3;
/** The repository's test-only sealing certificate (RSA 4096, as a controller's). */
const CERT = projectPath('test/fixtures/sealing/example-sealing-cert.pem');

/** Runs `pxsec seal` in-process in `dir`; fails on a non-zero exit. */
async function sealOnce(dir: string, args: readonly string[]): Promise<void> {
  const io: CliIO = { out: () => undefined, err: () => undefined, readStdin: async () => '', env: {}, cwd: dir };
  const code = await runPxsec(['seal', 'secrets.yaml', '--cert', CERT, ...args], io);
  if (code !== 0) throw new Error(`pxsec seal exited ${code}`);
}

/** Times `pxsec seal --cache` into a fresh cache against `pxsec seal` without one, for each size. */
export async function benchSealCache(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'pxsec-bench-seal-'));
    try {
      const secrets = Array.from(
        { length: size },
        (_, i) => `apiVersion: v1\nkind: Secret\nmetadata: {name: px-user-${i}, namespace: tenant-${i}}\nstringData: {auth-token: value-${i}}\n`,
      );
      writeFileSync(join(dir, 'secrets.yaml'), secrets.join('---\n'));
      const cached: number[] = [];
      const plain: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        rmSync(join(dir, '.pxsec'), { recursive: true, force: true });
        let start = performance.now();
        await sealOnce(dir, ['--cache', '.pxsec/sealed-cache.json']);
        cached.push(performance.now() - start);
        start = performance.now();
        await sealOnce(dir, []);
        plain.push(performance.now() - start);
      }
      const withCache = median(cached);
      const without = median(plain);
      results.push({
        name: `pxsec seal --cache: ${size} Secrets into a new cache`,
        median_ms: withCache,
        runs: RUNS,
        note: `${(withCache / without).toFixed(2)}x the run without a cache`,
      });
      results.push({ name: `pxsec seal (baseline, no cache): ${size} Secrets`, median_ms: without, runs: RUNS });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
