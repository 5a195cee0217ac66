/**
 * Checks of the three shared keys and of the Secrets holding keys or tokens: the keys distinct, 32 characters or
 * more, not placeholders and not the published test keys (`validateKeys`: `KEYS_TEST_ONLY`, an error, since a bundle
 * is what goes to a cluster), every key and token value one the API server accepts, and no
 * plaintext key or token Secret in a git work tree (it belongs sealed, `pxsec seal`).
 *
 * The keys are checked where the bundle holds all three: a Secret with `system-secret`, `stork-secret` and
 * `shared-secret`, and the portworx container's three key env entries when they read different Secrets or
 * literal values. No message holds a key: they name it and give its length.
 */
import { isPxSecurityError } from '../errors/errors';
import { PxKeys, validateKeys } from '../keys/keys';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY, TOKEN_SECRET_KEY } from '../names';
import { PathSegment } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { BundleSecret, namespaceOf } from './bundle-secrets';
import { ContainerEnv, containerEnv, KeyResolution, resolveEnvKey } from './cluster';
import { AuditContext } from './context';
import { Finding, findingOn, messageWithoutFix } from './finding';
import { ruleFix } from './rules';
import { KEY_ENV_BINDINGS, KeyEnvBinding } from '../keys/key-env-bindings';
import { RENEWER_SIGNING_KEY_KEY } from '../renewer/renewer-names';

/** The keys Secret's key of each of the three keys. */
const KEY_NAMES: Readonly<Record<keyof PxKeys, string>> = { system: SYSTEM_SECRET_KEY, stork: STORK_SECRET_KEY, shared: SHARED_SECRET_KEY };
/** Keys of a Secret whose values are keys or tokens (and the in-cluster renewer's private key). */
const SENSITIVE_KEYS: readonly string[] = [SYSTEM_SECRET_KEY, STORK_SECRET_KEY, SHARED_SECRET_KEY, TOKEN_SECRET_KEY, RENEWER_SIGNING_KEY_KEY];

/** Where each of the three keys is written in one object, for the finding on the key at fault. */
type KeyPlaces = Readonly<Record<keyof PxKeys, { readonly field: string; readonly path: readonly PathSegment[] }>>;

/** Findings about the keys and the Secrets holding keys or tokens. */
export function keyFindings(context: AuditContext): Finding[] {
  const findings: Finding[] = [];
  for (const secret of context.secrets.secrets) {
    if (secret.form !== 'Secret') continue;
    findings.push(...invalidValueFindings(secret));
    const keySet = secretKeys(secret);
    if (keySet !== undefined) findings.push(...weakKeyFindings(secret.entry, keySet.keys, keySet.places));
    const plaintext = SENSITIVE_KEYS.filter((key) => secret.value(key).kind === 'value');
    if (plaintext.length > 0 && secret.entry.gitWorkTree !== undefined) {
      findings.push(
        findingOn(secret.entry, {
          code: 'SECRET_PLAINTEXT_IN_GIT',
          severity: 'warning',
          field: plaintext.map((key) => JSON.stringify(key)).join(', '),
          message: `the Secret holds ${plaintext.join(', ')} in plaintext (base64 is no encryption), in ${secret.entry.file} inside the git work tree ${secret.entry.gitWorkTree}, which does not ignore it`,
          fix: `${ruleFix('SECRET_PLAINTEXT_IN_GIT')}: e.g. "pxsec seal ${secret.entry.file} --cert <controller cert>", or add the file to .gitignore`,
        }),
      );
    }
  }
  findings.push(...daemonSetKeyFindings(context));
  return findings;
}

/** A key or token value the API server refuses. */
function invalidValueFindings(secret: BundleSecret): Finding[] {
  return SENSITIVE_KEYS.flatMap((key) => {
    const value = secret.value(key);
    if (value.kind !== 'invalid') return [];
    return [
      findingOn(secret.entry, {
        code: 'SECRET_VALUE_INVALID',
        severity: 'error',
        field: value.field,
        path: value.path,
        message: `${value.field} ${value.problem}`,
        fix: ruleFix('SECRET_VALUE_INVALID'),
      }),
    ];
  });
}

/** The three keys of a Secret that holds all three readable, with where each is written. */
function secretKeys(secret: BundleSecret): { keys: PxKeys; places: KeyPlaces } | undefined {
  const system = secret.value(SYSTEM_SECRET_KEY);
  const stork = secret.value(STORK_SECRET_KEY);
  const shared = secret.value(SHARED_SECRET_KEY);
  if (system.kind !== 'value' || stork.kind !== 'value' || shared.kind !== 'value') return undefined;
  return {
    keys: { system: system.value, stork: stork.value, shared: shared.value },
    places: {
      system: { field: system.field, path: system.path },
      stork: { field: stork.field, path: stork.path },
      shared: { field: shared.field, path: shared.path },
    },
  };
}

/** The portworx container's three keys, when the bundle shows all three and they do not all come from one Secret. */
function daemonSetKeyFindings(context: AuditContext): Finding[] {
  const portworx = context.cluster.portworx;
  if (portworx === undefined) return [];
  const env = containerEnv(portworx);
  const namespace = namespaceOf(portworx.entry.object);
  const entryOf = (binding: KeyEnvBinding): ContainerEnv | undefined => binding.names.map((name) => env.get(name)).find((found) => found !== undefined);
  const entries = Object.fromEntries(KEY_ENV_BINDINGS.map((binding) => [binding.key, entryOf(binding)])) as Record<keyof PxKeys, ContainerEnv | undefined>;
  const resolved: Partial<Record<keyof PxKeys, KeyResolution>> = {};
  for (const key of Object.keys(KEY_NAMES) as (keyof PxKeys)[]) {
    const entry = entries[key];
    if (entry === undefined) return [];
    resolved[key] = resolveEnvKey(entry, namespace, context.secrets);
  }
  const { system, stork, shared } = resolved;
  if (system?.kind !== 'value' || stork?.kind !== 'value' || shared?.kind !== 'value') return [];
  // Keys read from one Secret are checked on that Secret already.
  if (system.secret !== undefined && system.secret === stork.secret && stork.secret === shared.secret) return [];
  const place = (key: keyof PxKeys): { field: string; path: readonly PathSegment[] } => ({ field: entries[key]?.field ?? '', path: entries[key]?.path ?? [] });
  return weakKeyFindings(
    portworx.entry,
    { system: system.value, stork: stork.value, shared: shared.value },
    { system: place('system'), stork: place('stork'), shared: place('shared') },
  );
}

/** `validateKeys`'s verdict on `keys` as a finding on the key at fault. */
function weakKeyFindings(entry: BundleObject, keys: PxKeys, places: KeyPlaces): Finding[] {
  try {
    validateKeys(keys, { field: 'keys' });
    return [];
  } catch (error) {
    if (!isPxSecurityError(error)) throw error;
    const key = (Object.keys(KEY_NAMES) as (keyof PxKeys)[]).find((candidate) => error.field === `keys.${KEY_NAMES[candidate]}`) ?? 'shared';
    return [
      findingOn(entry, {
        code: error.code,
        severity: 'error',
        field: places[key].field,
        path: places[key].path,
        message: withoutFieldPrefix(messageWithoutFix(error)),
        fix: withoutFieldPrefix(error.fix),
      }),
    ];
  }
}

/** `keys.system-secret` (the field `validateKeys` was given) as the key's own name. */
function withoutFieldPrefix(text: string): string {
  return text.replace(/\bkeys\.([a-z-]+)/g, '$1');
}
