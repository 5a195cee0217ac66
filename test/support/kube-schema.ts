/**
 * Validates emitted objects against the Kubernetes OpenAPI schema, with the models of `kubernetes-models`
 * (and `@kubernetes-models/*` for the Sealed Secrets and External Secrets CRDs).
 *
 * Old workload API versions (`extensions/v1beta1`, `apps/v1beta1`, `apps/v1beta2`) are no longer in the schema
 * that `kubernetes-models` ships; their DaemonSet and Deployment shapes are a subset of `apps/v1`'s, so they are
 * checked as `apps/v1` (the API version itself is left as it was written).
 *
 * `@kubernetes-models/external-secrets` has no `external-secrets.io/v1` models (checked: 0.5.2 ships v1alpha1 and
 * v1beta1). ESO 0.16 made v1 with the ExternalSecret fields of v1beta1 unchanged (the removals in v1 are in
 * SecretStore providers), so a v1 ExternalSecret is checked against the v1beta1 schema, the API version itself
 * left as written.
 */
import { StorageClusterShape } from './storage-cluster-shape';
import { validateSnapshotObject } from './volume-snapshot-schema';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: object) => Validatable;

const LEGACY_WORKLOAD_VERSIONS = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']);
/** ExternalSecret API versions checked against another version's schema (see the header). */
const EXTERNAL_SECRET_SCHEMA_OF: Readonly<Record<string, string>> = { 'external-secrets.io/v1': 'external-secrets.io/v1beta1' };

function modulePathFor(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('bitnami.com/')) return `@kubernetes-models/sealed-secrets/${apiVersion}/${kind}`;
  if (apiVersion.startsWith('external-secrets.io/')) return `@kubernetes-models/external-secrets/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function modelFor(apiVersion: string, kind: string): ModelClass {
  const version =
    LEGACY_WORKLOAD_VERSIONS.has(apiVersion) && ['DaemonSet', 'Deployment'].includes(kind) ? 'apps/v1' : (EXTERNAL_SECRET_SCHEMA_OF[apiVersion] ?? apiVersion);
  const path = modulePathFor(version, kind);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(path) as Record<string, ModelClass>;
  const model = loaded[kind];
  if (!model) throw new Error(`no schema model ${kind} in ${path}`);
  return model;
}

/** Throws with the object's kind, name and the schema's complaint if `object` is not a valid Kubernetes object. */
export function validateKubernetesObject(object: unknown): void {
  if (typeof object !== 'object' || object === null) throw new Error(`not an object: ${String(object)}`);
  const { apiVersion, kind, metadata } = object as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
  if (!apiVersion || !kind) throw new Error(`object without apiVersion/kind: ${JSON.stringify(object).slice(0, 200)}`);
  const label = `${apiVersion} ${kind} ${metadata?.name ?? '(no name)'}`;
  try {
    if (kind === 'StorageCluster') {
      StorageClusterShape.validate(object);
      return;
    }
    if (apiVersion.startsWith('snapshot.storage.k8s.io/')) {
      validateSnapshotObject(kind, object);
      return;
    }
    const Model = modelFor(apiVersion, kind);
    const schemaVersion = EXTERNAL_SECRET_SCHEMA_OF[apiVersion];
    const data = LEGACY_WORKLOAD_VERSIONS.has(apiVersion)
      ? { ...object, apiVersion: 'apps/v1' }
      : schemaVersion !== undefined
        ? { ...object, apiVersion: schemaVersion }
        : object;
    new Model(data).validate();
  } catch (error) {
    throw new Error(`${label} does not validate: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Validates every object; returns how many were checked. */
export function validateKubernetesObjects(objects: readonly unknown[]): number {
  objects.forEach(validateKubernetesObject);
  return objects.length;
}
