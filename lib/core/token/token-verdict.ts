/**
 * Portworx auth tokens: what verifying one takes and gives (the key, the options, a problem, the verdict). The
 * types of `token-verify.ts`, apart so that the claim rules (`token-claims.ts`), which report problems, do not
 * import the verifier that calls them.
 */
import type { PxErrorCode } from '../errors/error-catalogue';
import type { UsernameClaim } from '../names';

/** The key that checks a token: the shared secret (HS*) or a PEM public key, certificate or private key (RS*, ES*). */
export type VerificationKey =
  | {
      /** The shared secret, as UTF-8 bytes. */
      readonly sharedSecret: string;
    }
  | {
      /** A PEM RSA or EC public key (a certificate or a private key also works: its public half is used). */
      readonly publicKeyPem: string;
    };

/** How `verifyToken` checks a token. */
export interface VerifyTokenOptions {
  /** The issuers Portworx trusts; `iss` must byte-equal one of them. */
  readonly issuers: readonly string[];
  /** The key to check the signature with. */
  readonly key: VerificationKey;
  /** The current time, seconds since the epoch. No leeway is applied, as in Portworx. */
  readonly now: number;
  /** The claim Portworx takes as the user name (`-username_claim`). @default 'sub' */
  readonly usernameClaim?: UsernameClaim;
}

/** One reason Portworx would reject a token, in plain words (never the token or a key). */
export interface TokenProblem {
  /** Stable code, e.g. `TOKEN_EXPIRED`. */
  readonly code: PxErrorCode;
  /** What is wrong, e.g. `Required claim email missing from token`. */
  readonly message: string;
}

/** What `verifyToken` found. */
export interface TokenVerdict {
  /** True when Portworx would accept the token: no problem at all. */
  readonly valid: boolean;
  /** Every problem found, signature first, then the claims in a stable order. */
  readonly problems: readonly TokenProblem[];
  /** What Portworx accepts but is unwise (a token that never expires, no roles, a weak key). */
  readonly warnings: readonly TokenProblem[];
  /** The JOSE header, when the token could be decoded. */
  readonly header?: Record<string, unknown>;
  /** The claims, when the token could be decoded (also when the signature is bad). */
  readonly claims?: Record<string, unknown>;
}
