/**
 * What changed between two synths of one app, object by object: the rotation tests use it to show that new
 * keys change the keys Secret, the token Secrets and the keys digest on pod templates, and nothing else.
 */
const DIGEST_ANNOTATION = 'px-security-constructs/keys-digest';

type Json = Record<string, any>;

/** How an object differs between the two synths. */
export type ObjectChange = 'unchanged' | 'secret data' | 'keys digest' | 'other';

/** `apiVersion kind namespace/name` of an object. */
export function identityOf(object: Json): string {
  return `${String(object.apiVersion)} ${String(object.kind)} ${String(object.metadata?.namespace ?? '')}/${String(object.metadata?.name)}`;
}

/** The keys digest on an object's pod template, if any. */
export function digestOf(object: Json): string | undefined {
  return object.spec?.template?.metadata?.annotations?.[DIGEST_ANNOTATION] as string | undefined;
}

function withoutDigest(object: Json): Json {
  const copy = structuredClone(object);
  const annotations = copy.spec?.template?.metadata?.annotations as Json | undefined;
  if (annotations !== undefined) delete annotations[DIGEST_ANNOTATION];
  return copy;
}

function withoutData(object: Json): Json {
  const { data: _data, ...rest } = object;
  return rest;
}

/** Each object's change, by identity; both synths must hold the same objects in the same order. */
export function objectChanges(before: readonly Json[], after: readonly Json[]): Record<string, ObjectChange> {
  expect(after.map(identityOf)).toEqual(before.map(identityOf));
  return Object.fromEntries(
    before.map((old, i) => {
      const now = after[i] as Json;
      const change: ObjectChange =
        JSON.stringify(old) === JSON.stringify(now)
          ? 'unchanged'
          : old.kind === 'Secret' && JSON.stringify(withoutData(old)) === JSON.stringify(withoutData(now))
            ? 'secret data'
            : digestOf(old) !== undefined && digestOf(old) !== digestOf(now) && JSON.stringify(withoutDigest(old)) === JSON.stringify(withoutDigest(now))
              ? 'keys digest'
              : 'other';
      return [identityOf(old), change];
    }),
  );
}
