/**
 * Benchmark of spec patching: the largest real spec of the shared corpus and the project's own 52-document
 * fixture, patched in the objects form (parse excluded) and in the text form (parse and splice included).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseSpec } from '../lib/core/yaml/documents';
import { secureSpecObjects } from '../lib/core/spec/secure-objects';
import { secureSpecText } from '../lib/core/spec/secure-text';
import { SecuritySettings } from '../lib/core/cluster/security-settings';
import { BenchResult } from './result';
import { projectPath } from './project';

const WARM_UP_RUNS = 5;
const TIMED_RUNS = 40;
const SETTINGS: SecuritySettings = { issuer: 'portworx.com' };
const SHARED_SPECS_DIR = projectPath('../shared/fixtures/portworx-specs');
const OWN_LARGE_SPEC = projectPath('test/fixtures/specs/12-large-52-documents.yaml');

/** Median time of `run` over TIMED_RUNS runs, after WARM_UP_RUNS untimed ones. */
function medianMs(run: () => unknown): number {
  for (let i = 0; i < WARM_UP_RUNS; i++) run();
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const time = (index: number): number => {
    const value = times[index];
    if (value === undefined) throw new Error(`no timed run ${index} (TIMED_RUNS is ${TIMED_RUNS})`);
    return value;
  };
  const median = times.length % 2 === 0 ? (time(middle - 1) + time(middle)) / 2 : time(middle);
  return Math.round(median * 1000) / 1000;
}

/** The largest valid spec of the shared corpus, or undefined where the corpus is absent. */
function largestSharedSpec(): string | undefined {
  if (!existsSync(SHARED_SPECS_DIR)) return undefined;
  const files = readdirSync(SHARED_SPECS_DIR)
    .filter((name) => name.endsWith('.yaml') && !name.includes('INVALID'))
    .map((name) => join(SHARED_SPECS_DIR, name));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

function benchSpec(path: string, label: string): BenchResult[] {
  const text = readFileSync(path, 'utf8');
  const name = path.split('/').pop() as string;
  const objects = parseSpec(text, name).objects;
  const size = `${objects.length} documents, ${text.split('\n').length} lines, ${text.length} bytes`;
  return [
    {
      name: `spec patch (objects): ${label}`,
      median_ms: medianMs(() => secureSpecObjects(objects, SETTINGS, name)),
      runs: TIMED_RUNS,
      note: `${name}: ${size}; parse excluded`,
    },
    {
      name: `spec patch (text): ${label}`,
      median_ms: medianMs(() => secureSpecText(text, name, SETTINGS)),
      runs: TIMED_RUNS,
      note: `${name}: ${size}; parse and splice included`,
    },
  ];
}

/** Times the patching of the largest shared spec and of the own 52-document fixture, in both forms. */
export async function benchSpecPatch(): Promise<BenchResult[]> {
  const results = benchSpec(OWN_LARGE_SPEC, 'own 52-document fixture');
  const shared = largestSharedSpec();
  if (shared === undefined) {
    results.push({ name: 'spec patch: largest shared spec', median_ms: 0, runs: 0, note: `skipped: ${SHARED_SPECS_DIR} is absent` });
  } else {
    results.push(...benchSpec(shared, 'largest shared spec'));
  }
  return results;
}
