/**
 * The one error type of this library.
 *
 * A `PxSecurityError` always says which field was wrong, what value it had (never a key or a token: callers
 * pass a description such as "64 characters" for secrets) and how to fix it. `code` is stable: match on it,
 * not on the message; every code is in the error catalogue (`ERROR_CATALOGUE`, `docs/errors.md`).
 */
import { PxErrorCode } from './error-catalogue';

/** What caused an error, as far as it is safe to show: an errno code of I/O, or another error's code. Never a secret. */
export interface PxErrorCause {
  /** The errno code of a failed file operation (`ENOENT`, `EACCES`, ...) or the code of another error. */
  readonly code: string;
  /** The system call or step that failed, e.g. `open`. */
  readonly syscall?: string;
}

export interface PxSecurityErrorInit {
  /** Stable, SCREAMING_SNAKE code of the catalogue, e.g. `DURATION_INVALID`. */
  readonly code: PxErrorCode;
  /** The field, flag or object path at fault, e.g. `tokenLifetime` or `PxTenant tenant-a: identity.sub`. */
  readonly field: string;
  /** The offending value as the user wrote it. Never pass a secret here. */
  readonly value?: unknown;
  /** What is wrong, in plain words, e.g. `is not an openstorage duration`. */
  readonly problem: string;
  /** What to do instead, e.g. `use a whole number and one unit of s, m, h, d or y, such as "90m"`. */
  readonly fix: string;
  /**
   * What caused it: an `Error` with an errno `code` (only its code and syscall are kept, never its message, which
   * may quote a path or data), or a `PxErrorCause`. @default - none
   */
  readonly cause?: unknown;
}

export class PxSecurityError extends Error {
  /** Stable code for programs: a key of `ERROR_CATALOGUE`. */
  public readonly code: PxErrorCode;
  /** The field, flag or object path at fault. */
  public readonly field: string;
  /** The offending value (never a secret); `undefined` when there is none to show. */
  public readonly value: unknown;
  /** The suggested fix. */
  public readonly fix: string;

  constructor(init: PxSecurityErrorInit) {
    const shown = init.value === undefined ? '' : ` ${describeValue(init.value)}`;
    super(`${init.field}${shown} ${init.problem}: ${init.fix}`);
    this.name = 'PxSecurityError';
    this.code = init.code;
    this.field = init.field;
    this.value = init.value;
    this.fix = init.fix;
    const cause = safeCause(init.cause);
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: false, configurable: true });
  }

  /** What caused it (an errno code of I/O, or another error's code); never a secret. */
  declare public readonly cause?: PxErrorCause;
}

/** The code (and syscall) of a cause, dropping everything else it holds; `undefined` when it has no code. */
export function safeCause(cause: unknown): PxErrorCause | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { code, syscall } = cause as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || code === '') return undefined;
  return typeof syscall === 'string' ? { code, syscall } : { code };
}

/** Renders a value for a message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  // Default stringification is the intended last resort for what JSON cannot render (functions, symbols, bigints, cycles).
  try {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return JSON.stringify(value) ?? String(value);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return String(value);
  }
}

/** True for a `PxSecurityError` (also across package copies, by name and code). */
export function isPxSecurityError(error: unknown): error is PxSecurityError {
  return error instanceof PxSecurityError || (error instanceof Error && error.name === 'PxSecurityError' && 'code' in error);
}
