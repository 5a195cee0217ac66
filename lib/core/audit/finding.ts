/**
 * A finding of the audit: one PX-Security mistake (or a note about what could not be checked), on one object,
 * with the field at fault and the fix. A finding never holds a key or a token: a token is named by its Secret.
 */
import { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError } from '../errors/errors';
import { PathSegment } from '../yaml/plain-json';
import { BundleObject } from './bundle';

/** How bad a finding is: `error` fails the check (exit 1), `warning` and `info` do not. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** Where a finding points: a manifest file and, when known, the line of the field (else of the object). */
export interface FindingLocation {
  /** The manifest file, as given on the command line (or found in a directory given there). */
  readonly file: string;
  /** 1-based line in the file. */
  readonly line?: number;
}

/** One PX-Security mistake found in a bundle. */
export interface Finding {
  /** Stable SCREAMING_SNAKE code, e.g. `TOKEN_EXPIRED`; the same mistake always has the same code. */
  readonly code: PxErrorCode;
  /** How bad it is. */
  readonly severity: FindingSeverity;
  /** The object at fault, e.g. `Secret tenant-a/px-k8s-user`, or `bundle` for the bundle as a whole. */
  readonly object: string;
  /** The field of the object at fault, e.g. `data["auth-token"]`. */
  readonly field: string;
  /** What is wrong, in plain words (never a key or a token). */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /** Where the field (or the object) is written. Absent for findings about the bundle as a whole. */
  readonly location?: FindingLocation;
}

/** What a check says about an object; `findingOn` turns it into a `Finding` with the object's name and location. */
export interface FindingInit {
  /** Stable code. */
  readonly code: PxErrorCode;
  /** How bad it is. */
  readonly severity: FindingSeverity;
  /** The field at fault, as shown to the user. */
  readonly field: string;
  /** The path of the field in the object, for its line; absent or partly absent paths point at the nearest parent. */
  readonly path?: readonly PathSegment[];
  /** What is wrong. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

/** Counts of findings by severity. */
export interface FindingSummary {
  /** Findings of severity `error`. */
  readonly errors: number;
  /** Findings of severity `warning`. */
  readonly warnings: number;
  /** Findings of severity `info`. */
  readonly info: number;
}

/** The name `Finding.object` has for findings about the bundle as a whole. */
export const BUNDLE_OBJECT = 'bundle';

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** A finding about `entry`, located at the line of `init.path` (or of the object). */
export function findingOn(entry: BundleObject, init: FindingInit): Finding {
  const line = init.path === undefined ? entry.line : entry.lineOf(init.path);
  return {
    code: init.code,
    severity: init.severity,
    object: entry.name,
    field: init.field,
    message: init.message,
    fix: init.fix,
    location: line === undefined ? { file: entry.file } : { file: entry.file, line },
  };
}

/**
 * Orders findings: severity first (errors, warnings, info), then file, line, object, field, code and message, all
 * compared by code point so that the order never depends on the locale.
 */
export function compareFindings(left: Finding, right: Finding): number {
  return (
    SEVERITY_RANK[left.severity] - SEVERITY_RANK[right.severity] ||
    compareText(left.location?.file ?? '', right.location?.file ?? '') ||
    (left.location?.line ?? 0) - (right.location?.line ?? 0) ||
    compareText(left.object, right.object) ||
    compareText(left.field, right.field) ||
    compareText(left.code, right.code) ||
    compareText(left.message, right.message)
  );
}

/** Counts `findings` by severity. */
export function summarizeFindings(findings: readonly Finding[]): FindingSummary {
  let errors = 0;
  let warnings = 0;
  let info = 0;
  for (const finding of findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
    else info++;
  }
  return { errors, warnings, info };
}

/** Code-point order of two strings (never locale-dependent). */
function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A `PxSecurityError`'s message without its trailing `: <fix>` (a finding carries the fix on its own). */
export function messageWithoutFix(error: PxSecurityError): string {
  const suffix = `: ${error.fix}`;
  return error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
}
