/**
 * Securing a spec's objects: find the targets, plan the edits, apply them to copies of the targets.
 */
import { PxSecurityError } from '../errors/errors';
import { issuerProblem } from '../token/issuer';
import { STORAGE_CLUSTER_KIND, STORK_SHARED_SECRET_ENV } from '../names';
import { planAutopilot } from './autopilot-patch';
import { planDaemonSet } from './daemonset-patch';
import { editsOfDocuments, expandListItems } from './list-items';
import { SpecWarning } from '../yaml/documents';
import { PatchPlan } from './patch-plan';
import { PatchReport } from './report';
import { ResolvedSecuritySettings, SecuritySettings, SpecPatchSettings, resolveSecuritySettings } from '../cluster/security-settings';
import { applySpecEdits, SpecEdit } from './spec-edit';
import { planStorageCluster } from './storage-cluster-patch';
import { planStork } from './stork-patch';
import { describeObject, findPortworxTargets, PortworxTargets } from './targets';

/** The secured objects and the report of what changed. */
export interface SecuredObjects {
  /** Every object of the spec, in order: patched copies of the targets, every other object as given. */
  readonly objects: Record<string, unknown>[];
  /** What the patch changed and noticed. */
  readonly report: PatchReport;
}

/** The edits that secure a spec, and the report (before they are applied to objects or text). */
export interface SpecSecurityPlan {
  /** The edits, in the order they were planned. */
  readonly edits: readonly SpecEdit[];
  /** The report of the patch. */
  readonly report: PatchReport;
}

const OPERATOR_ONLY: readonly (keyof SecuritySettings)[] = ['operatorTokenLifetime', 'guestAccess', 'sharedSecretName'];
const DAEMONSET_ONLY: readonly (keyof SecuritySettings)[] = ['keysSecretName', 'storkKeyEnv'];

/**
 * Secures a spec's objects (DaemonSet form or operator form). Pure: the input is never mutated (targets are
 * deep-copied) and every object that is not a target is returned as the same value.
 */
export function secureSpecObjects(objects: readonly Record<string, unknown>[], settings: SpecPatchSettings, file = 'spec objects'): SecuredObjects {
  const { edits, report } = planSpecSecurity(objects, settings, file, []);
  return { objects: applySpecEdits(objects, edits), report };
}

/**
 * Plans the securing of `objects`; `parseWarnings` open the report's warnings. The items of `kind: List` objects
 * are searched and patched like top-level objects; the edits returned are on `objects` as given.
 */
export function planSpecSecurity(
  documents: readonly Record<string, unknown>[],
  settings: SpecPatchSettings,
  file: string,
  parseWarnings: readonly SpecWarning[],
): SpecSecurityPlan {
  const { objects, origins } = expandListItems(documents);
  const { edits, report } = planExpandedSecurity(objects, settings, file, parseWarnings);
  return { edits: editsOfDocuments(edits, origins), report };
}

function planExpandedSecurity(
  objects: readonly Record<string, unknown>[],
  settings: SpecPatchSettings,
  file: string,
  parseWarnings: readonly SpecWarning[],
): SpecSecurityPlan {
  const resolved = resolveSecuritySettings(settings);
  const targets = findPortworxTargets(objects, file);
  const plan = new PatchPlan(resolved.replace);
  if (issuerProblem(resolved.issuer, { oidc: resolved.oidc !== undefined })?.code === 'ISSUER_LOOKS_LIKE_OIDC') {
    plan.warnings.push({
      code: 'ISSUER_LOOKS_LIKE_OIDC',
      message: `issuer ${JSON.stringify(resolved.issuer)} starts with https://, which Portworx reads as an OIDC issuer; self-signed issuers are usually a plain name such as "portworx.com"`,
    });
  }
  if (targets.daemonSet && targets.storageCluster) {
    throw new PxSecurityError({
      code: 'SPEC_FORMS_MIXED',
      field: file,
      problem: `holds both a portworx DaemonSet (${describeObject(objects[targets.daemonSet.index], targets.daemonSet.index)}) and a ${STORAGE_CLUSTER_KIND} (${describeObject(objects[targets.storageCluster.index], targets.storageCluster.index)})`,
      fix: 'secure the DaemonSet spec or the operator spec, one file at a time',
    });
  }
  const report = targets.daemonSet ? planDaemonSetForm(plan, objects, targets, resolved, file) : planOperatorForm(plan, objects, targets, resolved);
  return { edits: plan.edits, report: { ...report, warnings: [...parseWarnings, ...plan.warnings] } };
}

function planDaemonSetForm(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  targets: PortworxTargets,
  settings: ResolvedSecuritySettings,
  file: string,
): PatchReport {
  warnIgnored(plan, settings, OPERATOR_ONLY, 'the operator form');
  const daemonSet = targets.daemonSet as NonNullable<PortworxTargets['daemonSet']>;
  const { existingIssuer } = planDaemonSet(plan, objects, daemonSet, settings);
  let stork: PatchReport['stork'] = 'absent';
  if (targets.stork) {
    stork = planStork(plan, objects, targets.stork, settings);
  } else {
    plan.warnings.push({
      code: 'SPEC_STORK_ABSENT',
      message: `${file} holds no stork Deployment; where stork runs from another spec, give its container ${STORK_SHARED_SECRET_ENV} from the keys Secret too`,
    });
  }
  const autopilot = targets.autopilot ? planAutopilot(plan, objects, targets.autopilot, settings) : undefined;
  return {
    form: 'daemonset',
    changes: plan.changes,
    warnings: [],
    stork,
    ...(autopilot !== undefined ? { autopilot } : {}),
    alreadySecured: plan.changes.every((change) => change.action === 'unchanged'),
    ...(existingIssuer !== undefined ? { existingIssuer } : {}),
  };
}

function planOperatorForm(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  targets: PortworxTargets,
  settings: ResolvedSecuritySettings,
): PatchReport {
  warnIgnored(plan, settings, DAEMONSET_ONLY, 'the DaemonSet form');
  const storageCluster = targets.storageCluster as NonNullable<PortworxTargets['storageCluster']>;
  if (targets.stork) {
    plan.warnings.push({
      code: 'SPEC_STORK_NOT_PATCHED',
      message: `${describeObject(objects[targets.stork.index], targets.stork.index)} was left as it is: with a StorageCluster, the operator configures stork's key itself`,
    });
  }
  const { existingIssuer, namespace } = planStorageCluster(plan, objects, storageCluster, settings);
  return {
    form: 'operator',
    changes: plan.changes,
    warnings: [],
    stork: 'absent',
    alreadySecured: plan.changes.every((change) => change.action === 'unchanged'),
    ...(namespace !== undefined ? { storageClusterNamespace: namespace } : {}),
    ...(existingIssuer !== undefined ? { existingIssuer } : {}),
  };
}

function warnIgnored(plan: PatchPlan, settings: ResolvedSecuritySettings, names: readonly (keyof SecuritySettings)[], form: string): void {
  for (const name of names.filter((setting) => settings.given.includes(setting))) {
    plan.warnings.push({ code: 'SPEC_SETTING_IGNORED', message: `setting ${name} applies to ${form} only; this spec does not use it` });
  }
}
