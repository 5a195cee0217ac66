/**
 * Checks of the public key Portworx verifies RS256/ES256 tokens with (`-jwt_rsa_pubkey_file`,
 * `-jwt_ecds_pubkey_file` or their env twins): the file is mounted from a Secret or ConfigMap, and that object
 * must be in the bundle. Kubernetes does not start a pod whose Secret or ConfigMap volume is missing, so a
 * bundle without it leaves the portworx pods in ContainerCreating, unless the object exists in the cluster
 * already (a warning, as for a namespace the bundle does not create).
 */
import { PORTWORX_ARGS, PORTWORX_ENV } from '../names';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { nameOf, namespaceOf } from './bundle-secrets';
import { containerArgs, containerEnv, envEntries, flagOrEnv } from './cluster';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** A volume that may hold the public key file: where it is mounted and what it mounts. */
interface KeyVolume {
  readonly mountPath: string;
  readonly subPath?: string;
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  /** The volume's field and path, for the finding. */
  readonly field: string;
  readonly path: readonly PathSegment[];
}

/** Findings about the public key's Secret or ConfigMap (both forms). */
export function publicKeyFindings(context: AuditContext): Finding[] {
  const { cluster } = context;
  if (cluster.portworx !== undefined) {
    const args = containerArgs(cluster.portworx);
    const env = containerEnv(cluster.portworx);
    const file =
      flagOrEnv(args, env, PORTWORX_ARGS.jwtRsaPubkeyFile, PORTWORX_ENV.jwtRsaPubkey) ??
      flagOrEnv(args, env, PORTWORX_ARGS.jwtEcdsPubkeyFile, PORTWORX_ENV.jwtEcdsPubkey);
    if (file === undefined || file === '') return [];
    return missingSource(context, cluster.portworx.entry, file, daemonSetVolumes(cluster.portworx.entry, cluster.portworx.path));
  }
  if (cluster.storageCluster !== undefined) {
    const entry = cluster.storageCluster;
    const env = envEntries(valueAt(entry.object, ['spec', 'env']), 'spec.env', ['spec', 'env']);
    const file = env.get(PORTWORX_ENV.jwtRsaPubkey)?.value ?? env.get(PORTWORX_ENV.jwtEcdsPubkey)?.value;
    if (file === undefined || file === '') return [];
    return missingSource(context, entry, file, storageClusterVolumes(entry));
  }
  return [];
}

function missingSource(context: AuditContext, entry: BundleObject, file: string, volumes: readonly KeyVolume[]): Finding[] {
  const volume = volumes.find((candidate) =>
    candidate.subPath !== undefined ? candidate.mountPath === file : file.startsWith(`${candidate.mountPath.replace(/\/+$/, '')}/`),
  );
  if (volume === undefined) return [];
  const namespace = namespaceOf(entry.object);
  const present =
    volume.kind === 'Secret'
      ? context.secrets.find(namespace, volume.name) !== undefined
      : context.bundle.objects.some(
          (object) => object.object.kind === 'ConfigMap' && nameOf(object.object) === volume.name && namespaceOf(object.object) === namespace,
        );
  if (present) return [];
  return [
    findingOn(entry, {
      code: 'PUBLIC_KEY_SOURCE_MISSING',
      severity: 'warning',
      field: volume.field,
      path: volume.path,
      message: `the public key file ${JSON.stringify(file)} is mounted from ${volume.kind} ${namespace === '' ? '' : `${namespace}/`}${volume.name}, which the bundle does not make: unless the cluster has it already, the portworx pods do not start`,
      fix: ruleFix('PUBLIC_KEY_SOURCE_MISSING'),
    }),
  ];
}

/** The portworx container's mounts of Secret and ConfigMap volumes of the pod template. */
function daemonSetVolumes(entry: BundleObject, containerPath: readonly PathSegment[]): KeyVolume[] {
  const podVolumes = valueAt(entry.object, ['spec', 'template', 'spec', 'volumes']);
  const mounts = valueAt(entry.object, [...containerPath, 'volumeMounts']);
  if (!Array.isArray(podVolumes) || !Array.isArray(mounts)) return [];
  const found: KeyVolume[] = [];
  mounts.forEach((mount: unknown) => {
    if (!isRecord(mount) || typeof mount.mountPath !== 'string' || typeof mount.name !== 'string') return;
    const index = podVolumes.findIndex((volume: unknown) => isRecord(volume) && volume.name === mount.name);
    const source = volumeSource(podVolumes[index]);
    if (source === undefined) return;
    found.push({
      mountPath: mount.mountPath,
      ...(typeof mount.subPath === 'string' && mount.subPath !== '' ? { subPath: mount.subPath } : {}),
      ...source,
      field: `spec.template.spec.volumes[${mount.name}]`,
      path: ['spec', 'template', 'spec', 'volumes', index],
    });
  });
  return found;
}

/** The StorageCluster's `spec.volumes` of Secrets and ConfigMaps (each mounted at its `mountPath`, no subPath). */
function storageClusterVolumes(entry: BundleObject): KeyVolume[] {
  const volumes = valueAt(entry.object, ['spec', 'volumes']);
  if (!Array.isArray(volumes)) return [];
  const found: KeyVolume[] = [];
  volumes.forEach((volume: unknown, index) => {
    const source = volumeSource(volume);
    if (source === undefined || !isRecord(volume) || typeof volume.mountPath !== 'string') return;
    found.push({ mountPath: volume.mountPath, ...source, field: `spec.volumes[${String(volume.name)}]`, path: ['spec', 'volumes', index] });
  });
  return found;
}

function volumeSource(volume: unknown): { kind: 'Secret' | 'ConfigMap'; name: string } | undefined {
  if (!isRecord(volume)) return undefined;
  if (isRecord(volume.secret) && typeof volume.secret.secretName === 'string') return { kind: 'Secret', name: volume.secret.secretName };
  if (isRecord(volume.configMap) && typeof volume.configMap.name === 'string') return { kind: 'ConfigMap', name: volume.configMap.name };
  return undefined;
}
