/**
 * The audit's findings for people and for tools: readable text (grouped by object, severity first, a summary
 * line "N errors, N warnings") and JSON (the findings and the summary). See `sarif.ts` for code-scanning UIs.
 */
import { Finding, FindingSummary, summarizeFindings } from './finding';

/** How much was checked, for the summary. */
export interface AuditScope {
  /** Manifest files read. */
  readonly files: number;
  /** Objects checked. */
  readonly objects: number;
}

/** The JSON report: every finding and the counts. */
export interface AuditReport {
  /** The findings, sorted as `auditBundle` returns them. */
  readonly findings: readonly Finding[];
  /** Counts by severity and what was checked. */
  readonly summary: FindingSummary & AuditScope;
}

const SEVERITY_WIDTH = 'warning'.length;

/**
 * Findings as text: one block per object (objects in the order of their worst finding), each finding with its
 * severity, code, location and field, the message and the fix; then the summary line.
 */
export function formatFindingsText(findings: readonly Finding[], scope: AuditScope): string {
  const byObject = new Map<string, Finding[]>();
  for (const finding of findings) byObject.set(finding.object, [...(byObject.get(finding.object) ?? []), finding]);
  const blocks = [...byObject].map(([object, objectFindings]) =>
    [
      object,
      ...objectFindings.map((finding) => {
        const indent = ' '.repeat(SEVERITY_WIDTH + 3);
        const where =
          finding.location === undefined ? '' : ` ${finding.location.file}${finding.location.line === undefined ? '' : `:${finding.location.line}`}`;
        return [
          `  ${finding.severity.padEnd(SEVERITY_WIDTH)} ${finding.code}${where} ${finding.field}`,
          `${indent}${finding.message}`,
          `${indent}fix: ${finding.fix}`,
        ].join('\n');
      }),
    ].join('\n'),
  );
  const summary = summaryLine(summarizeFindings(findings), scope);
  return blocks.length === 0 ? `${summary}\n` : `${blocks.join('\n\n')}\n\n${summary}\n`;
}

/** The report as JSON text (two-space indent, final newline). */
export function formatFindingsJson(findings: readonly Finding[], scope: AuditScope): string {
  const report: AuditReport = { findings, summary: { ...summarizeFindings(findings), ...scope } };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "2 errors, 1 warning (24 objects in 3 files)"; info findings are counted only when there are some. */
export function summaryLine(summary: FindingSummary, scope: AuditScope): string {
  const counts = [count(summary.errors, 'error'), count(summary.warnings, 'warning'), ...(summary.info > 0 ? [`${summary.info} info`] : [])];
  return `${counts.join(', ')} (${count(scope.objects, 'object')} in ${count(scope.files, 'file')})`;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
