/**
 * The element at `index`, for loops whose index is in range by construction (a diff's walk, a binary search).
 * An index out of range is a bug in this library, not in the input: it throws a plain `Error` naming `what`.
 * @internal
 */
export function itemAt<T>(list: ArrayLike<T>, index: number, what: string): T {
  const item = list[index];
  if (item === undefined) throw new Error(`internal error: ${what}[${index}] is out of range (length ${list.length})`);
  return item;
}
