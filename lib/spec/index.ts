/**
 * `px-security-constructs/spec`: securing a Portworx install spec. Parse it, find the portworx DaemonSet and
 * stork (or the operator's StorageCluster), patch them as objects or as text that keeps the file's comments and
 * formatting, and report what changed.
 */
export { PortworxSpec } from '../node/portworx-spec-file';
export { parseSpec } from '../core/yaml/documents';
export type { ParsedSpec, SpecWarning } from '../core/yaml/documents';
export type { OidcSettings, PublicKeySettings, SecuritySettings, SpecPatchSettings } from '../core/cluster/security-settings';
export { formatPatchReport } from '../core/spec/report';
export type { PatchReport, SpecChange, SpecForm } from '../core/spec/report';
export { findPortworxTargets, targetOf } from '../core/spec/targets';
export type { ObjectTarget, PortworxTargets } from '../core/spec/targets';
export { secureSpecObjects } from '../core/spec/secure-objects';
export type { SecuredObjects } from '../core/spec/secure-objects';
export { secureSpecText } from '../core/spec/secure-text';
export type { SecuredText } from '../core/spec/secure-text';
export { secureSpecObject } from '../core/spec/secure-object';
export type { SecuredObject } from '../core/spec/secure-object';
export { unifiedDiff } from '../core/spec/line-diff';

// What the signatures above use
export type { PxErrorCode } from '../core/errors/error-catalogue';
export type { SecureSpecTextOptions } from '../core/spec/secure-text';
export type { PxKeys } from '../core/keys/keys';
