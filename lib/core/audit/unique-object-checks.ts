/**
 * One identity, one object: two objects of the bundle with the same (API group, kind, namespace, name) are
 * `OBJECT_DUPLICATE`, a SealedSecret or ExternalSecret counting also as the Secret it makes. The rule is the
 * constructs' own (`duplicateObjects` in unique-objects.ts, checked at synth and in Pulumi's cross-object check).
 */
import { duplicateObjects, EmittedObject } from '../kube/unique-objects';
import { BundleObject } from './bundle';
import { AuditContext } from './context';
import { Finding, findingOn, messageWithoutFix } from './finding';

/** A finding on each later object that has the identity of an earlier one. */
export function uniqueObjectFindings(context: AuditContext): Finding[] {
  const entries = new Map<EmittedObject, BundleObject>();
  for (const entry of context.bundle.objects) {
    // An object without a name (generateName) gets a new one from the API server: it replaces nothing.
    if (!hasName(entry.object)) continue;
    entries.set({ object: entry.object, owner: `${entry.name} (${entry.file}${entry.line === undefined ? '' : `:${entry.line}`})` }, entry);
  }
  return duplicateObjects([...entries.keys()]).map(({ second, error }) =>
    findingOn(entries.get(second) as BundleObject, {
      code: error.code,
      severity: 'error',
      field: 'metadata.name',
      path: ['metadata', 'name'],
      // The finding names the object and its line already: the message starts at the identity.
      message: messageWithoutFix(error).slice(second.owner.length + 1),
      fix: error.fix,
    }),
  );
}

function hasName(object: Readonly<Record<string, unknown>>): boolean {
  const metadata = object.metadata;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === 'string' &&
    (metadata as Record<string, unknown>).name !== ''
  );
}
