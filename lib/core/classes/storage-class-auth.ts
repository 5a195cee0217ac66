/**
 * The auth-parameter checker of any StorageClass, hand-written ones too: the CSI external-provisioner's own pair
 * and template rules, the in-tree driver's literal pair, and Portworx's node-publish (Stork) rule.
 */
import {
  ClassParameterProblem,
  parameterField,
  parameterProblem as problem,
  secretLiteralProblems,
  secretPairProblems,
  secretPairRuleProblems,
  SecretPair,
  templateTokens,
} from './csi-secret-pairs';
import { parameterNotStringError } from './class-parameters';
import { STORAGE_CLASS_DESCRIPTION as STORAGE_CLASS } from './class-kinds';
import { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError } from '../errors/errors';
import {
  CSI_DEPRECATED_SECRET_PARAMS,
  CSI_OTHER_SECRET_PARAMS,
  CSI_PROVISIONER,
  CSI_SECRET_PARAMS,
  IN_TREE_AUTH_PARAMS,
  IN_TREE_PROVISIONER,
  K8S_USER_SECRET_NAME,
  K8S_USER_SECRET_NAMESPACE,
  PVC_NAMESPACE_TEMPLATE,
} from '../names';
import { CSI_OPERATIONS } from './storage-class-csi';

const PROVISIONER_RULES = STORAGE_CLASS.csiRules;

/** A problem in a StorageClass's auth parameters. */
export type StorageClassProblem = ClassParameterProblem;

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
 * - `STORAGECLASS_PROVISIONER_SECRET_MISSING`, `STORAGECLASS_NODE_PUBLISH_MISSING`, `STORAGECLASS_EXPAND_SECRET_MISSING`:
 *   a Portworx CSI class with secret pairs but none (nor the default pair) for an operation Portworx needs a token
 *   for: provisioning (else guest volumes, public), node-publish (Stork), controller-expand (expansion);
 * - `STORAGECLASS_NO_AUTH`: a Portworx class with no auth parameters at all (guest volumes; the caller decides
 *   whether that is an error).
 *
 * The CSI rules apply to any provisioner other than the in-tree Portworx one; the last four only to Portworx.
 */
export function checkStorageClassAuthParameters(provisioner: string, parameters: Readonly<Record<string, unknown>>): StorageClassProblem[] {
  const problems: StorageClassProblem[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') problems.push(problem(parameterNotStringError(STORAGE_CLASS, parameterField(key), value), key));
  }
  if (provisioner === IN_TREE_PROVISIONER) problems.push(...inTreeAuthProblems(parameters));
  else problems.push(...csiAuthProblems(parameters, provisioner === CSI_PROVISIONER));
  return problems;
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
    const pairs = STORAGE_CLASS.secretPairs.map((pair) => `"${pair.name}"/"${pair.namespace}"`).join(', ');
    const example = `(e.g. "${K8S_USER_SECRET_NAME}" in "${PVC_NAMESPACE_TEMPLATE}")`;
    problems.push(noAuthProblem(`set ${pairs} ${example}, or keep the class only for guest volumes`));
  } else {
    problems.push(...operationPairProblems(hasPair));
  }
  return problems;
}

/**
 * The operations Portworx needs a token for, each with what fails when its pair is missing. The default pair
 * (`csi.storage.k8s.io/secret-name`/`-namespace`) stands for every operation without its own pair.
 */
const REQUIRED_OPERATIONS: readonly {
  readonly pair: SecretPair;
  readonly deprecated?: SecretPair;
  readonly code: PxErrorCode;
  readonly consequence: string;
}[] = [
  {
    pair: CSI_SECRET_PARAMS.provisioner,
    deprecated: CSI_DEPRECATED_SECRET_PARAMS.provisioner,
    code: 'STORAGECLASS_PROVISIONER_SECRET_MISSING',
    consequence:
      'without a provisioner token Portworx creates each volume as the guest user: the volume has no owner, so it is public to every user ' +
      '(or Portworx refuses it when guest access is Disabled)',
  },
  {
    pair: CSI_SECRET_PARAMS.nodePublish,
    deprecated: CSI_DEPRECATED_SECRET_PARAMS.nodePublish,
    code: 'STORAGECLASS_NODE_PUBLISH_MISSING',
    consequence: "Stork reads a CSI volume's token from its node-publish secret, so Stork snapshots and migrations of these volumes fail",
  },
  {
    pair: CSI_SECRET_PARAMS.controllerExpand,
    code: 'STORAGECLASS_EXPAND_SECRET_MISSING',
    consequence: 'the CSI resizer then calls Portworx without a token, and under PX-Security Portworx refuses to expand these volumes',
  },
];

/** One problem per operation Portworx needs a token for whose pair (or the default pair) is missing. */
function operationPairProblems(hasPair: (pair: SecretPair | undefined) => boolean): StorageClassProblem[] {
  if (hasPair(CSI_OTHER_SECRET_PARAMS.default)) return [];
  const given = REQUIRED_OPERATIONS.find(({ pair, deprecated }) => hasPair(pair) || hasPair(deprecated))?.pair ?? CSI_SECRET_PARAMS.provisioner;
  return REQUIRED_OPERATIONS.filter(({ pair, deprecated }) => !hasPair(pair) && !hasPair(deprecated)).map(({ pair, code, consequence }) =>
    problem(
      new PxSecurityError({
        code,
        field: parameterField(pair.name),
        problem: `is missing while other secret pairs are set; ${consequence}`,
        fix: `add "${pair.name}" and "${pair.namespace}" with the same values as the ${given === CSI_SECRET_PARAMS.provisioner ? 'provisioner' : 'other'} pair`,
      }),
      pair.name,
    ),
  );
}

function noAuthProblem(fix: string): StorageClassProblem {
  const error = new PxSecurityError({
    code: STORAGE_CLASS.codes.noAuth,
    field: 'parameters',
    problem: 'name no token Secret, so Portworx creates the volumes as the guest user, or refuses them when guest access is disabled',
    fix,
  });
  return problem(error);
}
