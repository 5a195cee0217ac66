/**
 * `pxsec check` as a library: load manifests into a bundle, audit it for PX-Security mistakes, report the
 * findings as text, JSON or SARIF.
 */
export type { Bundle, BundleFile, BundleNotice, BundleObject, ManifestText } from './bundle';
export { bundleFromTexts, MANIFEST_EXTENSIONS, STDIN_MANIFEST } from './bundle';
export { loadBundle, readManifests } from '../../node/manifest-files';
export type { Finding, FindingLocation, FindingSeverity, FindingSummary } from './finding';
export { BUNDLE_OBJECT, compareFindings, summarizeFindings } from './finding';
export type { AuditRule } from './rules';
export { AUDIT_RULES, auditRule } from './rules';
export type { AuditOptions } from './audit';
export { auditBundle, DEFAULT_WARN_EXPIRY } from './audit';
export type { AuditReport, AuditScope } from './report';
export { formatFindingsJson, formatFindingsText, summaryLine } from './report';
export type { SarifLevel, SarifLog, SarifResult, SarifRule, SarifRun } from './sarif';
export { formatFindingsSarif, sarifLog, SARIF_SCHEMA, SARIF_TOOL_NAME, SARIF_VERSION } from './sarif';
