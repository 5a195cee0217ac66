/**
 * Key rotation that takes effect, in a Pulumi program: the pod template of every workload that reads the keys
 * Secret carries the keyed digest of the keys it reads (see `lib/core/spec/keys-rollout.ts` for the why), as an
 * Output computed when the keys are known. The digest shows nothing of the keys, so it is not a Pulumi secret:
 * a preview shows the annotation change that rolls the pods.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxKeys } from '../core/keys/keys';
import { KEYS_DIGEST_ANNOTATION } from '../core/names';
import { keysDigest, keysReadBy } from '../core/spec/keys-rollout';
import { isRecord } from '../core/yaml/plain-json';

/**
 * Puts the digest of the keys `args` reads from the Secret `keysSecretName` on its pod template (a DaemonSet,
 * Deployment or StatefulSet reading none is left as it is). `args` is a resource's own JSON copy: it is changed.
 */
export function addKeysDigest(args: Record<string, unknown>, keysSecretName: string, keys: pulumi.Output<PxKeys>): void {
  const reads = keysReadBy(args, keysSecretName);
  if (reads.length === 0) return;
  const template = (args.spec as Record<string, unknown>).template as Record<string, unknown>;
  const metadata = isRecord(template.metadata) ? template.metadata : (template.metadata = {});
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : (metadata.annotations = {});
  annotations[KEYS_DIGEST_ANNOTATION] = pulumi.unsecret(keys.apply((values) => keysDigest(values, reads)));
}
