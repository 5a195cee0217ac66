/**
 * Every finding code of `pxsec check`, with its usual severity, a one-line title and the fix: the `audit` entries
 * of the error catalogue (lib/core/errors/error-catalogue.ts). SARIF output lists these as its rules; the README's
 * table of checks is this list. A code never changes meaning.
 */
import { ERROR_CATALOGUE, PxErrorCode } from '../errors/error-catalogue';
import { FindingSeverity } from './finding';

/** One kind of finding. */
export interface AuditRule {
  /** The finding code. */
  readonly code: PxErrorCode;
  /** The severity findings of this code usually have (a few depend on the cluster, see the title). */
  readonly severity: FindingSeverity;
  /** What the mistake is, in one line. */
  readonly title: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Every rule, grouped as the checks are: cluster, stork, tokens, StorageClasses, keys, YAML. */
export const AUDIT_RULES: readonly AuditRule[] = (Object.keys(ERROR_CATALOGUE) as PxErrorCode[]).flatMap((code) => {
  const entry: { readonly severity: FindingSeverity; readonly title: string; readonly fix: string; readonly audit?: boolean } = ERROR_CATALOGUE[code];
  return entry.audit === true ? [{ code, severity: entry.severity, title: entry.title, fix: entry.fix }] : [];
});

const RULES_BY_CODE: ReadonlyMap<string, AuditRule> = new Map(AUDIT_RULES.map((rule) => [rule.code, rule]));

/** The rule of `code`, or `undefined` for a code this catalogue does not know. */
export function auditRule(code: string): AuditRule | undefined {
  return RULES_BY_CODE.get(code);
}

/** The fix of `code`'s rule, or a generic fix for a code this catalogue does not know. */
export function ruleFix(code: string): string {
  return auditRule(code)?.fix ?? 'see the message';
}
