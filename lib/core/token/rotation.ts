/**
 * When a token is issued: deterministic rotation windows and the current time.
 *
 * Time is cut into windows of `renewEvery`. Every token minted within one window carries the same `iat` and
 * `exp`, so re-synthesizing with the same keys and identity gives byte-identical tokens (no diff). The next
 * window mints a new token while the previous one is still valid (`renewEvery` < `lifetime`), so a
 * rollout never meets an expired token.
 */
import { parseDuration } from './duration';
import { PxSecurityError } from '../errors/errors';
import type { FieldOptions } from '../errors/field-options';

/** How long tokens live and how often they are replaced. */
export interface RotationPolicy {
  /** Lifetime of each token, in openstorage's duration grammar. @default '1y' */
  readonly lifetime?: string;
  /** Length of an issuance window: a new token is minted every `renewEvery`; shorter than `lifetime`. @default '30d' */
  readonly renewEvery?: string;
  /**
   * Seconds `iat` is set back from the window start: Portworx allows no clock skew, and a node whose clock is
   * behind would otherwise reject the token as "used before issued" (the operator backdates 10 minutes).
   * @default 600
   */
  readonly backdateSeconds?: number;
}

/** A clock: epoch milliseconds, like `Date.now`. */
export type Clock = () => number;

/** A token's times, all in whole seconds since the epoch. */
export interface IssuanceWindow {
  /** Start of the window `now` falls in: `floor(now / renewEvery) * renewEvery`. */
  readonly windowStart: number;
  /** The token's `iat`: `windowStart - backdateSeconds`. */
  readonly issuedAt: number;
  /** The token's `exp`: `windowStart + lifetime`. */
  readonly expiresAt: number;
  /** When the next window starts and a new token is minted: `windowStart + renewEvery`. */
  readonly renewAt: number;
}

/** Default `lifetime` of a rotation policy. */
export const DEFAULT_TOKEN_LIFETIME = '1y';
/** Default `renewEvery` of a rotation policy. */
export const DEFAULT_RENEW_EVERY = '30d';
/** Default `backdateSeconds` of a rotation policy: 10 minutes, as the Portworx operator does. */
export const DEFAULT_BACKDATE_SECONDS = 600;

/** The reproducible-builds variable that pins the current time. */
const SOURCE_DATE_EPOCH = 'SOURCE_DATE_EPOCH';

/**
 * The current time in whole seconds since the epoch: from `clock` when given, else from `SOURCE_DATE_EPOCH`
 * (a non-negative whole number; any other value is an error, an empty one counts as unset), else the system clock.
 *
 * Pure: the environment is given (the front doors pass `process.env`, the CLI its own `io.env`).
 *
 * @param clock epoch milliseconds, like `Date.now`
 * @param env the environment to read `SOURCE_DATE_EPOCH` from
 * @param field the field the clock came from, e.g. `<construct path>.clock`, for messages @default 'clock'
 * @throws PxSecurityError `CLOCK_INVALID` or `SOURCE_DATE_EPOCH_INVALID`
 */
export function currentTime(clock: Clock | undefined, env: Readonly<Record<string, string | undefined>>, field = 'clock'): number {
  if (clock !== undefined) {
    if (typeof clock !== 'function') {
      throw new PxSecurityError({
        code: 'CLOCK_INVALID',
        field,
        value: typeof clock,
        problem: 'is not a function',
        fix: 'give a function that returns a non-negative number of milliseconds, like Date.now or () => 1700000000000',
      });
    }
    const milliseconds = clock();
    if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new PxSecurityError({
        code: 'CLOCK_INVALID',
        field,
        value: milliseconds,
        problem: 'did not return epoch milliseconds',
        fix: 'give a function that returns a non-negative number of milliseconds, like Date.now or () => 1700000000000',
      });
    }
    return Math.floor(milliseconds / 1000);
  }
  const pinned = env[SOURCE_DATE_EPOCH];
  if (pinned !== undefined && pinned !== '') {
    if (!/^[0-9]+$/.test(pinned) || !Number.isSafeInteger(Number(pinned))) {
      throw new PxSecurityError({
        code: 'SOURCE_DATE_EPOCH_INVALID',
        field: SOURCE_DATE_EPOCH,
        value: pinned,
        problem: 'is not a whole number of seconds since the epoch',
        fix: 'set it to digits only, such as "1700000000" (e.g. $(git log -1 --format=%ct)), or unset it',
      });
    }
    return Number(pinned);
  }
  return Math.floor(Date.now() / 1000);
}

/**
 * The issuance window `now` falls in, and the times of the token minted in it.
 *
 * @param policy lifetime, renewal period and backdate
 * @param now whole seconds since the epoch (from `currentTime`)
 * @param options `field`: the field or object path of the policy, for messages @default 'rotation'
 * @throws PxSecurityError `DURATION_INVALID`, `ROTATION_INVALID` (renewEvery not shorter than lifetime, or a
 *   bad backdate) or `TIME_INVALID`
 */
export function issuanceWindow(policy: RotationPolicy, now: number, options: FieldOptions = {}): IssuanceWindow {
  const field = options.field ?? 'rotation';
  if (typeof policy !== 'object' || policy === null) {
    throw new PxSecurityError({
      code: 'ROTATION_INVALID',
      field,
      value: policy,
      problem: 'is not an object',
      fix: 'give { lifetime, renewEvery }, such as { lifetime: "1y", renewEvery: "30d" }, or leave it out',
    });
  }
  const lifetimeText = policy.lifetime ?? DEFAULT_TOKEN_LIFETIME;
  const renewText = policy.renewEvery ?? DEFAULT_RENEW_EVERY;
  const lifetime = parseDuration(lifetimeText, { field: `${field}.lifetime` });
  const renewEvery = parseDuration(renewText, { field: `${field}.renewEvery` });
  if (renewEvery >= lifetime) {
    throw new PxSecurityError({
      code: 'ROTATION_INVALID',
      field: `${field}.renewEvery`,
      value: renewText,
      problem: `is not shorter than ${field}.lifetime ${JSON.stringify(lifetimeText)}; tokens would expire before they are replaced`,
      fix: 'make renewEvery shorter than lifetime, such as renewEvery "30d" with lifetime "1y"',
    });
  }
  const backdate = policy.backdateSeconds ?? DEFAULT_BACKDATE_SECONDS;
  if (typeof backdate !== 'number' || !Number.isSafeInteger(backdate) || backdate < 0) {
    throw new PxSecurityError({
      code: 'ROTATION_INVALID',
      field: `${field}.backdateSeconds`,
      value: backdate,
      problem: 'is not a whole, non-negative number of seconds',
      fix: `give whole seconds, such as ${DEFAULT_BACKDATE_SECONDS} (10 minutes)`,
    });
  }
  if (typeof now !== 'number' || !Number.isSafeInteger(now) || now < 0) {
    throw new PxSecurityError({
      code: 'TIME_INVALID',
      field: 'now',
      value: now,
      problem: 'is not whole seconds since the epoch',
      fix: 'give the time from currentTime()',
    });
  }
  const windowStart = Math.floor(now / renewEvery) * renewEvery;
  // Checked here, where the inputs enter, so that the error names the policy's path rather than a token's iat.
  if (windowStart - backdate < 0) {
    const early = backdate <= now;
    throw new PxSecurityError({
      code: 'ROTATION_INVALID',
      field: `${field}.backdateSeconds`,
      value: backdate,
      problem: early
        ? `puts iat before 1970: the issuance window starts at ${windowStart} s, because the current time is only ${now} s since the epoch (the clock looks like it gives seconds, not milliseconds)`
        : `is more than the ${now} s since the epoch (the current time), so iat would fall before 1970`,
      fix: early
        ? 'give a clock that returns epoch milliseconds, like Date.now or () => 1700000000000'
        : `backdate by minutes, such as ${DEFAULT_BACKDATE_SECONDS} (10 minutes)`,
    });
  }
  if (!Number.isSafeInteger(windowStart + lifetime)) {
    throw new PxSecurityError({
      code: 'ROTATION_INVALID',
      field: `${field}.lifetime`,
      value: lifetimeText,
      problem: 'ends beyond the range of whole seconds',
      fix: 'use a lifetime of years at most, such as "1y"',
    });
  }
  return { windowStart, issuedAt: windowStart - backdate, expiresAt: windowStart + lifetime, renewAt: windowStart + renewEvery };
}
