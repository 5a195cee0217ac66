/**
 * A seeded PRNG (mulberry32) for property tests: the same seed, the same cases, on every run.
 */

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
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    // In range by construction; T itself may include undefined (a generator picking "unset"), so no presence check.
    return items[int(items.length)] as T;
  };
  return { next, int, pick };
}
