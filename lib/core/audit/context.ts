/**
 * What every group of checks reads: the bundle, its Secrets, the cluster's security and the audit's clock.
 */
import type { Bundle } from './bundle';
import type { SecretIndex } from './bundle-secrets';
import type { Cluster } from './cluster';
import type { RenewerServed } from './renewer-served';
import type { TokenSecrets } from './token-secrets';

/** The bundle under audit, indexed once for every check. */
export interface AuditContext {
  /** The objects. */
  readonly bundle: Bundle;
  /** The Secrets the bundle makes. */
  readonly secrets: SecretIndex;
  /** The Portworx objects and the security they configure. */
  readonly cluster: Cluster;
  /** The current time, whole seconds since the epoch. */
  readonly now: number;
  /** Tokens expiring within this many seconds are a warning. */
  readonly warnExpirySeconds: number;
  /** The token Secrets an in-cluster renewer of the bundle mints (not in the bundle); `undefined`: no renewer. */
  readonly renewer: RenewerServed | undefined;
  /** Which Secrets with `auth-token` are Portworx token Secrets (`token-secrets.ts`). */
  readonly tokenSecrets: TokenSecrets;
}
