/**
 * Which Secrets of a bundle are Portworx token Secrets. A key `auth-token` alone does not make one (a CI Secret
 * may hold a GitHub token under that key); a Secret with the key `auth-token` is a Portworx token Secret when
 * anything in the bundle or the Secret ties it to Portworx:
 * - a Portworx StorageClass or VolumeSnapshotClass names it: a fixed `namespace/name`, or a name whose namespace
 *   is a template (`px-k8s-user` in `${pvc.namespace}` makes every `px-k8s-user` one); a claim of an in-tree class
 *   names it with the `openstorage.io/auth-secret-*` annotations;
 * - it has a name Portworx's docs or the operator give token Secrets: `px-k8s-user`, `px-admin-token`,
 *   `px-user-token`;
 * - it carries an annotation only Portworx token Secrets carry: stork's skip-resource annotation (the operator
 *   and the constructs write it) or `px-security-constructs/namespace-exists`;
 * - its value is a JWT whose issuer, read as Portworx reads it, is one the cluster trusts.
 * Any other Secret with `auth-token` is left alone, with one `TOKEN_SECRET_NOT_PORTWORX` info finding saying so.
 */
import { readToken } from '../token/token-claims';
import { templateTokens } from '../classes/csi-secret-pairs';
import {
  CSI_DEPRECATED_SECRET_PARAMS,
  CSI_OTHER_SECRET_PARAMS,
  CSI_PROVISIONER,
  CSI_SECRET_PARAMS,
  CSI_SNAPSHOTTER_SECRET_PARAMS,
  IN_TREE_AUTH_PARAMS,
  IN_TREE_PROVISIONER,
  K8S_USER_SECRET_NAME,
  NAMESPACE_EXISTS_ANNOTATION,
  OPERATOR_TOKEN_SECRETS,
  STORK_SKIP_RESOURCE_ANNOTATION,
  TOKEN_SECRET_KEY,
  VOLUME_SNAPSHOT_CLASS_KIND,
} from '../names';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import type { Bundle } from './bundle';
import { BundleSecret, SecretIndex } from './bundle-secrets';
import type { Cluster } from './cluster';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** Secrets whose `auth-token` is a Portworx token, and the others that hold the key. */
export interface TokenSecrets {
  /** The Portworx token Secrets, in bundle order. */
  readonly portworx: readonly BundleSecret[];
  /** The info findings on the Secrets with `auth-token` that nothing ties to Portworx. */
  readonly others: readonly Finding[];
}

/** What finding the token Secrets reads of the audit (the audit's context less what this makes). */
export interface TokenSecretsSource {
  /** The objects. */
  readonly bundle: Bundle;
  /** The Secrets the bundle makes. */
  readonly secrets: SecretIndex;
  /** The Portworx objects and the security they configure. */
  readonly cluster: Cluster;
}

/** Token names every Portworx class of the bundle names, by `namespace/name` (fixed) or name (templated namespace). */
interface ClassReferences {
  readonly places: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

/** Names the docs and the operator give token Secrets. */
const TOKEN_SECRET_NAMES: ReadonlySet<string> = new Set([K8S_USER_SECRET_NAME, ...OPERATOR_TOKEN_SECRETS]);

/** The Portworx token Secrets of the bundle (see the file comment for the rule). */
export function portworxTokenSecrets(context: TokenSecretsSource): TokenSecrets {
  const references = classReferences(context);
  const issuers = context.cluster.security?.issuers ?? [];
  const portworx: BundleSecret[] = [];
  const others: Finding[] = [];
  for (const secret of context.secrets.secrets) {
    if (secret.keys?.has(TOKEN_SECRET_KEY) !== true) continue;
    if (tiedToPortworx(secret, references, issuers)) {
      portworx.push(secret);
      continue;
    }
    const stored = secret.value(TOKEN_SECRET_KEY);
    others.push(
      findingOn(secret.entry, {
        code: 'TOKEN_SECRET_NOT_PORTWORX',
        severity: 'info',
        field: stored.kind === 'absent' ? 'metadata.name' : stored.field,
        path: stored.kind === 'absent' ? ['metadata', 'name'] : stored.path,
        message:
          `the Secret holds the key ${TOKEN_SECRET_KEY}, but no Portworx class names it, its name is not one Portworx gives token Secrets, ` +
          'it carries no Portworx annotation and its value is no token of an issuer the cluster trusts: it is not checked as a Portworx token',
        fix: ruleFix('TOKEN_SECRET_NOT_PORTWORX'),
      }),
    );
  }
  return { portworx, others };
}

function tiedToPortworx(secret: BundleSecret, references: ClassReferences, issuers: readonly string[]): boolean {
  if (TOKEN_SECRET_NAMES.has(secret.name) || references.names.has(secret.name)) return true;
  if (
    references.places.has(`${secret.namespace}/${secret.name}`) ||
    (secret.namespace === '' && [...references.places].some((place) => place.endsWith(`/${secret.name}`)))
  )
    return true;
  if (hasAnnotation(secret, STORK_SKIP_RESOURCE_ANNOTATION) || hasAnnotation(secret, NAMESPACE_EXISTS_ANNOTATION)) return true;
  const stored = secret.value(TOKEN_SECRET_KEY);
  if (stored.kind !== 'value' || issuers.length === 0) return false;
  try {
    return issuers.includes(readToken(stored.value.trim(), stored.field).struct.iss);
  } catch {
    return false;
  }
}

/** Whether the Secret (or the Secret a SealedSecret or ExternalSecret makes) has the annotation, whatever its value. */
function hasAnnotation(secret: BundleSecret, annotation: string): boolean {
  const places: PathSegment[][] = [
    ['metadata', 'annotations'],
    ['spec', 'template', 'metadata', 'annotations'],
    ['spec', 'target', 'template', 'metadata', 'annotations'],
  ];
  return places.some((path) => {
    const annotations = valueAt(secret.entry.object, path);
    return isRecord(annotations) && Object.prototype.hasOwnProperty.call(annotations, annotation);
  });
}

/** Every token Secret the Portworx classes (and in-tree claims) of the bundle name. */
function classReferences(context: TokenSecretsSource): ClassReferences {
  const places = new Set<string>();
  const names = new Set<string>();
  const add = (name: unknown, namespace: unknown): void => {
    if (typeof name !== 'string' || typeof namespace !== 'string' || name === '') return;
    if (templateTokens(name).length > 0) return;
    if (templateTokens(namespace).length > 0) names.add(name);
    else places.add(`${namespace}/${name}`);
  };
  const csiPairs = [...Object.values(CSI_SECRET_PARAMS), ...Object.values(CSI_OTHER_SECRET_PARAMS), ...Object.values(CSI_DEPRECATED_SECRET_PARAMS)];
  for (const { object } of context.bundle.objects) {
    const parameters = isRecord(object.parameters) ? object.parameters : {};
    if (object.kind === 'StorageClass' && object.provisioner === CSI_PROVISIONER) {
      for (const pair of csiPairs) add(parameters[pair.name], parameters[pair.namespace]);
    } else if (object.kind === 'StorageClass' && object.provisioner === IN_TREE_PROVISIONER) {
      add(parameters[IN_TREE_AUTH_PARAMS.name], parameters[IN_TREE_AUTH_PARAMS.namespace]);
    } else if (object.kind === VOLUME_SNAPSHOT_CLASS_KIND && object.driver === CSI_PROVISIONER) {
      for (const pair of Object.values(CSI_SNAPSHOTTER_SECRET_PARAMS)) add(parameters[pair.name], parameters[pair.namespace]);
    } else if (object.kind === 'PersistentVolumeClaim') {
      const annotations = valueAt(object, ['metadata', 'annotations']);
      if (isRecord(annotations)) add(annotations[IN_TREE_AUTH_PARAMS.name], annotations[IN_TREE_AUTH_PARAMS.namespace]);
    }
  }
  return { places, names };
}
