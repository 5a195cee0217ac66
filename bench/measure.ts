/**
 * Timing for the benchmark harness: medians of repeated runs after warm-up, in one process.
 */
import { performance } from 'node:perf_hooks';

/** Median of `values` (which it sorts). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const middle = Math.floor(values.length / 2);
  const value = values.length % 2 === 0 ? ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2 : (values[middle] ?? 0);
  return Math.round(value * 1000) / 1000;
}

/** Median wall-clock milliseconds of `run` over `runs` timed runs after `warmUp` untimed ones. */
export function medianMs(run: () => unknown, runs: number, warmUp = Math.max(1, Math.floor(runs / 5))): number {
  for (let i = 0; i < warmUp; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * Median milliseconds of two alternatives measured in interleaved runs (A, B, A, B, ...), so that drift in the
 * machine's speed affects both alike.
 */
export function interleavedMedians(a: () => unknown, b: () => unknown, runs: number): { a: number; b: number } {
  a();
  b();
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    a();
    timesA.push(performance.now() - start);
    start = performance.now();
    b();
    timesB.push(performance.now() - start);
  }
  return { a: median(timesA), b: median(timesB) };
}
