/**
 * `px-security-constructs/sealing`: Bitnami SealedSecrets sealed as `kubeseal` does, External Secrets Operator
 * ExternalSecrets, and the cache that keeps a re-synth from producing a diff.
 */
export { MIN_SEALING_KEY_BITS, readSealingCertificate } from '../core/sealing/certificate';
export type { ReadSealingCertificateOptions, SealingCertificate } from '../core/sealing/certificate';
export { SEALING_SCOPES, encryptionLabel, sealSecret } from '../core/sealing/sealed-secret';
export type { SealOptions, SealableSecret, SealedSecretObject, SealedSecretTemplate, SealingScope } from '../core/sealing/sealed-secret';
export { externalSecretFor } from '../core/sealing/external-secret';
export type { ExternalSecretData, ExternalSecretObject, ExternalSecretOptions, ExternalSecretTarget, SecretStoreKind } from '../core/sealing/external-secret';
export { MemorySealCache } from '../core/sealing/seal-cache';
export { FileSealCache } from '../node/seal-cache-file';
export type { SealCache, SealCacheEntry, SealCacheSaveOptions, SealCacheSnapshot } from '../core/sealing/seal-cache';
export { sealedDeliveryFromFile } from '../node/sealed-delivery-file';
export type { SealedDelivery, ExternalDelivery, SecretDelivery } from '../core/cluster/secret-delivery';

// What the signatures above use
export { EXTERNAL_SECRET_API_VERSIONS, EXTERNAL_SECRET_KIND, SEALED_SECRET_API_VERSION, SEALED_SECRET_KIND } from '../core/names';
export type { ExternalSecretApiVersion } from '../core/names';
export type { ExistingDelivery, PlainDelivery } from '../core/cluster/secret-delivery';
export type { KubeObject, ObjectMeta } from '../core/kube/kube-object';
