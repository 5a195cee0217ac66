/**
 * A cluster's asymmetric token signing: with `publicKey` configured (`-jwt_rsa_pubkey_file` or
 * `-jwt_ecds_pubkey_file`), tenant and token-Secret tokens can be signed RS256 or ES256 with the private key
 * of that public key, and the Secret or ConfigMap the portworx pods mount the public key from must exist.
 *
 * The private key is handled like the shared secret: parsed once per cluster, never in a message (messages
 * name the field and describe the key, "an RSA key of 2048 bits"). The public key object holds only the
 * public key, so it is emitted plain whatever the secret delivery.
 */
import { createPublicKey } from 'node:crypto';
import { PxSecurityError } from '../errors/errors';
import { KubeObject, SecretObject } from '../kube/kube-object';
import { opaqueSecret } from './secrets';
import { RENEWER_SIGNING_KEY_KEY, RENEWER_SIGNING_KEY_SECRET_NAME } from '../renewer/renewer-names';
import { STORK_SKIP_RESOURCE_ANNOTATION, TOKEN_PRIVATE_KEY_ENV } from '../names';
import type { SecureClusterPlan } from './plan';
import type { PublicKeySettings } from './security-settings';
import { PreparedSigningKey, prepareSigningKey } from '../token/token-sign';

/** A cluster's asymmetric signer: the private key parsed once, and the public key Portworx verifies with. */
export interface ClusterTokenSigner {
  /** The private key, parsed and checked. Secret: never log it. */
  readonly signingKey: PreparedSigningKey;
  /** The public key as SPKI PEM: what the Secret or ConfigMap of `publicKey.from` holds. */
  readonly publicKeyPem: string;
}

/**
 * The signer of a cluster configured with `publicKey`, from the PEM of its private key (PKCS#8, PKCS#1 or
 * SEC1, unencrypted): RSA of 2048 bits or more for RS256, EC on P-256 for ES256, as `publicKey.algorithm` says.
 *
 * @param field the prop the PEM was given as, for messages (e.g. `<path>.tokenSigningKey`)
 * @throws PxSecurityError `TOKEN_SIGNING_KEY_UNUSED` without `publicKey` (Portworx would refuse the tokens:
 *   "key is of invalid type"), `TOKEN_KEY_INVALID`, `TOKEN_KEY_WEAK`; never with the key in the message
 */
export function clusterTokenSigner(publicKey: PublicKeySettings | undefined, privateKeyPem: unknown, field: string): ClusterTokenSigner {
  if (publicKey === undefined) {
    throw new PxSecurityError({
      code: 'TOKEN_SIGNING_KEY_UNUSED',
      field,
      problem:
        'is given, but the cluster has no publicKey: Portworx refuses RS256/ES256 tokens without -jwt_rsa_pubkey_file or -jwt_ecds_pubkey_file ("key is of invalid type")',
      fix: 'set publicKey: { algorithm, path, from } on the cluster, or leave tokenSigningKey out to sign with the shared secret',
    });
  }
  if (typeof privateKeyPem !== 'string') {
    throw new PxSecurityError({
      code: 'TOKEN_KEY_INVALID',
      field,
      problem: 'is not a PEM string',
      fix: 'give the PEM text of the private key, e.g. privateKeyFromFile("jwt-private.pem")',
    });
  }
  const signingKey = prepareSigningKey({ algorithm: publicKey.algorithm, privateKeyPem }, field);
  return { signingKey, publicKeyPem: createPublicKey(signingKey.privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}

/**
 * The Secret or ConfigMap the portworx pods mount the public key from (`publicKey.from`), in the Portworx
 * namespace, holding `publicKeyPem` under `from.key`. A Secret's `data` is base64, as every Secret here.
 */
export function publicKeyObject(publicKey: PublicKeySettings, namespace: string, publicKeyPem: string): KubeObject {
  const metadata = { name: publicKey.from.name, namespace };
  return publicKey.from.kind === 'Secret'
    ? { apiVersion: 'v1', kind: 'Secret', metadata, type: 'Opaque', data: { [publicKey.from.key]: Buffer.from(publicKeyPem, 'utf8').toString('base64') } }
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [publicKey.from.key]: publicKeyPem } };
}

/**
 * Refuses a `publicKey` whose Secret or ConfigMap nothing emits: either give the private key (the public key
 * object is then emitted) or declare that it exists in the cluster (`publicKeyExists: true`).
 *
 * @throws PxSecurityError `PUBLIC_KEY_SOURCE_MISSING`
 */
export function requirePublicKeySource(publicKey: PublicKeySettings | undefined, signer: boolean, exists: boolean, field: string): void {
  if (publicKey === undefined || signer || exists) return;
  throw new PxSecurityError({
    code: 'PUBLIC_KEY_SOURCE_MISSING',
    field: `${field}.publicKey.from`,
    value: `${publicKey.from.kind}/${publicKey.from.name}`,
    problem: 'is mounted by the portworx pods, but nothing emits it: the pods would not start',
    fix: 'give tokenSigningKey (its public key is then emitted), or set publicKeyExists: true if the cluster has it already',
  });
}

/**
 * The PEM of the tokens' private key from `PXSEC_TOKEN_PRIVATE_KEY` (a CI secret variable). A missing or empty
 * variable is `KEYS_ENV_MISSING` naming it.
 */
export function privateKeyFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  const value = env[TOKEN_PRIVATE_KEY_ENV];
  if (value === undefined || value === '') {
    throw new PxSecurityError({
      code: 'KEYS_ENV_MISSING',
      field: TOKEN_PRIVATE_KEY_ENV,
      problem: value === undefined ? 'is not set' : 'is empty',
      fix: 'set it to the PEM of the private key, e.g. PXSEC_TOKEN_PRIVATE_KEY="$(cat jwt-private.pem)"',
    });
  }
  return value;
}

/** Props of a cluster for asymmetric token signing (cdk8s; the Pulumi door takes the PEM as an Input). */
export interface TokenSigningOptions {
  /**
   * The PEM private key (unencrypted PKCS#8, PKCS#1 or SEC1) whose public key `publicKey` configures: tenant
   * and token-Secret tokens, and `mintToken`, are then signed with `publicKey.algorithm` (RS256: RSA of 2048
   * bits or more; ES256: EC P-256), and the Secret or ConfigMap of `publicKey.from` is emitted with the public
   * key. From `privateKeyFromEnv(process.env)` (`PXSEC_TOKEN_PRIVATE_KEY`) or `privateKeyFromFile(path)`.
   * Secret: never log it.
   * @default - none: tokens are signed HS256 with the shared secret
   */
  readonly tokenSigningKey?: string | undefined;
  /**
   * The Secret or ConfigMap of `publicKey.from` exists in the cluster already: nothing emits it, and a
   * `publicKey` without `tokenSigningKey` is accepted.
   * @default false
   */
  readonly publicKeyExists?: boolean | undefined;
}

/** A cluster plan with its signer, and the public key object to emit (if the cluster has not got it). */
export interface PlannedTokenSigning {
  readonly plan: SecureClusterPlan;
  readonly publicKeyObject?: KubeObject;
}

/**
 * Joins the private key to the cluster's plan and makes the public key object the portworx pods mount, in
 * the Portworx namespace (the keys Secret's), unless `publicKeyExists`.
 *
 * @throws PxSecurityError `PUBLIC_KEY_SOURCE_MISSING`, `TOKEN_SIGNING_KEY_UNUSED`, `TOKEN_KEY_INVALID`, `TOKEN_KEY_WEAK`
 */
export function planTokenSigning(plan: SecureClusterPlan, options: TokenSigningOptions, field: string): PlannedTokenSigning {
  const exists = options.publicKeyExists ?? false;
  requirePublicKeySource(plan.publicKey, options.tokenSigningKey !== undefined, exists, field);
  if (options.tokenSigningKey === undefined) return { plan };
  const signer = clusterTokenSigner(plan.publicKey, options.tokenSigningKey, `${field}.tokenSigningKey`);
  const signed = signedPlan(plan, signer);
  if (exists || plan.publicKey === undefined) return { plan: signed };
  return { plan: signed, publicKeyObject: publicKeyObject(plan.publicKey, plan.keysSecret.namespace, signer.publicKeyPem) };
}

/** The plan that signs with `signer` (the plan itself without one: the shared secret signs). */
export function signedPlan(plan: SecureClusterPlan, signer: ClusterTokenSigner | undefined): SecureClusterPlan {
  return signer === undefined ? plan : { ...plan, tokenSigningKey: signer.signingKey };
}

/**
 * The Secret the in-cluster renewer reads the private key from (`px-token-signing-key`, key `private.pem`, in
 * the keys Secret's namespace), delivered as the keys Secret is. Secret: it holds the private key.
 */
export function signingKeySecret(plan: SecureClusterPlan, privateKeyPem: string): SecretObject {
  const annotations = plan.storkSkipResource ? { [STORK_SKIP_RESOURCE_ANNOTATION]: 'true' } : {};
  return opaqueSecret(
    { name: RENEWER_SIGNING_KEY_SECRET_NAME, namespace: plan.keysSecret.namespace, annotations },
    { [RENEWER_SIGNING_KEY_KEY]: privateKeyPem },
  );
}
