/**
 * The Portworx classes of a bundle, by kind: every class kind the audit checks (`CLASS_KIND_RULES`, one entry
 * per kind, in report order), the bundle's classes of a kind that a Portworx driver serves, their auth
 * parameter problems, checked by the kind's own checker (the synth's), and the templates of their consumers.
 */
import type { ClassKindDescription, ClassKindRules } from '../classes/class-kinds';
import type { ClassParameterProblem } from '../classes/csi-secret-pairs';
import type { KubeObject } from '../kube/kube-object';
import { STORAGE_CLASS_RULES } from '../classes/storage-class';
import { VOLUME_SNAPSHOT_CLASS_RULES } from '../classes/volume-snapshot-class';
import { isRecord } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { nameOf, namespaceOf } from './bundle-secrets';
import { AuditContext } from './context';

/** What the audit needs of a class kind (its builder's props do not matter here). */
export type AuditedClassKind = Pick<ClassKindRules<never, KubeObject>, 'description' | 'checkAuthParameters'>;

/** Every class kind the audit checks, in report order. */
export const CLASS_KIND_RULES: readonly AuditedClassKind[] = [STORAGE_CLASS_RULES, VOLUME_SNAPSHOT_CLASS_RULES];

/** The bundle's classes of `description`'s kind whose driver is a Portworx one. */
export function portworxClasses(context: AuditContext, description: ClassKindDescription): BundleObject[] {
  return context.bundle.objects.filter(({ object }) => object.kind === description.kind && description.drivers.includes(driverOf(description, object)));
}

/** A class's parameters (none when they are not a mapping). */
export function classParameters(entry: BundleObject): Record<string, unknown> {
  return isRecord(entry.object.parameters) ? entry.object.parameters : {};
}

/** The auth parameter problems of a Portworx class of `kind`. */
export function classAuthProblems(kind: AuditedClassKind, entry: BundleObject): ClassParameterProblem[] {
  return kind.checkAuthParameters(driverOf(kind.description, entry.object), classParameters(entry));
}

/**
 * The value of the template `name` (as in `${name}`) for `consumer`, a claim or snapshot of a class of
 * `description`'s kind: its own name or namespace; `undefined` for any other template.
 */
export function consumerTemplateValue(description: ClassKindDescription, name: string, consumer: Record<string, unknown>): string | undefined {
  if (name === description.consumerTemplates.namespace) return namespaceOf(consumer);
  if (name === description.consumerTemplates.name) return nameOf(consumer);
  return undefined;
}

/** A class's driver (`provisioner` or `driver`), `''` when it is not a string. */
function driverOf(description: ClassKindDescription, object: Readonly<Record<string, unknown>>): string {
  const driver = object[description.driverField];
  return typeof driver === 'string' ? driver : '';
}
