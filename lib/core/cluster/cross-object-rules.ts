/**
 * The rules that span objects of one cluster, in one home. The constructs call them on what an app declares
 * (`SecurityModel.validate`, at synth or preview) and `pxsec check` on what a bundle holds (the token and
 * StorageClass checks), so an app synthesizes if and only if the check of its output finds none of these.
 *
 * Each rule is a pure function over plain views of the objects; `T` is whatever the caller needs to name the
 * object in its message (a construct path, a bundle object).
 */
import { OPERATOR_TOKEN_SECRETS } from '../names';

/** A token Secret as both sides see it. */
export interface TokenSecretView<T> {
  readonly namespace: string;
  readonly name: string;
  /** The `sub` the token carries; `undefined` when the token cannot be read. */
  readonly sub?: string;
  /** The caller's handle on the object. */
  readonly subject: T;
}

/** A token Secret under a name the Portworx operator owns in its cluster's namespace (`TOKEN_SECRET_OPERATOR_OWNED`). */
export function operatorOwnedTokenSecrets<T>(secrets: readonly TokenSecretView<T>[], operatorNamespace: string | undefined): TokenSecretView<T>[] {
  if (operatorNamespace === undefined) return [];
  return secrets.filter((secret) => secret.namespace === operatorNamespace && OPERATOR_TOKEN_SECRETS.includes(secret.name));
}

/** One token Secret whose `sub` other token Secrets carry too (`TOKEN_SUB_SHARED`). */
export interface SharedSub<T> {
  readonly secret: TokenSecretView<T>;
  readonly sub: string;
  /** The other token Secrets with the same `sub`, in declaration (bundle) order. */
  readonly others: readonly TokenSecretView<T>[];
}

/**
 * Every token Secret whose `sub` another token Secret carries. Portworx makes `sub` the owner of volumes, so two
 * token Secrets with one `sub` act as one user, whatever else their tokens say: both are reported.
 */
export function sharedSubs<T>(secrets: readonly TokenSecretView<T>[]): SharedSub<T>[] {
  const bySub = new Map<string, TokenSecretView<T>[]>();
  for (const secret of secrets) {
    if (secret.sub === undefined) continue;
    const sharing = bySub.get(secret.sub);
    if (sharing === undefined) bySub.set(secret.sub, [secret]);
    else sharing.push(secret);
  }
  const shared: SharedSub<T>[] = [];
  for (const secret of secrets) {
    const sharing = secret.sub === undefined ? [] : (bySub.get(secret.sub) ?? []);
    if (sharing.length < 2 || secret.sub === undefined) continue;
    shared.push({ secret, sub: secret.sub, others: sharing.filter((other) => other !== secret) });
  }
  return shared;
}

/** A fixed token Secret a StorageClass or VolumeSnapshotClass names. */
export interface TokenSecretReference {
  readonly namespace: string;
  readonly name: string;
}

/** Where token Secrets are, for many `tokenSecretMissing` questions over one set of Secrets. */
export interface TokenSecretPlaces {
  /** `namespace/name` of every Secret with a namespace. */
  readonly places: ReadonlySet<string>;
  /** Names of the Secrets written without a namespace (they land in the one they are applied to). */
  readonly anyNamespace: ReadonlySet<string>;
}

/** Indexes `secrets` by place, so that a class per tenant stays linear in the number of tenants. */
export function tokenSecretPlaces(secrets: readonly { readonly namespace: string; readonly name: string }[]): TokenSecretPlaces {
  const places = new Set<string>();
  const anyNamespace = new Set<string>();
  for (const secret of secrets) {
    if (secret.namespace === '') anyNamespace.add(secret.name);
    else places.add(`${secret.namespace}/${secret.name}`);
  }
  return { places, anyNamespace };
}

/**
 * True when a class's fixed token Secret is missing (`STORAGECLASS_SECRET_MISSING`,
 * `VOLUMESNAPSHOTCLASS_SECRET_MISSING`): none of `secrets` (the app's token Secrets, or every Secret of a
 * bundle, as a list or indexed by `tokenSecretPlaces`) is at its `namespace/name`. A Secret written without a
 * namespace lands in the one it is applied to, so it matches any.
 */
export function tokenSecretMissing(
  reference: TokenSecretReference,
  secrets: readonly { readonly namespace: string; readonly name: string }[] | TokenSecretPlaces,
): boolean {
  const index = 'places' in secrets ? secrets : tokenSecretPlaces(secrets);
  return !index.places.has(`${reference.namespace}/${reference.name}`) && !index.anyNamespace.has(reference.name);
}

/** A short list of names for a message: the first `limit`, then how many more. */
export function listNames(names: readonly string[], limit = 5): string {
  return names.length > limit ? `${names.slice(0, limit).join(', ')} and ${names.length - limit} more` : names.join(', ');
}
