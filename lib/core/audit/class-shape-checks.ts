/**
 * Checks of the classes as the API server and Kubernetes read them, beside their auth: a VolumeSnapshotClass
 * at an API version the bundle's snapshot CRDs do not serve (`snapshot-api.ts`, the synth's rule), a
 * `deletionPolicy` that is not exactly `Delete` or `Retain` (the CRD's enum is case-sensitive), and more than one
 * default StorageClass or default VolumeSnapshotClass (claims and snapshots without a class then get the newest
 * one, or none on Kubernetes before 1.26, instead of the one meant).
 */
import { CLASS_KINDS } from '../classes/class-kinds';
import { VOLUME_SNAPSHOT_CLASS_KIND } from '../names';
import { servedSnapshotClassVersions, snapshotApiWarning } from '../classes/snapshot-api';
import { valueAt } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { AuditContext } from './context';
import { Finding, findingOn, messageWithoutFix } from './finding';
import { ruleFix } from './rules';

const DELETION_POLICIES: readonly string[] = ['Delete', 'Retain'];

/** Findings about the API version, deletion policy and default annotation of the bundle's classes. */
export function classShapeFindings(context: AuditContext): Finding[] {
  const objects = context.bundle.objects;
  const snapshotClasses = objects.filter(({ object }) => object.kind === VOLUME_SNAPSHOT_CLASS_KIND);
  const findings: Finding[] = [];
  const served = servedSnapshotClassVersions(objects.map(({ object }) => object));
  for (const entry of snapshotClasses) {
    const warning = snapshotApiWarning('apiVersion', entry.object.apiVersion, served);
    if (warning !== undefined)
      findings.push(
        findingOn(entry, {
          code: warning.code,
          severity: 'warning',
          field: 'apiVersion',
          path: ['apiVersion'],
          message: messageWithoutFix(warning),
          fix: warning.fix,
        }),
      );
    const policy = entry.object.deletionPolicy;
    if (policy !== undefined && !DELETION_POLICIES.includes(policy as string)) {
      const near = typeof policy === 'string' ? DELETION_POLICIES.find((candidate) => candidate.toLowerCase() === policy.toLowerCase()) : undefined;
      findings.push(
        findingOn(entry, {
          code: 'VOLUMESNAPSHOTCLASS_FIELD_INVALID',
          severity: 'error',
          field: 'deletionPolicy',
          path: ['deletionPolicy'],
          message: `deletionPolicy ${JSON.stringify(policy)} is not "Delete" or "Retain" (case-sensitive): the API server refuses the class${near === undefined ? '' : `; did you mean "${near}"?`}`,
          fix: ruleFix('VOLUMESNAPSHOTCLASS_FIELD_INVALID'),
        }),
      );
    }
  }
  for (const { kind, defaultAnnotation } of Object.values(CLASS_KINDS)) {
    findings.push(
      ...defaultFindings(
        objects.filter(({ object }) => object.kind === kind),
        defaultAnnotation,
        kind,
      ),
    );
  }
  return findings;
}

/** `DEFAULT_CLASS_AMBIGUOUS` on each of several classes annotated as the default. */
function defaultFindings(classes: readonly BundleObject[], annotation: string, kind: string): Finding[] {
  const defaults = classes.filter(({ object }) => valueAt(object, ['metadata', 'annotations', annotation]) === 'true');
  if (defaults.length < 2) return [];
  return defaults.map((entry) =>
    findingOn(entry, {
      code: 'DEFAULT_CLASS_AMBIGUOUS',
      severity: 'warning',
      field: `metadata.annotations[${JSON.stringify(annotation)}]`,
      path: ['metadata', 'annotations', annotation],
      message: `${defaults.length} ${kind}es of the bundle (${defaults.map((other) => other.name).join(', ')}) are annotated as the default: what names no class gets the newest of them (none before Kubernetes 1.26), not a chosen one`,
      fix: ruleFix('DEFAULT_CLASS_AMBIGUOUS'),
    }),
  );
}
