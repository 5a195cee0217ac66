/**
 * px-security-constructs: the framework-free core.
 *
 * Everything the cdk8s constructs, the Pulumi components and `pxsec` do is built from these functions.
 */
export * from './names';
export * from './errors';
export * from './sealing';
export * from './spec';
export * from './kube-names';
export * from './storage-class';
export { checkStorageClassAuthParameters, type StorageClassProblem } from './storage-class-auth';
export * from './volume-snapshot-class';
export * from './guest-access';
export * from './kube-object';
export * from './secrets';
export * from './plan';
export * from './security-model';
export { PortworxSpec } from '../node/portworx-spec-file';
export * from './duration';
export * from './identity';
export { mintToken, type MintTokenOptions, type SigningKey } from './token-sign';
export { decodeToken, type DecodedToken, type PortworxClaims } from './token-claims';
export { verifyToken, type TokenProblem, type TokenVerdict, type VerificationKey, type VerifyTokenOptions } from './token-verify';
export * from './rotation';
export { currentTime } from '../node/clock';
export { MIN_KEY_LENGTH, validateKeys, type PxKeys } from './keys';
export * from './key-sources';
export {
  DEFAULT_KEYSTORE_PATH,
  keysFromKeystore,
  keystoreCreatedNotice,
  type KeystoreCreated,
  type KeystoreOptions,
} from '../node/key-store-file';
export * from './secret-delivery';
export { sealedDeliveryFromFile } from '../node/sealed-delivery-file';
export * from './audit';
export * from './in-place';
