/**
 * Keeping keys and tokens out of git: Bitnami SealedSecrets (sealed with the controller's certificate) and
 * External Secrets Operator ExternalSecrets (a reference to a vault).
 */
export { hybridEncrypt } from './hybrid-encrypt';
export { MIN_SEALING_KEY_BITS, readSealingCertificate } from './certificate';
export type { ReadSealingCertificateOptions, SealingCertificate } from './certificate';
export { MemorySealCache } from './seal-cache';
export { FileSealCache } from '../../node/seal-cache-file';
export type { SealCache, SealCacheEntry, SealCacheSaveOptions, SealCacheSnapshot } from './seal-cache';
export { SEALING_SCOPES, annotatedSealingScope, encryptionLabel, sealSecret } from './sealed-secret';
export type { SealOptions, SealableSecret, SealedSecretObject, SealedSecretTemplate, SealingScope } from './sealed-secret';
export { externalSecretFor } from './external-secret';
export type { ExternalSecretData, ExternalSecretObject, ExternalSecretOptions, ExternalSecretTarget, SecretStoreKind } from './external-secret';
