/**
 * The Secrets a bundle makes: plain `v1` Secrets (keys and values readable, from base64 `data` or plain
 * `stringData`), and the Secrets a SealedSecret or an ExternalSecret will make (keys known, values hidden).
 * Checks look Secrets up by namespace and name, as a `secretKeyRef` or a StorageClass names them.
 */
import { TokenSecretPlaces, tokenSecretPlaces } from '../cluster/cross-object-rules';
import { EXTERNAL_SECRET_API_VERSIONS, EXTERNAL_SECRET_KIND, SEALED_SECRET_API_VERSION, SEALED_SECRET_KIND } from '../names';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import { Bundle, BundleObject } from './bundle';

/** The kind of object a Secret comes from. */
export type SecretForm = 'Secret' | 'SealedSecret' | 'ExternalSecret';

/** The value of one key of a Secret, as far as the bundle tells. */
export type SecretValue =
  | {
      /** A plain Secret's value, decoded. */
      readonly kind: 'value';
      /** The value. Secret: never show it. */
      readonly value: string;
      /** Where it is written, e.g. `data["auth-token"]`. */
      readonly field: string;
      /** Its path in the object. */
      readonly path: readonly PathSegment[];
    }
  | {
      /** A SealedSecret's or ExternalSecret's key: there, but its value is not in the bundle. */
      readonly kind: 'hidden';
      /** Where the key is written, e.g. `spec.encryptedData["auth-token"]`. */
      readonly field: string;
      /** Its path in the object. */
      readonly path: readonly PathSegment[];
    }
  | {
      /** A value the API server refuses (not base64, not a string). */
      readonly kind: 'invalid';
      /** Where it is written. */
      readonly field: string;
      /** Its path in the object. */
      readonly path: readonly PathSegment[];
      /** What is wrong with it (never the value). */
      readonly problem: string;
    }
  | {
      /** The Secret has no such key (or the bundle cannot tell, see `BundleSecret.keys`). */
      readonly kind: 'absent';
    };

/** A Secret the bundle makes. */
export interface BundleSecret {
  /** The object that makes it (the Secret, SealedSecret or ExternalSecret). */
  readonly entry: BundleObject;
  /** The kind of that object. */
  readonly form: SecretForm;
  /** The Secret's namespace; empty when the manifest gives none. */
  readonly namespace: string;
  /** The Secret's name. */
  readonly name: string;
  /** The keys the Secret will hold; `undefined` when the bundle cannot tell (an ExternalSecret with `dataFrom`). */
  readonly keys?: ReadonlySet<string>;
  /** The value of `key`. */
  value(key: string): SecretValue;
}

/** The Secrets of a bundle, by namespace and name. */
export interface SecretIndex {
  /** Every Secret, in bundle order (a later one of the same namespace and name replaces the earlier one in `find`). */
  readonly secrets: readonly BundleSecret[];
  /**
   * The Secret `namespace/name`; a Secret written without a namespace matches any namespace (it lands in the one
   * it is applied to).
   */
  find(namespace: string, name: string): BundleSecret | undefined;
  /** Where the Secrets are, indexed once for `tokenSecretMissing` (a class per tenant stays linear). */
  readonly places: TokenSecretPlaces;
}

const SECRET_KIND = 'Secret';
/** Standard, padded base64, as the API server decodes `data` (line breaks are skipped, as Go's decoder does). */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Indexes the Secrets, SealedSecrets and ExternalSecrets of `bundle`. */
export function indexSecrets(bundle: Bundle): SecretIndex {
  const secrets: BundleSecret[] = [];
  const byName = new Map<string, BundleSecret>();
  for (const entry of bundle.objects) {
    const secret = bundleSecret(entry);
    if (secret === undefined) continue;
    secrets.push(secret);
    byName.set(`${secret.namespace}/${secret.name}`, secret);
  }
  return {
    secrets,
    places: tokenSecretPlaces(secrets),
    find: (namespace, name) => byName.get(`${namespace}/${name}`) ?? (namespace === '' ? undefined : byName.get(`/${name}`)),
  };
}

/** The namespace of an object, empty when it has none. */
export function namespaceOf(object: Record<string, unknown>): string {
  const namespace = valueAt(object, ['metadata', 'namespace']);
  return typeof namespace === 'string' ? namespace : '';
}

/** The name of an object, empty when it has none. */
export function nameOf(object: Record<string, unknown>): string {
  const name = valueAt(object, ['metadata', 'name']);
  return typeof name === 'string' ? name : '';
}

function bundleSecret(entry: BundleObject): BundleSecret | undefined {
  const object = entry.object;
  const namespace = namespaceOf(object);
  if (object.kind === SECRET_KIND && (object.apiVersion === 'v1' || object.apiVersion === undefined)) {
    const data = isRecord(object.data) ? object.data : {};
    const stringData = isRecord(object.stringData) ? object.stringData : {};
    return {
      entry,
      form: 'Secret',
      namespace,
      name: nameOf(object),
      keys: new Set([...Object.keys(data), ...Object.keys(stringData)]),
      value: (key) => plainValue(data, stringData, key),
    };
  }
  if (object.kind === SEALED_SECRET_KIND && object.apiVersion === SEALED_SECRET_API_VERSION) {
    const encrypted = valueAt(object, ['spec', 'encryptedData']);
    const templated = valueAt(object, ['spec', 'template', 'data']);
    const keys = new Set([...(isRecord(encrypted) ? Object.keys(encrypted) : []), ...(isRecord(templated) ? Object.keys(templated) : [])]);
    return {
      entry,
      form: 'SealedSecret',
      namespace,
      name: nameOf(object),
      keys,
      value: (key) => hiddenValue(keys, key, `spec.encryptedData[${JSON.stringify(key)}]`, ['spec', 'encryptedData', key]),
    };
  }
  if (object.kind === EXTERNAL_SECRET_KIND && (EXTERNAL_SECRET_API_VERSIONS as readonly unknown[]).includes(object.apiVersion)) {
    const targetName = valueAt(object, ['spec', 'target', 'name']);
    const name = typeof targetName === 'string' && targetName !== '' ? targetName : nameOf(object);
    const data = valueAt(object, ['spec', 'data']);
    const dataFrom = valueAt(object, ['spec', 'dataFrom']);
    const keys = new Set((Array.isArray(data) ? data : []).flatMap((item) => (isRecord(item) && typeof item.secretKey === 'string' ? [item.secretKey] : [])));
    if (Array.isArray(dataFrom) && dataFrom.length > 0) {
      return { entry, form: 'ExternalSecret', namespace, name, value: () => ({ kind: 'hidden', field: 'spec.dataFrom', path: ['spec', 'dataFrom'] }) };
    }
    return { entry, form: 'ExternalSecret', namespace, name, keys, value: (key) => hiddenValue(keys, key, 'spec.data', ['spec', 'data']) };
  }
  return undefined;
}

function plainValue(data: Record<string, unknown>, stringData: Record<string, unknown>, key: string): SecretValue {
  if (Object.prototype.hasOwnProperty.call(stringData, key)) {
    const field = `stringData[${JSON.stringify(key)}]`;
    const path = ['stringData', key];
    const value = stringData[key];
    return typeof value === 'string' ? { kind: 'value', value, field, path } : { kind: 'invalid', field, path, problem: 'is not a string' };
  }
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    const field = `data[${JSON.stringify(key)}]`;
    const path = ['data', key];
    const value = data[key];
    if (typeof value !== 'string') return { kind: 'invalid', field, path, problem: 'is not a string of base64' };
    const compact = value.replace(/[\r\n]/g, '');
    if (!STANDARD_BASE64.test(compact))
      return { kind: 'invalid', field, path, problem: 'is not standard, padded base64 (data values are base64; plain text goes in stringData)' };
    return { kind: 'value', value: Buffer.from(compact, 'base64').toString('utf8'), field, path };
  }
  return { kind: 'absent' };
}

function hiddenValue(keys: ReadonlySet<string>, key: string, field: string, path: readonly PathSegment[]): SecretValue {
  return keys.has(key) ? { kind: 'hidden', field, path } : { kind: 'absent' };
}
