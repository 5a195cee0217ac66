/**
 * Small Portworx spec objects for unit tests, shaped like the spec generator's.
 */

type Json = Record<string, unknown>;

/** A container. */
export function container(name: string, image: string, extra: Json = {}): Json {
  return { name, image, ...extra };
}

/** The portworx container of a DaemonSet spec. */
export function portworxContainer(extra: Json = {}): Json {
  return container('portworx', 'portworx/oci-monitor:2.6.0', { args: ['-c', 'px-cluster', '-x', 'kubernetes'], ...extra });
}

/** The stork container of a stork Deployment. */
export function storkContainer(extra: Json = {}): Json {
  return container('stork', 'openstorage/stork:2.6.0', {
    command: ['/stork', '--driver=pxd'],
    env: [{ name: 'PX_SERVICE_NAME', value: 'portworx-api' }],
    ...extra,
  });
}

/** A workload (DaemonSet or Deployment) with `containers` in its pod template. */
export function workload(kind: 'DaemonSet' | 'Deployment', name: string, containers: Json[], apiVersion = 'apps/v1', namespace = 'kube-system'): Json {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { name } }, template: { metadata: { labels: { name } }, spec: { containers } } },
  };
}

/** The portworx DaemonSet. */
export function portworxDaemonSet(extra: Json = {}, apiVersion = 'apps/v1'): Json {
  return workload('DaemonSet', 'portworx', [portworxContainer(extra)], apiVersion);
}

/** The stork Deployment. */
export function storkDeployment(extra: Json = {}): Json {
  return workload('Deployment', 'stork', [storkContainer(extra)]);
}

/** A ServiceAccount (a non-target). */
export function serviceAccount(name = 'px-account'): Json {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'kube-system' } };
}

/** An operator StorageCluster. */
export function storageCluster(
  spec: unknown = { image: 'portworx/oci-monitor:2.9.1' },
  metadata: Json = { name: 'px-cluster', namespace: 'kube-system' },
): Json {
  return { apiVersion: 'core.libopenstorage.org/v1', kind: 'StorageCluster', metadata, spec };
}

/** The env entry the docs add, from `pxkeys`. */
export function keyEnv(name: string, key: string, secretName = 'pxkeys'): Json {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}
