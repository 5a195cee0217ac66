import {
  PortworxVolumeSnapshotClassProps,
  VolumeSnapshotClassObject,
  checkVolumeSnapshotClassAuthParameters,
  portworxVolumeSnapshotClass,
  requiredSnapshotTokenSecret,
} from '../../lib/core/classes/volume-snapshot-class';
import { SecurityModel } from '../../lib/core/cluster/security-model';
import { planSecureCluster } from '../../lib/core/cluster/plan';
import { guestAccessProblems } from '../../lib/core/cluster/guest-access';
import { GuestAccess } from '../../lib/core/names';
import { validateKubernetesObject } from '../support/kube-schema';
import { caughtPxSecurityError } from '../support/caught';
import { defined, definedAt } from '../support/defined';

const NAME = 'csi.storage.k8s.io/snapshotter-secret-name';
const NAMESPACE = 'csi.storage.k8s.io/snapshotter-secret-namespace';

function emit(props: PortworxVolumeSnapshotClassProps): VolumeSnapshotClassObject {
  const object = portworxVolumeSnapshotClass(props, { field: 'PxVolumeSnapshotClass vsc' });
  validateKubernetesObject(object);
  return object;
}

/**
 * The external-snapshotter's own reading of a class (pkg/utils GetSecretReference, reimplemented): resolves
 * the snapshotter pair for a snapshot, or says why it cannot. Independent of the library's checker.
 */
function snapshotterSecretFor(parameters: Readonly<Record<string, string>>, snapshot: { name: string; namespace: string }, content: string): string {
  const name = parameters[NAME];
  const namespace = parameters[NAMESPACE];
  if ((name === undefined) !== (namespace === undefined)) throw new Error('half a pair');
  if (name === undefined || namespace === undefined) return 'none';
  if (name === '' || namespace === '') throw new Error('empty');
  const expand = (template: string, params: Record<string, string>): string =>
    template.replace(/\$\{([^}]*)\}/g, (_, key: string) => {
      const value = params[key];
      if (value === undefined) throw new Error(`invalid token ${key}`);
      return value;
    });
  const ns = expand(namespace, { 'volumesnapshotcontent.name': content, 'volumesnapshot.namespace': snapshot.namespace });
  const secret = expand(name, { 'volumesnapshotcontent.name': content, 'volumesnapshot.name': snapshot.name, 'volumesnapshot.namespace': snapshot.namespace });
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) throw new Error(`bad namespace ${ns}`);
  return `${ns}/${secret}`;
}

describe('portworxVolumeSnapshotClass', () => {
  it('builds the per-tenant class: px-k8s-user in ${volumesnapshot.namespace}, Delete, pxd.portworx.com', () => {
    const object = emit({ name: 'px-snapshots' });
    expect(object).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'px-snapshots' },
      driver: 'pxd.portworx.com',
      deletionPolicy: 'Delete',
      parameters: { [NAME]: 'px-k8s-user', [NAMESPACE]: '${volumesnapshot.namespace}' },
    });
    expect(snapshotterSecretFor(object.parameters ?? {}, { name: 'snap-1', namespace: 'tenant-a' }, 'snapcontent-1')).toBe('tenant-a/px-k8s-user');
    expect(checkVolumeSnapshotClassAuthParameters(object.driver, object.parameters ?? {})).toEqual([]);
  });

  it('builds fixed and none classes, Retain, isDefault and extra parameters (sorted)', () => {
    const fixed = emit({
      name: 'px-snapshots-fixed',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
      deletionPolicy: 'Retain',
      isDefault: true,
      parameters: { 'csi.openstorage.org/snapshot-type': 'local' },
      labels: { team: 'storage' },
    });
    expect(fixed.deletionPolicy).toBe('Retain');
    expect(fixed.metadata.annotations).toEqual({ 'snapshot.storage.kubernetes.io/is-default-class': 'true' });
    expect(Object.keys(fixed.parameters ?? {})).toEqual(['csi.openstorage.org/snapshot-type', NAME, NAMESPACE]);
    expect(snapshotterSecretFor(fixed.parameters ?? {}, { name: 's', namespace: 'tenant-b' }, 'c')).toBe('portworx/px-k8s-user');
    const none = emit({ name: 'px-snapshots-guest', token: { kind: 'none' } });
    expect(none.parameters).toBeUndefined();
    expect(checkVolumeSnapshotClassAuthParameters(none.driver, {}).map((p) => p.code)).toEqual(['VOLUMESNAPSHOTCLASS_NO_AUTH']);
    expect(requiredSnapshotTokenSecret({})).toEqual({ kind: 'per-tenant', secretName: 'px-k8s-user' });
    expect(requiredSnapshotTokenSecret({ token: { kind: 'none' } })).toBeUndefined();
  });

  it.each([
    [{ name: 'Bad_Name' }, 'NAME_INVALID'],
    [{ name: 'v', deletionPolicy: 'delete' }, 'VOLUMESNAPSHOTCLASS_FIELD_INVALID'],
    [{ name: 'v', isDefault: 'yes' }, 'VOLUMESNAPSHOTCLASS_FIELD_INVALID'],
    [{ name: 'v', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } }, 'VOLUMESNAPSHOTCLASS_FIELD_INVALID'],
    [{ name: 'v', token: { kind: 'tenant' } }, 'VOLUMESNAPSHOTCLASS_TOKEN_INVALID'],
    [{ name: 'v', token: { kind: 'per-tenant', secretName: '${volumesnapshot.name}' } }, 'VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE'],
    [{ name: 'v', token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: '${volumesnapshot.namespace}' } }, 'VOLUMESNAPSHOTCLASS_TOKEN_TEMPLATE'],
    [{ name: 'v', parameters: { [NAME]: 'x' } }, 'VOLUMESNAPSHOTCLASS_PARAMETER_COLLISION'],
    [{ name: 'v', parameters: { 'csi.storage.k8s.io/provisioner-secret-name': 'x' } }, 'VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED'],
    [{ name: 'v', parameters: { repl: 2 } }, 'VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING'],
    [{ name: 'v', parameters: { '': 'x' } }, 'VOLUMESNAPSHOTCLASS_PARAMETER_INVALID'],
  ])('refuses %j with %s', (props, code) => {
    const error = caughtPxSecurityError(() => portworxVolumeSnapshotClass(props as unknown as PortworxVolumeSnapshotClassProps, { field: 'vsc' }));
    expect(error.code).toBe(code);
    expect(error.message.startsWith('vsc.')).toBe(true);
  });
});

describe("checkVolumeSnapshotClassAuthParameters: the external-snapshotter's rules", () => {
  const driver = 'pxd.portworx.com';
  it.each([
    // Every template the snapshotter resolves, on the side it resolves it.
    [{ [NAME]: '${volumesnapshotcontent.name}', [NAMESPACE]: '${volumesnapshotcontent.name}' }, []],
    [{ [NAME]: '${volumesnapshot.name}-token', [NAMESPACE]: '${volumesnapshot.namespace}' }, []],
    [{ [NAME]: '${volumesnapshot.namespace}', [NAMESPACE]: 'portworx' }, []],
    // A snapshot's name may not choose the namespace; the StorageClass's templates do not resolve here.
    [{ [NAME]: 'px-k8s-user', [NAMESPACE]: '${volumesnapshot.name}' }, ['VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN']],
    [{ [NAME]: 'px-k8s-user', [NAMESPACE]: '${pvc.namespace}' }, ['VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN']],
    [{ [NAME]: '${pvc.name}', [NAMESPACE]: '${volumesnapshot.namespace}' }, ['VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN']],
    [{ [NAME]: '${volumesnapshot.name', [NAMESPACE]: 'portworx' }, ['VOLUMESNAPSHOTCLASS_TEMPLATE_UNKNOWN']],
    // Pairs whole, sides non-empty, literal names valid.
    [{ [NAME]: 'px-k8s-user' }, ['VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE']],
    [{ [NAMESPACE]: 'portworx' }, ['VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE']],
    [{ [NAME]: '', [NAMESPACE]: 'portworx' }, ['VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE']],
    [{ [NAME]: 'PX_User', [NAMESPACE]: 'portworx' }, ['VOLUMESNAPSHOTCLASS_SECRET_REFERENCE_INVALID']],
    [
      { [NAME]: 'px-k8s-user', [NAMESPACE]: 'portworx', 'csi.storage.k8s.io/snapshotter-list-secret-name': 'x' },
      ['VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE'],
    ],
    // Unknown reserved keys and non-strings.
    [{ [NAME]: 'px-k8s-user', [NAMESPACE]: 'portworx', 'csi.storage.k8s.io/snapshotter-secret': 'x' }, ['VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED']],
    [{ [NAME]: 'px-k8s-user', [NAMESPACE]: 'portworx', other: 1 }, ['VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING']],
  ])('%j gives %j', (parameters, codes) => {
    const problems = checkVolumeSnapshotClassAuthParameters(driver, parameters);
    expect(problems.map((problem) => problem.code)).toEqual(codes);
    // What the checker passes, the external-snapshotter resolves (for a snapshot in tenant-a).
    const stringParameters = Object.fromEntries(Object.entries(parameters).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    if (codes.length === 0) expect(() => snapshotterSecretFor(stringParameters, { name: 'snap', namespace: 'tenant-a' }, 'snapcontent-1')).not.toThrow();
  });

  it('names the parameter and the allowed templates in the message', () => {
    const problem = definedAt(checkVolumeSnapshotClassAuthParameters(driver, { [NAME]: 'px-k8s-user', [NAMESPACE]: '${pvc.namespace}' }), 0, 'problems');
    expect(problem.parameter).toBe(NAMESPACE);
    expect(problem.message).toContain('${volumesnapshotcontent.name} or ${volumesnapshot.namespace}');
    expect(problem.message).toContain('the CSI snapshotter');
  });

  it('leaves other drivers alone when they carry no auth', () => {
    expect(checkVolumeSnapshotClassAuthParameters('ebs.csi.aws.com', {})).toEqual([]);
  });
});

describe('SecurityModel: VolumeSnapshotClasses and guest access', () => {
  function model(guestAccess?: GuestAccess): SecurityModel {
    const cluster = planSecureCluster({ issuer: 'portworx.com', now: 1_700_000_000, ...(guestAccess ? { guestAccess } : {}) }, { field: 'cluster' });
    return new SecurityModel(cluster, 'cluster');
  }

  it('a per-tenant class needs tenants; a fixed Secret must exist or be external', () => {
    const m = model();
    m.addVolumeSnapshotClass({
      field: 'app/vsc',
      name: 'px-snapshots',
      token: defined(requiredSnapshotTokenSecret({}), 'the per-tenant token'),
      tokenSecretExternal: false,
    });
    m.addVolumeSnapshotClass({
      field: 'app/fixed',
      name: 'px-fixed',
      token: defined(requiredSnapshotTokenSecret({ token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' } }), 'the fixed token'),
      tokenSecretExternal: false,
    });
    m.addVolumeSnapshotClass({
      field: 'app/external',
      name: 'px-external',
      token: defined(requiredSnapshotTokenSecret({ token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'elsewhere' } }), 'the fixed token'),
      tokenSecretExternal: true,
    });
    expect(m.validate().map((e) => e.code)).toEqual(['VOLUMESNAPSHOTCLASS_NO_TENANT', 'VOLUMESNAPSHOTCLASS_SECRET_MISSING']);
    expect(m.validate()[0]?.message).toContain("reads each snapshot's token from the snapshot's own namespace");
  });

  it('Disabled: an auth-less class is an error naming it; Enabled and unset: warnings; Managed: a class warning only', () => {
    const add = (m: SecurityModel): SecurityModel => {
      m.addStorageClass({ field: 'app/sc', name: 'px-guest', tokenSecretExternal: false });
      m.addVolumeSnapshotClass({ field: 'app/vsc', name: 'px-guest-snapshots', tokenSecretExternal: false });
      return m;
    };
    const disabled = add(model('Disabled'));
    expect(disabled.validate().map((e) => e.code)).toEqual(['STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH']);
    expect(disabled.validate()[1]?.message).toContain('app/vsc.token "VolumeSnapshotClass px-guest-snapshots"');
    expect(disabled.warnings()).toEqual([]);
    for (const mode of ['Enabled', undefined] as const) {
      const m = add(model(mode));
      expect(m.validate()).toEqual([]);
      expect(m.warnings().map((e) => e.code)).toEqual(['STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH', 'GUEST_ACCESS_ENABLED']);
    }
    expect(
      add(model('Managed'))
        .warnings()
        .map((e) => e.code),
    ).toEqual(['STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH']);
  });

  it('each guest access problem names its class by kind and name (the first declared), many classes included', () => {
    const m = model('Disabled');
    m.addStorageClass({ field: 'app/sc', name: 'px-guest', tokenSecretExternal: false });
    m.addVolumeSnapshotClass({ field: 'app/vsc', name: 'px-guest', tokenSecretExternal: false });
    m.addStorageClass({ field: 'app/sc-again', name: 'px-guest', tokenSecretExternal: false });
    for (let i = 0; i < 2000; i++) m.addStorageClass({ field: `app/sc-${i}`, name: `px-guest-${i}`, tokenSecretExternal: false });
    const fields = m.validate().map((e) => e.field);
    expect(fields.slice(0, 4)).toEqual(['app/sc.token', 'app/vsc.token', 'app/sc.token', 'app/sc-0.token']);
    expect(fields).toHaveLength(2003);
    expect(fields[2002]).toBe('app/sc-1999.token');
    const enabled = model('Enabled');
    enabled.addVolumeSnapshotClass({ field: 'app/vsc', name: 'px-guest', tokenSecretExternal: false });
    expect(enabled.warnings().map((e) => e.field)).toEqual(['app/vsc.token', 'cluster.guestAccess']);
  });

  it('no auth-less class: nothing to say, whatever the mode', () => {
    for (const mode of ['Enabled', 'Disabled', 'Managed', undefined] as const) expect(guestAccessProblems(mode, [])).toEqual([]);
  });
});
