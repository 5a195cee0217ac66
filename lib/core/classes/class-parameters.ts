/**
 * The building rules every class kind shares, over its description (`class-kinds.ts`): a typed token reference
 * checked (`TokenReference`) and written to the kind's secret pairs, the token Secrets it needs, parameters as
 * sorted strings, and the extra-parameter errors, each raising the kind's own code.
 */
import type { ClassKindDescription, RequiredTokenSecret, TokenReference } from './class-kinds';
import type { SecretPair } from './csi-secret-pairs';
import { PxSecurityError } from '../errors/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../kube/kube-names';
import { K8S_USER_SECRET_NAME } from '../names';
import { setOwn } from '../yaml/plain-json';

const TOKEN_KINDS: readonly TokenReference['kind'][] = ['per-tenant', 'fixed', 'none'];

/** Parameters sorted by key (code-point order): the same props, the same bytes. */
export function sortedParameters(values: Readonly<Record<string, string>>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of sortedKeys(values)) setOwn(sorted, key, values[key] as string);
  return sorted;
}

/** A class has a handful of parameters: up to this many are sorted in place, without `Array.prototype.sort`'s work array. */
const FEW_KEYS = 24;

/** The keys of `values` in UTF-16 code unit order (the default sort's, and `<`'s). */
function sortedKeys(values: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(values);
  if (keys.length > FEW_KEYS) return keys.sort();
  // Insertion sort: keys are distinct, so it is the default sort's order.
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/** The token Secrets a class with `token` needs: per-tenant → the Secret name in every tenant namespace; fixed → one Secret; none → `undefined`. */
export function requiredSecretOf(token: TokenReference | undefined): RequiredTokenSecret | undefined {
  if (token === undefined || token.kind === 'none') return undefined;
  if (token.kind === 'per-tenant') return { kind: 'per-tenant', secretName: token.secretName ?? K8S_USER_SECRET_NAME };
  return { kind: 'fixed', secretName: token.secretName, namespace: token.namespace };
}

/** The parameters that name `token`'s Secret in each of `pairs` (per tenant: in the `perTenantNamespace` template). */
export function tokenParameters(token: TokenReference, pairs: readonly SecretPair[], perTenantNamespace: string): Record<string, string> {
  if (token.kind === 'none') return {};
  const secretName = token.kind === 'per-tenant' ? (token.secretName ?? K8S_USER_SECRET_NAME) : token.secretName;
  const namespace = token.kind === 'per-tenant' ? perTenantNamespace : token.namespace;
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    parameters[pair.name] = secretName;
    parameters[pair.namespace] = namespace;
  }
  return parameters;
}

/** The error for an extra parameter with an empty key. */
export function emptyParameterKeyError(cls: ClassKindDescription, field: string, value: unknown): PxSecurityError {
  return new PxSecurityError({ code: cls.codes.parameterInvalid, field, value, problem: 'has an empty key', fix: 'name the parameter, or remove it' });
}

/** The error for an extra parameter `key` that is an auth parameter, which only the typed prop `token` writes. */
export function authParameterCollisionError(cls: ClassKindDescription, key: string, field: string, value: unknown): PxSecurityError {
  return new PxSecurityError({
    code: cls.codes.parameterCollision,
    field,
    value,
    problem: 'is an auth parameter, which the typed prop token writes',
    fix:
      "set token instead ({ kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }) " +
      `and remove ${JSON.stringify(key)} from parameters`,
  });
}

/** The error for a class parameter value that is not a string. */
export function parameterNotStringError(cls: ClassKindDescription, field: string, value: unknown): PxSecurityError {
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
export function checkTokenReference(cls: ClassKindDescription, token: unknown, field: string): TokenReference {
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
function checkLiteral(cls: ClassKindDescription, value: unknown, field: string): void {
  if (typeof value !== 'string' || !value.includes('$')) return;
  throw new PxSecurityError({
    code: cls.codes.tokenTemplate,
    field,
    value,
    problem: 'is a template; a typed token reference names its Secret literally',
    fix: `name the Secret (e.g. "${K8S_USER_SECRET_NAME}"), and use token: { kind: 'per-tenant' } for a Secret in each ${cls.consumer}'s namespace`,
  });
}
