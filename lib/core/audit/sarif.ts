/**
 * The audit's findings as SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code-scanning UIs:
 * one run of the tool `pxsec`, a rule per finding code present, a result per finding with its level, message and
 * location (file and start line).
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Finding, FindingSeverity } from './finding';
import { auditRule } from './rules';

/** The SARIF version written. */
export const SARIF_VERSION = '2.1.0';
/** The JSON schema of SARIF 2.1.0. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The tool name in the SARIF log. */
export const SARIF_TOOL_NAME = 'pxsec';

/** A SARIF level. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** The parts of a SARIF 2.1.0 log this report writes. */
export interface SarifLog {
  /** The JSON schema of the log (`SARIF_SCHEMA`). */
  readonly $schema: string;
  /** The SARIF version, `2.1.0`. */
  readonly version: typeof SARIF_VERSION;
  /** One run: this check. */
  readonly runs: readonly SarifRun[];
}

/** One run of `pxsec check`. */
export interface SarifRun {
  /** The tool (`pxsec`) and the rules its results refer to. */
  readonly tool: { readonly driver: { readonly name: string; readonly rules: readonly SarifRule[] } };
  /** One result per finding, in the findings' order. */
  readonly results: readonly SarifResult[];
}

/** A rule: one finding code. */
export interface SarifRule {
  /** The finding code. */
  readonly id: string;
  /** The rule's title. */
  readonly shortDescription: { readonly text: string };
  /** The rule's fix. */
  readonly help: { readonly text: string };
  /** The level findings of this code usually have. */
  readonly defaultConfiguration: { readonly level: SarifLevel };
}

/** A result: one finding. */
export interface SarifResult {
  /** The finding code. */
  readonly ruleId: string;
  /** Index of the rule in `tool.driver.rules`. */
  readonly ruleIndex: number;
  /** `error`, `warning`, or `note` for info findings. */
  readonly level: SarifLevel;
  /** The object, field, message and fix, in one text. */
  readonly message: { readonly text: string };
  /** The file and start line; empty for findings about the bundle as a whole. */
  readonly locations: readonly {
    readonly physicalLocation: { readonly artifactLocation: { readonly uri: string }; readonly region?: { readonly startLine: number } };
  }[];
  /** The finding's object, field and fix, for tools that show them apart. */
  readonly properties: { readonly object: string; readonly field: string; readonly fix: string };
}

const LEVELS: Readonly<Record<FindingSeverity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

/** The findings as a SARIF 2.1.0 log. */
export function sarifLog(findings: readonly Finding[]): SarifLog {
  const codes = [...new Set(findings.map((finding) => finding.code))].sort();
  const rules: SarifRule[] = codes.map((code) => {
    const rule = auditRule(code);
    const severity = rule?.severity ?? findings.find((finding) => finding.code === code)?.severity ?? 'error';
    return {
      id: code,
      shortDescription: { text: rule?.title ?? code },
      help: { text: rule?.fix ?? 'see the message' },
      defaultConfiguration: { level: LEVELS[severity] },
    };
  });
  const results: SarifResult[] = findings.map((finding) => ({
    ruleId: finding.code,
    ruleIndex: codes.indexOf(finding.code),
    level: LEVELS[finding.severity],
    message: { text: `${finding.object}: ${finding.field}: ${finding.message}. Fix: ${finding.fix}` },
    locations:
      finding.location === undefined
        ? []
        : [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(finding.location.file) },
                ...(finding.location.line === undefined ? {} : { region: { startLine: finding.location.line } }),
              },
            },
          ],
    properties: { object: finding.object, field: finding.field, fix: finding.fix },
  }));
  return { $schema: SARIF_SCHEMA, version: SARIF_VERSION, runs: [{ tool: { driver: { name: SARIF_TOOL_NAME, rules } }, results }] };
}

/** The log as JSON text (two-space indent, final newline). */
export function formatFindingsSarif(findings: readonly Finding[]): string {
  return `${JSON.stringify(sarifLog(findings), null, 2)}\n`;
}

/** A relative path as a relative URI reference (segments percent-encoded), an absolute one as a file: URL. */
function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
