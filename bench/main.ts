/**
 * `npm run bench`: the figures the issues ask for, each against its baseline measured in the same run, on the
 * compiled `build/` that users run (`npm run bench` compiles the library and this harness first).
 * Prints the machine's load, then a table; with --json, the results as JSON.
 *
 * Options: `--only=NAME[,NAME]` runs some groups (spec-patch, synth, minting, check, seal-cache, renewer,
 * load-time); `--check-tenants=N[,N]` sets the check bundle sizes (default 5000,50000).
 */
import * as os from 'node:os';
import { benchCdk8sSynth } from './cdk8s-synth';
import { benchCheck } from './check';
import { benchLoadTime } from './load-time';
import { benchMinting } from './minting';
import { benchSealCache } from './seal-cache';
import { BenchResult } from './result';
import { benchRenewer } from './renewer';
import { benchSpecPatch } from './spec-patch';

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

const checkTenants = (option('check-tenants') ?? '5000,50000').split(',').map(Number);
const GROUPS: Record<string, () => Promise<BenchResult[]>> = {
  'spec-patch': benchSpecPatch,
  synth: benchCdk8sSynth,
  minting: benchMinting,
  check: () => benchCheck(checkTenants),
  'seal-cache': benchSealCache,
  renewer: benchRenewer,
  'load-time': benchLoadTime,
};

function format(result: BenchResult): string {
  const time = result.runs > 0 && result.median_ms > 0 ? `${result.median_ms.toFixed(1).padStart(10)} ms` : ''.padStart(13);
  const cpu = result.cpu_ms === undefined ? ''.padStart(17) : `${result.cpu_ms.toFixed(1).padStart(10)} ms CPU`;
  return `${time} ${cpu}  ${result.name}${result.note ? `  (${result.note})` : ''}\n`;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = option('only')?.split(',');
  const unknown = only?.filter((name) => !(name in GROUPS)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown group ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  const load = os.loadavg().map((value) => value.toFixed(2));
  const header = `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, load average at start ${load.join(' ')} (1, 5, 15 min)`;
  if (!json) process.stdout.write(`${header}\n${'wall (median)'.padStart(13)} ${'CPU (median)'.padStart(17)}\n`);
  const results: BenchResult[] = [];
  for (const [name, run] of Object.entries(GROUPS)) {
    if (only !== undefined && !only.includes(name)) continue;
    for (const result of await run()) {
      results.push(result);
      if (!json) process.stdout.write(format(result));
    }
  }
  if (json) process.stdout.write(`${JSON.stringify({ machine: header, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
