/**
 * How a Secret holding a key or a token reaches the cluster from a Pulumi program: plain, sealed, external or
 * existing, as in cdk8s (lib/core/cluster/secret-delivery.ts). The delivered object is declared at once with every
 * part that does not depend on the keys (kind, name, namespace, a SealedSecret's template, a whole
 * ExternalSecret), so `pulumi preview` shows it; the values join when the keys are known.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretObject } from '../core/kube/kube-object';
import { SealedSecretObject } from '../core/sealing/sealed-secret';
import { DeliverSecretOptions, SecretDelivery, deliverSecret, deliveredShape } from '../core/cluster/secret-delivery';
import { kubeResource, kubeSecret, registerObject } from './kube-resource';
import { ClusterResourceOptions } from './registered-objects';

/**
 * Registers the object that delivers a Secret, or nothing for `existing`.
 * @param shape the Secret with its data keys, values empty (`keysSecretShape`, `tokenSecretShape`)
 * @param signed the Secret with its values, once the keys are known (a Pulumi secret)
 * @throws PxSecurityError as `deliverSecret` does (a token Secret delivered `existing`, an unusable certificate)
 */
export function deliveredSecret(
  name: string,
  shape: SecretObject,
  signed: pulumi.Output<SecretObject>,
  delivery: SecretDelivery,
  options: DeliverSecretOptions,
  place: ClusterResourceOptions,
): pulumi.CustomResource | undefined {
  const declared = deliveredShape(shape, delivery, options);
  if (declared === undefined) return undefined;
  if (declared.kind === 'Secret')
    return kubeSecret(
      name,
      shape,
      signed.apply((secret) => secret.data),
      place,
    );
  if (declared.kind !== 'SealedSecret') return kubeResource(name, declared, place);
  // The ciphertexts are what git holds in cdk8s: not secret, so the state and the diff show them. Each seal is
  // reused from the sealing cache (each new one written to it when sealed), so a second run seals nothing anew
  // and shows no diff.
  const encryptedData = pulumi.unsecret(
    signed.apply((secret) => {
      const sealed = deliverSecret(secret, delivery, options) as SealedSecretObject;
      return sealed.spec.encryptedData;
    }),
  );
  registerObject(
    JSON.parse(JSON.stringify({ apiVersion: declared.apiVersion, kind: declared.kind, metadata: declared.metadata })) as Record<string, unknown>,
    name,
    place,
  );
  const { template } = (declared as SealedSecretObject).spec;
  const known = JSON.parse(JSON.stringify({ metadata: declared.metadata, template })) as { metadata: k8s.types.input.meta.v1.ObjectMeta; template: unknown };
  return new k8s.apiextensions.CustomResource(
    name,
    { apiVersion: declared.apiVersion, kind: declared.kind, metadata: known.metadata, spec: { encryptedData, template: known.template } },
    place.opts,
  );
}
