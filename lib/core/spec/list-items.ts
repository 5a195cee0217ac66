/**
 * `kind: List` documents (what `kubectl get -o yaml` and some generators write): their `items` are objects of
 * the spec in their own right, so the targets inside them are found and patched like top-level ones, as
 * `pxsec check` reads them.
 */
import { isRecord, PathSegment } from '../yaml/plain-json';
import { SpecEdit } from './spec-edit';
import { itemAt } from './item-at';

const LIST_KIND = 'List';

/** Where an object of the expanded spec is written: its top-level object and the path to it inside that object. */
export interface ObjectOrigin {
  /** Index of the top-level object (the YAML document) holding it. */
  readonly object: number;
  /** Path from that object to it (`[]` for the object itself, `['items', 2]` for a List's third item). */
  readonly path: readonly PathSegment[];
}

/** The spec's objects with every List replaced by its items (recursively), and where each one is written. */
export interface ExpandedObjects {
  /** The objects, in file order. */
  readonly objects: readonly Record<string, unknown>[];
  /** For each of `objects`, where it is written. */
  readonly origins: readonly ObjectOrigin[];
}

/** Replaces each `kind: List` by its items (items that are not mappings are left out, as `check` does). */
export function expandListItems(objects: readonly Record<string, unknown>[]): ExpandedObjects {
  const expanded: Record<string, unknown>[] = [];
  const origins: ObjectOrigin[] = [];
  const add = (object: Record<string, unknown>, origin: ObjectOrigin): void => {
    if (object.kind === LIST_KIND && Array.isArray(object.items)) {
      object.items.forEach((item, i) => {
        if (isRecord(item)) add(item, { object: origin.object, path: [...origin.path, 'items', i] });
      });
      return;
    }
    expanded.push(object);
    origins.push(origin);
  };
  objects.forEach((object, index) => add(object, { object: index, path: [] }));
  return { objects: expanded, origins };
}

/** Turns edits planned on the expanded objects into edits of the top-level objects. */
export function editsOfDocuments(edits: readonly SpecEdit[], origins: readonly ObjectOrigin[]): SpecEdit[] {
  return edits.map((edit) => {
    const origin = itemAt(origins, edit.object, 'origins');
    return { ...edit, object: origin.object, path: [...origin.path, ...edit.path] };
  });
}
