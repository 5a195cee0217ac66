/**
 * The values a vault must hold for the ExternalSecrets a synth emits: for each ExternalSecret, its remote key
 * and, per `spec.data[].remoteRef.property`, the value of the Secret key it stands for (the keys and tokens the
 * synth signed). Read from the ExternalSecret itself, so the exported values are exactly what its remoteRefs
 * point at. Secret: the values are keys and tokens; nothing here writes or logs them.
 */
import { PxSecurityError } from '../errors/errors';
import { SecretObject } from '../kube/kube-object';
import type { ExternalSecretObject } from './external-secret';

/** One remote key of the vault and the properties it must hold. */
export interface ExternalValues {
  /** The remote key (`spec.data[].remoteRef.key`), e.g. `portworx/tenant-a/px-k8s-user`. */
  readonly remoteKey: string;
  /** Property → value (plain text). Secret: never log it. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The values `external` points at, taken from `secret` (its base64 `data`), grouped by remote key.
 *
 * @throws PxSecurityError `EXTERNAL_SECRET_KEYS_MISSING` when the ExternalSecret names a key the Secret lacks
 */
export function externalValues(secret: SecretObject, external: ExternalSecretObject): ExternalValues[] {
  const byKey = new Map<string, Record<string, string>>();
  for (const entry of external.spec.data) {
    const encoded = secret.data[entry.secretKey];
    if (encoded === undefined) {
      throw new PxSecurityError({
        code: 'EXTERNAL_SECRET_KEYS_MISSING',
        field: `ExternalSecret ${external.metadata.namespace ?? ''}/${external.metadata.name}: spec.data[${entry.secretKey}]`,
        problem: 'names a key the Secret it stands for does not hold',
        fix: 'report this: the ExternalSecret and its Secret are made together',
      });
    }
    const values = byKey.get(entry.remoteRef.key) ?? {};
    values[entry.remoteRef.property] = Buffer.from(encoded, 'base64').toString('utf8');
    byKey.set(entry.remoteRef.key, values);
  }
  return [...byKey].map(([remoteKey, values]) => ({ remoteKey, values }));
}

/**
 * The file of a remote key under the export directory: the remote key's path with `.json`
 * (`portworx/kube-system/pxkeys` → `portworx/kube-system/pxkeys.json`).
 *
 * @throws PxSecurityError `EXTERNAL_VALUES_PATH_INVALID` for a remote key that is empty or leaves the
 *   directory (`..`, `.`, an empty segment, an absolute path)
 */
export function externalValuesFile(remoteKey: string): string {
  const segments = remoteKey.split('/');
  if (remoteKey === '' || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new PxSecurityError({
      code: 'EXTERNAL_VALUES_PATH_INVALID',
      field: 'exportExternalValues: remoteKey',
      value: remoteKey,
      problem: 'is not a relative path of non-empty segments, so it has no file in the export directory',
      fix: 'use a remoteKeyPrefix of plain segments, such as "portworx" or "clusters/prod-eu-1"',
    });
  }
  return `${segments.join('/')}.json`;
}
