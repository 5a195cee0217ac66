/**
 * Load-time benchmark: how long a fresh node process takes to load what a user runs, paired against its
 * baseline in the same run (interleaved child processes, medians of each, then the ratio):
 *
 * - `require('px-security-constructs/cdk8s')` against `require('cdk8s')` (goal: at most 1.15x);
 * - `node build/lib/cli/main.js --help` against `node -e 0` (goal: at most 1.5x).
 *
 * Both measure the compiled package in build/ (`npm run bench` builds it first), resolved by its own name (package self-reference),
 * as a user's project resolves it.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median } from './measure';
import { projectPath } from './project';
import { BenchResult } from './result';

const ROOT = projectPath('.');
const RUNS = 21;

/** One child-process run to time: node with these arguments, from the repository root. */
export interface NodeRun {
  readonly label: string;
  readonly args: readonly string[];
}

/** Wall-clock milliseconds of one `node ...args` run; throws when it fails. */
function timeNode(run: NodeRun): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [...run.args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${run.label} exited ${result.status}: ${result.stderr.toString().trim()}`);
  return elapsed;
}

/** Medians of `subject` and `baseline`, run alternately (after one warm-up each) so machine drift hits both alike. */
export function pairedNodeMedians(subject: NodeRun, baseline: NodeRun, runs = RUNS): { subject: number; baseline: number; ratio: number } {
  timeNode(subject);
  timeNode(baseline);
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    if (i % 2 === 0) {
      subjectTimes.push(timeNode(subject));
      baselineTimes.push(timeNode(baseline));
    } else {
      baselineTimes.push(timeNode(baseline));
      subjectTimes.push(timeNode(subject));
    }
  }
  const subjectMedian = median(subjectTimes);
  const baselineMedian = median(baselineTimes);
  return { subject: subjectMedian, baseline: baselineMedian, ratio: Math.round((subjectMedian / baselineMedian) * 1000) / 1000 };
}

/** The pairs the issues set goals for. */
export const LOAD_TIME_PAIRS: readonly { subject: NodeRun; baseline: NodeRun; goal: number }[] = [
  {
    subject: { label: "require('px-security-constructs/cdk8s')", args: ['-e', "require('px-security-constructs/cdk8s')"] },
    baseline: { label: "require('cdk8s')", args: ['-e', "require('cdk8s')"] },
    goal: 1.15,
  },
  {
    subject: { label: 'node build/lib/cli/main.js --help', args: ['build/lib/cli/main.js', '--help'] },
    baseline: { label: 'node -e 0', args: ['-e', '0'] },
    goal: 1.5,
  },
];

export async function benchLoadTime(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { subject, baseline, goal } of LOAD_TIME_PAIRS) {
    const timed = pairedNodeMedians(subject, baseline);
    results.push({ name: `load: ${subject.label}`, median_ms: timed.subject, runs: RUNS, note: `${timed.ratio}x ${baseline.label}; goal <= ${goal}x` });
    results.push({ name: `load: ${baseline.label} (baseline, same run)`, median_ms: timed.baseline, runs: RUNS });
  }
  return results;
}

if (require.main === module) {
  benchLoadTime().then(
    (results) => results.forEach((r) => process.stdout.write(`${r.median_ms.toFixed(1).padStart(8)} ms  ${r.name}${r.note ? `  (${r.note})` : ''}\n`)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
