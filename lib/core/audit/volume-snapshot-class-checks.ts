/**
 * Checks of every Portworx VolumeSnapshotClass (`driver: pxd.portworx.com`): its parameters with the CSI
 * external-snapshotter's own rules (`checkVolumeSnapshotClassAuthParameters`, the synth's checker), and the
 * token Secrets it names (a fixed Secret must be in the bundle; a per-tenant class needs its Secret in the
 * namespace of every VolumeSnapshot of the class in the bundle). Classes without auth are the guest access
 * checks' business.
 */
import { CSI_SNAPSHOTTER_SECRET_PARAMS, TOKEN_SECRET_KEY } from '../names';
import { tokenSecretMissing } from '../cluster/cross-object-rules';
import { resolveTemplates } from '../classes/csi-secret-pairs';
import { valueAt } from '../yaml/plain-json';
import { VOLUME_SNAPSHOT_CLASS_RULES } from '../classes/volume-snapshot-class';
import { classParameterFindings } from './class-parameter-findings';
import { nameOf } from './bundle-secrets';
import { defaultClassName } from './default-class';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { classAuthProblems, classParameters, consumerTemplateValue, portworxClasses } from './portworx-classes';
import { ruleFix } from './rules';
import { unservedBy } from './renewer-served';

const SNAPSHOT_CLASS = VOLUME_SNAPSHOT_CLASS_RULES.description;

/** Findings about every Portworx VolumeSnapshotClass and the token Secrets its snapshots need. */
export function volumeSnapshotClassFindings(context: AuditContext): Finding[] {
  const classes = portworxClasses(context, SNAPSHOT_CLASS);
  const snapshots = context.bundle.objects.filter(({ object }) => object.kind === SNAPSHOT_CLASS.consumerKind);
  const defaultClass = defaultClassName(classes, SNAPSHOT_CLASS.defaultAnnotation);
  const findings: Finding[] = [];
  for (const snapshotClass of classes) {
    const parameters = classParameters(snapshotClass);
    findings.push(...classParameterFindings(snapshotClass, classAuthProblems(VOLUME_SNAPSHOT_CLASS_RULES, snapshotClass), SNAPSHOT_CLASS.codes.noAuth));
    const pair = CSI_SNAPSHOTTER_SECRET_PARAMS.snapshotter;
    const name = parameters[pair.name];
    const namespace = parameters[pair.namespace];
    if (typeof name !== 'string' || typeof namespace !== 'string' || name === '' || namespace === '') continue;
    const field = `parameters[${JSON.stringify(pair.name)}]`;
    if (!name.includes('$') && !namespace.includes('$')) {
      if (!tokenSecretMissing({ namespace, name }, context.secrets.places) || context.renewer?.serves(namespace, name) === true) continue;
      findings.push(
        findingOn(snapshotClass, {
          code: 'VOLUMESNAPSHOTCLASS_SECRET_MISSING',
          severity: 'error',
          field,
          path: ['parameters', pair.name],
          message: `the class names the token Secret ${namespace}/${name} (key ${TOKEN_SECRET_KEY}), which the bundle does not hold${unservedBy(context.renewer)}: snapshots of the class fail unless it exists`,
          fix: ruleFix('VOLUMESNAPSHOTCLASS_SECRET_MISSING'),
        }),
      );
      continue;
    }
    const className = nameOf(snapshotClass.object);
    const reported = new Set<string>();
    for (const snapshot of snapshots) {
      const named = valueAt(snapshot.object, ['spec', SNAPSHOT_CLASS.consumerClassField]);
      if ((typeof named === 'string' ? named : defaultClass) !== className) continue;
      // `${volumesnapshotcontent.name}` cannot be resolved from the bundle.
      const valueOf = (template: string): string | undefined => consumerTemplateValue(SNAPSHOT_CLASS, template, snapshot.object);
      const secretNamespace = resolveTemplates(namespace, valueOf);
      const secretName = resolveTemplates(name, valueOf);
      if (secretNamespace === undefined || secretName === undefined || secretNamespace === '') continue;
      const key = `${secretNamespace}/${secretName}`;
      if (reported.has(key) || context.secrets.find(secretNamespace, secretName) !== undefined || context.renewer?.serves(secretNamespace, secretName) === true)
        continue;
      reported.add(key);
      findings.push(
        findingOn(snapshot, {
          code: 'VOLUMESNAPSHOTCLASS_TENANT_SECRET_MISSING',
          severity: 'error',
          field: 'spec.volumeSnapshotClassName',
          path: ['spec', 'volumeSnapshotClassName'],
          message: `the snapshot's VolumeSnapshotClass ${className} needs the token Secret ${key} (key ${TOKEN_SECRET_KEY}), which the bundle does not hold${unservedBy(context.renewer)}: the CSI snapshotter cannot create the snapshot`,
          fix: `add a Secret ${secretName} with the tenant's token under ${TOKEN_SECRET_KEY} to namespace ${secretNamespace} (one token per tenant)`,
        }),
      );
    }
  }
  return findings;
}
