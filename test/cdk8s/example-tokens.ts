/**
 * Verifies every token of the example app's output as Portworx would: against the synthesized shared secret and
 * the DaemonSet's -jwt_issuer.
 */
import { verifyToken } from '../../lib';
import { findObject, secretValues } from '../support/cdk8s-synth';

/** Every token a user's cluster would read from these objects, verified as Portworx would. */
export async function verifyAllTokens(objects: readonly Record<string, unknown>[], now: number): Promise<string[]> {
  const keys = secretValues(findObject(objects, 'Secret', 'pxkeys', 'kube-system'));
  const daemonSet = findObject(objects, 'DaemonSet', 'portworx', 'kube-system');
  const args = daemonSet.spec.template.spec.containers.find((c: { name: string }) => c.name === 'portworx').args as string[];
  const issuer = args[args.indexOf('-jwt_issuer') + 1] ?? '';
  const tokenSecrets = objects.filter((o) => o.kind === 'Secret' && 'auth-token' in (o.data as object));
  const verified: string[] = [];
  for (const secret of tokenSecrets) {
    const token = secretValues(secret)['auth-token'] ?? '';
    const verdict = await verifyToken(token, { issuers: [issuer], key: { sharedSecret: keys['shared-secret'] ?? '' }, now });
    expect({ secret: secret.metadata as object, problems: verdict.problems }).toEqual({ secret: secret.metadata, problems: [] });
    const metadata = secret.metadata as { namespace: string; name: string };
    verified.push(`${metadata.namespace}/${metadata.name}`);
  }
  return verified;
}
