/**
 * A Secret turned into a Bitnami `SealedSecret`, as `kubeseal` does it (bitnami-labs/sealed-secrets
 * `pkg/apis/sealedsecrets/v1alpha1` NewSealedSecret): each value of `data` sealed on its own with
 * `hybridEncrypt` under the scope's label, base64 (standard, padded) in `spec.encryptedData`; the Secret's
 * metadata and type in `spec.template`; the scope annotations on both the SealedSecret and the template.
 */
import { PxSecurityError } from '../errors/errors';
import { KubeObject, ObjectMeta } from '../kube/kube-object';
import { LAST_APPLIED_ANNOTATIONS, SEALED_SECRET_API_VERSION, SEALED_SECRET_KIND, SEALED_SECRET_SCOPE_ANNOTATIONS } from '../names';
import { readSealingCertificate } from './certificate';
import { hybridEncrypt } from './hybrid-encrypt';
import { SealCache } from './seal-cache';

/**
 * Where a SealedSecret may be opened: `strict` (only under its own namespace and name), `namespace-wide`
 * (any name in its namespace), `cluster-wide` (anywhere).
 */
export type SealingScope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** Every sealing scope, strict first. */
export const SEALING_SCOPES: readonly SealingScope[] = ['strict', 'namespace-wide', 'cluster-wide'];

/** How to seal. */
export interface SealOptions {
  /** The controller's certificate, PEM (`kubeseal --fetch-cert`). */
  readonly certificatePem: string;
  /** Where the SealedSecret may be opened. @default 'strict' */
  readonly scope?: SealingScope;
  /** Where ciphertexts of unchanged values are reused from. @default - none: every call seals afresh */
  readonly cache?: SealCache;
  /** The current time in epoch seconds, for the certificate's expiry check. @default - the system clock */
  readonly now?: number;
  /** The field or construct path the certificate came from, for messages. @default 'certificatePem' */
  readonly field?: string;
}

/**
 * The Secret to seal: a `SecretObject` of this library, or any `v1` Secret with base64 `data`.
 */
export interface SealableSecret {
  /** Name and namespace (both part of the strict label), labels and annotations. */
  readonly metadata: ObjectMeta;
  /** Secret type. @default 'Opaque' */
  readonly type?: string;
  /** Whether the Secret is immutable. @default - not set */
  readonly immutable?: boolean;
  /** Values, base64 (standard, padded). */
  readonly data: Readonly<Record<string, string>>;
}

/** `spec.template` of a SealedSecret: what the controller's Secret will look like. */
export interface SealedSecretTemplate {
  /** The Secret's metadata, scope annotations included, last-applied annotations removed. */
  readonly metadata: ObjectMeta;
  /** The Secret's type. */
  readonly type: string;
  /** The Secret's `immutable`, when set. */
  readonly immutable?: boolean;
}

/** A `bitnami.com/v1alpha1` `SealedSecret` as plain data. */
export interface SealedSecretObject extends KubeObject {
  readonly apiVersion: typeof SEALED_SECRET_API_VERSION;
  readonly kind: typeof SEALED_SECRET_KIND;
  readonly spec: {
    /** Each value sealed on its own, base64, keys sorted. */
    readonly encryptedData: Readonly<Record<string, string>>;
    /** The Secret the controller makes from it. */
    readonly template: SealedSecretTemplate;
  };
}

/**
 * The OAEP label of a scope, as the controller computes it (`EncryptionLabel`): `namespace/name` (strict),
 * `namespace` (namespace-wide), empty (cluster-wide).
 */
export function encryptionLabel(scope: SealingScope, namespace: string, name: string): Buffer {
  switch (scope) {
    case 'cluster-wide':
      return Buffer.alloc(0);
    case 'namespace-wide':
      return Buffer.from(namespace, 'utf8');
    case 'strict':
      return Buffer.from(`${namespace}/${name}`, 'utf8');
  }
}

/** The scope a Secret's own annotations ask for, as kubeseal reads it (cluster-wide wins; none: strict). */
export function annotatedSealingScope(metadata: ObjectMeta): SealingScope {
  if (metadata.annotations?.[SEALED_SECRET_SCOPE_ANNOTATIONS.clusterWide] === 'true') return 'cluster-wide';
  if (metadata.annotations?.[SEALED_SECRET_SCOPE_ANNOTATIONS.namespaceWide] === 'true') return 'namespace-wide';
  return 'strict';
}

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Seals every value of `secret` with the controller's certificate. Synchronous (node `crypto` only) and
 * randomized: pass a `cache` to get the same ciphertext back for an unchanged value.
 *
 * Errors: `SEAL_SCOPE_INVALID`, `SEAL_SECRET_NAME_MISSING`, `SEAL_NAMESPACE_MISSING` (strict and
 * namespace-wide labels need one), `SEAL_SECRET_DATA_INVALID` (a value that is not base64), and those of
 * `readSealingCertificate`. No message shows a value.
 */
export function sealSecret(secret: SealableSecret, options: SealOptions): SealedSecretObject {
  const scope = options.scope ?? 'strict';
  if (!SEALING_SCOPES.includes(scope)) {
    throw new PxSecurityError({
      code: 'SEAL_SCOPE_INVALID',
      field: 'scope',
      value: scope,
      problem: 'is not a sealing scope',
      fix: `use one of ${SEALING_SCOPES.join(', ')}`,
    });
  }
  const { name, namespace = '' } = secret.metadata;
  const where = `Secret ${namespace ? `${namespace}/` : ''}${name ?? ''}`;
  if (typeof name !== 'string' || name === '') {
    throw new PxSecurityError({ code: 'SEAL_SECRET_NAME_MISSING', field: `${where}: metadata.name`, problem: 'is missing', fix: 'give the Secret a name' });
  }
  if (namespace === '' && scope !== 'cluster-wide') {
    throw new PxSecurityError({
      code: 'SEAL_NAMESPACE_MISSING',
      field: `${where}: metadata.namespace`,
      problem: `is missing; the ${scope} scope binds the ciphertext to a namespace`,
      fix: 'set metadata.namespace, or seal with the cluster-wide scope',
    });
  }
  const certificate = readSealingCertificate(options.certificatePem, {
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.field !== undefined ? { field: options.field } : {}),
  });
  const label = encryptionLabel(scope, namespace, name);

  const encryptedData: Record<string, string> = {};
  for (const key of Object.keys(secret.data).sort()) {
    const encoded = secret.data[key];
    if (typeof encoded !== 'string' || !STANDARD_BASE64.test(encoded)) {
      throw new PxSecurityError({
        code: 'SEAL_SECRET_DATA_INVALID',
        field: `${where}: data.${key}`,
        problem: 'is not standard base64',
        fix: 'put base64 values in data (or plain text in stringData)',
      });
    }
    const value = Buffer.from(encoded, 'base64');
    const seal = (): string => hybridEncrypt(certificate.publicKey, value, label).toString('base64');
    encryptedData[key] = options.cache
      ? options.cache.ciphertextFor({ certificateFingerprint: certificate.fingerprint, label, namespace, name, key, value }, seal)
      : seal();
  }

  const scopeAnnotations = scopeAnnotationsFor(scope);
  const templateAnnotations = { ...withoutAnnotations(secret.metadata.annotations), ...scopeAnnotations };
  const placement = { name, ...(namespace ? { namespace } : {}) };
  return {
    apiVersion: SEALED_SECRET_API_VERSION,
    kind: SEALED_SECRET_KIND,
    metadata: { ...placement, ...nonEmpty('annotations', scopeAnnotations) },
    spec: {
      encryptedData,
      template: {
        metadata: { ...placement, ...nonEmpty('labels', { ...secret.metadata.labels }), ...nonEmpty('annotations', templateAnnotations) },
        type: secret.type ?? 'Opaque',
        ...(typeof secret.immutable === 'boolean' ? { immutable: secret.immutable } : {}),
      },
    },
  };
}

/** The annotations that declare `scope` (none for strict), as the controller's UpdateScopeAnnotations sets them. */
function scopeAnnotationsFor(scope: SealingScope): Record<string, string> {
  if (scope === 'namespace-wide') return { [SEALED_SECRET_SCOPE_ANNOTATIONS.namespaceWide]: 'true' };
  if (scope === 'cluster-wide') return { [SEALED_SECRET_SCOPE_ANNOTATIONS.clusterWide]: 'true' };
  return {};
}

/** The Secret's annotations without scope annotations (re-set from the scope) and last-applied copies (plaintext). */
function withoutAnnotations(annotations: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const dropped = new Set<string>([...Object.values(SEALED_SECRET_SCOPE_ANNOTATIONS), ...LAST_APPLIED_ANNOTATIONS]);
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !dropped.has(key)));
}

function nonEmpty<K extends string>(field: K, values: Record<string, string>): Partial<Record<K, Record<string, string>>> {
  return Object.keys(values).length > 0 ? ({ [field]: values } as Record<K, Record<string, string>>) : {};
}
