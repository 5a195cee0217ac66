/**
 * Token renewal: who mints the cluster's token Secrets and how long their tokens live.
 *
 * By default (`mode: 'synth'`) every token Secret is signed at synth and lives until it expires (see the
 * cluster's `rotation`). With `mode: 'in-cluster'` the synthesized output holds no token at all: a renewer
 * (a CronJob and a first Job in the Portworx namespace) mints each token Secret in the cluster and renews it before
 * it expires, as the Portworx operator does for its own two tokens.
 */
import { parseDuration } from '../token/duration';
import { PxSecurityError } from '../errors/errors';
import { DEFAULT_BACKDATE_SECONDS } from '../token/rotation';
import type { TokenSecretPlan } from '../cluster/plan';
import type { SecretDelivery } from '../cluster/secret-delivery';
import type { Identity } from '../token/identity';

/** The cluster prop that selects token renewal (cdk8s and Pulumi). */
export interface RenewalOptions {
  /**
   * How token Secrets (tenants' and `addTokenSecret`'s) are minted and renewed. `{ mode: 'in-cluster' }`: no
   * token in the output; a renewer CronJob in the Portworx namespace mints each token Secret in the cluster and
   * renews it before it expires (README, "Token lifetime and renewal").
   * @default - `{ mode: 'synth' }`: tokens are signed at synth, with the cluster's rotation
   */
  readonly renewal?: TokenRenewal | undefined;
}

/** How the cluster's token Secrets are minted and renewed. */
export interface TokenRenewal {
  /**
   * `synth`: tokens are signed at synth and written into the output (renewed only by re-synthesizing and applying
   * within the cluster's `rotation` windows). `in-cluster`: no token in the output; the renewer mints and renews
   * every token Secret of the cluster in the cluster.
   */
  readonly mode: 'synth' | 'in-cluster';
  /**
   * Lifetime of each token the renewer mints, in openstorage's duration grammar (`24h`, `7d`). The cluster's
   * `rotation.lifetime` is the lifetime of tokens signed at synth (`mintToken`), and `operatorTokenLifetime`
   * that of the operator's own tokens; this one governs the renewer's tokens only (a tenant's or
   * token Secret's own `rotation` does not apply to them).
   * @default '24h' (the operator's default for its own tokens)
   */
  readonly lifetime?: string;
  /**
   * The renewer re-mints a token once it expires within this margin. Longer than two `schedule` periods, so a
   * missed run or two does not let a token lapse; shorter than `lifetime`.
   * @default - half the lifetime (`12h` of the default `24h`): an outage of the renewer of up to that long loses nothing
   */
  readonly renewBefore?: string;
  /**
   * When the CronJob runs, in cron syntax (the first run happens at apply, by the renewer's Job).
   * @default - every 10 minutes (`DEFAULT_RENEWAL_SCHEDULE`)
   */
  readonly schedule?: string;
  /**
   * The container image that runs the script: any stock Node.js image of version 18 or later (the script uses
   * built-in modules only). Air-gapped clusters give their own mirror, ideally pinned by digest.
   * @default 'node:24-alpine'
   */
  readonly image?: string;
  /**
   * Seconds `iat` is set back from the time of minting (Portworx allows no clock skew).
   * @default 600 (as the operator and the cluster's rotation)
   */
  readonly backdateSeconds?: number;
}

/** Default lifetime of a renewed token. */
export const DEFAULT_RENEWAL_LIFETIME = '24h';
/** Default schedule of the renewer's CronJob. */
export const DEFAULT_RENEWAL_SCHEDULE = '*/10 * * * *';
/** Default image of the renewer. */
export const DEFAULT_RENEWAL_IMAGE = 'node:24-alpine';

/** An in-cluster renewal, resolved and checked. */
export interface ResolvedRenewal {
  readonly lifetimeSeconds: number;
  readonly renewBeforeSeconds: number;
  readonly schedule: string;
  readonly image: string;
  readonly backdateSeconds: number;
}

/** Five cron fields of characters cron accepts (numbers, names, `*`, `/`, `,`, `-`, `?`), or a `@` macro. */
const CRON_SCHEDULE = /^(?:@(?:yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*/,?-]+(?: [0-9A-Za-z*/,?-]+){4})$/;

/**
 * The in-cluster renewal of `renewal`, checked, or `undefined` when tokens are signed at synth.
 *
 * @param renewal the `renewal` prop
 * @param field the prop's path, e.g. `<construct path>.renewal`, for messages
 * @throws PxSecurityError `RENEWAL_INVALID` or `DURATION_INVALID`, naming the field and the value
 */
export function resolveRenewal(renewal: TokenRenewal | undefined, field: string): ResolvedRenewal | undefined {
  if (renewal === undefined) return undefined;
  const mode: unknown = typeof renewal === 'object' && renewal !== null ? renewal.mode : undefined;
  if (mode !== 'synth' && mode !== 'in-cluster') {
    throw invalid(
      `${field}.mode`,
      mode,
      "is not 'synth' or 'in-cluster'",
      "write renewal: { mode: 'in-cluster' } to mint and renew tokens in the cluster, or leave renewal unset",
    );
  }
  if (mode === 'synth') return undefined;
  const lifetimeText = renewal.lifetime ?? DEFAULT_RENEWAL_LIFETIME;
  const lifetimeSeconds = parseDuration(lifetimeText, { field: `${field}.lifetime` });
  const renewBeforeSeconds =
    renewal.renewBefore === undefined ? Math.floor(lifetimeSeconds / 2) : parseDuration(renewal.renewBefore, { field: `${field}.renewBefore` });
  if (renewBeforeSeconds >= lifetimeSeconds) {
    throw invalid(
      `${field}.renewBefore`,
      renewal.renewBefore,
      `is not shorter than ${field}.lifetime ${JSON.stringify(lifetimeText)}; every run would re-mint every token`,
      'make renewBefore shorter than lifetime, such as renewBefore "12h" with lifetime "24h"',
    );
  }
  const schedule = renewal.schedule ?? DEFAULT_RENEWAL_SCHEDULE;
  if (typeof schedule !== 'string' || !CRON_SCHEDULE.test(schedule)) {
    throw invalid(
      `${field}.schedule`,
      schedule,
      'is not a cron schedule of five fields',
      'write five fields separated by single spaces, such as "*/10 * * * *" (every 10 minutes)',
    );
  }
  const image = renewal.image ?? DEFAULT_RENEWAL_IMAGE;
  if (typeof image !== 'string' || image === '' || /\s/.test(image)) {
    throw invalid(
      `${field}.image`,
      image,
      'is not a container image reference',
      `give an image such as "${DEFAULT_RENEWAL_IMAGE}" or your registry's mirror of it`,
    );
  }
  const backdateSeconds = renewal.backdateSeconds ?? DEFAULT_BACKDATE_SECONDS;
  if (typeof backdateSeconds !== 'number' || !Number.isSafeInteger(backdateSeconds) || backdateSeconds < 0) {
    throw invalid(
      `${field}.backdateSeconds`,
      backdateSeconds,
      'is not a whole, non-negative number of seconds',
      `give whole seconds, such as ${DEFAULT_BACKDATE_SECONDS} (10 minutes)`,
    );
  }
  return { lifetimeSeconds, renewBeforeSeconds, schedule, image, backdateSeconds };
}

function invalid(field: string, value: unknown, problem: string, fix: string): PxSecurityError {
  return new PxSecurityError({ code: 'RENEWAL_INVALID', field, value, problem, fix });
}

/** A token Secret the renewer serves. */
export interface RenewedTokenSecret {
  readonly namespace: string;
  readonly name: string;
  /** Who the token speaks for, resolved. */
  readonly identity: Identity;
  /** Labels the Secret carries besides the renewer's. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The token Secret the renewer serves for a planned one.
 *
 * @param delivery the delivery asked for this Secret (`undefined`: the cluster's)
 * @param field the construct path of the Secret, for messages
 * @throws PxSecurityError `RENEWAL_INVALID` when a delivery is asked for: the renewer writes the Secret in the cluster
 */
export function renewerServes(planned: TokenSecretPlan, delivery: SecretDelivery | undefined, field: string): RenewedTokenSecret {
  if (delivery !== undefined) {
    throw invalid(
      `${field}.secretDelivery`,
      delivery.kind,
      "is given, but the cluster's renewal is 'in-cluster': the renewer writes this token Secret in the cluster, and the output holds no token to deliver",
      "leave secretDelivery unset for token Secrets of a cluster with in-cluster renewal (the cluster's secretDelivery still delivers the keys)",
    );
  }
  return { namespace: planned.namespace, name: planned.name, identity: planned.identity, ...(planned.labels !== undefined ? { labels: planned.labels } : {}) };
}
