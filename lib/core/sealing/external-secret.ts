/**
 * An External Secrets Operator `ExternalSecret` in place of a Secret: git holds only where the values live in
 * the vault (store, remote key, one property per Secret key), never a value. The operator creates and owns
 * the Secret, with the same name, type Opaque and the Secret's labels and annotations.
 */
import { PxSecurityError } from '../errors/errors';
import { KubeObject, ObjectMeta } from '../kube/kube-object';
import { EXTERNAL_SECRET_API_VERSIONS, EXTERNAL_SECRET_KIND, ExternalSecretApiVersion } from '../names';
import { labelsAndAnnotations } from '../kube/object-metadata';

/** A kind of secret store the ExternalSecret reads from. */
export type SecretStoreKind = 'SecretStore' | 'ClusterSecretStore';

/** The Secret an ExternalSecret stands for: where it goes and which keys it has (no values). */
export interface ExternalSecretTarget {
  /** Name of the Secret the operator creates. */
  readonly name: string;
  /** Namespace of the ExternalSecret and of its Secret. */
  readonly namespace: string;
  /** Keys of the Secret, e.g. `auth-token`. */
  readonly keys: readonly string[];
  /** Labels of the Secret (also put on the ExternalSecret). @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Secret. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Where the values come from. */
export interface ExternalSecretOptions {
  /** Name of the SecretStore or ClusterSecretStore. */
  readonly storeName: string;
  /** Kind of the store. @default 'ClusterSecretStore' */
  readonly storeKind?: SecretStoreKind;
  /** Remote key (path in the vault) for the whole Secret. */
  readonly remoteKey: string;
  /** Property per Secret key. @default - the Secret key itself */
  readonly properties?: Readonly<Record<string, string>>;
  /** How often the operator reads the vault again, a Go duration (`0` reads once). @default '1h' */
  readonly refreshInterval?: string;
  /**
   * API version of the ExternalSecret: `external-secrets.io/v1` (ESO 0.16 and later; 0.17 and later serve
   * only v1) or `external-secrets.io/v1beta1` (the same fields, for operators before 0.16).
   * @default 'external-secrets.io/v1'
   */
  readonly apiVersion?: ExternalSecretApiVersion;
}

/** One entry of `spec.data`: a Secret key and where its value lives. */
export interface ExternalSecretData {
  /** Key in the Secret the operator creates. */
  readonly secretKey: string;
  /** Where the value lives: the remote key (path in the vault) and the property inside it. */
  readonly remoteRef: { readonly key: string; readonly property: string };
}

/** An `external-secrets.io` `ExternalSecret` as plain data. */
export interface ExternalSecretObject extends KubeObject {
  readonly apiVersion: ExternalSecretApiVersion;
  readonly kind: typeof EXTERNAL_SECRET_KIND;
  readonly spec: {
    /** How often the operator reads the vault again (Go duration). */
    readonly refreshInterval: string;
    /** The store that reads the vault. */
    readonly secretStoreRef: { readonly name: string; readonly kind: SecretStoreKind };
    /** The Secret the operator creates and owns: its name, type and labels and annotations. */
    readonly target: {
      readonly name: string;
      readonly creationPolicy: 'Owner';
      readonly template: { readonly type: 'Opaque'; readonly metadata?: Omit<ObjectMeta, 'name' | 'namespace'> };
    };
    /** One entry per Secret key, keys sorted. */
    readonly data: readonly ExternalSecretData[];
  };
}

const STORE_KINDS: readonly SecretStoreKind[] = ['SecretStore', 'ClusterSecretStore'];
/** Go's `time.ParseDuration` grammar without sign: `0`, or numbers each with a unit. */
const GO_DURATION = /^(?:0|(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|μs|ms|s|m|h))+)$/;

/**
 * The ExternalSecret that makes the operator create `secret` from the vault.
 *
 * Errors: `EXTERNAL_SECRET_STORE_MISSING`, `EXTERNAL_SECRET_STORE_KIND_INVALID`,
 * `EXTERNAL_SECRET_REMOTE_KEY_MISSING`, `EXTERNAL_SECRET_KEYS_MISSING`, `EXTERNAL_SECRET_KEY_DUPLICATE`,
 * `EXTERNAL_SECRET_PROPERTY_UNKNOWN`, `EXTERNAL_SECRET_REFRESH_INVALID`, `EXTERNAL_SECRET_API_VERSION_INVALID`.
 */
export function externalSecretFor(secret: ExternalSecretTarget, options: ExternalSecretOptions): ExternalSecretObject {
  const where = `ExternalSecret ${secret.namespace}/${secret.name}`;
  const storeKind = options.storeKind ?? 'ClusterSecretStore';
  const refreshInterval = options.refreshInterval ?? '1h';
  const apiVersion = options.apiVersion ?? 'external-secrets.io/v1';
  const properties = options.properties ?? {};

  if (!options.storeName) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_STORE_MISSING',
      field: `${where}: storeName`,
      problem: 'is empty',
      fix: 'name the SecretStore or ClusterSecretStore that reads the vault',
    });
  }
  if (!STORE_KINDS.includes(storeKind)) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_STORE_KIND_INVALID',
      field: `${where}: storeKind`,
      value: storeKind,
      problem: 'is not a store kind',
      fix: `use one of ${STORE_KINDS.join(', ')}`,
    });
  }
  if (!options.remoteKey) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_REMOTE_KEY_MISSING',
      field: `${where}: remoteKey`,
      problem: 'is empty',
      fix: 'give the path of the Secret in the vault',
    });
  }
  if (secret.keys.length === 0) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_KEYS_MISSING',
      field: `${where}: keys`,
      problem: 'is empty',
      fix: 'list the keys of the Secret, e.g. "auth-token"',
    });
  }
  const keys = [...secret.keys].sort();
  const duplicate = keys.find((key, index) => key === keys[index - 1]);
  if (duplicate !== undefined) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_KEY_DUPLICATE',
      field: `${where}: keys`,
      value: duplicate,
      problem: 'appears twice',
      fix: 'list each Secret key once',
    });
  }
  const unknown = Object.keys(properties).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_PROPERTY_UNKNOWN',
      field: `${where}: properties`,
      value: unknown,
      problem: 'is not a key of the Secret',
      fix: `map only the Secret's keys (${keys.join(', ')})`,
    });
  }
  if (!GO_DURATION.test(refreshInterval)) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_REFRESH_INVALID',
      field: `${where}: refreshInterval`,
      value: refreshInterval,
      problem: 'is not a Go duration',
      fix: 'use numbers with units ns, us, ms, s, m or h, such as "1h" or "15m", or "0" to read once',
    });
  }
  if (!EXTERNAL_SECRET_API_VERSIONS.includes(apiVersion)) {
    throw new PxSecurityError({
      code: 'EXTERNAL_SECRET_API_VERSION_INVALID',
      field: `${where}: apiVersion`,
      value: apiVersion,
      problem: 'is not an ExternalSecret API version',
      fix: `use one of ${EXTERNAL_SECRET_API_VERSIONS.join(', ')}`,
    });
  }

  const secretMetadata = labelsAndAnnotations(secret.labels, secret.annotations);
  return {
    apiVersion,
    kind: EXTERNAL_SECRET_KIND,
    metadata: { name: secret.name, namespace: secret.namespace, ...(secretMetadata.labels ? { labels: { ...secretMetadata.labels } } : {}) },
    spec: {
      refreshInterval,
      secretStoreRef: { name: options.storeName, kind: storeKind },
      target: {
        name: secret.name,
        creationPolicy: 'Owner',
        template: { type: 'Opaque', ...(Object.keys(secretMetadata).length > 0 ? { metadata: secretMetadata } : {}) },
      },
      data: keys.map((key) => ({ secretKey: key, remoteRef: { key: options.remoteKey, property: properties[key] ?? key } })),
    },
  };
}
