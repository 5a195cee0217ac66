/**
 * The VolumeSnapshot API a spec installs. Portworx specs of the 2.x era (fixture 08, PX 2.5) install the
 * external-snapshotter CRDs at `snapshot.storage.k8s.io/v1beta1` only; a `v1` VolumeSnapshotClass (what this
 * library emits) is then refused by the API server (`no matches for kind "VolumeSnapshotClass" in version
 * "snapshot.storage.k8s.io/v1"`) unless the cluster's CRDs are newer. One rule for the synth
 * (`SecurityModel.warnings()`) and `pxsec check`: a warning, since the cluster may have newer CRDs than the spec.
 */
import { PxSecurityError } from '../errors/errors';
import { VOLUME_SNAPSHOT_API_VERSION } from '../names';
import { isRecord } from '../yaml/plain-json';

/** The CRD of VolumeSnapshotClasses. */
const SNAPSHOT_CLASS_CRD = 'volumesnapshotclasses.snapshot.storage.k8s.io';

/**
 * The versions the spec's VolumeSnapshotClass CRD serves, when `objects` install that CRD (`spec.versions[]`
 * with `served: true`, or the `v1beta1` CRD API's single `spec.version`); `undefined` when they do not install it.
 */
export function servedSnapshotClassVersions(objects: readonly Record<string, unknown>[]): string[] | undefined {
  const crd = objects.find((object) => object.kind === 'CustomResourceDefinition' && isRecord(object.metadata) && object.metadata.name === SNAPSHOT_CLASS_CRD);
  if (crd === undefined) return undefined;
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  if (versions.length > 0)
    return versions.filter((version) => version.served === true && typeof version.name === 'string').map((version) => version.name as string);
  return typeof spec.version === 'string' ? [spec.version] : [];
}

/**
 * `VOLUMESNAPSHOT_API_NOT_SERVED` for a VolumeSnapshotClass at `apiVersion` (written at `field`), when the spec's
 * CRD does not serve that version; `undefined` when it does or the spec installs no such CRD. `served` is
 * `servedSnapshotClassVersions` of the spec's objects, found once for all classes.
 */
export function snapshotApiWarning(field: string, apiVersion: unknown, served: readonly string[] | undefined): PxSecurityError | undefined {
  const version = typeof apiVersion === 'string' ? apiVersion.slice(apiVersion.indexOf('/') + 1) : '';
  if (served === undefined || served.includes(version)) return undefined;
  return new PxSecurityError({
    code: 'VOLUMESNAPSHOT_API_NOT_SERVED',
    field,
    value: apiVersion,
    problem: `is a version the spec's VolumeSnapshotClass CRD does not serve (it serves ${served.length === 0 ? 'none' : served.join(', ')}), so the API server refuses the class unless the cluster's snapshot CRDs are newer than the spec's`,
    fix: `install the external-snapshotter CRDs that serve ${VOLUME_SNAPSHOT_API_VERSION} (external-snapshotter 4.0 or later) in place of the spec's, or leave out the VolumeSnapshotClass on this cluster`,
  });
}
