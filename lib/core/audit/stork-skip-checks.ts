/**
 * Stork's skip annotation on the Secrets that hold keys or Portworx tokens. Stork's backups and migrations copy
 * every Secret of a namespace unless it carries `stork.libopenstorage.org/skip-resource` with a value Go's
 * `strconv.ParseBool` reads as true (stork `pkg/resourcecollector`, `SkipResource`): without it, the keys and
 * tokens land in the backup location and in the destination cluster. The operator and the constructs write
 * `"true"` on every Secret they make.
 */
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, STORK_SKIP_RESOURCE_ANNOTATION, SYSTEM_SECRET_KEY } from '../names';
import { PathSegment, valueAt } from '../yaml/plain-json';
import { BundleSecret } from './bundle-secrets';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** The values Go's `strconv.ParseBool` reads as true. */
const GO_TRUE: readonly string[] = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const KEY_NAMES: readonly string[] = [SYSTEM_SECRET_KEY, STORK_SECRET_KEY, SHARED_SECRET_KEY];

/** `STORK_SKIP_ANNOTATION_MISSING` on each keys or token Secret stork would copy. */
export function storkSkipFindings(context: AuditContext): Finding[] {
  const tokenSecrets = new Set(context.tokenSecrets.portworx);
  const findings: Finding[] = [];
  for (const secret of context.secrets.secrets) {
    const holds = KEY_NAMES.some((key) => secret.keys?.has(key) === true) ? 'keys' : tokenSecrets.has(secret) ? 'a token' : undefined;
    if (holds === undefined) continue;
    const metadata = metadataPath(secret);
    const path = [...metadata, 'annotations', STORK_SKIP_RESOURCE_ANNOTATION];
    const value = valueAt(secret.entry.object, path);
    if (typeof value === 'string' && GO_TRUE.includes(value)) continue;
    const field = `${metadata.join('.')}.annotations[${JSON.stringify(STORK_SKIP_RESOURCE_ANNOTATION)}]`;
    findings.push(
      findingOn(secret.entry, {
        code: 'STORK_SKIP_ANNOTATION_MISSING',
        severity: 'warning',
        field,
        path: value === undefined ? metadata : path,
        message: `${value === undefined ? 'the Secret has no' : `${field} is ${JSON.stringify(value)}, not a true value, so the Secret has no effective`} ${STORK_SKIP_RESOURCE_ANNOTATION} annotation: stork backups and migrations of its namespace copy ${holds} to the backup location and the destination cluster`,
        fix: ruleFix('STORK_SKIP_ANNOTATION_MISSING'),
      }),
    );
  }
  return findings;
}

/** Where the metadata of the Secret a Secret, SealedSecret or ExternalSecret makes is written. */
function metadataPath(secret: BundleSecret): PathSegment[] {
  return secret.form === 'Secret'
    ? ['metadata']
    : secret.form === 'SealedSecret'
      ? ['spec', 'template', 'metadata']
      : ['spec', 'target', 'template', 'metadata'];
}
