/**
 * Asymmetric token signing in a Pulumi program: the private key is a `pulumi.Input<string>` PEM, so a
 * config secret (`config.requireSecret`), another stack's output or a `tls.PrivateKey`'s `privateKeyPem`
 * fits as it is (no dependency on `@pulumi/tls` here). A PEM known at construction is checked there, once; a
 * PEM that is an Output is checked (and parsed, once) when it resolves. The public key object is registered
 * with its name and kind known at preview and its PEM filled in when the private key is known.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { SecureClusterPlan } from '../core/cluster/plan';
import { ClusterTokenSigner, clusterTokenSigner, publicKeyObject, requirePublicKeySource } from '../core/cluster/token-signing-key';
import { kubeResourceName, registerObject } from './kube-resource';
import { ClusterResourceOptions } from './registered-objects';

/**
 * A cluster's signing key in a program. The Output holds the PEM, not the parsed key: Pulumi copies the
 * values of an Output deeply, which a `KeyObject` does not survive; `signerOf` parses each PEM once.
 */
export interface PulumiTokenSigning {
  /** The PEM of the private key (a secret Output); `undefined` inside: the shared secret signs. */
  readonly privateKeyPem: pulumi.Output<string | undefined>;
  /** The signer of a PEM from `privateKeyPem`, parsed on first use and kept (`undefined` for `undefined`). */
  signerOf(pem: string | undefined): ClusterTokenSigner | undefined;
  /** The Secret or ConfigMap of `publicKey.from`, when the cluster registers it. */
  readonly publicKeyResource?: pulumi.CustomResource;
}

/**
 * The cluster's signer, and the public key object registered (unless `publicKeyExists`).
 *
 * @throws PxSecurityError `PUBLIC_KEY_SOURCE_MISSING`; for a PEM string, `TOKEN_SIGNING_KEY_UNUSED`,
 *   `TOKEN_KEY_INVALID`, `TOKEN_KEY_WEAK`
 */
export function pulumiTokenSigning(
  name: string,
  plan: SecureClusterPlan,
  privateKeyPem: pulumi.Input<string> | undefined,
  publicKeyExists: boolean,
  opts: () => ClusterResourceOptions,
): PulumiTokenSigning {
  requirePublicKeySource(plan.publicKey, privateKeyPem !== undefined, publicKeyExists, name);
  const field = `${name}.tokenSigningKey`;
  let parsed: { readonly pem: string; readonly signer: ClusterTokenSigner } | undefined;
  const signerOf = (pem: string | undefined): ClusterTokenSigner | undefined => {
    if (pem === undefined) return undefined;
    if (parsed?.pem !== pem) parsed = { pem, signer: clusterTokenSigner(plan.publicKey, pem, field) };
    return parsed.signer;
  };
  if (privateKeyPem === undefined) return { privateKeyPem: pulumi.output(undefined), signerOf };
  // Known now: checked in the constructor, as cdk8s does. An Output: checked when it resolves.
  if (typeof privateKeyPem === 'string') signerOf(privateKeyPem);
  const pemOutput = pulumi.secret(pulumi.output(privateKeyPem));
  const publicKey = plan.publicKey;
  if (publicKeyExists || publicKey === undefined) return { privateKeyPem: pemOutput, signerOf };
  const namespace = plan.keysSecret.namespace;
  const shape = publicKeyObject(publicKey, namespace, '');
  const resource = kubeResourceName(name, shape);
  const options = opts();
  registerObject(JSON.parse(JSON.stringify(shape)) as Record<string, unknown>, resource, options);
  // The public key is no secret: unsecret drops the private key's secrecy (@pulumi/kubernetes still makes a Secret's data secret).
  const data = pulumi.unsecret(
    pemOutput.apply((pem) => publicKeyObject(publicKey, namespace, signerOf(pem)?.publicKeyPem ?? '').data as Record<string, string>),
  );
  const publicKeyResource =
    shape.kind === 'Secret'
      ? new k8s.core.v1.Secret(resource, { metadata: shape.metadata, type: 'Opaque', data }, options.opts)
      : new k8s.core.v1.ConfigMap(resource, { metadata: shape.metadata, data }, options.opts);
  return { privateKeyPem: pemOutput, signerOf, publicKeyResource };
}
