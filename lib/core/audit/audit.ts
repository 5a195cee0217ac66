/**
 * The audit of a bundle: every check, in one pass over one picture of the cluster, findings sorted stably
 * (severity first, then where they are written). The same bundle and options always give the same findings.
 */
import { PxSecurityError } from '../errors/errors';
import { applyOrderFindings } from './apply-order-checks';
import { Bundle, BundleNotice } from './bundle';
import { indexSecrets } from './bundle-secrets';
import { renewerServed } from './renewer-served';
import { readCluster } from './cluster';
import { autopilotFindings } from './autopilot-checks';
import { AuditContext } from './context';
import { classShapeFindings } from './class-shape-checks';
import { clusterFindings, daemonSetFindings, storkFindings } from './daemonset-checks';
import { envFindings } from './env-checks';
import { BUNDLE_OBJECT, compareFindings, Finding } from './finding';
import { keyFindings } from './key-checks';
import { keysDigestFindings } from './keys-digest-checks';
import { manifestPermissionFindings } from './manifest-permission-checks';
import { namespaceFindings } from './namespace-checks';
import { publicKeyFindings } from './public-key-checks';
import { ruleFix } from './rules';
import { guestAccessFindings } from './guest-access-checks';
import { storkSkipFindings } from './stork-skip-checks';
import { storageClassFindings } from './storage-class-checks';
import { volumeSnapshotClassFindings } from './volume-snapshot-class-checks';
import { storageClusterFindings } from './storage-cluster-checks';
import { tokenFindings } from './token-checks';
import { portworxTokenSecrets } from './token-secrets';
import { uniqueObjectFindings } from './unique-object-checks';

/** How to audit. */
export interface AuditOptions {
  /** The current time, whole seconds since the epoch (from `currentTime`: SOURCE_DATE_EPOCH pins it). */
  readonly now: number;
  /** Tokens expiring within this many seconds are a warning (`--warn-expiry`, default 30 days). */
  readonly warnExpirySeconds: number;
  /**
   * Namespaces that exist in the cluster although the bundle does not create them (`--namespace-exists`):
   * token Secrets in them are no `TOKEN_SECRET_NAMESPACE_UNKNOWN` warning.
   * @default - none (the bundle's Namespaces, Kubernetes' own and the Portworx install's still count)
   */
  readonly existingNamespaces?: readonly string[];
}

/** Default `--warn-expiry` of `pxsec check`, in openstorage's duration grammar. */
export const DEFAULT_WARN_EXPIRY = '30d';

/**
 * Audits `bundle` for PX-Security mistakes and returns every finding, sorted: errors, then warnings, then info,
 * each by file, line, object, field and code.
 *
 * @throws PxSecurityError `AUDIT_OPTIONS_INVALID` when `now` or `warnExpirySeconds` is not a whole, non-negative number
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: an invalid option rejects the promise, never throws synchronously
export async function auditBundle(bundle: Bundle, options: AuditOptions): Promise<Finding[]> {
  for (const [field, value] of [
    ['now', options.now],
    ['warnExpirySeconds', options.warnExpirySeconds],
  ] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new PxSecurityError({
        code: 'AUDIT_OPTIONS_INVALID',
        field,
        value,
        problem: 'is not a whole, non-negative number of seconds',
        fix: field === 'now' ? 'give the time from currentTime()' : 'give seconds, e.g. parseDuration("30d", { field: "--warn-expiry" })',
      });
    }
  }
  const secrets = indexSecrets(bundle);
  const read = {
    bundle,
    secrets,
    cluster: readCluster(bundle, secrets),
    now: options.now,
    warnExpirySeconds: options.warnExpirySeconds,
    renewer: renewerServed(bundle),
  };
  const context: AuditContext = { ...read, tokenSecrets: portworxTokenSecrets(read) };
  const findings = [
    ...bundle.notices.map(noticeFinding),
    ...clusterFindings(context),
    ...daemonSetFindings(context),
    ...storkFindings(context),
    ...autopilotFindings(context),
    ...publicKeyFindings(context),
    ...storageClusterFindings(context),
    ...envFindings(context),
    ...tokenFindings(context),
    ...storageClassFindings(context),
    ...volumeSnapshotClassFindings(context),
    ...classShapeFindings(context),
    ...guestAccessFindings(context),
    ...keyFindings(context),
    ...keysDigestFindings(context),
    ...storkSkipFindings(context),
    ...manifestPermissionFindings(context),
    ...namespaceFindings(context, options.existingNamespaces ?? []),
    ...uniqueObjectFindings(context),
    ...applyOrderFindings(context),
  ];
  return findings.sort(compareFindings);
}

/** A parser notice (duplicate key, YAML warning) as a warning on the object of its document. */
function noticeFinding(notice: BundleNotice): Finding {
  return {
    code: notice.code,
    severity: 'warning',
    object: notice.object?.name ?? BUNDLE_OBJECT,
    field: 'YAML',
    message: withoutPosition(notice.message, notice.file),
    fix: ruleFix(notice.code),
    location: notice.line === undefined ? { file: notice.file } : { file: notice.file, line: notice.line },
  };
}

/** The parser's message without its leading `file:line[:column]: `, which the finding's location already gives. */
function withoutPosition(message: string, file: string): string {
  if (!message.startsWith(`${file}:`)) return message;
  const rest = message.slice(file.length + 1);
  const match = /^\d+(?::\d+)?: /.exec(rest);
  return match === null ? message : rest.slice(match[0].length);
}
