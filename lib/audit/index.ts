/**
 * `px-security-constructs/audit`: `pxsec check` as a library. Load manifests into a bundle, audit it for
 * PX-Security mistakes, report the findings as text, JSON or SARIF.
 */
export { MANIFEST_EXTENSIONS, STDIN_MANIFEST, bundleFromTexts } from '../core/audit/bundle';
export { loadBundle, readManifests } from '../node/manifest-files';
export type { Bundle, BundleFile, BundleNotice, BundleObject, ManifestText } from '../core/audit/bundle';
export { BUNDLE_OBJECT, compareFindings, summarizeFindings } from '../core/audit/finding';
export type { Finding, FindingLocation, FindingSeverity, FindingSummary } from '../core/audit/finding';
export { AUDIT_RULES, auditRule } from '../core/audit/rules';
export type { AuditRule } from '../core/audit/rules';
export { DEFAULT_WARN_EXPIRY, auditBundle } from '../core/audit/audit';
export type { AuditOptions } from '../core/audit/audit';
export { formatFindingsJson, formatFindingsText, summaryLine } from '../core/audit/report';
export type { AuditReport, AuditScope } from '../core/audit/report';
export { SARIF_SCHEMA, SARIF_TOOL_NAME, SARIF_VERSION, formatFindingsSarif, sarifLog } from '../core/audit/sarif';
export type { SarifLevel, SarifLog, SarifResult, SarifRule, SarifRun } from '../core/audit/sarif';
export { guestAccessCommand } from '../core/cluster/guest-access';

// What the signatures above use
export type { PxErrorCode } from '../core/errors/error-catalogue';
export type { PathSegment } from '../core/yaml/plain-json';
