/**
 * Securing a Portworx install spec: parse it, find the portworx DaemonSet and stork (or the operator's
 * StorageCluster), patch them as objects or as text that keeps the file's comments and formatting.
 */
export type { ParsedSpec, SpecWarning } from '../yaml/documents';
export { parseSpec } from '../yaml/documents';
export type { OidcSettings, PublicKeySettings, SecuritySettings, SpecPatchSettings } from '../security-settings';
export type { PatchReport, SpecChange, SpecForm } from './report';
export { formatPatchReport } from './report';
export type { PortworxTargets } from './targets';
export { findPortworxTargets } from './targets';
export type { SecuredObjects } from './secure-objects';
export { secureSpecObjects } from './secure-objects';
export type { SecuredText, SecureSpecTextOptions } from './secure-text';
export { secureSpecText } from './secure-text';
export type { LineDiffEntry, TextLines } from './line-diff';
export { diffLines, splitLines, unifiedDiff } from './line-diff';
export type { ObjectTarget } from './targets';
export { targetOf } from './targets';
export type { SecuredObject } from './secure-object';
export { secureSpecObject } from './secure-object';
