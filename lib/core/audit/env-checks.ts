/**
 * Checks of what Portworx silently ignores in its settings: an env name under `PORTWORX_AUTH` that is none of
 * Portworx's (a typo such as `PORTWORX_AUTH_JWT_SHARED_SECRET` leaves the setting unset), in the portworx
 * container's env or a StorageCluster's `spec.env`; a key written as a literal in `spec.env` (the operator form's
 * twin of the DaemonSet check); and a guest access written where nothing reads it: the StorageCluster's
 * `guestAccess` at another path or in another case (the operator reads only `spec.security.auth.guestAccess`),
 * and a `px-security-constructs/guest-access` annotation whose value is not a mode.
 */
import { GUEST_ACCESS_FIX, guestAccessProblem } from '../cluster/guest-access';
import { KEY_ENV_BINDINGS } from '../keys/key-env-bindings';
import { GUEST_ACCESS_ANNOTATION, GUEST_ACCESS_MODES, OPERATOR_SHARED_SECRET_NAME, PORTWORX_ENV } from '../names';
import { nearestChoice } from '../errors/near-miss';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { ContainerEnv, containerEnv, envEntries } from './cluster';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

const KNOWN_ENV: readonly string[] = Object.values(PORTWORX_ENV);
const KEY_ENV: readonly string[] = KEY_ENV_BINDINGS.flatMap((binding) => binding.names);
/** The prefix of Portworx's auth variables (derived from one: a bare SCREAMING_SNAKE literal would read as an error code). */
const AUTH_PREFIX = `${PORTWORX_ENV.sharedSecret.split('_').slice(0, 2).join('_')}`;
const GUEST_ACCESS_PATH = ['spec', 'security', 'auth', 'guestAccess'] as const;

/** Findings about settings Portworx or the operator ignore, and keys written as literals in `spec.env`. */
export function envFindings(context: AuditContext): Finding[] {
  const findings: Finding[] = [];
  const { portworx, storageCluster } = context.cluster;
  if (portworx !== undefined) findings.push(...unknownEnvFindings(portworx.entry, containerEnv(portworx)));
  if (storageCluster !== undefined) {
    const env = envEntries(valueAt(storageCluster.object, ['spec', 'env']), 'spec.env', ['spec', 'env']);
    findings.push(...unknownEnvFindings(storageCluster, env), ...literalKeyFindings(storageCluster, env), ...misplacedGuestAccess(storageCluster));
  }
  findings.push(...guestAccessAnnotationFindings(context));
  return findings;
}

/** `ENV_NAME_UNKNOWN` for each `PORTWORX_AUTH*` name (or near miss of one) that Portworx does not read. */
function unknownEnvFindings(entry: BundleObject, env: ReadonlyMap<string, ContainerEnv>): Finding[] {
  const findings: Finding[] = [];
  for (const variable of env.values()) {
    if (KNOWN_ENV.includes(variable.name)) continue;
    const near = nearestChoice(variable.name, KNOWN_ENV, { normalize: (text) => text.toUpperCase().replace(/[^A-Z]/g, '') });
    if (!variable.name.toUpperCase().startsWith(AUTH_PREFIX) && near === undefined) continue;
    findings.push(
      findingOn(entry, {
        code: 'ENV_NAME_UNKNOWN',
        severity: 'warning',
        field: variable.field,
        path: [...variable.path, 'name'],
        message: `${variable.name} is no variable Portworx reads, so the setting it was meant for stays unset${near === undefined ? '' : `; did you mean ${near}?`}`,
        fix: ruleFix('ENV_NAME_UNKNOWN'),
      }),
    );
  }
  return findings;
}

/** `KEY_IN_PLAINTEXT_ENV` for a key written as a literal in a StorageCluster's `spec.env`. */
function literalKeyFindings(entry: BundleObject, env: ReadonlyMap<string, ContainerEnv>): Finding[] {
  return [...env.values()]
    .filter((variable) => KEY_ENV.includes(variable.name) && variable.secretKeyRef === undefined && variable.value !== undefined)
    .map((variable) =>
      findingOn(entry, {
        code: 'KEY_IN_PLAINTEXT_ENV',
        severity: 'warning',
        field: variable.field,
        path: variable.path,
        message: `${variable.name} is written as a literal value (${variable.value?.length ?? 0} characters): the key is in plaintext in the manifest, in the StorageCluster and in every pod spec the operator makes from it`,
        fix: `take it from a Secret with valueFrom.secretKeyRef, or let the operator keep the keys (spec.security.auth.selfSigned.sharedSecret, default ${OPERATOR_SHARED_SECRET_NAME})`,
      }),
    );
}

/** A `guestAccess` key anywhere under `spec` but at `spec.security.auth.guestAccess`, in any case. */
function misplacedGuestAccess(entry: BundleObject): Finding[] {
  const findings: Finding[] = [];
  const visit = (value: unknown, path: PathSegment[], depth: number): void => {
    if (!isRecord(value) || depth > 6) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      const exact = childPath.length === GUEST_ACCESS_PATH.length && childPath.every((segment, index) => segment === GUEST_ACCESS_PATH[index]);
      if (key.toLowerCase().replace(/[^a-z]/g, '') === 'guestaccess' && !exact) {
        const field = childPath.join('.');
        findings.push(
          findingOn(entry, {
            code: 'GUEST_ACCESS_IGNORED',
            severity: 'error',
            field,
            path: childPath,
            message: `${field} ${JSON.stringify(child)} is not read by the operator, which reads only ${GUEST_ACCESS_PATH.join('.')} (case-sensitive): guest access stays at its default, Enabled`,
            fix: `move it to ${GUEST_ACCESS_PATH.join('.')} with one of ${GUEST_ACCESS_MODES.join(', ')}`,
          }),
        );
      }
      visit(child, childPath, depth + 1);
    }
  };
  visit(entry.object.spec, ['spec'], 0);
  return findings;
}

/** `GUEST_ACCESS_IGNORED` for a guest access annotation (on any Secret) whose value is not a mode. */
function guestAccessAnnotationFindings(context: AuditContext): Finding[] {
  const findings: Finding[] = [];
  for (const secret of context.secrets.secrets) {
    const metadata: PathSegment[] =
      secret.form === 'Secret' ? ['metadata'] : secret.form === 'SealedSecret' ? ['spec', 'template', 'metadata'] : ['spec', 'target', 'template', 'metadata'];
    const path = [...metadata, 'annotations', GUEST_ACCESS_ANNOTATION];
    const value = valueAt(secret.entry.object, path);
    if (value === undefined) continue;
    const problem = guestAccessProblem(value);
    if (problem === undefined) continue;
    const field = `${metadata.join('.')}.annotations[${JSON.stringify(GUEST_ACCESS_ANNOTATION)}]`;
    findings.push(
      findingOn(secret.entry, {
        code: 'GUEST_ACCESS_IGNORED',
        severity: 'error',
        field,
        path,
        message: `${field} ${JSON.stringify(value)} ${problem}, so the synth and pxsec check read no guest access declaration from it (Portworx's default, Enabled)`,
        fix: GUEST_ACCESS_FIX,
      }),
    );
  }
  return findings;
}
