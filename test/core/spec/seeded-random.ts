/**
 * A seeded PRNG (mulberry32) for property tests: the same seed, the same cases, on every run.
 */
import { definedAt } from '../../support/defined';

/** A source of repeatable pseudo-random numbers. */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, max). */
  int(max: number): number;
  /** One element of `items`. */
  pick<T>(items: readonly T[]): T;
}

/** A PRNG seeded with `seed`. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number): number => Math.floor(next() * max);
  return { next, int, pick: (items) => definedAt(items, int(items.length), 'items to pick from') };
}
