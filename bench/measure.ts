/**
 * Timing for the benchmark harness: medians of repeated runs after warm-up, in one process, of wall-clock and
 * CPU time (user + system of the whole process, so garbage collection on other threads counts).
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds of one measurement. */
export interface Timing {
  /** Wall-clock milliseconds. */
  readonly wall: number;
  /** CPU milliseconds (user + system) of the process. */
  readonly cpu: number;
}

/** Median of `values` (which it sorts). */
export function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const middle = Math.floor(values.length / 2);
  const value = values.length % 2 === 0 ? ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2 : (values[middle] ?? 0);
  return Math.round(value * 1000) / 1000;
}

/** Collects timings and gives their medians. */
class Timings {
  private readonly walls: number[] = [];
  private readonly cpus: number[] = [];

  /** Starts one measurement; the function it returns ends it. */
  start(): () => void {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(cpu);
      this.walls.push(performance.now() - wall);
      this.cpus.push((used.user + used.system) / 1000);
    };
  }

  medians(): Timing {
    return { wall: median(this.walls), cpu: median(this.cpus) };
  }
}

/** Median timing of `run` over `runs` timed runs after `warmUp` untimed ones. */
export function medianTiming(run: () => unknown, runs: number, warmUp = Math.max(1, Math.floor(runs / 5))): Timing {
  for (let i = 0; i < warmUp; i++) run();
  const timings = new Timings();
  for (let i = 0; i < runs; i++) {
    const stop = timings.start();
    run();
    stop();
  }
  return timings.medians();
}

/**
 * Median timings of two alternatives measured in interleaved runs (A, B, A, B, ...) after one warm-up run of each,
 * so that drift in the machine's speed affects both alike.
 */
export function interleavedMedians(a: () => unknown, b: () => unknown, runs: number): { a: Timing; b: Timing } {
  a();
  b();
  const timingsA = new Timings();
  const timingsB = new Timings();
  for (let i = 0; i < runs; i++) {
    let stop = timingsA.start();
    a();
    stop();
    stop = timingsB.start();
    b();
    stop();
  }
  return { a: timingsA.medians(), b: timingsB.medians() };
}

/** `interleavedMedians` for asynchronous alternatives (the warm-up runs are the caller's). */
export async function interleavedMediansAsync(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number): Promise<{ a: Timing; b: Timing }> {
  const timingsA = new Timings();
  const timingsB = new Timings();
  for (let i = 0; i < runs; i++) {
    let stop = timingsA.start();
    await a();
    stop();
    stop = timingsB.start();
    await b();
    stop();
  }
  return { a: timingsA.medians(), b: timingsB.medians() };
}
