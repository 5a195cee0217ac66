/**
 * Class parameters are written sorted by key in UTF-16 code unit order (the default sort's), whatever their number:
 * a few are sorted in place, many by `Array.prototype.sort`; both must give the default sort's order.
 */
import { sortedParameters } from '../../lib/core/classes/class-parameters';

/** `count` keys in a scrambled order, mixing case, digits, punctuation and characters beyond the BMP. */
function scrambledKeys(count: number): string[] {
  const alphabet = ['a', 'B', '_', '-', '9', 'é', '\u{1F600}', 'Z', '.', 'io_profile'];
  return Array.from({ length: count }, (_, i) => `${alphabet[(i * 7) % alphabet.length]}${alphabet[(i * 3) % alphabet.length]}${(count - i) % 13}-${i}`);
}

describe('sortedParameters', () => {
  it.each([0, 1, 2, 7, 24, 25, 60])('writes %i keys in the default sort order, values with their keys', (count) => {
    const keys = scrambledKeys(count);
    const values = Object.fromEntries(keys.map((key, i) => [key, `v${i}`]));
    const sorted = sortedParameters(values);
    expect(Object.keys(sorted)).toEqual([...keys].sort());
    for (const key of keys) expect(sorted[key]).toBe(values[key]);
  });

  it('keeps a __proto__ key as a parameter of its own', () => {
    const values: Record<string, string> = { repl: '2' };
    Object.defineProperty(values, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
    const sorted = sortedParameters(values);
    expect(Object.keys(sorted)).toEqual(['__proto__', 'repl']);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
  });
});
