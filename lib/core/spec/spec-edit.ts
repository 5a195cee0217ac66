/**
 * One edit of a spec object, expressed on its JSON paths so that the objects form and the text form apply the
 * very same edits (and therefore agree).
 */
import { PathSegment, isRecord } from '../yaml/plain-json';
import { itemAt } from './item-at';

/** Appends items to an existing list. */
export interface AppendEdit {
  /** Appends to a list. */
  readonly kind: 'append';
  /** Index of the object in the spec's objects. */
  readonly object: number;
  /** Path of the list inside the object. */
  readonly path: readonly PathSegment[];
  /** The items to append, in order. */
  readonly items: readonly unknown[];
}

/** Sets a key of an existing mapping that is absent or null. */
export interface SetEdit {
  /** Sets a mapping's key. */
  readonly kind: 'set';
  /** Index of the object in the spec's objects. */
  readonly object: number;
  /** Path of the mapping inside the object. */
  readonly path: readonly PathSegment[];
  /** The key to set. */
  readonly key: string;
  /** Its new value. */
  readonly value: unknown;
}

/** Replaces an existing value (a list item or a mapping's value). */
export interface ReplaceEdit {
  /** Replaces a value. */
  readonly kind: 'replace';
  /** Index of the object in the spec's objects. */
  readonly object: number;
  /** Path of the value inside the object (never empty). */
  readonly path: readonly PathSegment[];
  /** The new value. */
  readonly value: unknown;
}

/** An edit of one spec object. */
export type SpecEdit = AppendEdit | SetEdit | ReplaceEdit;

/**
 * Applies `edits` to copies of the objects they touch; every other object is returned as the same value.
 * The inputs are never mutated.
 */
export function applySpecEdits(objects: readonly Record<string, unknown>[], edits: readonly SpecEdit[]): Record<string, unknown>[] {
  const copies = new Map<number, Record<string, unknown>>();
  for (const edit of edits) {
    let copy = copies.get(edit.object);
    if (copy === undefined) {
      copy = structuredClone(itemAt(objects, edit.object, 'spec objects'));
      copies.set(edit.object, copy);
    }
    applyEdit(copy, edit);
  }
  return objects.map((object, index) => copies.get(index) ?? object);
}

function applyEdit(root: Record<string, unknown>, edit: SpecEdit): void {
  const container = edit.kind === 'replace' ? edit.path.slice(0, -1) : edit.path;
  const target = walk(root, container);
  if (edit.kind === 'append') {
    if (!Array.isArray(target)) throw new Error(`append target ${edit.path.join('.')} is not a list`);
    target.push(...edit.items.map((item) => structuredClone(item)));
  } else if (edit.kind === 'set') {
    if (!isRecord(target)) throw new Error(`set target ${edit.path.join('.')} is not a mapping`);
    target[edit.key] = structuredClone(edit.value);
  } else {
    const last = edit.path[edit.path.length - 1];
    if (Array.isArray(target) && typeof last === 'number') target[last] = structuredClone(edit.value);
    else if (isRecord(target) && typeof last === 'string') target[last] = structuredClone(edit.value);
    else throw new Error(`replace target ${edit.path.join('.')} does not exist`);
  }
}

function walk(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number' && Array.isArray(node)) node = node[segment];
    else if (typeof segment === 'string' && isRecord(node)) node = node[segment];
    else throw new Error(`path ${path.join('.')} does not exist`);
  }
  return node;
}
