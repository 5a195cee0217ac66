/**
 * The report of a patch: every change and warning, structured for code and readable for people.
 */
import { SpecWarning } from '../yaml/documents';

/** Which install form a spec uses. */
export type SpecForm = 'daemonset' | 'operator';

/** One thing the patch added, replaced or found already in place. */
export interface SpecChange {
  /** The object, e.g. `DaemonSet kube-system/portworx`. */
  readonly object: string;
  /** The field, e.g. `spec.template.spec.containers[portworx].args`. */
  readonly path: string;
  /** What happened to it. */
  readonly action: 'added' | 'replaced' | 'unchanged';
  /** What was added, replaced or found (never a key or a token). */
  readonly detail: string;
}

/** What securing a spec did. */
export interface PatchReport {
  /** The install form found in the spec. */
  readonly form: SpecForm;
  /** Every field the patch looked at, in order. */
  readonly changes: readonly SpecChange[];
  /** Parse warnings and things the patch noticed. */
  readonly warnings: readonly SpecWarning[];
  /** Whether stork was patched, was already secured, or is not in the spec (always `absent` in the operator form). */
  readonly stork: 'patched' | 'already-secured' | 'absent';
  /** Whether the autopilot Deployment was patched or was already secured (DaemonSet form); absent when the spec has none. */
  readonly autopilot?: 'patched' | 'already-secured';
  /** True when nothing needed changing. */
  readonly alreadySecured: boolean;
  /** For the operator form: the namespace of the StorageCluster, where the shared-secret Secret must live. */
  readonly storageClusterNamespace?: string;
  /** Issuer found in the spec before patching, if any. */
  readonly existingIssuer?: string;
}

/** Renders `report` for people: a summary line, then one line per change and per warning. */
export function formatPatchReport(report: PatchReport): string {
  const changed = report.changes.filter((change) => change.action !== 'unchanged').length;
  const lines = [
    report.alreadySecured
      ? `${report.form} spec: already secured as asked, nothing to change`
      : `${report.form} spec: ${changed} change${changed === 1 ? '' : 's'}`,
  ];
  for (const change of report.changes) {
    lines.push(`  ${change.action.padEnd(9)} ${change.object} ${change.path}: ${change.detail}`);
  }
  if (report.form === 'daemonset') {
    lines.push(`  stork: ${report.stork === 'absent' ? 'absent (no stork Deployment in the spec)' : report.stork}`);
    if (report.autopilot !== undefined) lines.push(`  autopilot: ${report.autopilot}`);
  }
  if (report.existingIssuer !== undefined) lines.push(`  issuer found before patching: ${JSON.stringify(report.existingIssuer)}`);
  if (report.storageClusterNamespace !== undefined) {
    lines.push(`  the shared-secret Secret must live in namespace ${report.storageClusterNamespace} (the StorageCluster's)`);
  }
  for (const warning of report.warnings) lines.push(`  warning ${warning.code}: ${warning.message}`);
  return `${lines.join('\n')}\n`;
}
