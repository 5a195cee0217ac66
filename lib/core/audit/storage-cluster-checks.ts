/**
 * Checks of the operator's StorageCluster (PORTWORX-FACTS.md section 7): security enabled, a guest access mode
 * and a token lifetime the operator reads (the same rules `pxsec patch` applies: `guest-access.ts`,
 * `duration.ts`), a self-signed issuer that does not read as OIDC, and a shared-secret Secret that, when the
 * bundle holds it, has the key
 * `shared-secret`. The operator makes that Secret itself when it is missing, so its absence is no finding.
 */
import { parseDuration } from '../token/duration';
import { isPxSecurityError } from '../errors/errors';
import { GUEST_ACCESS_FIX, guestAccessProblem } from '../cluster/guest-access';
import { OPERATOR_ISSUER, SHARED_SECRET_KEY } from '../names';
import { valueAt } from '../yaml/plain-json';
import { namespaceOf } from './bundle-secrets';
import { operatorSharedSecretName } from './cluster';
import { AuditContext } from './context';
import { Finding, findingOn, messageWithoutFix } from './finding';
import { issuerRuleFinding } from './issuer-finding';

const AUTH_PATH = ['spec', 'security', 'auth'] as const;
const SELF_SIGNED_PATH = [...AUTH_PATH, 'selfSigned'] as const;

/** Findings about the StorageCluster. */
export function storageClusterFindings(context: AuditContext): Finding[] {
  const entry = context.cluster.storageCluster;
  if (entry === undefined) return [];
  const object = entry.object;
  if (valueAt(object, ['spec', 'security', 'enabled']) !== true) {
    return [
      findingOn(entry, {
        code: 'SECURITY_NOT_ENABLED',
        severity: 'error',
        field: 'spec.security.enabled',
        path: ['spec', 'security', 'enabled'],
        message: 'spec.security.enabled is not true: PX-Security is off, and Portworx serves every request without a token',
        fix: `run "pxsec patch ${entry.file} --issuer <issuer>" (it enables spec.security with a self-signed issuer and the shared-secret Secret)`,
      }),
    ];
  }
  const findings: Finding[] = [];
  const guestAccess = valueAt(object, [...AUTH_PATH, 'guestAccess']);
  const guestAccessInvalid = guestAccess === undefined || guestAccess === null ? undefined : guestAccessProblem(guestAccess);
  if (guestAccessInvalid !== undefined) {
    const field = `${AUTH_PATH.join('.')}.guestAccess`;
    findings.push(
      findingOn(entry, {
        code: 'GUEST_ACCESS_INVALID',
        severity: 'error',
        field,
        path: [...AUTH_PATH, 'guestAccess'],
        message: `${field} ${JSON.stringify(guestAccess)} ${guestAccessInvalid}`,
        fix: GUEST_ACCESS_FIX,
      }),
    );
  }
  const tokenLifetime = valueAt(object, [...SELF_SIGNED_PATH, 'tokenLifetime']);
  if (tokenLifetime !== undefined && tokenLifetime !== null) {
    const field = `${SELF_SIGNED_PATH.join('.')}.tokenLifetime`;
    try {
      parseDuration(tokenLifetime as string, { field });
    } catch (error) {
      if (!isPxSecurityError(error)) throw error;
      findings.push(
        findingOn(entry, {
          code: 'TOKEN_LIFETIME_INVALID',
          severity: 'error',
          field,
          path: [...SELF_SIGNED_PATH, 'tokenLifetime'],
          message: messageWithoutFix(error),
          fix: error.fix,
        }),
      );
    }
  }
  const issuer = valueAt(object, [...SELF_SIGNED_PATH, 'issuer']);
  if (typeof issuer === 'string') {
    const finding = issuerRuleFinding(entry, issuer, false, `${SELF_SIGNED_PATH.join('.')}.issuer`, [...SELF_SIGNED_PATH, 'issuer']);
    if (finding !== undefined)
      findings.push(
        finding.code === 'ISSUER_LOOKS_LIKE_OIDC' ? { ...finding, fix: `${finding.fix} (the operator's default is "${OPERATOR_ISSUER}")` } : finding,
      );
  }
  const namespace = namespaceOf(object);
  const secretName = operatorSharedSecretName(object);
  const secret = context.secrets.find(namespace, secretName);
  if (secret !== undefined && secret.keys !== undefined && !secret.keys.has(SHARED_SECRET_KEY)) {
    findings.push(
      findingOn(entry, {
        code: 'SECRET_REF_KEY_MISSING',
        severity: 'error',
        field: `${SELF_SIGNED_PATH.join('.')}.sharedSecret`,
        path: [...SELF_SIGNED_PATH, 'sharedSecret'],
        message: `the shared-secret Secret ${namespace === '' ? secretName : `${namespace}/${secretName}`} has no key "${SHARED_SECRET_KEY}", the only key the operator reads`,
        fix: `store the shared secret under the key "${SHARED_SECRET_KEY}"`,
      }),
    );
  }
  return findings;
}
