import { currentTime, DEFAULT_BACKDATE_SECONDS, issuanceWindow } from '../../lib/core/token/rotation';

const DAY = 86_400;
/** 2023-11-14T22:13:20Z: a pinned time, never today's. */
const NOW = 1_700_000_000;

describe('currentTime', () => {
  test('the clock wins, in whole seconds (milliseconds floored)', () => {
    expect(currentTime(() => 1_700_000_000_999, { SOURCE_DATE_EPOCH: '1' })).toBe(NOW);
    expect(currentTime(() => 0, {})).toBe(0);
  });

  test('else SOURCE_DATE_EPOCH', () => {
    expect(currentTime(undefined, { SOURCE_DATE_EPOCH: '1700000000' })).toBe(NOW);
    expect(currentTime(undefined, { SOURCE_DATE_EPOCH: '0' })).toBe(0);
  });

  test('else the system clock (an empty SOURCE_DATE_EPOCH counts as unset)', () => {
    for (const env of [{}, { SOURCE_DATE_EPOCH: '' }]) {
      const before = Math.floor(Date.now() / 1000);
      const now = currentTime(undefined, env);
      expect(Number.isInteger(now)).toBe(true);
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    }
  });

  test.each([['-1'], ['1.5'], ['1e9'], [' 1700000000'], ['now'], ['99999999999999999999']])('SOURCE_DATE_EPOCH %j is an error', (value) => {
    expect(() => currentTime(undefined, { SOURCE_DATE_EPOCH: value })).toThrow(
      `SOURCE_DATE_EPOCH ${JSON.stringify(value)} is not a whole number of seconds since the epoch: set it to digits only, such as "1700000000" (e.g. $(git log -1 --format=%ct)), or unset it`,
    );
    expect(() => currentTime(undefined, { SOURCE_DATE_EPOCH: value })).toThrow(expect.objectContaining({ code: 'SOURCE_DATE_EPOCH_INVALID' }));
  });

  test.each([[Number.NaN], [-1], [Number.POSITIVE_INFINITY]])('a clock returning %d is CLOCK_INVALID', (milliseconds) => {
    expect(() => currentTime(() => milliseconds, {})).toThrow(expect.objectContaining({ code: 'CLOCK_INVALID' }));
  });

  test('the exact CLOCK_INVALID message', () => {
    expect(() => currentTime(() => -5, {})).toThrow(
      'clock -5 did not return epoch milliseconds: give a function that returns a non-negative number of milliseconds, like Date.now or () => 1700000000000',
    );
  });

  test('a clock that is not a function (plain JavaScript) is CLOCK_INVALID naming the field, not a TypeError', () => {
    expect(() => currentTime('now' as never, {}, 'app/portworx.clock')).toThrow(
      expect.objectContaining({ code: 'CLOCK_INVALID', field: 'app/portworx.clock' }),
    );
  });
});

describe('issuanceWindow', () => {
  test('defaults: 1y lifetime, 30d windows, iat backdated 600 s', () => {
    const windowStart = Math.floor(NOW / (30 * DAY)) * 30 * DAY;
    expect(issuanceWindow({}, NOW, { field: 'rotation' })).toEqual({
      windowStart,
      issuedAt: windowStart - 600,
      expiresAt: windowStart + 365 * DAY,
      renewAt: windowStart + 30 * DAY,
    });
    expect(DEFAULT_BACKDATE_SECONDS).toBe(600);
    expect(windowStart).toBeLessThanOrEqual(NOW);
    expect(NOW).toBeLessThan(windowStart + 30 * DAY);
  });

  test('every time within one window gives the same window; the next window starts at renewAt', () => {
    const policy = { lifetime: '7d', renewEvery: '1d', backdateSeconds: 60 };
    const first = issuanceWindow(policy, 20 * DAY, { field: 'rotation' });
    expect(first).toEqual({ windowStart: 20 * DAY, issuedAt: 20 * DAY - 60, expiresAt: 27 * DAY, renewAt: 21 * DAY });
    expect(issuanceWindow(policy, 20 * DAY + 12_345, { field: 'rotation' })).toEqual(first);
    expect(issuanceWindow(policy, 21 * DAY - 1, { field: 'rotation' })).toEqual(first);
    const next = issuanceWindow(policy, 21 * DAY, { field: 'rotation' });
    expect(next.windowStart).toBe(first.renewAt);
    // The old token is still valid when the new one is minted.
    expect(first.expiresAt).toBeGreaterThan(next.windowStart);
  });

  test('backdateSeconds 0 is allowed', () => {
    expect(issuanceWindow({ backdateSeconds: 0 }, NOW, { field: 'rotation' }).issuedAt).toBe(issuanceWindow({}, NOW, { field: 'rotation' }).windowStart);
  });

  test('renewEvery not shorter than lifetime is ROTATION_INVALID naming both', () => {
    expect(() => issuanceWindow({ lifetime: '7d', renewEvery: '30d' }, NOW, { field: 'PxSecureCluster portworx: rotation' })).toThrow(
      'PxSecureCluster portworx: rotation.renewEvery "30d" is not shorter than PxSecureCluster portworx: rotation.lifetime "7d"; tokens would expire before they are replaced: make renewEvery shorter than lifetime, such as renewEvery "30d" with lifetime "1y"',
    );
    expect(() => issuanceWindow({ lifetime: '24h', renewEvery: '1d' }, NOW, { field: 'rotation' })).toThrow(
      expect.objectContaining({ code: 'ROTATION_INVALID' }),
    );
    // Only renewEvery given: compared with the default lifetime.
    expect(() => issuanceWindow({ renewEvery: '2y' }, NOW, { field: 'rotation' })).toThrow(
      'rotation.renewEvery "2y" is not shorter than rotation.lifetime "1y"',
    );
  });

  test('a policy that is not an object (plain JavaScript) is ROTATION_INVALID naming the field, not the defaults', () => {
    expect(() => issuanceWindow('1y' as never, NOW, { field: 'app/portworx.rotation' })).toThrow(
      expect.objectContaining({ code: 'ROTATION_INVALID', field: 'app/portworx.rotation' }),
    );
  });

  test('durations are parsed with the openstorage grammar, naming the policy field', () => {
    expect(() => issuanceWindow({ lifetime: '1h30m' }, NOW, { field: 'rotation' })).toThrow(
      expect.objectContaining({ code: 'DURATION_INVALID', field: 'rotation.lifetime' }),
    );
    expect(() => issuanceWindow({ renewEvery: '0d' }, NOW, { field: 'rotation' })).toThrow(
      expect.objectContaining({ code: 'DURATION_INVALID', field: 'rotation.renewEvery' }),
    );
  });

  test.each([[-1], [1.5], [Number.NaN]])('backdateSeconds %d is ROTATION_INVALID', (backdateSeconds) => {
    expect(() => issuanceWindow({ backdateSeconds }, NOW, { field: 'rotation' })).toThrow(
      `rotation.backdateSeconds ${JSON.stringify(backdateSeconds)} is not a whole, non-negative number of seconds: give whole seconds, such as 600 (10 minutes)`,
    );
  });

  test.each([[-1], [NOW + 0.5], [Number.NaN]])('now %d is TIME_INVALID', (now) => {
    expect(() => issuanceWindow({}, now, { field: 'rotation' })).toThrow(expect.objectContaining({ code: 'TIME_INVALID', field: 'now' }));
  });
});
