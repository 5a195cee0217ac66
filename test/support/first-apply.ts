/**
 * A first `kubectl apply` of manifests on an empty cluster, played in file order, written apart from the library's
 * own rule (lib/core/cluster/apply-order.ts) so a test of that rule does not grade itself.
 *
 * Walks the objects in order and keeps the Namespaces and Secrets created so far. Every namespaced object needs
 * its Namespace created before it (or one Kubernetes always has, or one the caller says exists); a workload needs
 * every Secret its pods read (`secretKeyRef`, `envFrom`, secret volumes), and a StorageClass or
 * VolumeSnapshotClass every fixed Secret its parameters name, created before it, when the manifests create that
 * Secret at all.
 */

/** Namespaces every cluster has. */
const BUILT_IN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Kinds without a namespace, as far as the manifests under test hold them. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'StorageClass',
  'VolumeSnapshotClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'CSIDriver',
  'PriorityClass',
  'PodSecurityPolicy',
  'PersistentVolume',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);
const WORKLOAD_POD_SPEC: Record<string, string[]> = {
  DaemonSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

type Json = Record<string, any>;

function at(object: unknown, path: readonly string[]): any {
  return path.reduce<any>((value, key) => (value !== null && typeof value === 'object' ? value[key] : undefined), object);
}

/** The Secret a Secret-making object makes: `namespace/name`. */
function secretMade(object: Json): string | undefined {
  const namespace = object.metadata?.namespace ?? '';
  if (object.kind === 'Secret') return `${namespace}/${object.metadata?.name}`;
  if (object.kind === 'SealedSecret') return `${namespace}/${object.spec?.template?.metadata?.name ?? object.metadata?.name}`;
  if (object.kind === 'ExternalSecret') return `${namespace}/${object.spec?.target?.name ?? object.metadata?.name}`;
  return undefined;
}

/** The Secrets an object reads, as `namespace/name`. */
function secretsRead(object: Json): string[] {
  const namespace = object.metadata?.namespace ?? '';
  const podSpecPath = WORKLOAD_POD_SPEC[object.kind];
  if (podSpecPath !== undefined) {
    const podSpec = at(object, podSpecPath) ?? {};
    const containers: Json[] = [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])];
    const names = [
      ...containers.flatMap((c) =>
        (c.env ?? [])
          .map((e: Json) => e.valueFrom?.secretKeyRef)
          .filter((r: Json | undefined) => r && !r.optional)
          .map((r: Json) => r.name),
      ),
      ...containers.flatMap((c) =>
        (c.envFrom ?? [])
          .map((e: Json) => e.secretRef)
          .filter((r: Json | undefined) => r && !r.optional)
          .map((r: Json) => r.name),
      ),
      ...(podSpec.volumes ?? [])
        .map((v: Json) => v.secret)
        .filter((s: Json | undefined) => s && !s.optional)
        .map((s: Json) => s.secretName),
    ];
    return names.map((name) => `${namespace}/${name}`);
  }
  if (object.kind === 'StorageClass' || object.kind === 'VolumeSnapshotClass') {
    const parameters: Record<string, string> = object.parameters ?? {};
    return Object.entries(parameters)
      .filter(([key]) => key.endsWith('secret-name'))
      .map(([key, name]) => [name, parameters[key.replace(/secret-name$/, 'secret-namespace')]])
      .filter(([name, ns]) => typeof name === 'string' && typeof ns === 'string' && !`${name}${ns}`.includes('${'))
      .map(([name, ns]) => `${ns}/${name}`);
  }
  return [];
}

/**
 * The failures of a first apply of `objects` in order: one line per object that needs a Namespace or Secret not
 * there yet. `existingNamespaces`: namespaces the cluster already has besides Kubernetes' own.
 */
export function firstApplyFailures(objects: readonly Json[], existingNamespaces: readonly string[] = []): string[] {
  const namespaces = new Set([...BUILT_IN, ...existingNamespaces]);
  const secretsAnywhere = new Set(objects.map(secretMade).filter((s): s is string => s !== undefined));
  const secrets = new Set<string>();
  const failures: string[] = [];
  objects.forEach((object, index) => {
    const namespace = object.metadata?.namespace;
    const name = `${index}: ${object.kind} ${namespace ?? ''}/${object.metadata?.name}`;
    if (!CLUSTER_SCOPED.has(object.kind) && namespace !== undefined && !namespaces.has(namespace))
      failures.push(`${name}: namespaces "${namespace}" not found`);
    for (const secret of secretsRead(object)) {
      if (secretsAnywhere.has(secret) && !secrets.has(secret)) failures.push(`${name}: reads Secret ${secret}, not created yet`);
    }
    if (object.kind === 'Namespace') namespaces.add(object.metadata.name);
    const made = secretMade(object);
    if (made !== undefined) secrets.add(made);
  });
  return failures;
}
