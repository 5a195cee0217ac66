/**
 * Keeping keys and tokens out of git: Bitnami SealedSecrets (sealed with the controller's certificate) and
 * External Secrets Operator ExternalSecrets (a reference to a vault).
 */
export * from './hybrid-encrypt';
export * from './certificate';
export * from './seal-cache';
export { FileSealCache } from '../../node/seal-cache-file';
export * from './sealed-secret';
export * from './external-secret';
