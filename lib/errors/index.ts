/**
 * `px-security-constructs/errors`: the error type, the error catalogue and its code type, for programs that match
 * on codes without loading cdk8s, Pulumi or the rest of the library.
 */
export { ERROR_CATALOGUE, errorCatalogueEntry, isPxErrorCode } from '../core/errors/error-catalogue';
export type { ErrorCatalogueEntry, ErrorSeverity, PxErrorCode } from '../core/errors/error-catalogue';
export { PxSecurityError, isPxSecurityError } from '../core/errors/errors';
export type { PxErrorCause, PxSecurityErrorInit } from '../core/errors/errors';
