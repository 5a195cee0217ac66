/**
 * Checks of every Portworx StorageClass (CSI `pxd.portworx.com` and in-tree `kubernetes.io/portworx-volume`):
 * the auth parameters with the CSI provisioner's own pair and template rules (`checkStorageClassAuthParameters`),
 * the token Secrets they name (a fixed Secret must be in the bundle; a per-tenant class needs its Secret in
 * every namespace of the bundle that has a claim of the class), and classes without auth in a secured cluster.
 */
import {
  CSI_DEPRECATED_SECRET_PARAMS,
  CSI_OTHER_SECRET_PARAMS,
  CSI_PROVISIONER,
  CSI_SECRET_PARAMS,
  IN_TREE_AUTH_PARAMS,
  IN_TREE_PROVISIONER,
  TOKEN_SECRET_KEY,
} from '../names';
import { tokenSecretMissing } from '../cluster/cross-object-rules';
import { resolveTemplates } from '../classes/csi-secret-pairs';
import { STORAGE_CLASS_RULES } from '../classes/storage-class';
import { PathSegment, valueAt } from '../yaml/plain-json';
import { BundleObject } from './bundle';
import { classParameterFindings } from './class-parameter-findings';
import { nameOf } from './bundle-secrets';
import { defaultClassName } from './default-class';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { classAuthProblems, classParameters, consumerTemplateValue } from './portworx-classes';
import { ruleFix } from './rules';
import { unservedBy } from './renewer-served';

const STORAGE_CLASS = STORAGE_CLASS_RULES.description;
/** The legacy claim annotation naming a class. */
const LEGACY_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const ANNOTATION_TEMPLATE = /^pvc\.annotations\['([^']+)'\]$/;

/** Every secret pair a class may name its token Secret with. */
const SECRET_PAIRS: readonly { readonly name: string; readonly namespace: string }[] = [
  ...Object.values(CSI_SECRET_PARAMS),
  ...Object.values(CSI_OTHER_SECRET_PARAMS),
  ...Object.values(CSI_DEPRECATED_SECRET_PARAMS),
];

/** A token Secret a class names, as written (possibly with templates). */
interface SecretReference {
  readonly name: string;
  readonly namespace: string;
  /** The parameter naming the Secret, for the finding's field. */
  readonly parameter: string;
}

/** Findings about every Portworx StorageClass and the token Secrets its claims need. */
export function storageClassFindings(context: AuditContext): Finding[] {
  const objects = context.bundle.objects;
  const classes = objects.filter(({ object }) => object.kind === STORAGE_CLASS.kind);
  const claims = objects.filter(({ object }) => object.kind === STORAGE_CLASS.consumerKind);
  const defaultClass = defaultClassName(classes, STORAGE_CLASS.defaultAnnotation);
  const findings: Finding[] = [];
  const reportedSecrets = new Set<string>();
  for (const storageClass of classes) {
    const provisioner = storageClass.object.provisioner;
    if (provisioner !== CSI_PROVISIONER && provisioner !== IN_TREE_PROVISIONER) continue;
    const parameters = classParameters(storageClass);
    findings.push(...parameterFindings(storageClass));
    const className = nameOf(storageClass.object);
    const classClaims = claims.filter((claim) => claimClass(claim.object, defaultClass) === className);
    for (const reference of secretReferences(parameters, provisioner)) {
      if (!hasTemplate(reference.name) && !hasTemplate(reference.namespace)) {
        findings.push(
          ...referenceFindings(context, storageClass, reference, reference.namespace, reference.name, reportedSecrets, 'STORAGECLASS_SECRET_MISSING'),
        );
        continue;
      }
      for (const claim of classClaims) {
        const namespace = resolveClaimTemplates(reference.namespace, claim.object);
        const name = resolveClaimTemplates(reference.name, claim.object);
        if (namespace === undefined || name === undefined || namespace === '') continue;
        findings.push(...referenceFindings(context, claim, reference, namespace, name, reportedSecrets, 'STORAGECLASS_TENANT_SECRET_MISSING', className));
      }
    }
    if (provisioner === IN_TREE_PROVISIONER) {
      // In-tree claims may name their own token Secret with the same two keys as annotations.
      for (const claim of classClaims) {
        const name = valueAt(claim.object, ['metadata', 'annotations', IN_TREE_AUTH_PARAMS.name]);
        const namespace = valueAt(claim.object, ['metadata', 'annotations', IN_TREE_AUTH_PARAMS.namespace]);
        if (typeof name !== 'string' || typeof namespace !== 'string' || name === '' || namespace === '') continue;
        const reference = { name, namespace, parameter: IN_TREE_AUTH_PARAMS.name };
        findings.push(...referenceFindings(context, claim, reference, namespace, name, reportedSecrets, 'STORAGECLASS_TENANT_SECRET_MISSING', className));
      }
    }
  }
  return findings;
}

/** The auth parameter problems of a class (a class without auth is the guest access checks' business). */
function parameterFindings(storageClass: BundleObject): Finding[] {
  const findings = classParameterFindings(storageClass, classAuthProblems(STORAGE_CLASS_RULES, storageClass), STORAGE_CLASS.codes.noAuth);
  // Without allowVolumeExpansion Kubernetes refuses every resize before Portworx is asked: the missing pair waits.
  if (storageClass.object.allowVolumeExpansion === true) return findings;
  return findings.map((finding) => (finding.code === 'STORAGECLASS_EXPAND_SECRET_MISSING' ? { ...finding, severity: 'warning' } : finding));
}

/** The complete secret pairs of a class (incomplete ones are the parameter checks' business), distinct by value. */
function secretReferences(parameters: Record<string, unknown>, provisioner: string): SecretReference[] {
  const pairs = provisioner === IN_TREE_PROVISIONER ? [IN_TREE_AUTH_PARAMS] : SECRET_PAIRS;
  const references: SecretReference[] = [];
  for (const pair of pairs) {
    const name = parameters[pair.name];
    const namespace = parameters[pair.namespace];
    if (typeof name !== 'string' || typeof namespace !== 'string' || name === '' || namespace === '') continue;
    if (references.some((reference) => reference.name === name && reference.namespace === namespace)) continue;
    references.push({ name, namespace, parameter: pair.name });
  }
  return references;
}

/** The Secret `namespace/name` that `referrer` (a class, or a claim of it) needs: missing, or without `auth-token`. */
function referenceFindings(
  context: AuditContext,
  referrer: BundleObject,
  reference: SecretReference,
  namespace: string,
  name: string,
  reportedSecrets: Set<string>,
  missingCode: 'STORAGECLASS_SECRET_MISSING' | 'STORAGECLASS_TENANT_SECRET_MISSING',
  className?: string,
): Finding[] {
  const key = `${missingCode}|${referrer.name}|${namespace}/${name}`;
  if (reportedSecrets.has(key)) return [];
  reportedSecrets.add(key);
  // The in-cluster renewer mints this Secret in the cluster: it is not in the bundle by design.
  if (context.renewer?.serves(namespace, name) === true) return [];
  const secret = context.secrets.find(namespace, name);
  const field = `parameters[${JSON.stringify(reference.parameter)}]`;
  const path: PathSegment[] = ['parameters', reference.parameter];
  if (secret === undefined || tokenSecretMissing({ namespace, name }, context.secrets.places)) {
    const onClaim = missingCode === 'STORAGECLASS_TENANT_SECRET_MISSING';
    return [
      findingOn(referrer, {
        code: missingCode,
        severity: 'error',
        field: onClaim ? 'spec.storageClassName' : field,
        path: onClaim ? ['spec', 'storageClassName'] : path,
        message: onClaim
          ? `the claim's StorageClass ${className ?? ''} needs the token Secret ${namespace}/${name} (key ${TOKEN_SECRET_KEY}), which the bundle does not hold${unservedBy(context.renewer)}: Portworx cannot create or mount the volume`
          : `the class names the token Secret ${namespace}/${name} (key ${TOKEN_SECRET_KEY}), which the bundle does not hold${unservedBy(context.renewer)}: claims of the class get no volume unless it exists`,
        fix:
          context.renewer !== undefined
            ? `add a tenant for namespace ${namespace} to the cluster (its in-cluster renewer then mints ${name} there), or add the Secret to the bundle`
            : onClaim
              ? `add a Secret ${name} with the tenant's token under ${TOKEN_SECRET_KEY} to namespace ${namespace} (one token per tenant)`
              : `add the Secret ${namespace}/${name} with the token under ${TOKEN_SECRET_KEY} to the bundle, or name a Secret it holds`,
      }),
    ];
  }
  const secretKey = `${TOKEN_SECRET_KEY}|${namespace}/${name}`;
  if (secret.keys === undefined || secret.keys.has(TOKEN_SECRET_KEY) || reportedSecrets.has(secretKey)) return [];
  reportedSecrets.add(secretKey);
  const keys = [...secret.keys].sort();
  return [
    findingOn(secret.entry, {
      code: 'TOKEN_SECRET_KEY_MISSING',
      severity: 'error',
      field: secret.form === 'Secret' ? 'data' : secret.form === 'SealedSecret' ? 'spec.encryptedData' : 'spec.data',
      path: secret.form === 'Secret' ? ['data'] : secret.form === 'SealedSecret' ? ['spec', 'encryptedData'] : ['spec', 'data'],
      message: `${referrer.name} takes its token from this Secret, which has no key ${TOKEN_SECRET_KEY} (it has ${keys.length === 0 ? 'no keys' : keys.map((k) => JSON.stringify(k)).join(', ')}); Portworx reads no other key`,
      fix: ruleFix('TOKEN_SECRET_KEY_MISSING'),
    }),
  ];
}

/** The class a claim uses: `spec.storageClassName`, the legacy annotation, else the bundle's one default class. */
function claimClass(claim: Record<string, unknown>, defaultClass: string | undefined): string | undefined {
  const named = valueAt(claim, ['spec', STORAGE_CLASS.consumerClassField]);
  if (typeof named === 'string') return named;
  const annotated = valueAt(claim, ['metadata', 'annotations', LEGACY_CLASS_ANNOTATION]);
  return typeof annotated === 'string' ? annotated : defaultClass;
}

function hasTemplate(value: string): boolean {
  return value.includes('$');
}

/** `value` with the claim's templates filled in; `undefined` when one cannot be (such as `${pv.name}`). */
function resolveClaimTemplates(value: string, claim: Record<string, unknown>): string | undefined {
  return resolveTemplates(value, (name) => {
    const own = consumerTemplateValue(STORAGE_CLASS, name, claim);
    if (own !== undefined) return own;
    const annotation = ANNOTATION_TEMPLATE.exec(name)?.[1];
    const annotated = annotation === undefined ? undefined : valueAt(claim, ['metadata', 'annotations', annotation]);
    return typeof annotated === 'string' ? annotated : undefined;
  });
}
