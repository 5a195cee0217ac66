/**
 * One measurement of the benchmark harness.
 */
export interface BenchResult {
  /** What was measured, e.g. `spec patch (text): 08-px251-essentials-csi-autopilot.yaml`. */
  name: string;
  /** Median wall-clock time of one run, in milliseconds. */
  median_ms: number;
  /** Median CPU time (user + system) of one run, in milliseconds, where measured. */
  cpu_ms?: number;
  /** How many timed runs the median is taken over (after warm-up). */
  runs: number;
  /** Anything the reader should know (sizes, skipped inputs, the ratio to the baseline). */
  note?: string;
}
