/**
 * Durations in openstorage's grammar: a whole number and one unit, `^[0-9]+[smhdy]$`.
 *
 * This is the grammar of pxctl's `--token-duration` and the operator's `tokenLifetime` (openstorage
 * `pkg/auth/duration.go`): `s` seconds, `m` minutes, `h` hours, `d` days of 24 hours, `y` years of 365 days.
 * openstorage searches the text for the first match, so it reads `1h30m` as 30 minutes; this library is
 * stricter and refuses anything that is not exactly one number and one unit.
 */
import { PxSecurityError } from '../errors/errors';
import type { FieldOptions } from '../errors/field-options';

/** Seconds per unit of the openstorage grammar. */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  y: 365 * 86_400,
};

const DURATION_PATTERN = /^([0-9]+)([smhdy])$/;

const DURATION_FIX = 'use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"';

/**
 * Parses an openstorage duration into whole seconds.
 *
 * Leading zeros are fine (`01d`). A zero duration (`0d`) is refused because a token must live longer than
 * 0 seconds. Errors have the code `DURATION_INVALID` and name `field` and the text.
 *
 * @param text the duration, e.g. `1y`
 * @param options `field`: the field, flag or object path the text came from, for messages @default 'duration'
 * @returns the duration in seconds
 */
export function parseDuration(text: string, options: FieldOptions = {}): number {
  const field = options.field ?? 'duration';
  const match = typeof text === 'string' ? DURATION_PATTERN.exec(text) : null;
  const unitSeconds = match?.[2] === undefined ? undefined : UNIT_SECONDS[match[2]];
  if (match === null || unitSeconds === undefined) {
    throw new PxSecurityError({ code: 'DURATION_INVALID', field, value: text, problem: 'is not an openstorage duration', fix: DURATION_FIX });
  }
  const seconds = Number(match[1]) * unitSeconds;
  if (seconds === 0) {
    throw new PxSecurityError({
      code: 'DURATION_INVALID',
      field,
      value: text,
      problem: 'is zero; a token must live longer than 0 seconds',
      fix: DURATION_FIX,
    });
  }
  if (!Number.isSafeInteger(seconds)) {
    throw new PxSecurityError({ code: 'DURATION_INVALID', field, value: text, problem: 'is too long to count in seconds', fix: DURATION_FIX });
  }
  return seconds;
}
