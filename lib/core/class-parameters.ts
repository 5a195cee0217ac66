/**
 * What a Portworx StorageClass and VolumeSnapshotClass share: parameters as sorted strings, and the checks of a
 * typed token reference (`TokenReference`), each raising the class's own code.
 */
import type { PxErrorCode } from './error-catalogue';
import { PxSecurityError } from './errors';
import { validateDnsLabel, validateDnsSubdomain } from './kube-names';
import { K8S_USER_SECRET_NAME } from './names';
import type { TokenReference } from './storage-class';

/** Which class a check speaks for: its kind (in messages) and its code prefix. */
export interface ClassKind {
  /** `StorageClass` or `VolumeSnapshotClass`. */
  readonly kind: 'StorageClass' | 'VolumeSnapshotClass';
  /** The class's codes of the shared checks. */
  readonly codes: { readonly parameterNotString: PxErrorCode; readonly tokenInvalid: PxErrorCode; readonly tokenTemplate: PxErrorCode };
  /** What a per-tenant token is per: `claim` or `snapshot`. */
  readonly consumer: 'claim' | 'snapshot';
}

/** The StorageClass's codes and words. */
export const STORAGE_CLASS: ClassKind = {
  kind: 'StorageClass',
  codes: { parameterNotString: 'STORAGECLASS_PARAMETER_NOT_STRING', tokenInvalid: 'STORAGECLASS_TOKEN_INVALID', tokenTemplate: 'STORAGECLASS_TOKEN_TEMPLATE' },
  consumer: 'claim',
};
/** The VolumeSnapshotClass's codes and words. */
export const VOLUME_SNAPSHOT_CLASS: ClassKind = {
  kind: 'VolumeSnapshotClass',
  codes: {
    parameterNotString: 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING',
    tokenInvalid: 'VOLUMESNAPSHOTCLASS_TOKEN_INVALID',
    tokenTemplate: 'VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE',
  },
  consumer: 'snapshot',
};

const TOKEN_KINDS: readonly TokenReference['kind'][] = ['per-tenant', 'fixed', 'none'];

/** Parameters sorted by key (code-point order): the same props, the same bytes. */
export function sortedParameters(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The error for a class parameter value that is not a string. */
export function parameterNotStringError(cls: ClassKind, field: string, value: unknown): PxSecurityError {
  return new PxSecurityError({
    code: cls.codes.parameterNotString,
    field,
    value,
    problem: `is not a string; every ${cls.kind} parameter value is a string`,
    fix: `write it as the string ${JSON.stringify(String(value))}`,
  });
}

/**
 * Checks a resolved token reference's shape, and that its Secret name (and namespace) are literal Kubernetes
 * names: `<CLASS>_TOKEN_INVALID`, `<CLASS>_TOKEN_TEMPLATE`, or a name error.
 */
export function checkTokenReference(cls: ClassKind, token: unknown, field: string): TokenReference {
  if (typeof token !== 'object' || token === null || !TOKEN_KINDS.includes((token as { kind?: unknown }).kind as TokenReference['kind'])) {
    throw new PxSecurityError({
      code: cls.codes.tokenInvalid,
      field: `${field}.token`,
      value: token,
      problem: 'is not a token reference',
      fix: "use { kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }",
    });
  }
  const resolved = token as TokenReference;
  if (resolved.kind === 'none') return resolved;
  const secretName = resolved.kind === 'per-tenant' ? (resolved.secretName ?? K8S_USER_SECRET_NAME) : resolved.secretName;
  checkLiteral(cls, secretName, `${field}.token.secretName`);
  validateDnsSubdomain(secretName, `${field}.token.secretName`);
  if (resolved.kind === 'fixed') {
    checkLiteral(cls, resolved.namespace, `${field}.token.namespace`);
    validateDnsLabel(resolved.namespace, `${field}.token.namespace`);
  }
  return resolved;
}

/** A typed token reference names a Secret literally: a `$` template here is a mistake. */
function checkLiteral(cls: ClassKind, value: unknown, field: string): void {
  if (typeof value !== 'string' || !value.includes('$')) return;
  throw new PxSecurityError({
    code: cls.codes.tokenTemplate,
    field,
    value,
    problem: 'is a template; a typed token reference names its Secret literally',
    fix: `name the Secret (e.g. "${K8S_USER_SECRET_NAME}"), and use token: { kind: 'per-tenant' } for a Secret in each ${cls.consumer}'s namespace`,
  });
}
