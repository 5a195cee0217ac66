/**
 * Portworx StorageClasses with PX-Security: which token Secret a class's volumes are created with, and the
 * Portworx parameters, written as the strings Portworx reads (PORTWORX-FACTS.md section 6).
 *
 * - CSI (`pxd.portworx.com`): the provisioner, node-publish and controller-expand secret pairs all name the
 *   token Secret. Node-publish is not optional: Stork reads a CSI volume's token from it.
 * - In-tree (`kubernetes.io/portworx-volume`): `openstorage.io/auth-secret-name` / `-namespace`, no templating.
 *
 * What the StorageClass kind is (pairs, templates, codes) is its description in `class-kinds.ts`; the rules
 * every class kind shares are in `class-parameters.ts`. The auth-parameter checker of any StorageClass is in
 * `storage-class-auth.ts`, the pairs the external-provisioner reads in `storage-class-csi.ts`.
 */
import {
  authParameterCollisionError,
  checkTokenReference,
  emptyParameterKeyError,
  parameterNotStringError,
  requiredSecretOf,
  sortedParameters,
  tokenParameters,
} from './class-parameters';
import { ClassKindRules, RequiredTokenSecret, STORAGE_CLASS_DESCRIPTION as STORAGE_CLASS, TokenReference } from './class-kinds';
import { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError } from '../errors/errors';
import { validateAnnotations, validateDnsSubdomain, validateLabels } from '../kube/kube-names';
import { KubeObject } from '../kube/kube-object';
import { nearestChoice } from '../errors/near-miss';
import { namedMetadata } from '../kube/object-metadata';
import {
  CSI_PROVISIONER,
  IN_TREE_AUTH_PARAMS,
  IN_TREE_PROVISIONER,
  IO_PROFILES,
  K8S_USER_SECRET_NAME,
  K8S_USER_SECRET_NAMESPACE,
  PORTWORX_FILESYSTEMS,
  PORTWORX_PARAMS,
  PRIORITY_IO_LEVELS,
  PVC_NAMESPACE_TEMPLATE,
  REPL_RANGE,
} from '../names';
import { checkStorageClassAuthParameters } from './storage-class-auth';
import { AUTH_PARAMETERS } from './storage-class-csi';
import type { FieldOptions } from '../errors/field-options';
import { setOwn } from '../yaml/plain-json';

/** The Portworx driver that provisions a class's volumes: CSI (`pxd.portworx.com`) or the deprecated in-tree one. */
export type PortworxProvisioner = 'csi' | 'in-tree';

export type { RequiredTokenSecret, TokenReference } from './class-kinds';

/** A value of the `io_profile` parameter. */
export type IoProfile = (typeof IO_PROFILES)[number];
/** A value of the `priority_io` parameter. */
export type PriorityIo = (typeof PRIORITY_IO_LEVELS)[number];
/** A value of the `fs` parameter. */
export type PortworxFilesystem = (typeof PORTWORX_FILESYSTEMS)[number];
/** What happens to a volume when its claim is deleted. */
export type ReclaimPolicy = 'Delete' | 'Retain';
/** When a claim is bound to a volume. */
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** Props of a Portworx StorageClass. */
export interface PortworxStorageClassProps {
  /** Name of the StorageClass (an RFC 1123 subdomain). */
  readonly name: string;
  /**
   * The Portworx driver.
   * @default 'csi'
   */
  readonly provisioner?: PortworxProvisioner;
  /**
   * The token Secret volumes are created with.
   * @default - { kind: 'per-tenant' } for CSI; required for in-tree
   */
  readonly token?: TokenReference;
  /**
   * Number of replicas, 1 to 3 (`repl`).
   * @default - Portworx's default (1)
   */
  readonly repl?: number;
  /**
   * IO profile (`io_profile`).
   * @default - Portworx's default
   */
  readonly ioProfile?: IoProfile;
  /**
   * IO priority: the class of storage pool (`priority_io`).
   * @default - Portworx's default
   */
  readonly priorityIo?: PriorityIo;
  /**
   * Encrypted volumes (`secure`).
   * @default - Portworx's default (not encrypted)
   */
  readonly secure?: boolean;
  /**
   * Volumes shared by pods on several nodes (`sharedv4`).
   * @default - Portworx's default (not shared)
   */
  readonly sharedv4?: boolean;
  /**
   * Filesystem (`fs`).
   * @default - Portworx's default
   */
  readonly fs?: PortworxFilesystem;
  /**
   * Escape hatch: other Portworx parameters, written as given (values must be strings). Must not repeat a
   * typed prop's parameter or an auth parameter.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Whether claims may grow (a CSI class expands with the controller-expand token).
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * When a claim is bound to a volume.
   * @default 'Immediate'
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Labels of the StorageClass.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations of the StorageClass.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** `metadata` of an emitted StorageClass (cluster-scoped: no namespace). */
export interface StorageClassMetadata {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A `storage.k8s.io/v1` StorageClass as plain data, keys in a fixed order, parameters sorted by key. */
export interface StorageClassObject extends KubeObject {
  readonly apiVersion: 'storage.k8s.io/v1';
  readonly kind: 'StorageClass';
  readonly metadata: StorageClassMetadata;
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly allowVolumeExpansion: boolean;
  readonly reclaimPolicy: ReclaimPolicy;
  readonly volumeBindingMode: VolumeBindingMode;
}

const RECLAIM_POLICIES: readonly ReclaimPolicy[] = ['Delete', 'Retain'];
const VOLUME_BINDING_MODES: readonly VolumeBindingMode[] = ['Immediate', 'WaitForFirstConsumer'];
const PROVISIONERS: Readonly<Record<PortworxProvisioner, string>> = { csi: CSI_PROVISIONER, 'in-tree': IN_TREE_PROVISIONER };

/** The typed prop that writes each Portworx parameter. */
const TYPED_PARAMETERS: ReadonlyMap<string, string> = new Map(Object.entries(PORTWORX_PARAMS).map(([prop, parameter]) => [parameter, prop]));

/**
 * Builds a Portworx StorageClass. Throws `PxSecurityError` on the first bad prop.
 * @param options `field`: the construct path or field the props came from, for messages @default 'storageClass'
 */
export function portworxStorageClass(props: PortworxStorageClassProps, options: FieldOptions = {}): StorageClassObject {
  const field = options.field ?? 'storageClass';
  validateDnsSubdomain(props.name, `${field}.name`);
  const provisioner = checkedProvisioner(props.provisioner, field);
  const token = checkedToken(props.token, provisioner, field);
  // Written in any order: they are sorted below.
  const parameters = authParameters(token, provisioner);
  addTypedParameters(props, field, parameters);
  const extra = props.parameters ?? {};
  for (const key of Object.keys(extra)) {
    checkExtraParameter(key, extra[key], field);
    setOwn(parameters, key, extra[key] as string);
  }
  const allowVolumeExpansion = props.allowVolumeExpansion ?? true;
  if (typeof allowVolumeExpansion !== 'boolean') {
    throw new PxSecurityError({
      code: STORAGE_CLASS.codes.fieldInvalid,
      field: `${field}.allowVolumeExpansion`,
      value: allowVolumeExpansion,
      problem: 'is not true or false',
      fix: 'write allowVolumeExpansion: true or false',
    });
  }
  const reclaimPolicy = checkedChoice(props.reclaimPolicy ?? 'Delete', RECLAIM_POLICIES, `${field}.reclaimPolicy`, STORAGE_CLASS.codes.fieldInvalid);
  const volumeBindingMode = checkedChoice(
    props.volumeBindingMode ?? 'Immediate',
    VOLUME_BINDING_MODES,
    `${field}.volumeBindingMode`,
    STORAGE_CLASS.codes.fieldInvalid,
  );
  if (props.labels) validateLabels(props.labels, `${field}.labels`);
  if (props.annotations) validateAnnotations(props.annotations, `${field}.annotations`);

  const metadata: StorageClassMetadata = namedMetadata(props.name, props.labels, props.annotations);
  return {
    apiVersion: STORAGE_CLASS.apiVersion,
    kind: STORAGE_CLASS.kind,
    metadata,
    provisioner: PROVISIONERS[provisioner],
    parameters: sortedParameters(parameters),
    allowVolumeExpansion,
    reclaimPolicy,
    volumeBindingMode,
  };
}

/**
 * The token Secrets a StorageClass needs: per-tenant → the Secret name in every tenant namespace; fixed → one
 * Secret; none (or an in-tree class without a token, which `portworxStorageClass` rejects) → `undefined`.
 */
export function requiredTokenSecret(props: Pick<PortworxStorageClassProps, 'provisioner' | 'token'>): RequiredTokenSecret | undefined {
  return requiredSecretOf(props.token ?? defaultToken(props.provisioner ?? 'csi'));
}

/** The StorageClass kind's own code, for the front doors and the audit. */
export const STORAGE_CLASS_RULES: ClassKindRules<PortworxStorageClassProps, StorageClassObject> = {
  description: STORAGE_CLASS,
  build: portworxStorageClass,
  requiredToken: requiredTokenSecret,
  checkAuthParameters: checkStorageClassAuthParameters,
};

// ---- Building -------------------------------------------------------------------------------------------

function checkedProvisioner(provisioner: unknown, field: string): PortworxProvisioner {
  const value = provisioner ?? 'csi';
  if (value === 'csi' || value === 'in-tree') return value;
  const written = Object.entries(PROVISIONERS).find(([, name]) => name === value)?.[0];
  throw new PxSecurityError({
    code: 'STORAGECLASS_PROVISIONER_INVALID',
    field: `${field}.provisioner`,
    value,
    problem: 'is not a Portworx provisioner choice',
    fix: written
      ? `write provisioner: ${JSON.stringify(written)}; the provisioner name ${JSON.stringify(value)} is filled in for you`
      : `use "csi" (${CSI_PROVISIONER}) or "in-tree" (${IN_TREE_PROVISIONER}, deprecated from Kubernetes 1.25)`,
  });
}

function defaultToken(provisioner: PortworxProvisioner): TokenReference | undefined {
  return provisioner === 'csi' ? STORAGE_CLASS.defaultToken : undefined;
}

function checkedToken(token: TokenReference | undefined, provisioner: PortworxProvisioner, field: string): TokenReference {
  const resolved = token ?? defaultToken(provisioner);
  if (resolved === undefined) {
    throw new PxSecurityError({
      code: 'STORAGECLASS_TOKEN_REQUIRED',
      field: `${field}.token`,
      problem: 'is required for an in-tree class, which has no per-tenant default',
      fix:
        `name the token Secret, e.g. token: { kind: 'fixed', secretName: '${K8S_USER_SECRET_NAME}', namespace: '${K8S_USER_SECRET_NAMESPACE}' }, ` +
        "or write token: { kind: 'none' } for guest volumes",
    });
  }
  // The in-tree refusal comes before the Secret name's checks: it is the first thing to fix.
  const perTenant = typeof resolved === 'object' && resolved !== null && (resolved as { kind?: unknown }).kind === 'per-tenant';
  if (perTenant && provisioner === 'in-tree') {
    throw new PxSecurityError({
      code: 'STORAGECLASS_IN_TREE_TEMPLATE',
      field: `${field}.token`,
      value: resolved,
      problem: `needs the template ${PVC_NAMESPACE_TEMPLATE}, but the in-tree driver ${IN_TREE_PROVISIONER} does no templating`,
      fix: "use provisioner: 'csi' (the default) for per-tenant tokens, or a fixed token Secret",
    });
  }
  return checkTokenReference(STORAGE_CLASS, resolved, field);
}

function authParameters(token: TokenReference, provisioner: PortworxProvisioner): Record<string, string> {
  return tokenParameters(token, provisioner === 'csi' ? STORAGE_CLASS.secretPairs : [IN_TREE_AUTH_PARAMS], STORAGE_CLASS.perTenantNamespace);
}

/** Adds to `parameters` the Portworx parameters the typed props write. */
function addTypedParameters(props: PortworxStorageClassProps, field: string, parameters: Record<string, string>): void {
  if (props.repl !== undefined) {
    const repl: unknown = props.repl;
    if (typeof repl !== 'number' || !Number.isInteger(repl) || repl < REPL_RANGE.min || repl > REPL_RANGE.max) {
      throw new PxSecurityError({
        code: STORAGE_CLASS.codes.parameterInvalid,
        field: `${field}.repl`,
        value: repl,
        problem: 'is not a replication factor Portworx supports',
        fix: `use a whole number from ${REPL_RANGE.min} to ${REPL_RANGE.max}, e.g. repl: 2 (written as the string "2")`,
      });
    }
    parameters[PORTWORX_PARAMS.repl] = String(repl);
  }
  if (props.ioProfile !== undefined) {
    parameters[PORTWORX_PARAMS.ioProfile] = checkedChoice(props.ioProfile, IO_PROFILES, `${field}.ioProfile`, STORAGE_CLASS.codes.parameterInvalid);
  }
  if (props.priorityIo !== undefined) {
    const priorityIo = checkedChoice(props.priorityIo, PRIORITY_IO_LEVELS, `${field}.priorityIo`, STORAGE_CLASS.codes.parameterInvalid);
    parameters[PORTWORX_PARAMS.priorityIo] = priorityIo;
  }
  if (props.secure !== undefined) parameters[PORTWORX_PARAMS.secure] = checkedBoolean(props.secure, `${field}.secure`);
  if (props.sharedv4 !== undefined) parameters[PORTWORX_PARAMS.sharedv4] = checkedBoolean(props.sharedv4, `${field}.sharedv4`);
  if (props.fs !== undefined) {
    parameters[PORTWORX_PARAMS.fs] = checkedChoice(props.fs, PORTWORX_FILESYSTEMS, `${field}.fs`, STORAGE_CLASS.codes.parameterInvalid);
  }
}

function checkedBoolean(value: unknown, field: string): string {
  if (typeof value === 'boolean') return String(value);
  throw new PxSecurityError({
    code: STORAGE_CLASS.codes.parameterInvalid,
    field,
    value,
    problem: 'is not true or false',
    fix: 'write true or false (it is written as the string Portworx expects)',
  });
}

/** `value` if it is one of `allowed`; otherwise an error that suggests the nearest value for a near miss. */
function checkedChoice<T extends string>(value: unknown, allowed: readonly T[], field: string, code: PxErrorCode): T {
  const match = allowed.find((candidate) => candidate === value);
  if (match !== undefined) return match;
  const list = allowed.map((candidate) => JSON.stringify(candidate)).join(', ');
  const near =
    typeof value === 'string'
      ? nearestChoice(value, allowed, { normalize: (text) => text.trim().toLowerCase().replace(/[\s-]/g, '_'), prefix: true })
      : undefined;
  throw new PxSecurityError({
    code,
    field,
    value,
    problem: 'is not an allowed value',
    fix: near === undefined ? `use one of ${list}` : `did you mean ${JSON.stringify(near)}? Use one of ${list}`,
  });
}

function checkExtraParameter(key: string, value: unknown, field: string): void {
  const parameterField = `${field}.parameters[${JSON.stringify(key)}]`;
  if (key === '') throw emptyParameterKeyError(STORAGE_CLASS, parameterField, value);
  const typedProp = TYPED_PARAMETERS.get(key);
  if (typedProp !== undefined) {
    throw new PxSecurityError({
      code: STORAGE_CLASS.codes.parameterCollision,
      field: parameterField,
      value,
      problem: `is the parameter the typed prop ${typedProp} writes`,
      fix: `set ${typedProp} instead and remove ${JSON.stringify(key)} from parameters`,
    });
  }
  if (AUTH_PARAMETERS.has(key)) throw authParameterCollisionError(STORAGE_CLASS, key, parameterField, value);
  if (typeof value !== 'string') throw parameterNotStringError(STORAGE_CLASS, parameterField, value);
}
