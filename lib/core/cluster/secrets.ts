/**
 * The Secrets PX-Security needs: the keys Secret and token Secrets.
 *
 * Values go into base64 `data`, never `stringData`: the API server turns `stringData` into `data`, so a GitOps
 * tool comparing the manifest with the live object would show a diff forever.
 */
import { PxKeys } from '../keys/keys';
import { ObjectMeta, SecretObject } from '../kube/kube-object';
import { PX_KEYS_SECRET_NAME, PX_KEYS_SECRET_NAMESPACE, SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY, TOKEN_SECRET_KEY } from '../names';
import { labelsAndAnnotations } from '../kube/object-metadata';
import { setOwn } from '../yaml/plain-json';

/** Where a Secret goes and how it is labelled. */
export interface SecretPlacement {
  /** Secret name. */
  readonly name: string;
  /** Secret namespace. */
  readonly namespace: string;
  /** Labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An Opaque Secret with each value base64-encoded under its key (keys kept in the given order). */
export function opaqueSecret(placement: SecretPlacement, values: Readonly<Record<string, string>>): SecretObject {
  const data: Record<string, string> = {};
  for (const key of Object.keys(values)) setOwn(data, key, base64(values[key] as string));
  return { apiVersion: 'v1', kind: 'Secret', metadata: secretMetadata(placement), type: 'Opaque', data };
}

/** The metadata of a Secret at `placement` (each form a literal: every token Secret of an app is made here). */
function secretMetadata(placement: SecretPlacement): ObjectMeta {
  const { name, namespace } = placement;
  const { labels, annotations } = labelsAndAnnotations(placement.labels, placement.annotations);
  if (labels === undefined) return annotations === undefined ? { name, namespace } : { name, namespace, annotations };
  return annotations === undefined ? { name, namespace, labels } : { name, namespace, labels, annotations };
}

function base64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** The `pxkeys` Secret holding `system-secret`, `stork-secret` and `shared-secret`. */
export function keysSecret(keys: PxKeys, placement: Partial<SecretPlacement> = {}): SecretObject {
  return opaqueSecret(
    { ...placement, name: placement.name ?? PX_KEYS_SECRET_NAME, namespace: placement.namespace ?? PX_KEYS_SECRET_NAMESPACE },
    { [SHARED_SECRET_KEY]: keys.shared, [STORK_SECRET_KEY]: keys.stork, [SYSTEM_SECRET_KEY]: keys.system },
  );
}

/** A token Secret: the token under `auth-token`, the only key Portworx reads. */
export function tokenSecret(token: string, placement: SecretPlacement): SecretObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: secretMetadata(placement), type: 'Opaque', data: { [TOKEN_SECRET_KEY]: base64(token) } };
}
