/**
 * The patch being planned: the edits to make, the changes to report, and the one rule for values the spec
 * already holds (equal: unchanged; different: an error showing both, unless the caller asked to replace).
 */
import { PxSecurityError, describeValue } from '../errors/errors';
import { SpecWarning } from '../yaml/documents';
import { PathSegment, deepEqual, describeType, isAbsent, isRecord } from '../yaml/plain-json';
import { SpecChange } from './report';
import { SpecEdit } from './spec-edit';

/** Where in the spec a planner works: one object, named for the report. */
export interface PlanTarget {
  /** Index of the object in the spec's objects. */
  readonly object: number;
  /** The object's name for reports, e.g. `DaemonSet kube-system/portworx`. */
  readonly label: string;
}

/** A list entry that must be present, identified by its `name` (env vars, volumes, volume mounts). */
export interface NamedEntry {
  /** The entry as it must be. */
  readonly desired: Record<string, unknown> & { readonly name: string };
  /** True when an existing entry of that name already does what `desired` does. */
  readonly satisfiedBy: (existing: Record<string, unknown>) => boolean;
  /** Describes an entry for reports and messages (never a secret value). */
  readonly describe: (entry: Record<string, unknown>) => string;
  /** Other names an existing entry may carry for the same role; found there, it is a conflict. */
  readonly alternateNames?: readonly string[];
}

/** Collects edits, changes and warnings while the planners walk the targets. */
export class PatchPlan {
  /** The edits, in the order they were planned. */
  public readonly edits: SpecEdit[] = [];
  /** The report's changes, in the order they were planned. */
  public readonly changes: SpecChange[] = [];
  /** Things noticed while planning. */
  public readonly warnings: SpecWarning[] = [];

  constructor(
    /** Whether conflicting values are replaced instead of rejected. */
    private readonly replaceConflicts: boolean,
  ) {}

  /** Records an edit and the change it makes. */
  public change(edit: SpecEdit, change: SpecChange): void {
    this.edits.push(edit);
    this.changes.push(change);
  }

  /** Records a field that already holds what was asked. */
  public unchanged(target: PlanTarget, path: string, detail: string): void {
    this.changes.push({ object: target.label, path, action: 'unchanged', detail });
  }

  /**
   * A field holds `found` where `asked` is wanted: with `replace`, records `edit`; else throws
   * `SPEC_ALREADY_SECURED_DIFFERENTLY` showing both.
   */
  public conflict(target: PlanTarget, path: string, found: string, asked: string, edit: SpecEdit): void {
    this.requireReplace(target, path, found, asked);
    this.change(edit, { object: target.label, path, action: 'replaced', detail: `${found} replaced by ${asked}` });
  }

  /** Throws `SPEC_ALREADY_SECURED_DIFFERENTLY` showing `found` and `asked`, unless the caller asked to replace. */
  public requireReplace(target: PlanTarget, path: string, found: string, asked: string): void {
    if (this.replaceConflicts) return;
    throw new PxSecurityError({
      code: 'SPEC_ALREADY_SECURED_DIFFERENTLY',
      field: `${target.label}: ${path}`,
      problem: `already holds ${found}, not the asked ${asked}`,
      fix: 'run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds',
    });
  }

  /** Makes sure `map[key]` equals `asked`: sets it where absent or null; else it is unchanged or a conflict. */
  public ensureValue(target: PlanTarget, map: Record<string, unknown>, mapPath: readonly PathSegment[], key: string, asked: unknown, pathLabel: string): void {
    const found = map[key];
    if (isAbsent(found)) {
      this.change(
        { kind: 'set', object: target.object, path: mapPath, key, value: asked },
        { object: target.label, path: pathLabel, action: 'added', detail: describeValue(asked) },
      );
    } else if (deepEqual(found, asked)) {
      this.unchanged(target, pathLabel, describeValue(found));
    } else {
      this.conflict(target, pathLabel, describeValue(found), describeValue(asked), {
        kind: 'replace',
        object: target.object,
        path: [...mapPath, key],
        value: asked,
      });
    }
  }

  /**
   * Makes sure `parent[key]` (a list of named entries) holds every entry of `entries`: appends the missing
   * ones (creating the list where it is absent or null), leaves satisfied ones, and treats the rest as conflicts.
   */
  public ensureNamedEntries(
    target: PlanTarget,
    parent: Record<string, unknown>,
    parentPath: readonly PathSegment[],
    key: string,
    pathLabel: string,
    entries: readonly NamedEntry[],
  ): void {
    const list = parent[key];
    if (isAbsent(list)) {
      if (entries.length === 0) return;
      this.edits.push({ kind: 'set', object: target.object, path: parentPath, key, value: entries.map((entry) => entry.desired) });
      for (const entry of entries) this.changes.push({ object: target.label, path: pathLabel, action: 'added', detail: entry.describe(entry.desired) });
      return;
    }
    const existing = namedEntries(list, target, pathLabel);
    const missing: NamedEntry[] = [];
    for (const entry of entries) {
      const at = indexesNamed(existing, entry.desired.name, target, pathLabel);
      const alternate = at.length === 0 ? (entry.alternateNames ?? []).flatMap((name) => indexesNamed(existing, name, target, pathLabel)) : [];
      const index = at[0] ?? alternate[0];
      const found = index === undefined ? undefined : existing[index];
      if (index === undefined || found === undefined) {
        missing.push(entry);
      } else if (at.length === 1 && entry.satisfiedBy(found)) {
        this.unchanged(target, pathLabel, entry.describe(found));
      } else {
        const edit: SpecEdit = { kind: 'replace', object: target.object, path: [...parentPath, key, index], value: entry.desired };
        this.conflict(target, pathLabel, entry.describe(found), entry.describe(entry.desired), edit);
      }
    }
    if (missing.length === 0) return;
    this.edits.push({ kind: 'append', object: target.object, path: [...parentPath, key], items: missing.map((entry) => entry.desired) });
    for (const entry of missing) this.changes.push({ object: target.label, path: pathLabel, action: 'added', detail: entry.describe(entry.desired) });
  }
}

/** `SPEC_FIELD_INVALID`: a field of a target object has the wrong shape. */
export function fieldInvalid(target: PlanTarget, path: string, problem: string, fix: string): PxSecurityError {
  return new PxSecurityError({ code: 'SPEC_FIELD_INVALID', field: `${target.label}: ${path}`, problem, fix });
}

/** Reads a mapping field that may be absent or null; throws `SPEC_FIELD_INVALID` for anything else. */
export function optionalMapping(value: unknown, target: PlanTarget, path: string): Record<string, unknown> | undefined {
  if (isAbsent(value)) return undefined;
  if (!isRecord(value)) throw fieldInvalid(target, path, `is ${describeType(value)}, not a mapping`, 'make it a mapping (key: value lines) or remove it');
  return value;
}

function namedEntries(list: unknown, target: PlanTarget, path: string): Record<string, unknown>[] {
  if (!Array.isArray(list))
    throw fieldInvalid(target, path, `is ${describeType(list)}, not a list`, 'make it a list of entries with a name each, or remove it');
  list.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string') {
      throw fieldInvalid(
        target,
        `${path}[${i}]`,
        `is ${isRecord(entry) ? 'a mapping without a name' : describeType(entry)}, not an entry with a name`,
        'give every entry a name, or remove it',
      );
    }
  });
  return list as Record<string, unknown>[];
}

function indexesNamed(list: readonly Record<string, unknown>[], name: string, target: PlanTarget, path: string): number[] {
  const indexes = list.flatMap((entry, i) => (entry.name === name ? [i] : []));
  if (indexes.length > 1) {
    throw fieldInvalid(target, path, `holds ${name} ${indexes.length} times`, `keep one ${name} entry`);
  }
  return indexes;
}
