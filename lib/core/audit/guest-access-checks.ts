/**
 * Guest access against the classes without auth of a secured bundle: the same rule (`guestAccessProblems`)
 * and codes as the synth. A Portworx StorageClass or VolumeSnapshotClass without auth is a warning, an error
 * when the declared guest access is `Disabled`; guest access `Enabled` or not declared (Portworx's default)
 * while such classes exist is a warning on the cluster.
 */
import { AuthlessClass, guestAccessProblems } from '../cluster/guest-access';
import { GUEST_ACCESS_ANNOTATION } from '../names';
import { BundleObject } from './bundle';
import { nameOf } from './bundle-secrets';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { classAuthProblems, CLASS_KIND_RULES, portworxClasses } from './portworx-classes';

/** Findings about classes without auth under the bundle's declared guest access. */
export function guestAccessFindings(context: AuditContext): Finding[] {
  const security = context.cluster.security;
  if (security === undefined || !security.secured) return [];
  const entries = new Map<string, BundleObject>();
  const authless: AuthlessClass[] = [];
  const add = (kind: AuthlessClass['kind'], entry: BundleObject): void => {
    const name = nameOf(entry.object);
    entries.set(`${kind}/${name}`, entry);
    authless.push({ kind, name });
  };
  for (const kind of CLASS_KIND_RULES) {
    for (const entry of portworxClasses(context, kind.description)) {
      if (classAuthProblems(kind, entry).some((p) => p.code === kind.description.codes.noAuth)) add(kind.description.kind, entry);
    }
  }
  return guestAccessProblems(security.guestAccess, authless).map((problem) => {
    const classEntry = problem.kind === undefined ? undefined : entries.get(`${problem.kind}/${problem.className ?? ''}`);
    if (classEntry !== undefined) {
      return findingOn(classEntry, {
        code: problem.code,
        severity: problem.severity,
        field: 'parameters',
        path: ['parameters'],
        message: problem.message,
        fix: problem.fix,
      });
    }
    const field =
      security.form === 'operator' ? 'spec.security.auth.guestAccess' : `keys Secret metadata.annotations[${JSON.stringify(GUEST_ACCESS_ANNOTATION)}]`;
    return findingOn(security.entry, { code: problem.code, severity: problem.severity, field, message: problem.message, fix: problem.fix });
  });
}
