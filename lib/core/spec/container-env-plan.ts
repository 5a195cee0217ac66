/**
 * The env edits of one container of a spec object (stork, autopilot): the entries it must hold, planned once.
 */
import { NamedEntry, PatchPlan, PlanTarget } from './patch-plan';
import { PathSegment, valueAt } from '../yaml/plain-json';
import { containerLabel, describeObject, POD_CONTAINERS_PATH } from './targets';

/** Where the container is: the object's index and the container's index in its pod template. */
export interface ContainerPlace {
  readonly index: number;
  readonly containerIndex: number;
}

/** The container planned: the plan target, the container and its env's path label (for further checks). */
export interface PlannedContainerEnv {
  readonly target: PlanTarget;
  readonly container: Record<string, unknown>;
  readonly path: string;
  /** Whether the plan changes anything of this container's env. */
  readonly changed: boolean;
}

/** Plans that the container at `where` holds every env entry of `entries` (appended when missing). */
export function planContainerEnv(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  where: ContainerPlace,
  entries: readonly NamedEntry[],
): PlannedContainerEnv {
  const object = objects[where.index];
  const target: PlanTarget = { object: where.index, label: describeObject(object, where.index) };
  const containerPath: PathSegment[] = [...POD_CONTAINERS_PATH, where.containerIndex];
  const container = valueAt(object, containerPath) as Record<string, unknown>;
  const path = `spec.template.spec.containers[${containerLabel(object, where.containerIndex)}].env`;
  const changesBefore = plan.changes.length;
  plan.ensureNamedEntries(target, container, containerPath, 'env', path, entries);
  return { target, container, path, changed: plan.changes.slice(changesBefore).some((change) => change.action !== 'unchanged') };
}
