/**
 * The value, or a failed test naming what is missing: for array elements, regex groups and lookups that the test
 * expects to be there (under noUncheckedIndexedAccess they are typed `T | undefined`).
 */
export function defined<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what} to be present, got ${String(value)}`);
  return value;
}

/** `list[index]`, or a failed test naming the list and the index when the list is shorter. */
export function definedAt<T>(list: ArrayLike<T>, index: number, what = 'list'): T {
  return defined(list[index], `${what}[${index}] (length ${list.length})`);
}
