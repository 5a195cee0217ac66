/**
 * Key rotation that takes effect: Portworx, stork and autopilot read the keys as env at container start, so new
 * keys in the keys Secret reach them only when their pods restart. Every workload whose pod template reads the
 * keys Secret carries the annotation `px-security-constructs/keys-digest` on that template, a keyed digest of
 * exactly the keys its containers read. New keys change the annotation, the changed pod template makes
 * Kubernetes roll the DaemonSet and the Deployments, and the new pods read the new keys. Nothing else changes.
 *
 * Why an annotation and not a versioned Secret name (kustomize's `secretGenerator`, `pxkeys-<hash>`):
 * - The operator restarts Portworx when the *name* of its shared-secret Secret changes (libopenstorage/operator
 *   `pkg/controller/storagecluster/update.go`, `isSecurityBounceRequired`), because it builds the pods itself;
 *   a name is the only input of its pod template. In the DaemonSet form the pod templates are ours, and any
 *   change to them rolls the pods, as Helm charts' `checksum/config` annotations use.
 * - `pxkeys` is the name the Portworx docs, `kubectl create secret`, `pxsec keys generate`, `pxsec check` and every
 *   existing install use; a versioned name would rewrite three secretKeyRefs in the DaemonSet, one in stork and
 *   one in autopilot on every rotation, and leave each old Secret (with its old keys) in the cluster until pruned.
 * - In Pulumi a name computed from generated keys is unknown at preview, and a changed name replaces the
 *   Secret; an annotation is a plain in-place update.
 *
 * The digest is HMAC-SHA256 keyed with the keys a workload reads, over a fixed label (domain-separated from every
 * other use of the keys), truncated to 128 bits: it shows that the keys changed and nothing else, and no key can
 * be read back from it. Testing a guessed key against it costs one HMAC, as testing it against a token signed with
 * the shared secret does; the keys are what makes guessing hopeless (64 random characters by default; shorter
 * than 32, placeholders and repeated patterns are refused).
 *
 * In the operator form the operator builds the pods: an annotation in the spec reaches none of them. There a
 * rotation must change the shared secret's name (`sharedSecretName`), which the operator answers with a restart.
 */
import { createHmac } from 'node:crypto';
import { KEY_NAMES, KEY_ORDER, PxKeys } from '../keys/keys';
import { KEYS_DIGEST_ANNOTATION } from '../names';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import { editsOfDocuments, expandListItems } from './list-items';
import { SpecEdit, applySpecEdits } from './spec-edit';

/** Domain label of the digest: a new scheme gets a new label (and so a new digest and one roll). */
const DIGEST_LABEL = 'px-security-constructs/keys-digest/v1';
/** Hex characters kept of the HMAC (128 bits). */
const DIGEST_HEX_LENGTH = 32;
/** Kinds whose `spec.template` is a pod template that Kubernetes rolls when it changes. */
const WORKLOAD_KINDS: readonly string[] = ['DaemonSet', 'Deployment', 'StatefulSet'];
const TEMPLATE_PATH: readonly PathSegment[] = ['spec', 'template'];

/**
 * The keyed digest of the keys `reads` (in the fixed order system, stork, shared): HMAC-SHA256 keyed with those
 * keys (each length-prefixed) over a fixed label and their names, as 32 hex characters. Never shows a key.
 */
export function keysDigest(keys: PxKeys, reads: readonly (keyof PxKeys)[]): string {
  const ordered = KEY_ORDER.filter((key) => reads.includes(key));
  const hmacKey = Buffer.concat(
    ordered.flatMap((key) => {
      const value = Buffer.from(keys[key], 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(value.length);
      return [length, value];
    }),
  );
  return createHmac('sha256', hmacKey)
    .update(`${DIGEST_LABEL}\n${ordered.map((key) => KEY_NAMES[key]).join(',')}`)
    .digest('hex')
    .slice(0, DIGEST_HEX_LENGTH);
}

/**
 * Which keys of the Secret `keysSecretName` the pod template of `object` reads (a container's or init container's
 * `env[].valueFrom.secretKeyRef`, or `envFrom[].secretRef` for all three), in the fixed order; empty for an object
 * that is no DaemonSet, Deployment or StatefulSet, or reads none.
 */
export function keysReadBy(object: unknown, keysSecretName: string): (keyof PxKeys)[] {
  if (!isRecord(object) || typeof object.kind !== 'string' || !WORKLOAD_KINDS.includes(object.kind)) return [];
  const podSpec = valueAt(object, [...TEMPLATE_PATH, 'spec']);
  if (!isRecord(podSpec)) return [];
  const read = new Set<keyof PxKeys>();
  for (const container of [...listOf(podSpec.initContainers), ...listOf(podSpec.containers)]) {
    for (const env of listOf(container.env)) {
      const ref = valueAt(env, ['valueFrom', 'secretKeyRef']);
      if (!isRecord(ref) || ref.name !== keysSecretName) continue;
      for (const key of KEY_ORDER) if (ref.key === KEY_NAMES[key]) read.add(key);
    }
    for (const from of listOf(container.envFrom)) {
      if (valueAt(from, ['secretRef', 'name']) === keysSecretName) KEY_ORDER.forEach((key) => read.add(key));
    }
  }
  return KEY_ORDER.filter((key) => read.has(key));
}

/**
 * The edits that put `digestOf(keys read)` into the pod template annotation {@link KEYS_DIGEST_ANNOTATION} of
 * every object of `documents` (and of their `kind: List` items) that reads the keys Secret, creating `metadata`
 * and `annotations` where absent and replacing an annotation of ours that holds an older digest. Objects reading
 * no key get no edit. The edits are on `documents` as given.
 */
export function keysRolloutEdits(
  documents: readonly Record<string, unknown>[],
  keysSecretName: string,
  digestOf: (reads: readonly (keyof PxKeys)[]) => string,
): SpecEdit[] {
  const { objects, origins } = expandListItems(documents);
  return editsOfDocuments(itemEdits(objects, keysSecretName, digestOf), origins);
}

function itemEdits(objects: readonly unknown[], keysSecretName: string, digestOf: (reads: readonly (keyof PxKeys)[]) => string): SpecEdit[] {
  return objects.flatMap((object, index): SpecEdit[] => {
    const reads = keysReadBy(object, keysSecretName);
    if (reads.length === 0) return [];
    const digest = digestOf(reads);
    const template = valueAt(object, TEMPLATE_PATH) as Record<string, unknown>;
    const metadata = template.metadata;
    if (!isRecord(metadata))
      return [{ kind: 'set', object: index, path: TEMPLATE_PATH, key: 'metadata', value: { annotations: { [KEYS_DIGEST_ANNOTATION]: digest } } }];
    const annotations = metadata.annotations;
    if (!isRecord(annotations))
      return [{ kind: 'set', object: index, path: [...TEMPLATE_PATH, 'metadata'], key: 'annotations', value: { [KEYS_DIGEST_ANNOTATION]: digest } }];
    const found = annotations[KEYS_DIGEST_ANNOTATION];
    if (found === digest) return [];
    const path: PathSegment[] = [...TEMPLATE_PATH, 'metadata', 'annotations'];
    return found === undefined || found === null
      ? [{ kind: 'set', object: index, path, key: KEYS_DIGEST_ANNOTATION, value: digest }]
      : [{ kind: 'replace', object: index, path: [...path, KEYS_DIGEST_ANNOTATION], value: digest }];
  });
}

/**
 * `objects` with the keys digest of `keys` on the pod template of every workload that reads the keys Secret
 * `keysSecretName` (copies of those; every other object as given). Pure; the inputs are never mutated.
 */
export function rollOnKeys(objects: readonly Record<string, unknown>[], keysSecretName: string, keys: PxKeys): Record<string, unknown>[] {
  return applySpecEdits(
    objects,
    keysRolloutEdits(objects, keysSecretName, (reads) => keysDigest(keys, reads)),
  );
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
