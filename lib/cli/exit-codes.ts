/**
 * The exit codes of `pxsec`: one table for every command, and the one place that maps an error to its code.
 *
 * - 0: ok (`check`: no error, warnings allowed; `token verify`: Portworx would accept the token; `patch --check`:
 *   the spec is secured as asked).
 * - 1: rejected. The command read its input and the answer is no: `check` found errors, `token verify` found a
 *   reason Portworx would refuse the token, `patch` found a spec that is not secured, or cannot be secured, as asked.
 * - 2: usage or input error. The command could not give an answer: an unknown, missing or invalid option or
 *   argument, an input that cannot be read or is not what the command reads (not UTF-8, not YAML, a YAML document
 *   that is not an object, too large), or an output that cannot be written (a file, or standard output).
 * - 70: internal error (`EX_SOFTWARE` of sysexits.h): a bug in pxsec; the message names only the error's type.
 *
 * A `PxSecurityError` is mapped by its code alone, whichever command throws it, so one code always exits alike.
 */
import type { PxErrorCode } from '../core/errors/error-catalogue';

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Findings with errors, a token Portworx would refuse, a spec not secured (or not securable) as asked. */
  rejected: 1,
  /** Bad flags or arguments, unreadable or invalid input, or output that cannot be written. */
  usage: 2,
  /** A bug in pxsec. */
  internal: 70,
} as const;

/** The table as `pxsec --help` prints it (and the README's `pxsec` section repeats it). */
export const EXIT_CODES_HELP = [
  'Exit codes (every command):',
  '  0   ok',
  '  1   rejected: check found errors, token verify a token Portworx refuses, patch a spec not securable as asked',
  '  2   usage or input error: a bad option or argument, unreadable or invalid input, unwritable output',
  '  70  internal error (a bug in pxsec)',
].join('\n');

/**
 * The codes that mean "rejected" (exit 1): `patch` read a spec and refuses to secure it as asked. Every other error
 * (flags, reading, parsing, writing) is exit 2.
 */
const REJECTED_CODES: ReadonlySet<PxErrorCode> = new Set<PxErrorCode>([
  'SPEC_NO_PORTWORX',
  'SPEC_FORMS_MIXED',
  'SPEC_TARGET_AMBIGUOUS',
  'SPEC_ALREADY_SECURED_DIFFERENTLY',
  'SPEC_STORK_ISSUER_INVALID',
  'SPEC_FIELD_INVALID',
  'SPEC_TEXT_UNSUPPORTED',
]);

/** The exit code of a run that ended with an error of code `code`. */
export function exitCodeOf(code: PxErrorCode): number {
  return REJECTED_CODES.has(code) ? EXIT.rejected : EXIT.usage;
}
