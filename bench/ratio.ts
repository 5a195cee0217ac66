/**
 * Ratios of a measurement to its baseline, as the bench prints them.
 */
import { Timing } from './measure';

function twoPlaces(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/** `a / b`, of CPU and of wall-clock time. */
export function ratio(a: Timing, b: Timing): string {
  return `${twoPlaces(a.cpu / b.cpu)} CPU, ${twoPlaces(a.wall / b.wall)} wall`;
}
