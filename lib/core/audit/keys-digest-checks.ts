/**
 * The keys digest on pod templates (`px-security-constructs/keys-digest`, see `lib/core/spec/keys-rollout.ts`)
 * against the keys the bundle's Secret holds: a digest of other keys means the keys Secret was changed without
 * the workloads, so applying the bundle restarts nothing and the running pods keep the old keys.
 */
import { KEY_NAMES, PxKeys } from '../keys/keys';
import { KEYS_DIGEST_ANNOTATION } from '../names';
import { keysDigest, keysReadBy } from '../spec/keys-rollout';
import { isRecord, valueAt } from '../yaml/plain-json';
import { namespaceOf } from './bundle-secrets';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** `KEYS_DIGEST_STALE` for every workload whose keys digest is not that of the plain keys it reads from the bundle. */
export function keysDigestFindings(context: AuditContext): Finding[] {
  return context.bundle.objects.flatMap((entry): Finding[] => {
    const annotations = valueAt(entry.object, ['spec', 'template', 'metadata', 'annotations']);
    const digest = isRecord(annotations) ? annotations[KEYS_DIGEST_ANNOTATION] : undefined;
    if (typeof digest !== 'string') return [];
    const namespace = namespaceOf(entry.object);
    for (const secret of context.secrets.secrets) {
      const reads = keysReadBy(entry.object, secret.name);
      if (reads.length === 0 || context.secrets.find(namespace, secret.name) !== secret) continue;
      const values: Record<keyof PxKeys, string> = { system: '', stork: '', shared: '' };
      for (const key of reads) {
        const value = secret.value(KEY_NAMES[key]);
        if (value.kind !== 'value') return []; // sealed or external: the keys are not in the bundle
        values[key] = value.value;
      }
      if (keysDigest(values, reads) === digest) return [];
      return [
        findingOn(entry, {
          code: 'KEYS_DIGEST_STALE',
          severity: 'warning',
          field: `spec.template.metadata.annotations[${KEYS_DIGEST_ANNOTATION}]`,
          path: ['spec', 'template', 'metadata', 'annotations', KEYS_DIGEST_ANNOTATION],
          message: `the pod template's keys digest is not that of the keys in Secret ${secret.namespace === '' ? '' : `${secret.namespace}/`}${secret.name}: applying this restarts no pod, and the running pods keep the keys they started with`,
          fix: ruleFix('KEYS_DIGEST_STALE'),
        }),
      ];
    }
    return [];
  });
}
