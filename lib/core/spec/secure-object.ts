/**
 * Securing a spec that arrives one object at a time (a Pulumi transformation sees each object of a
 * `ConfigFile` or Helm chart on its own): each target gets exactly the edits `secureSpecObjects` gives it in a
 * whole spec, since every edit reads only its own object and the settings.
 */
import { planAutopilot } from './autopilot-patch';
import { planDaemonSet } from './daemonset-patch';
import { PatchPlan } from './patch-plan';
import { resolveSecuritySettings, SpecPatchSettings } from '../cluster/security-settings';
import { applySpecEdits } from './spec-edit';
import { planStorageCluster } from './storage-cluster-patch';
import { planStork } from './stork-patch';
import { ObjectTarget, targetOf } from './targets';

/** One object, secured. */
export interface SecuredObject {
  /** A patched copy of a target; any other object (and a target already secured) as given, the same value. */
  readonly object: Record<string, unknown>;
  /** What the object is to the patch; `undefined` for objects the patch leaves alone. */
  readonly target?: ObjectTarget;
  /** Whether the patch changed the object. */
  readonly changed: boolean;
}

/**
 * Secures one object of a spec whose form is known: the portworx DaemonSet and the stork Deployment (DaemonSet
 * form, and the autopilot Deployment) or the StorageCluster (operator form) are patched as in a whole spec; with a
 * StorageCluster, stork and autopilot are left to the operator. The input is never mutated. The caller checks that a target fits the form (a
 * StorageCluster arriving at a DaemonSet-form cluster): this function patches what it is given.
 * @param file where the object comes from, for messages
 */
export function secureSpecObject(object: Record<string, unknown>, settings: SpecPatchSettings, form: 'daemonset' | 'operator', file: string): SecuredObject {
  const target = targetOf(object, file, 0);
  if (target === undefined || ((target.kind === 'stork' || target.kind === 'autopilot') && form === 'operator'))
    return { object, ...(target !== undefined ? { target } : {}), changed: false };
  const resolved = resolveSecuritySettings(settings);
  const plan = new PatchPlan(resolved.replace);
  const objects = [object];
  if (target.kind === 'daemonSet') planDaemonSet(plan, objects, { index: 0, containerIndex: target.containerIndex }, resolved);
  else if (target.kind === 'stork') planStork(plan, objects, { index: 0, containerIndex: target.containerIndex }, resolved);
  else if (target.kind === 'autopilot') planAutopilot(plan, objects, { index: 0, containerIndex: target.containerIndex }, resolved);
  else planStorageCluster(plan, objects, { index: 0 }, resolved);
  const [secured] = applySpecEdits(objects, plan.edits);
  return { object: secured ?? object, target, changed: plan.edits.length > 0 };
}
