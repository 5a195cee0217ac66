/**
 * Securing the operator's StorageCluster (PORTWORX-FACTS.md section 7): `spec.security` is enabled with a
 * self-signed issuer, token lifetime and shared-secret Secret (and guest access when asked); OIDC, the
 * username claim and a public key go in `spec.env` (the env twins) and `spec.volumes`.
 */
import { describeValue } from '../errors/errors';
import { OPERATOR_ISSUER, OPERATOR_SHARED_SECRET_NAME, PORTWORX_ENV } from '../names';
import { publicKeyClusterVolume, valueEnv } from './named-entries';
import { NamedEntry, optionalMapping, PatchPlan, PlanTarget } from './patch-plan';
import { isAbsent, isRecord, valueAt } from '../yaml/plain-json';
import { ResolvedSecuritySettings } from '../cluster/security-settings';
import { describeObject } from './targets';
import { itemAt } from './item-at';

/** What planning the StorageCluster found out. */
export interface StorageClusterFindings {
  /** The issuer the cluster trusted before patching (the operator's default when security was enabled without one). */
  readonly existingIssuer?: string;
  /** The StorageCluster's namespace, where the shared-secret Secret must live. */
  readonly namespace?: string;
}

const SECURITY_PATH = ['spec', 'security'] as const;
const AUTH_PATH = [...SECURITY_PATH, 'auth'] as const;
const SELF_SIGNED_PATH = [...AUTH_PATH, 'selfSigned'] as const;

/** Plans the edits that secure the StorageCluster `objects[index]`. */
export function planStorageCluster(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  where: { readonly index: number },
  settings: ResolvedSecuritySettings,
): StorageClusterFindings {
  const object = itemAt(objects, where.index, 'spec objects');
  const target: PlanTarget = { object: where.index, label: describeObject(object, where.index) };
  const namespace = valueAt(object, ['metadata', 'namespace']);
  const findings: { existingIssuer?: string; namespace?: string } = typeof namespace === 'string' && namespace !== '' ? { namespace } : {};
  if (findings.namespace === undefined) {
    plan.warnings.push({
      code: 'SPEC_NAMESPACE_MISSING',
      message: `${target.label} has no metadata.namespace: the shared-secret Secret must be created in the namespace it is applied to`,
    });
  }
  const envEntries = operatorEnv(settings);
  const volumes = settings.publicKey ? [publicKeyClusterVolume(settings.publicKey)] : [];
  const spec = optionalMapping(object.spec, target, 'spec');
  if (spec === undefined) {
    const value = {
      security: desiredSecurity(settings),
      ...(envEntries.length > 0 ? { env: envEntries.map((entry) => entry.desired) } : {}),
      ...(volumes.length > 0 ? { volumes: volumes.map((entry) => entry.desired) } : {}),
    };
    plan.change(
      { kind: 'set', object: target.object, path: [], key: 'spec', value },
      { object: target.label, path: 'spec', action: 'added', detail: describeTree(value) },
    );
    return findings;
  }
  const existingIssuer = planSecurity(plan, target, spec, settings);
  if (envEntries.length > 0) plan.ensureNamedEntries(target, spec, ['spec'], 'env', 'spec.env', envEntries);
  if (volumes.length > 0) plan.ensureNamedEntries(target, spec, ['spec'], 'volumes', 'spec.volumes', volumes);
  return existingIssuer === undefined ? findings : { ...findings, existingIssuer };
}

function planSecurity(plan: PatchPlan, target: PlanTarget, spec: Record<string, unknown>, settings: ResolvedSecuritySettings): string | undefined {
  const security = optionalMapping(spec.security, target, SECURITY_PATH.join('.'));
  if (security === undefined) {
    const value = desiredSecurity(settings);
    plan.change(
      { kind: 'set', object: target.object, path: ['spec'], key: 'security', value },
      { object: target.label, path: SECURITY_PATH.join('.'), action: 'added', detail: describeTree(value) },
    );
    return undefined;
  }
  const auth = optionalMapping(security.auth, target, AUTH_PATH.join('.'));
  const selfSigned = auth === undefined ? undefined : optionalMapping(auth.selfSigned, target, SELF_SIGNED_PATH.join('.'));
  const enabled = security.enabled === true;
  // With security enabled, an unset issuer or shared secret means the operator's default: a value the spec holds.
  const issuerPath = `${SELF_SIGNED_PATH.join('.')}.issuer`;
  const foundIssuer = selfSigned?.issuer;
  if (enabled && isAbsent(foundIssuer) && settings.issuer !== OPERATOR_ISSUER) {
    plan.requireReplace(target, issuerPath, `the operator's default ${describeValue(OPERATOR_ISSUER)}`, describeValue(settings.issuer));
  }
  if (enabled && isAbsent(selfSigned?.sharedSecret) && settings.sharedSecretName !== OPERATOR_SHARED_SECRET_NAME) {
    plan.requireReplace(
      target,
      `${SELF_SIGNED_PATH.join('.')}.sharedSecret`,
      `the operator's default ${describeValue(OPERATOR_SHARED_SECRET_NAME)}`,
      describeValue(settings.sharedSecretName),
    );
  }
  const existingIssuer = typeof foundIssuer === 'string' ? foundIssuer : enabled && isAbsent(foundIssuer) ? OPERATOR_ISSUER : undefined;

  const enabledPath = `${SECURITY_PATH.join('.')}.enabled`;
  if (enabled) {
    plan.unchanged(target, enabledPath, 'true');
  } else if (isAbsent(security.enabled)) {
    plan.change(
      { kind: 'set', object: target.object, path: [...SECURITY_PATH], key: 'enabled', value: true },
      { object: target.label, path: enabledPath, action: 'added', detail: 'true' },
    );
  } else {
    plan.change(
      { kind: 'replace', object: target.object, path: [...SECURITY_PATH, 'enabled'], value: true },
      { object: target.label, path: enabledPath, action: 'replaced', detail: `${describeValue(security.enabled)} replaced by true` },
    );
  }
  if (auth === undefined) {
    const value = desiredAuth(settings);
    plan.change(
      { kind: 'set', object: target.object, path: [...SECURITY_PATH], key: 'auth', value },
      { object: target.label, path: AUTH_PATH.join('.'), action: 'added', detail: describeTree(value) },
    );
    return existingIssuer;
  }
  if (settings.guestAccess !== undefined) {
    plan.ensureValue(target, auth, [...AUTH_PATH], 'guestAccess', settings.guestAccess, `${AUTH_PATH.join('.')}.guestAccess`);
  }
  if (selfSigned === undefined) {
    const value = desiredSelfSigned(settings);
    plan.change(
      { kind: 'set', object: target.object, path: [...AUTH_PATH], key: 'selfSigned', value },
      { object: target.label, path: SELF_SIGNED_PATH.join('.'), action: 'added', detail: describeTree(value) },
    );
    return existingIssuer;
  }
  for (const [key, value] of Object.entries(desiredSelfSigned(settings))) {
    plan.ensureValue(target, selfSigned, [...SELF_SIGNED_PATH], key, value, `${SELF_SIGNED_PATH.join('.')}.${key}`);
  }
  return existingIssuer;
}

function desiredSecurity(settings: ResolvedSecuritySettings): Record<string, unknown> {
  return { enabled: true, auth: desiredAuth(settings) };
}

function desiredAuth(settings: ResolvedSecuritySettings): Record<string, unknown> {
  return { ...(settings.guestAccess !== undefined ? { guestAccess: settings.guestAccess } : {}), selfSigned: desiredSelfSigned(settings) };
}

function desiredSelfSigned(settings: ResolvedSecuritySettings): Record<string, unknown> {
  return {
    issuer: settings.issuer,
    ...(settings.operatorTokenLifetime !== undefined ? { tokenLifetime: settings.operatorTokenLifetime } : {}),
    sharedSecret: settings.sharedSecretName,
  };
}

/** The env twins of what the DaemonSet form passes as args: the operator has no field for them. */
function operatorEnv(settings: ResolvedSecuritySettings): NamedEntry[] {
  const entries: NamedEntry[] = [];
  if (settings.oidc) {
    entries.push(valueEnv(PORTWORX_ENV.oidcIssuer, settings.oidc.issuer), valueEnv(PORTWORX_ENV.oidcClientId, settings.oidc.clientId));
    if (settings.oidc.customClaimNamespace !== undefined) entries.push(valueEnv(PORTWORX_ENV.oidcCustomNamespace, settings.oidc.customClaimNamespace));
  }
  if (settings.publicKey) {
    entries.push(valueEnv(settings.publicKey.algorithm === 'RS256' ? PORTWORX_ENV.jwtRsaPubkey : PORTWORX_ENV.jwtEcdsPubkey, settings.publicKey.path));
  }
  if (settings.usernameClaim !== undefined) entries.push(valueEnv(PORTWORX_ENV.usernameClaim, settings.usernameClaim));
  return entries;
}

/** Flattens a new subtree for a change's detail: `enabled: true, auth.selfSigned.issuer: "x"`. */
function describeTree(value: unknown, prefix = ''): string {
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([key, child]) => describeTree(child, prefix === '' ? key : `${prefix}.${key}`))
      .join(', ');
  }
  if (Array.isArray(value)) {
    return `${prefix}: [${value.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : describeValue(item))).join(', ')}]`;
  }
  return `${prefix}: ${describeValue(value)}`;
}
