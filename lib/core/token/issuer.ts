/**
 * The one rule for the issuer a self-signed cluster trusts (`-jwt_issuer`, `PORTWORX_AUTH_JWT_ISSUER`, the
 * operator's `selfSigned.issuer`) and every token carries in `iss`. Portworx compares `iss` byte for byte, so an
 * issuer must be one plain word: no whitespace anywhere, no control character. One that starts with `https://`
 * reads as an OIDC provider to fetch keys from.
 *
 * The constructs (`planSecureCluster`), `pxsec patch` (`resolveSecuritySettings`), `mintToken` and `pxsec check`
 * (the DaemonSet and StorageCluster checks) all call `issuerProblem`.
 */
import { PxSecurityError } from '../errors/errors';

/** Whitespace or a control character (or a lone surrogate) anywhere. */
const NOT_ONE_WORD = /[\s\p{Cc}\p{Cs}]/u;
const OIDC_SCHEME = 'https://';

/** What is wrong with an issuer. */
export interface IssuerProblem {
  /** `ISSUER_INVALID` (not one plain word) or `ISSUER_LOOKS_LIKE_OIDC`. */
  readonly code: 'ISSUER_INVALID' | 'ISSUER_LOOKS_LIKE_OIDC';
  /** What is wrong, in plain words, to follow the field and value. */
  readonly problem: string;
  /** What to do. */
  readonly fix: string;
}

/** How an issuer is judged. */
export interface IssuerRuleOptions {
  /** OIDC is configured too, so an `https://` issuer is expected. @default false */
  readonly oidc?: boolean;
}

/** The problem of `issuer`, or `undefined` when Portworx and every token can use it. */
export function issuerProblem(issuer: unknown, options: IssuerRuleOptions = {}): IssuerProblem | undefined {
  if (typeof issuer !== 'string' || issuer === '' || NOT_ONE_WORD.test(issuer)) {
    return {
      code: 'ISSUER_INVALID',
      problem: 'is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts',
      fix: 'use one plain word, e.g. "portworx.com"',
    };
  }
  if (issuer.startsWith(OIDC_SCHEME) && options.oidc !== true) {
    return {
      code: 'ISSUER_LOOKS_LIKE_OIDC',
      problem: 'starts with https://, which Portworx reads as an OIDC issuer, not a self-signed one',
      fix: 'use a plain name such as "portworx.com" for self-signed tokens, or configure oidc',
    };
  }
  return undefined;
}

/**
 * Throws the issuer's problem as a `PxSecurityError` on `field`; returns the issuer when it has none.
 *
 * @throws PxSecurityError `ISSUER_INVALID`, `ISSUER_LOOKS_LIKE_OIDC`
 */
export function checkIssuer(issuer: unknown, field: string, options: IssuerRuleOptions = {}): string {
  const problem = issuerProblem(issuer, options);
  if (problem !== undefined) throw new PxSecurityError({ code: problem.code, field, value: issuer, problem: problem.problem, fix: problem.fix });
  return issuer as string;
}
