/**
 * Portworx StorageClasses with PX-Security: which token Secret a class's volumes are created with, and the
 * Portworx parameters, written as the strings Portworx reads (PORTWORX-FACTS.md section 6).
 *
 * - CSI (`pxd.portworx.com`): the provisioner, node-publish and controller-expand secret pairs all name the
 *   token Secret. Node-publish is not optional: Stork reads a CSI volume's token from it.
 * - In-tree (`kubernetes.io/portworx-volume`): `openstorage.io/auth-secret-name` / `-namespace`, no templating.
 *
 * `checkStorageClassAuthParameters` checks the auth parameters of any StorageClass, hand-written ones too,
 * with the CSI external-provisioner's own pair and template rules.
 */
import {
  ClassParameterProblem,
  CsiSecretRules,
  SecretPair,
  parameterField,
  parameterProblem as problem,
  secretLiteralProblems,
  secretPairProblems,
  secretPairRuleProblems,
  templateTokens,
} from './csi-secret-pairs';
import { editDistance } from './edit-distance';
import { PxErrorCode } from './error-catalogue';
import { PxSecurityError } from './errors';
import { validateAnnotations, validateDnsLabel, validateDnsSubdomain, validateLabels } from './kube-names';
import { KubeObject } from './kube-object';
import {
  CSI_DEPRECATED_SECRET_PARAMS,
  CSI_NAME_TEMPLATES,
  CSI_NAMESPACE_TEMPLATES,
  CSI_OTHER_SECRET_PARAMS,
  CSI_PROVISIONER,
  CSI_SECRET_PARAMS,
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
} from './names';

/** The Portworx driver that provisions a class's volumes: CSI (`pxd.portworx.com`) or the deprecated in-tree one. */
export type PortworxProvisioner = 'csi' | 'in-tree';

/** Which token Secret a StorageClass's volumes are created with. */
export type TokenReference =
  | {
      /** The Secret in each claim's own namespace (`${pvc.namespace}`): one token per tenant. CSI only. */
      readonly kind: 'per-tenant';
      /**
       * Name of the token Secret in every tenant namespace.
       * @default 'px-k8s-user'
       */
      readonly secretName?: string;
    }
  | {
      /** One Secret for every claim, e.g. the docs' `portworx/px-k8s-user`. */
      readonly kind: 'fixed';
      /** Name of the token Secret. */
      readonly secretName: string;
      /** Namespace of the token Secret. */
      readonly namespace: string;
    }
  | {
      /** No token: Portworx creates the volumes as the guest user (refused when guest access is disabled). */
      readonly kind: 'none';
    };

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

/** The token Secrets a StorageClass needs: one per tenant namespace, or one fixed Secret. */
export type RequiredTokenSecret =
  | { readonly kind: 'per-tenant'; readonly secretName: string }
  | { readonly kind: 'fixed'; readonly secretName: string; readonly namespace: string };

/** A problem in a StorageClass's auth parameters. */
export type StorageClassProblem = ClassParameterProblem;

const RECLAIM_POLICIES: readonly ReclaimPolicy[] = ['Delete', 'Retain'];
const VOLUME_BINDING_MODES: readonly VolumeBindingMode[] = ['Immediate', 'WaitForFirstConsumer'];
const TOKEN_KINDS: readonly TokenReference['kind'][] = ['per-tenant', 'fixed', 'none'];
const PROVISIONERS: Readonly<Record<PortworxProvisioner, string>> = { csi: CSI_PROVISIONER, 'in-tree': IN_TREE_PROVISIONER };

/** The three CSI operations Portworx needs a token for, in the order they are written. */
const PORTWORX_CSI_PAIRS = [CSI_SECRET_PARAMS.provisioner, CSI_SECRET_PARAMS.nodePublish, CSI_SECRET_PARAMS.controllerExpand];

/** The CSI external-provisioner's secret-pair rules, with the StorageClass codes. */
const PROVISIONER_RULES: CsiSecretRules = {
  sidecar: 'the CSI provisioner',
  consequence: 'the CSI provisioner refuses every claim on the class',
  refusal: 'it refuses every claim on the class',
  templateAllowed: (name, side) =>
    side === 'namespace' ? CSI_NAMESPACE_TEMPLATES.includes(name) : CSI_NAME_TEMPLATES.includes(name) || /^pvc\.annotations\['[^']+'\]$/.test(name),
  allowedTemplates: {
    name: "${pv.name}, ${pvc.name}, ${pvc.namespace} or ${pvc.annotations['<key>']}",
    namespace: "${pv.name} or ${pvc.namespace} (a claim's name and annotations are up to its author, so they may not choose the namespace)",
  },
  codes: {
    pairIncomplete: 'STORAGECLASS_SECRET_PAIR_INCOMPLETE',
    templateUnknown: 'STORAGECLASS_TEMPLATE_UNKNOWN',
    referenceInvalid: 'STORAGECLASS_SECRET_REFERENCE_INVALID',
  },
};

/** Every CSI secret pair the external-provisioner reads, with its deprecated spelling if it has one. */
const CSI_OPERATIONS: readonly { readonly pair: SecretPair; readonly deprecated?: SecretPair }[] = [
  { pair: CSI_SECRET_PARAMS.provisioner, deprecated: CSI_DEPRECATED_SECRET_PARAMS.provisioner },
  { pair: CSI_SECRET_PARAMS.nodePublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodePublish },
  { pair: CSI_SECRET_PARAMS.controllerExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.controllerPublish, deprecated: CSI_DEPRECATED_SECRET_PARAMS.controllerPublish },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeStage, deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodeStage },
  { pair: CSI_OTHER_SECRET_PARAMS.nodeExpand },
  { pair: CSI_OTHER_SECRET_PARAMS.default },
];

/** Parameters only `token` may write. */
const AUTH_PARAMETERS: ReadonlySet<string> = new Set([
  IN_TREE_AUTH_PARAMS.name,
  IN_TREE_AUTH_PARAMS.namespace,
  ...CSI_OPERATIONS.flatMap(({ pair, deprecated }) => [pair.name, pair.namespace, ...(deprecated ? [deprecated.name, deprecated.namespace] : [])]),
]);

/** The typed prop that writes each Portworx parameter. */
const TYPED_PARAMETERS: ReadonlyMap<string, string> = new Map(Object.entries(PORTWORX_PARAMS).map(([prop, parameter]) => [parameter, prop]));


/**
 * Builds a Portworx StorageClass. Throws `PxSecurityError` on the first bad prop.
 * @param field the construct path or field the props came from, for messages
 */
export function portworxStorageClass(props: PortworxStorageClassProps, field: string): StorageClassObject {
  validateDnsSubdomain(props.name, `${field}.name`);
  const provisioner = checkedProvisioner(props.provisioner, field);
  const token = checkedToken(props.token, provisioner, field);
  const parameters: Record<string, string> = { ...authParameters(token, provisioner), ...typedParameters(props, field) };
  for (const [key, value] of Object.entries(props.parameters ?? {})) {
    checkExtraParameter(key, value, field);
    parameters[key] = value;
  }
  const allowVolumeExpansion = props.allowVolumeExpansion ?? true;
  if (typeof allowVolumeExpansion !== 'boolean') {
    throw new PxSecurityError({
      code: 'STORAGECLASS_FIELD_INVALID',
      field: `${field}.allowVolumeExpansion`,
      value: allowVolumeExpansion,
      problem: 'is not true or false',
      fix: 'write allowVolumeExpansion: true or false',
    });
  }
  const reclaimPolicy = checkedChoice(props.reclaimPolicy ?? 'Delete', RECLAIM_POLICIES, `${field}.reclaimPolicy`, 'STORAGECLASS_FIELD_INVALID');
  const volumeBindingMode = checkedChoice(
    props.volumeBindingMode ?? 'Immediate',
    VOLUME_BINDING_MODES,
    `${field}.volumeBindingMode`,
    'STORAGECLASS_FIELD_INVALID',
  );
  if (props.labels) validateLabels(props.labels, `${field}.labels`);
  if (props.annotations) validateAnnotations(props.annotations, `${field}.annotations`);

  const metadata: StorageClassMetadata = {
    name: props.name,
    ...(props.labels && Object.keys(props.labels).length > 0 ? { labels: { ...props.labels } } : {}),
    ...(props.annotations && Object.keys(props.annotations).length > 0 ? { annotations: { ...props.annotations } } : {}),
  };
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata,
    provisioner: PROVISIONERS[provisioner],
    parameters: sortedByKey(parameters),
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
  const token = props.token ?? defaultToken(props.provisioner ?? 'csi');
  if (token === undefined || token.kind === 'none') return undefined;
  if (token.kind === 'per-tenant') return { kind: 'per-tenant', secretName: token.secretName ?? K8S_USER_SECRET_NAME };
  return { kind: 'fixed', secretName: token.secretName, namespace: token.namespace };
}

/**
 * Checks the auth parameters of any StorageClass (also hand-written ones, for `pxsec check`) and returns every
 * problem, in parameter order:
 * - `STORAGECLASS_PARAMETER_NOT_STRING`: a parameter value that is not a string (the API server refuses it);
 * - `STORAGECLASS_SECRET_PAIR_INCOMPLETE`: a secret name without its namespace, or the reverse, or an empty one;
 * - `STORAGECLASS_SECRET_PAIR_DUPLICATE`: a CSI pair written both with and without the `csi.storage.k8s.io/` prefix;
 * - `STORAGECLASS_TEMPLATE_UNKNOWN`: a template the CSI provisioner cannot resolve (in a name: `${pv.name}`,
 *   `${pvc.name}`, `${pvc.namespace}`, `${pvc.annotations['<key>']}`; in a namespace: `${pv.name}`, `${pvc.namespace}`);
 * - `STORAGECLASS_SECRET_REFERENCE_INVALID`: a literal secret name or namespace that is not a valid Kubernetes name;
 * - `STORAGECLASS_IN_TREE_TEMPLATE`: a template in an in-tree class (the in-tree driver does no templating);
 * - `STORAGECLASS_NODE_PUBLISH_MISSING`: a Portworx CSI class with secret pairs but none for node-publish (Stork);
 * - `STORAGECLASS_NO_AUTH`: a Portworx class with no auth parameters at all (guest volumes; the caller decides
 *   whether that is an error).
 *
 * The CSI rules apply to any provisioner other than the in-tree Portworx one; the last two only to Portworx.
 */
export function checkStorageClassAuthParameters(provisioner: string, parameters: Readonly<Record<string, unknown>>): StorageClassProblem[] {
  const problems: StorageClassProblem[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') problems.push(problem(notStringError(parameterField(key), value), key));
  }
  if (provisioner === IN_TREE_PROVISIONER) problems.push(...inTreeAuthProblems(parameters));
  else problems.push(...csiAuthProblems(parameters, provisioner === CSI_PROVISIONER));
  return problems;
}

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
  return provisioner === 'csi' ? { kind: 'per-tenant' } : undefined;
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
  if (typeof resolved !== 'object' || resolved === null || !TOKEN_KINDS.includes(resolved.kind)) {
    throw new PxSecurityError({
      code: 'STORAGECLASS_TOKEN_INVALID',
      field: `${field}.token`,
      value: resolved,
      problem: 'is not a token reference',
      fix: "use { kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }",
    });
  }
  if (resolved.kind === 'per-tenant') {
    if (provisioner === 'in-tree') {
      throw new PxSecurityError({
        code: 'STORAGECLASS_IN_TREE_TEMPLATE',
        field: `${field}.token`,
        value: resolved,
        problem: `needs the template ${PVC_NAMESPACE_TEMPLATE}, but the in-tree driver ${IN_TREE_PROVISIONER} does no templating`,
        fix: "use provisioner: 'csi' (the default) for per-tenant tokens, or a fixed token Secret",
      });
    }
    const secretName = resolved.secretName ?? K8S_USER_SECRET_NAME;
    checkLiteral(secretName, `${field}.token.secretName`);
    validateDnsSubdomain(secretName, `${field}.token.secretName`);
  } else if (resolved.kind === 'fixed') {
    checkLiteral(resolved.secretName, `${field}.token.secretName`);
    validateDnsSubdomain(resolved.secretName, `${field}.token.secretName`);
    checkLiteral(resolved.namespace, `${field}.token.namespace`);
    validateDnsLabel(resolved.namespace, `${field}.token.namespace`);
  }
  return resolved;
}

/** A typed token reference names a Secret literally: a `$` template here is a mistake. */
function checkLiteral(value: unknown, field: string): void {
  if (typeof value !== 'string' || !value.includes('$')) return;
  throw new PxSecurityError({
    code: 'STORAGECLASS_TOKEN_TEMPLATE',
    field,
    value,
    problem: 'is a template; a typed token reference names its Secret literally',
    fix: `name the Secret (e.g. "${K8S_USER_SECRET_NAME}"), and use token: { kind: 'per-tenant' } for a Secret in each claim's namespace`,
  });
}

function authParameters(token: TokenReference, provisioner: PortworxProvisioner): Record<string, string> {
  if (token.kind === 'none') return {};
  const secretName = token.kind === 'per-tenant' ? (token.secretName ?? K8S_USER_SECRET_NAME) : token.secretName;
  const namespace = token.kind === 'per-tenant' ? PVC_NAMESPACE_TEMPLATE : token.namespace;
  const pairs = provisioner === 'csi' ? PORTWORX_CSI_PAIRS : [IN_TREE_AUTH_PARAMS];
  return Object.fromEntries(pairs.flatMap((pair) => [[pair.name, secretName], [pair.namespace, namespace]]));
}

function typedParameters(props: PortworxStorageClassProps, field: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  if (props.repl !== undefined) {
    const repl: unknown = props.repl;
    if (typeof repl !== 'number' || !Number.isInteger(repl) || repl < REPL_RANGE.min || repl > REPL_RANGE.max) {
      throw new PxSecurityError({
        code: 'STORAGECLASS_PARAMETER_INVALID',
        field: `${field}.repl`,
        value: repl,
        problem: 'is not a replication factor Portworx supports',
        fix: `use a whole number from ${REPL_RANGE.min} to ${REPL_RANGE.max}, e.g. repl: 2 (written as the string "2")`,
      });
    }
    parameters[PORTWORX_PARAMS.repl] = String(repl);
  }
  if (props.ioProfile !== undefined) {
    parameters[PORTWORX_PARAMS.ioProfile] = checkedChoice(props.ioProfile, IO_PROFILES, `${field}.ioProfile`, 'STORAGECLASS_PARAMETER_INVALID');
  }
  if (props.priorityIo !== undefined) {
    const priorityIo = checkedChoice(props.priorityIo, PRIORITY_IO_LEVELS, `${field}.priorityIo`, 'STORAGECLASS_PARAMETER_INVALID');
    parameters[PORTWORX_PARAMS.priorityIo] = priorityIo;
  }
  if (props.secure !== undefined) parameters[PORTWORX_PARAMS.secure] = checkedBoolean(props.secure, `${field}.secure`);
  if (props.sharedv4 !== undefined) parameters[PORTWORX_PARAMS.sharedv4] = checkedBoolean(props.sharedv4, `${field}.sharedv4`);
  if (props.fs !== undefined) {
    parameters[PORTWORX_PARAMS.fs] = checkedChoice(props.fs, PORTWORX_FILESYSTEMS, `${field}.fs`, 'STORAGECLASS_PARAMETER_INVALID');
  }
  return parameters;
}

function checkedBoolean(value: unknown, field: string): string {
  if (typeof value === 'boolean') return String(value);
  throw new PxSecurityError({
    code: 'STORAGECLASS_PARAMETER_INVALID',
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
  const near = typeof value === 'string' ? nearMiss(value, allowed) : undefined;
  throw new PxSecurityError({
    code,
    field,
    value,
    problem: 'is not an allowed value',
    fix: near === undefined ? `use one of ${list}` : `did you mean ${JSON.stringify(near)}? Use one of ${list}`,
  });
}

/**
 * The allowed value `value` most likely meant: the same up to case, `-`/`_` and spaces, or at most two edits
 * away, or (three characters or more) the start of it.
 */
function nearMiss<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const normalize = (text: string): string => text.trim().toLowerCase().replace(/[\s-]/g, '_');
  const wanted = normalize(value);
  if (wanted === '') return undefined;
  const exact = allowed.find((candidate) => normalize(candidate) === wanted);
  if (exact !== undefined) return exact;
  let best: { readonly candidate: T; readonly distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  if (best !== undefined) return best.candidate;
  return wanted.length >= 3 ? allowed.find((candidate) => normalize(candidate).startsWith(wanted)) : undefined;
}

function checkExtraParameter(key: string, value: unknown, field: string): void {
  const parameterField = `${field}.parameters[${JSON.stringify(key)}]`;
  if (key === '') {
    throw new PxSecurityError({
      code: 'STORAGECLASS_PARAMETER_INVALID',
      field: parameterField,
      value,
      problem: 'has an empty key',
      fix: 'name the parameter, or remove it',
    });
  }
  const typedProp = TYPED_PARAMETERS.get(key);
  if (typedProp !== undefined) {
    throw new PxSecurityError({
      code: 'STORAGECLASS_PARAMETER_COLLISION',
      field: parameterField,
      value,
      problem: `is the parameter the typed prop ${typedProp} writes`,
      fix: `set ${typedProp} instead and remove ${JSON.stringify(key)} from parameters`,
    });
  }
  if (AUTH_PARAMETERS.has(key)) {
    throw new PxSecurityError({
      code: 'STORAGECLASS_PARAMETER_COLLISION',
      field: parameterField,
      value,
      problem: 'is an auth parameter, which the typed prop token writes',
      fix:
        "set token instead ({ kind: 'per-tenant' }, { kind: 'fixed', secretName, namespace } or { kind: 'none' }) " +
        `and remove ${JSON.stringify(key)} from parameters`,
    });
  }
  if (typeof value !== 'string') throw notStringError(parameterField, value);
}

function notStringError(field: string, value: unknown): PxSecurityError {
  return new PxSecurityError({
    code: 'STORAGECLASS_PARAMETER_NOT_STRING',
    field,
    value,
    problem: 'is not a string; every StorageClass parameter value is a string',
    fix: `write it as the string ${JSON.stringify(String(value))}`,
  });
}

function sortedByKey(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- Checking -------------------------------------------------------------------------------------------

function inTreeAuthProblems(parameters: Readonly<Record<string, unknown>>): StorageClassProblem[] {
  const pair = IN_TREE_AUTH_PARAMS;
  if (parameters[pair.name] === undefined && parameters[pair.namespace] === undefined) {
    return [
      noAuthProblem(
        `set "${pair.name}" and "${pair.namespace}" (e.g. "${K8S_USER_SECRET_NAME}" in "${K8S_USER_SECRET_NAMESPACE}"), ` +
          'or keep the class only for guest volumes',
      ),
    ];
  }
  const problems = secretPairProblems(parameters, pair, 'Portworx cannot find the token Secret', PROVISIONER_RULES.codes.pairIncomplete);
  for (const key of [pair.name, pair.namespace]) {
    const value = parameters[key];
    if (typeof value !== 'string' || templateTokens(value).length === 0) continue;
    const error = new PxSecurityError({
      code: 'STORAGECLASS_IN_TREE_TEMPLATE',
      field: parameterField(key),
      value,
      problem: `is a template, but the in-tree driver ${IN_TREE_PROVISIONER} does no templating and reads the value literally`,
      fix: `use the CSI provisioner ${CSI_PROVISIONER} for per-tenant tokens (${PVC_NAMESPACE_TEMPLATE}), or name one fixed Secret`,
    });
    problems.push(problem(error, key));
  }
  return [...problems, ...secretLiteralProblems(parameters, pair, PROVISIONER_RULES.codes.referenceInvalid)];
}

function csiAuthProblems(parameters: Readonly<Record<string, unknown>>, portworx: boolean): StorageClassProblem[] {
  const refusal = PROVISIONER_RULES.consequence;
  const problems: StorageClassProblem[] = [];
  const present = (key: string): boolean => parameters[key] !== undefined;
  const hasPair = (pair: SecretPair | undefined): boolean => pair !== undefined && (present(pair.name) || present(pair.namespace));
  for (const { pair, deprecated } of CSI_OPERATIONS) {
    let effective = pair;
    if (deprecated !== undefined && hasPair(deprecated)) {
      for (const side of ['name', 'namespace'] as const) {
        if (!present(deprecated[side]) || !present(pair[side])) continue;
        const error = new PxSecurityError({
          code: 'STORAGECLASS_SECRET_PAIR_DUPLICATE',
          field: parameterField(deprecated[side]),
          value: parameters[deprecated[side]],
          problem: `repeats "${pair[side]}", and ${refusal} when a secret is set both ways`,
          fix: `remove the deprecated "${deprecated[side]}"`,
        });
        problems.push(problem(error, deprecated[side]));
      }
      effective = {
        name: present(pair.name) ? pair.name : deprecated.name,
        namespace: present(pair.namespace) ? pair.namespace : deprecated.namespace,
      };
    }
    if (!hasPair(effective)) continue;
    problems.push(...secretPairRuleProblems(parameters, effective, PROVISIONER_RULES));
  }
  if (!portworx) return problems;
  if (!CSI_OPERATIONS.some(({ pair, deprecated }) => hasPair(pair) || hasPair(deprecated))) {
    const pairs = PORTWORX_CSI_PAIRS.map((pair) => `"${pair.name}"/"${pair.namespace}"`).join(', ');
    const example = `(e.g. "${K8S_USER_SECRET_NAME}" in "${PVC_NAMESPACE_TEMPLATE}")`;
    problems.push(noAuthProblem(`set ${pairs} ${example}, or keep the class only for guest volumes`));
  } else if (![CSI_SECRET_PARAMS.nodePublish, CSI_DEPRECATED_SECRET_PARAMS.nodePublish, CSI_OTHER_SECRET_PARAMS.default].some(hasPair)) {
    const nodePublish = CSI_SECRET_PARAMS.nodePublish;
    const error = new PxSecurityError({
      code: 'STORAGECLASS_NODE_PUBLISH_MISSING',
      field: parameterField(nodePublish.name),
      problem:
        "is missing while other secret pairs are set; Stork reads a CSI volume's token from its node-publish secret, " +
        'so Stork snapshots and migrations of these volumes fail',
      fix: `add "${nodePublish.name}" and "${nodePublish.namespace}" with the same values as the provisioner pair`,
    });
    problems.push(problem(error, nodePublish.name));
  }
  return problems;
}

function noAuthProblem(fix: string): StorageClassProblem {
  const error = new PxSecurityError({
    code: 'STORAGECLASS_NO_AUTH',
    field: 'parameters',
    problem: 'name no token Secret, so Portworx creates the volumes as the guest user, or refuses them when guest access is disabled',
    fix,
  });
  return problem(error);
}
