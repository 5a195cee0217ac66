/**
 * The secret-pair rules the CSI sidecars apply to a class's parameters, shared by StorageClasses (the
 * external-provisioner) and VolumeSnapshotClasses (the external-snapshotter): a pair is given whole or not at
 * all, with non-empty sides; templates are resolved as Go's `os.Expand` reads them, and only the sidecar's own
 * template names resolve; a literal side must be a valid Kubernetes name.
 *
 * Each class kind passes its own codes, template names and consequence, so the rules have one home and each
 * kind keeps its own stable codes.
 */
import { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError, isPxSecurityError } from '../errors/errors';
import { validateDnsLabel, validateDnsSubdomain } from '../kube/kube-names';

/** A secret name parameter and its namespace parameter. */
export interface SecretPair {
  readonly name: string;
  readonly namespace: string;
}

/** One side of a secret pair. */
export type SecretPairSide = 'name' | 'namespace';

/** A problem in a class's auth parameters. */
export interface ClassParameterProblem {
  /** Stable code, e.g. `STORAGECLASS_SECRET_PAIR_INCOMPLETE`. */
  readonly code: PxErrorCode;
  /** What is wrong and how to fix it, naming the parameter and its value (never a token). */
  readonly message: string;
  /** The parameter at fault, when there is one. */
  readonly parameter?: string;
}

/** The rules of one CSI sidecar, and the codes one class kind reports them with. */
export interface CsiSecretRules {
  /** The sidecar, for messages: `the CSI provisioner`. */
  readonly sidecar: string;
  /** What the sidecar does with a class it cannot read: `the CSI provisioner refuses every claim on the class`. */
  readonly consequence: string;
  /** The same after "so": `it refuses every claim on the class`. */
  readonly refusal: string;
  /** Whether `${name}` resolves on `side`. */
  templateAllowed(name: string, side: SecretPairSide): boolean;
  /** The templates allowed on each side, for the fix. */
  readonly allowedTemplates: Readonly<Record<SecretPairSide, string>>;
  /** Codes of the three pair problems. */
  readonly codes: {
    readonly pairIncomplete: PxErrorCode;
    readonly templateUnknown: PxErrorCode;
    readonly referenceInvalid: PxErrorCode;
  };
}

/** A `$` expansion in a parameter value, as Go's `os.Expand` reads it. */
export type TemplateToken =
  { readonly kind: 'name'; readonly name: string; readonly written: string } | { readonly kind: 'malformed'; readonly written: string };

/** A pair given by half, or with an empty side (at most one problem per pair). */
export function secretPairProblems(
  parameters: Readonly<Record<string, unknown>>,
  pair: SecretPair,
  consequence: string,
  code: PxErrorCode,
): ClassParameterProblem[] {
  for (const [key, other] of [
    [pair.name, pair.namespace],
    [pair.namespace, pair.name],
  ] as const) {
    const value = parameters[key];
    if (value === undefined) continue;
    if (value === '') {
      const error = new PxSecurityError({
        code,
        field: parameterField(key),
        value,
        problem: `is empty, and ${consequence}`,
        fix: `set both "${pair.name}" and "${pair.namespace}" to non-empty values, or remove both`,
      });
      return [parameterProblem(error, key)];
    }
    if (parameters[other] === undefined) {
      const error = new PxSecurityError({
        code,
        field: parameterField(key),
        value,
        problem: `is set without "${other}", and with half a secret pair ${consequence}`,
        fix: `set "${other}" too, or remove both`,
      });
      return [parameterProblem(error, key)];
    }
  }
  return [];
}

/** Templates the sidecar cannot resolve: unknown names, or a malformed `${`. */
function secretTemplateProblems(parameters: Readonly<Record<string, unknown>>, pair: SecretPair, rules: CsiSecretRules): ClassParameterProblem[] {
  const problems: ClassParameterProblem[] = [];
  for (const side of ['name', 'namespace'] as const) {
    const key = pair[side];
    const value = parameters[key];
    if (typeof value !== 'string') continue;
    const bad = templateTokens(value).find((token) => token.kind === 'malformed' || !rules.templateAllowed(token.name, side));
    if (bad === undefined) continue;
    const error = new PxSecurityError({
      code: rules.codes.templateUnknown,
      field: parameterField(key),
      value,
      problem:
        bad.kind === 'malformed'
          ? `has the malformed template ${bad.written}, and ${rules.consequence}`
          : `uses ${bad.written}, which ${rules.sidecar} cannot resolve in a secret ${side}, so ${rules.refusal}`,
      fix: `in a secret ${side} use only ${rules.allowedTemplates[side]}`,
    });
    problems.push(parameterProblem(error, key));
  }
  return problems;
}

/** A literal (template-free, non-empty) secret name or namespace that is not a valid Kubernetes name. */
export function secretLiteralProblems(parameters: Readonly<Record<string, unknown>>, pair: SecretPair, code: PxErrorCode): ClassParameterProblem[] {
  const problems: ClassParameterProblem[] = [];
  for (const [key, validate] of [
    [pair.name, validateDnsSubdomain],
    [pair.namespace, validateDnsLabel],
  ] as const) {
    const value = parameters[key];
    if (typeof value !== 'string' || value === '' || templateTokens(value).length > 0) continue;
    try {
      validate(value, parameterField(key));
    } catch (error) {
      if (!isPxSecurityError(error)) throw error;
      problems.push({ code, message: error.message, parameter: key });
    }
  }
  return problems;
}

/** Every rule of a complete-or-absent pair: halves, templates, literal names. */
export function secretPairRuleProblems(parameters: Readonly<Record<string, unknown>>, pair: SecretPair, rules: CsiSecretRules): ClassParameterProblem[] {
  return [
    ...secretPairProblems(parameters, pair, rules.consequence, rules.codes.pairIncomplete),
    ...secretTemplateProblems(parameters, pair, rules),
    ...secretLiteralProblems(parameters, pair, rules.codes.referenceInvalid),
  ];
}

/** A problem from an error, at `parameter`. */
export function parameterProblem(error: PxSecurityError, parameter?: string): ClassParameterProblem {
  return parameter === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, parameter };
}

/** The field of a parameter, for messages: `parameters["key"]`. */
export function parameterField(key: string): string {
  return `parameters[${JSON.stringify(key)}]`;
}

/**
 * The `$` expansions in `value`, read as Go's `os.Expand` reads them: `${name}`, `$name` (letters, digits,
 * `_`), `$` and one special character (`$1`, `$$`, ...); `${` without `}` and `${}` are malformed. A `$` at
 * the end, or before any other character, stays literal.
 */
export function templateTokens(value: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  const isSpecial = (char: string | undefined): boolean => char !== undefined && /^[*#$@!?\-0-9]$/.test(char);
  for (let index = 0; index < value.length - 1; index++) {
    if (value[index] !== '$') continue;
    const rest = value.slice(index + 1);
    if (rest.startsWith('{')) {
      if (rest.length > 2 && isSpecial(rest[1]) && rest[2] === '}') {
        tokens.push({ kind: 'name', name: rest.slice(1, 2), written: `$${rest.slice(0, 3)}` });
        index += 3;
        continue;
      }
      const close = rest.indexOf('}');
      if (close <= 1) {
        tokens.push({ kind: 'malformed', written: close === 1 ? '${}' : `$${rest}` });
        index += close === 1 ? 2 : 1;
        continue;
      }
      tokens.push({ kind: 'name', name: rest.slice(1, close), written: `$${rest.slice(0, close + 1)}` });
      index += close + 1;
      continue;
    }
    if (isSpecial(rest[0])) {
      tokens.push({ kind: 'name', name: rest.slice(0, 1), written: `$${rest.slice(0, 1)}` });
      index += 1;
      continue;
    }
    const name = /^[A-Za-z0-9_]+/.exec(rest)?.[0];
    if (name === undefined) continue;
    tokens.push({ kind: 'name', name, written: `$${name}` });
    index += name.length;
  }
  return tokens;
}

/** A `${name}` template, as the CSI sidecars resolve them in a secret name or namespace. */
const BRACED_TEMPLATE = /\$\{([^}]*)\}/g;

/**
 * `value` with its `${name}` templates filled in by `valueOf`; `undefined` when one cannot be (`valueOf`
 * gives `undefined`, such as for `${pv.name}`) or any other `$` remains.
 */
export function resolveTemplates(value: string, valueOf: (name: string) => string | undefined): string | undefined {
  let unresolved = false;
  const resolved = value.replace(BRACED_TEMPLATE, (written, name: string) => {
    const filled = valueOf(name);
    if (filled === undefined) unresolved = true;
    return filled ?? written;
  });
  return unresolved || resolved.includes('$') ? undefined : resolved;
}
