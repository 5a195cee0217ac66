/**
 * The current time as the package exports it: the pure `currentTime` of the core, with the process's
 * environment (`SOURCE_DATE_EPOCH`) by default. Environment access belongs to the Node adapter.
 */
import { Clock, currentTime as currentTimeIn } from '../core/rotation';

/**
 * The current time in whole seconds since the epoch: from `clock` when given, else from `SOURCE_DATE_EPOCH`
 * (a non-negative whole number; any other value is an error, an empty one counts as unset), else the system clock.
 *
 * @param clock epoch milliseconds, like `Date.now`
 * @param env the environment to read `SOURCE_DATE_EPOCH` from @default process.env
 * @param field the field the clock came from, e.g. `<construct path>.clock`, for messages @default 'clock'
 * @throws PxSecurityError `CLOCK_INVALID` or `SOURCE_DATE_EPOCH_INVALID`
 */
export function currentTime(clock?: Clock, env: Readonly<Record<string, string | undefined>> = process.env, field = 'clock'): number {
  return currentTimeIn(clock, env, field);
}
