/**
 * The plain JSON values a parsed spec holds: checks and comparisons that never trust the shape of the input.
 */

/** One step of a path into a spec object: a mapping key or a list index. */
export type PathSegment = string | number;

/** True for a plain mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` is absent or null, which Kubernetes treats alike. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, i) => deepEqual(item, right[i]));
  }
  if (isRecord(left) && isRecord(right)) {
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    return leftKeys.length === rightKeys.length && leftKeys.every((key) => key in right && deepEqual(left[key], right[key]));
  }
  return false;
}

/** Reads the value at `path`, or `undefined` where the path leaves the tree. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[segment];
    } else {
      if (!isRecord(node)) return undefined;
      node = node[segment];
    }
  }
  return node;
}

/** Names the JSON type of a value for messages: `a string`, `a number`, `a list`, `a mapping`, `null`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value}`;
}

/**
 * Sets `record[key]` as an own, enumerable property, whatever the key: `__proto__` (a key YAML or JSON may carry)
 * would otherwise set the prototype and be lost.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
