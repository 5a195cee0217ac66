/**
 * `npm run bench`: the figures the issues ask for, each measured in this process (or a child for peak memory).
 * Prints a table and, with --json, the results as JSON.
 */
import * as os from 'node:os';
import { benchCdk8sSynth } from './cdk8s-synth';
import { benchCheck } from './check';
import { benchLoadTime } from './load-time';
import { benchSealCache } from './seal-cache';
import { BenchResult } from './result';
import { benchRenewer } from './renewer';
import { benchSpecPatch } from './spec-patch';

async function main(): Promise<void> {
  const results: BenchResult[] = [...(await benchSpecPatch()), ...(await benchCdk8sSynth()), ...(await benchCheck()), ...(await benchSealCache()), ...(await benchRenewer()), ...(await benchLoadTime())];
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  process.stdout.write(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]?.toFixed(2)}\n\n`);
  for (const result of results) {
    const time = result.runs > 0 && result.median_ms > 0 ? `${result.median_ms.toFixed(3).padStart(10)} ms` : ''.padStart(13);
    process.stdout.write(`${time}  ${result.name}${result.note ? `  (${result.note})` : ''}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
