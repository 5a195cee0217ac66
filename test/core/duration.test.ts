import { parseDuration } from '../../lib/core/token/duration';
import { PxSecurityError } from '../../lib/core/errors/errors';

const FIX = 'use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"';

describe('parseDuration', () => {
  test.each([
    ['1s', 1],
    ['90m', 5_400],
    ['24h', 86_400],
    ['1d', 86_400],
    ['30d', 2_592_000],
    ['1y', 31_536_000], // 365 days, no leap years (openstorage's Year = Day * 365)
    ['2y', 63_072_000],
    ['01d', 86_400], // leading zeros are fine
    ['0001s', 1],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text, { field: 'tokenLifetime' })).toBe(seconds);
  });

  test.each([
    ['1h30m'],
    ['1.5h'],
    ['3600'],
    ['-1d'],
    [''],
    ['d'],
    ['1D'],
    ['1w'],
    [' 1d'],
    ['1d '],
    ['+1d'],
    ['1 d'],
    ['１d'], // a full-width digit
  ])('%j is DURATION_INVALID naming the field and the text', (text) => {
    expect(() => parseDuration(text, { field: '--token-duration' })).toThrow(
      new PxSecurityError({ code: 'DURATION_INVALID', field: '--token-duration', value: text, problem: 'is not an openstorage duration', fix: FIX }),
    );
    try {
      parseDuration(text, { field: '--token-duration' });
    } catch (error) {
      expect(error).toBeInstanceOf(PxSecurityError);
      expect((error as PxSecurityError).code).toBe('DURATION_INVALID');
      expect((error as PxSecurityError).field).toBe('--token-duration');
    }
  });

  test('the exact message of a compound duration', () => {
    expect(() => parseDuration('1h30m', { field: 'rotation.lifetime' })).toThrow(
      'rotation.lifetime "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"',
    );
  });

  test.each([['0d'], ['0s'], ['000y']])('%s is DURATION_INVALID: a token must live longer than 0 seconds', (text) => {
    expect(() => parseDuration(text, { field: 'tokenLifetime' })).toThrow(`tokenLifetime "${text}" is zero; a token must live longer than 0 seconds: ${FIX}`);
  });

  test('a duration beyond exact seconds is refused rather than rounded', () => {
    expect(() => parseDuration('999999999999y', { field: 'tokenLifetime' })).toThrow(`tokenLifetime "999999999999y" is too long to count in seconds: ${FIX}`);
  });

  test('a value that is not a string (from untyped YAML or JS) is DURATION_INVALID, shown as JSON', () => {
    expect(() => parseDuration(3600 as unknown as string, { field: 'tokenLifetime' })).toThrow(`tokenLifetime 3600 is not an openstorage duration: ${FIX}`);
    expect(() => parseDuration(undefined as unknown as string, { field: 'tokenLifetime' })).toThrow(`tokenLifetime is not an openstorage duration: ${FIX}`);
  });
});
