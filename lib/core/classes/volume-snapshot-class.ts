/**
 * Portworx VolumeSnapshotClasses with PX-Security: which token Secret the CSI external-snapshotter passes to
 * Portworx when it creates and deletes a snapshot (PORTWORX-FACTS.md section 10).
 *
 * - `driver: pxd.portworx.com`; the `csi.storage.k8s.io/snapshotter-secret-name|namespace` pair names the
 *   token Secret. Per tenant: `px-k8s-user` in `${volumesnapshot.namespace}`, like a StorageClass's
 *   `${pvc.namespace}`.
 * - `checkVolumeSnapshotClassAuthParameters` checks any VolumeSnapshotClass, hand-written ones too, with the
 *   external-snapshotter's own pair, template and reserved-prefix rules (the pair rules are shared with
 *   StorageClasses, `csi-secret-pairs.ts`).
 */
import { ClassParameterProblem, parameterField, parameterProblem, secretPairRuleProblems } from './csi-secret-pairs';
import {
  authParameterCollisionError,
  checkTokenReference,
  emptyParameterKeyError,
  parameterNotStringError,
  requiredSecretOf,
  sortedParameters,
  tokenParameters,
} from './class-parameters';
import { ClassKindRules, RequiredTokenSecret, TokenReference, VOLUME_SNAPSHOT_CLASS_DESCRIPTION as VOLUME_SNAPSHOT_CLASS } from './class-kinds';
import { PxSecurityError } from '../errors/errors';
import { validateAnnotations, validateDnsSubdomain, validateLabels } from '../kube/kube-names';
import { KubeObject } from '../kube/kube-object';
import { namedMetadata } from '../kube/object-metadata';
import {
  CSI_PROVISIONER,
  CSI_RESERVED_PARAMETER_PREFIX,
  CSI_SNAPSHOTTER_SECRET_PARAMS,
  DEFAULT_SNAPSHOT_CLASS_ANNOTATION,
  K8S_USER_SECRET_NAME,
  VOLUME_SNAPSHOT_API_VERSION,
  VOLUME_SNAPSHOT_CLASS_KIND,
  VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE,
} from '../names';
import type { FieldOptions } from '../errors/field-options';
import { setOwn } from '../yaml/plain-json';

/** What happens to the snapshot in Portworx when its VolumeSnapshotContent is deleted. */
export type SnapshotDeletionPolicy = 'Delete' | 'Retain';

/** Props of a Portworx VolumeSnapshotClass. */
export interface PortworxVolumeSnapshotClassProps {
  /** Name of the VolumeSnapshotClass (an RFC 1123 subdomain). */
  readonly name: string;
  /**
   * The token Secret snapshots are created and deleted with: per tenant (`px-k8s-user` in
   * `${volumesnapshot.namespace}`), one fixed Secret, or none (the guest user).
   * @default { kind: 'per-tenant' }
   */
  readonly token?: TokenReference;
  /**
   * What happens to the Portworx snapshot when its VolumeSnapshotContent is deleted.
   * @default 'Delete'
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /**
   * Make this class the default for `pxd.portworx.com` snapshots (annotation
   * `snapshot.storage.kubernetes.io/is-default-class: "true"`). Keep one default per driver: with two, the
   * snapshot controller refuses snapshots that name no class.
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Escape hatch: other Portworx snapshot parameters, written as given (values must be strings). Must not be
   * an auth parameter or another `csi.storage.k8s.io/` key (the external-snapshotter fails every snapshot on an
   * unknown one).
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Labels of the VolumeSnapshotClass.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations of the VolumeSnapshotClass (use `isDefault` for the default-class annotation).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** `metadata` of an emitted VolumeSnapshotClass (cluster-scoped: no namespace). */
export interface VolumeSnapshotClassMetadata {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A `snapshot.storage.k8s.io/v1` VolumeSnapshotClass as plain data, keys in a fixed order, parameters sorted. */
export interface VolumeSnapshotClassObject extends KubeObject {
  readonly apiVersion: typeof VOLUME_SNAPSHOT_API_VERSION;
  readonly kind: typeof VOLUME_SNAPSHOT_CLASS_KIND;
  readonly metadata: VolumeSnapshotClassMetadata;
  readonly driver: string;
  readonly deletionPolicy: SnapshotDeletionPolicy;
  /** Absent when the class has none (no token and no extra parameters). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** A problem in a VolumeSnapshotClass's parameters. */
export type VolumeSnapshotClassProblem = ClassParameterProblem;

const DELETION_POLICIES: readonly SnapshotDeletionPolicy[] = ['Delete', 'Retain'];
const SNAPSHOTTER_PAIRS = [CSI_SNAPSHOTTER_SECRET_PARAMS.snapshotter, CSI_SNAPSHOTTER_SECRET_PARAMS.snapshotterList];
/** The `csi.storage.k8s.io/` keys the external-snapshotter knows (any other fails every snapshot). */
const KNOWN_RESERVED_PARAMETERS: ReadonlySet<string> = new Set(SNAPSHOTTER_PAIRS.flatMap((pair) => [pair.name, pair.namespace]));

const SNAPSHOTTER_RULES = VOLUME_SNAPSHOT_CLASS.csiRules;

/**
 * Builds a Portworx VolumeSnapshotClass. Throws `PxSecurityError` on the first bad prop.
 * @param options `field`: the construct path or field the props came from, for messages @default 'volumeSnapshotClass'
 */
export function portworxVolumeSnapshotClass(props: PortworxVolumeSnapshotClassProps, options: FieldOptions = {}): VolumeSnapshotClassObject {
  const field = options.field ?? 'volumeSnapshotClass';
  validateDnsSubdomain(props.name, `${field}.name`);
  const token = checkedToken(props.token, field);
  const parameters: Record<string, string> = authParameters(token);
  const extra = props.parameters ?? {};
  for (const key of Object.keys(extra)) {
    checkExtraParameter(key, extra[key], field);
    setOwn(parameters, key, extra[key] as string);
  }
  const deletionPolicy = props.deletionPolicy ?? 'Delete';
  if (!DELETION_POLICIES.includes(deletionPolicy)) {
    throw fieldInvalid(`${field}.deletionPolicy`, deletionPolicy, 'is not a deletion policy', 'use "Delete" or "Retain" (case-sensitive)');
  }
  const isDefault = props.isDefault ?? false;
  if (typeof isDefault !== 'boolean') throw fieldInvalid(`${field}.isDefault`, isDefault, 'is not true or false', 'write isDefault: true or false');
  if (props.labels) validateLabels(props.labels, `${field}.labels`);
  if (props.annotations) validateAnnotations(props.annotations, `${field}.annotations`);
  if (props.annotations?.[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] !== undefined) {
    throw fieldInvalid(
      `${field}.annotations[${JSON.stringify(DEFAULT_SNAPSHOT_CLASS_ANNOTATION)}]`,
      props.annotations[DEFAULT_SNAPSHOT_CLASS_ANNOTATION],
      'is the annotation the typed prop isDefault writes',
      `set isDefault: true instead and remove the annotation`,
    );
  }
  const annotations: Record<string, string> = { ...props.annotations };
  if (isDefault) annotations[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] = 'true';
  const metadata: VolumeSnapshotClassMetadata = namedMetadata(props.name, props.labels, annotations);
  const { apiVersion, kind } = VOLUME_SNAPSHOT_CLASS;
  const driver = VOLUME_SNAPSHOT_CLASS.drivers[0];
  if (Object.keys(parameters).length === 0) return { apiVersion, kind, metadata, driver, deletionPolicy };
  return { apiVersion, kind, metadata, driver, deletionPolicy, parameters: sortedParameters(parameters) };
}

/** The token Secrets a VolumeSnapshotClass needs (`undefined` for `none`). */
export function requiredSnapshotTokenSecret(props: Pick<PortworxVolumeSnapshotClassProps, 'token'>): RequiredTokenSecret | undefined {
  return requiredSecretOf(props.token ?? VOLUME_SNAPSHOT_CLASS.defaultToken);
}

/** The VolumeSnapshotClass kind's own code, for the front doors and the audit. */
export const VOLUME_SNAPSHOT_CLASS_RULES: ClassKindRules<PortworxVolumeSnapshotClassProps, VolumeSnapshotClassObject> = {
  description: VOLUME_SNAPSHOT_CLASS,
  build: portworxVolumeSnapshotClass,
  requiredToken: requiredSnapshotTokenSecret,
  checkAuthParameters: checkVolumeSnapshotClassAuthParameters,
};

/**
 * Checks the parameters of any VolumeSnapshotClass (also hand-written ones, for `pxsec check`) and returns
 * every problem, in parameter order:
 * - `VOLUMESNAPSHOTCLASS_PARAMETER_NOT_STRING`: a parameter value that is not a string;
 * - `VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED`: a `csi.storage.k8s.io/` key the external-snapshotter does not
 *   know (it fails every snapshot of the class);
 * - `VOLUMESNAPSHOTCLASS_SECRET_PAIR_INCOMPLETE`, `..._TEMPLATE_UNKNOWN`, `..._SECRET_REFERENCE_INVALID`: the
 *   pair rules of StorageClasses, with the snapshotter's templates (names: `${volumesnapshotcontent.name}`,
 *   `${volumesnapshot.name}`, `${volumesnapshot.namespace}`; namespaces: `${volumesnapshotcontent.name}`,
 *   `${volumesnapshot.namespace}`);
 * - `VOLUMESNAPSHOTCLASS_NO_AUTH`: a Portworx class without the snapshotter pair (the caller decides whether
 *   that is an error).
 */
export function checkVolumeSnapshotClassAuthParameters(driver: string, parameters: Readonly<Record<string, unknown>>): VolumeSnapshotClassProblem[] {
  const problems: VolumeSnapshotClassProblem[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') problems.push(parameterProblem(parameterNotStringError(VOLUME_SNAPSHOT_CLASS, parameterField(key), value), key));
    if (key.startsWith(CSI_RESERVED_PARAMETER_PREFIX) && !KNOWN_RESERVED_PARAMETERS.has(key)) {
      problems.push(parameterProblem(reservedError(parameterField(key), value), key));
    }
  }
  for (const pair of SNAPSHOTTER_PAIRS) {
    if (parameters[pair.name] === undefined && parameters[pair.namespace] === undefined) continue;
    problems.push(...secretPairRuleProblems(parameters, pair, SNAPSHOTTER_RULES));
  }
  const snapshotter = CSI_SNAPSHOTTER_SECRET_PARAMS.snapshotter;
  if (driver === CSI_PROVISIONER && parameters[snapshotter.name] === undefined && parameters[snapshotter.namespace] === undefined) {
    const error = new PxSecurityError({
      code: VOLUME_SNAPSHOT_CLASS.codes.noAuth,
      field: 'parameters',
      problem:
        'name no token Secret, so the CSI snapshotter calls Portworx without a token: snapshots are taken as the guest user, or refused when guest access is disabled',
      fix: `set "${snapshotter.name}" and "${snapshotter.namespace}" (e.g. "${K8S_USER_SECRET_NAME}" in "${VOLUME_SNAPSHOT_NAMESPACE_TEMPLATE}")`,
    });
    problems.push(parameterProblem(error));
  }
  return problems;
}

// ---- Building -------------------------------------------------------------------------------------------

function checkedToken(token: TokenReference | undefined, field: string): TokenReference {
  return checkTokenReference(VOLUME_SNAPSHOT_CLASS, token ?? VOLUME_SNAPSHOT_CLASS.defaultToken, field);
}

function authParameters(token: TokenReference): Record<string, string> {
  return tokenParameters(token, VOLUME_SNAPSHOT_CLASS.secretPairs, VOLUME_SNAPSHOT_CLASS.perTenantNamespace);
}

function checkExtraParameter(key: string, value: unknown, field: string): void {
  const extraField = `${field}.parameters[${JSON.stringify(key)}]`;
  if (key === '') throw emptyParameterKeyError(VOLUME_SNAPSHOT_CLASS, extraField, value);
  if (KNOWN_RESERVED_PARAMETERS.has(key)) throw authParameterCollisionError(VOLUME_SNAPSHOT_CLASS, key, extraField, value);
  if (key.startsWith(CSI_RESERVED_PARAMETER_PREFIX)) throw reservedError(extraField, value);
  if (typeof value !== 'string') throw parameterNotStringError(VOLUME_SNAPSHOT_CLASS, extraField, value);
}

function reservedError(field: string, value: unknown): PxSecurityError {
  return new PxSecurityError({
    code: 'VOLUMESNAPSHOTCLASS_PARAMETER_RESERVED',
    field,
    value,
    problem: `has the prefix ${CSI_RESERVED_PARAMETER_PREFIX}, which the CSI snapshotter reserves; it fails every snapshot of the class on a key it does not know`,
    fix: `remove it; the snapshotter reads only the snapshotter and snapshotter-list secret pairs under ${CSI_RESERVED_PARAMETER_PREFIX}`,
  });
}

function fieldInvalid(field: string, value: unknown, problem: string, fix: string): PxSecurityError {
  return new PxSecurityError({ code: VOLUME_SNAPSHOT_CLASS.codes.fieldInvalid, field, value, problem, fix });
}
