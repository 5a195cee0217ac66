/**
 * Finding what to patch in a spec, by meaning rather than position: the portworx DaemonSet and its portworx
 * container, the stork Deployment and its stork container, the autopilot Deployment and its autopilot
 * container, or the operator's StorageCluster.
 */
import { PxSecurityError } from '../errors/errors';
import { AUTOPILOT_COMMAND, PORTWORX_CONTAINER_NAME, PORTWORX_IMAGE, STORAGE_CLUSTER_KIND, STORK_COMMAND } from '../names';
import { isRecord, valueAt } from '../yaml/plain-json';

/** Where the objects to patch are, as indexes into the spec's objects (and into the pod's containers). */
export interface PortworxTargets {
  /** The portworx DaemonSet and, in its pod template, the portworx container. */
  readonly daemonSet?: { index: number; containerIndex: number };
  /** The stork Deployment and, in its pod template, the container running `/stork`. */
  readonly stork?: { index: number; containerIndex: number };
  /** The autopilot Deployment and, in its pod template, the container running `/autopilot`. */
  readonly autopilot?: { index: number; containerIndex: number };
  /** The operator's StorageCluster. */
  readonly storageCluster?: { index: number };
}

const DAEMON_SET_KIND = 'DaemonSet';
const DEPLOYMENT_KIND = 'Deployment';
/** Path of the pod template's containers in a DaemonSet or Deployment (every API version alike). */
export const POD_CONTAINERS_PATH = ['spec', 'template', 'spec', 'containers'] as const;
/** How many objects an error lists before it abbreviates. */
const LISTED_OBJECTS = 25;

/**
 * Finds the portworx DaemonSet (the one whose pod template runs `portworx/oci-monitor`, or else a container
 * named `portworx`), the stork Deployment (a container whose command, or else first arg, starts with `/stork`),
 * the autopilot Deployment (likewise `/autopilot`) and the StorageCluster. Throws `SPEC_NO_PORTWORX` (listing what the file holds) when there is neither a
 * portworx DaemonSet nor a StorageCluster, and `SPEC_TARGET_AMBIGUOUS` when there are two of one.
 */
export function findPortworxTargets(objects: readonly Record<string, unknown>[], file: string): PortworxTargets {
  const daemonSets: { index: number; containerIndex: number }[] = [];
  const storks: { index: number; containerIndex: number }[] = [];
  const autopilots: { index: number; containerIndex: number }[] = [];
  const storageClusters: { index: number }[] = [];
  objects.forEach((object, index) => {
    const target = targetOf(object, file, index);
    if (target?.kind === 'daemonSet') daemonSets.push({ index, containerIndex: target.containerIndex });
    else if (target?.kind === 'stork') storks.push({ index, containerIndex: target.containerIndex });
    else if (target?.kind === 'autopilot') autopilots.push({ index, containerIndex: target.containerIndex });
    else if (target?.kind === 'storageCluster') storageClusters.push({ index });
  });
  if (daemonSets.length === 0 && storageClusters.length === 0) {
    throw new PxSecurityError({
      code: 'SPEC_NO_PORTWORX',
      field: file,
      problem: `holds no portworx DaemonSet (a container running ${PORTWORX_IMAGE} or named "${PORTWORX_CONTAINER_NAME}") and no ${STORAGE_CLUSTER_KIND}; it holds ${listObjects(objects)}`,
      fix: 'give the spec downloaded from the Portworx spec generator, with the portworx DaemonSet or the StorageCluster in it',
    });
  }
  requireAtMostOne(daemonSets, objects, file, 'portworx DaemonSets', 'keep one portworx DaemonSet per spec');
  requireAtMostOne(storageClusters, objects, file, `${STORAGE_CLUSTER_KIND}s`, `keep one ${STORAGE_CLUSTER_KIND} per spec`);
  requireAtMostOne(storks, objects, file, 'stork Deployments', 'keep one stork Deployment per spec');
  requireAtMostOne(autopilots, objects, file, 'autopilot Deployments', 'keep one autopilot Deployment per spec');
  const [daemonSet] = daemonSets;
  const [stork] = storks;
  const [autopilot] = autopilots;
  const [storageCluster] = storageClusters;
  return {
    ...(daemonSet !== undefined ? { daemonSet } : {}),
    ...(stork !== undefined ? { stork } : {}),
    ...(autopilot !== undefined ? { autopilot } : {}),
    ...(storageCluster !== undefined ? { storageCluster } : {}),
  };
}

/** What one object of a spec is to the patch: the portworx DaemonSet, the stork Deployment, the StorageCluster. */
export type ObjectTarget =
  | { readonly kind: 'daemonSet'; readonly containerIndex: number }
  | { readonly kind: 'stork'; readonly containerIndex: number }
  | { readonly kind: 'autopilot'; readonly containerIndex: number }
  | { readonly kind: 'storageCluster' };

/**
 * What `object` (the spec's object number `index`, for messages) is to the patch, by the rules of
 * {@link findPortworxTargets}; `undefined` for every object the patch leaves alone. Throws
 * `SPEC_TARGET_AMBIGUOUS` for a DaemonSet running portworx in two containers.
 */
export function targetOf(object: unknown, file: string, index: number): ObjectTarget | undefined {
  if (!isRecord(object)) return undefined;
  if (object.kind === DAEMON_SET_KIND) {
    const containerIndex = portworxContainerIndex(object, file, index);
    return containerIndex === undefined ? undefined : { kind: 'daemonSet', containerIndex };
  }
  if (object.kind === DEPLOYMENT_KIND) {
    const storkIndex = commandContainerIndex(object, STORK_COMMAND);
    if (storkIndex !== undefined) return { kind: 'stork', containerIndex: storkIndex };
    const autopilotIndex = commandContainerIndex(object, AUTOPILOT_COMMAND);
    return autopilotIndex === undefined ? undefined : { kind: 'autopilot', containerIndex: autopilotIndex };
  }
  return object.kind === STORAGE_CLUSTER_KIND ? { kind: 'storageCluster' } : undefined;
}

/** Names an object for reports and messages: `DaemonSet kube-system/portworx`. */
export function describeObject(object: unknown, index: number): string {
  if (!isRecord(object)) return `object #${index + 1}`;
  const kind = typeof object.kind === 'string' && object.kind !== '' ? object.kind : `object #${index + 1}`;
  const name = valueAt(object, ['metadata', 'name']);
  const namespace = valueAt(object, ['metadata', 'namespace']);
  if (typeof name !== 'string' || name === '') return kind;
  return typeof namespace === 'string' && namespace !== '' ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

/** Names a container for paths: its name, or its index when it has none. */
export function containerLabel(object: unknown, containerIndex: number): string {
  const name = valueAt(object, [...POD_CONTAINERS_PATH, containerIndex, 'name']);
  return typeof name === 'string' && name !== '' ? name : String(containerIndex);
}

function podContainers(object: Record<string, unknown>): Record<string, unknown>[] {
  const containers = valueAt(object, POD_CONTAINERS_PATH);
  return Array.isArray(containers) ? containers.map((container) => (isRecord(container) ? container : {})) : [];
}

function runsPortworxImage(container: Record<string, unknown>): boolean {
  if (typeof container.image !== 'string') return false;
  // Registry prefixes (`docker.io/`, a private mirror) are fine; the repository must be portworx/oci-monitor.
  const repository = container.image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return repository === PORTWORX_IMAGE || repository.endsWith(`/${PORTWORX_IMAGE}`);
}

function portworxContainerIndex(object: Record<string, unknown>, file: string, index: number): number | undefined {
  const containers = podContainers(object);
  const byImage = containers.flatMap((container, i) => (runsPortworxImage(container) ? [i] : []));
  if (byImage.length > 1) {
    throw new PxSecurityError({
      code: 'SPEC_TARGET_AMBIGUOUS',
      field: `${file}: ${describeObject(object, index)}`,
      problem: `runs ${PORTWORX_IMAGE} in ${byImage.length} containers (${byImage.map((i) => containerLabel(object, i)).join(', ')})`,
      fix: 'keep one portworx container in the DaemonSet',
    });
  }
  if (byImage.length === 1) return byImage[0];
  const byName = containers.findIndex((container) => container.name === PORTWORX_CONTAINER_NAME);
  return byName >= 0 ? byName : undefined;
}

/** The first container whose command (or else first arg) starts with `command` (`/stork`, `/autopilot`). */
function commandContainerIndex(object: Record<string, unknown>, command: string): number | undefined {
  const index = podContainers(object).findIndex((container) => {
    const first: unknown =
      Array.isArray(container.command) && container.command.length > 0
        ? (container.command as unknown[])[0]
        : Array.isArray(container.args)
          ? (container.args as unknown[])[0]
          : undefined;
    return typeof first === 'string' && first.startsWith(command);
  });
  return index >= 0 ? index : undefined;
}

function requireAtMostOne(found: readonly { index: number }[], objects: readonly unknown[], file: string, what: string, fix: string): void {
  if (found.length < 2) return;
  throw new PxSecurityError({
    code: 'SPEC_TARGET_AMBIGUOUS',
    field: file,
    problem: `holds ${found.length} ${what} (${found.map(({ index }) => `${describeObject(objects[index], index)} (object #${index + 1})`).join(', ')})`,
    fix,
  });
}

function listObjects(objects: readonly unknown[]): string {
  if (objects.length === 0) return 'no objects at all';
  const names = objects.map((object, index) => describeObject(object, index));
  const listed = names.slice(0, LISTED_OBJECTS).join(', ');
  return names.length > LISTED_OBJECTS ? `${listed} and ${names.length - LISTED_OBJECTS} more` : listed;
}
