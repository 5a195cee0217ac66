/**
 * Checks of the portworx DaemonSet and stork (PORTWORX-FACTS.md sections 2 and 3), and of the bundle's cluster
 * picture as a whole: security on, an issuer, the three key env entries pointing at a Secret and key of the bundle
 * (or flagged as external), stork's `PX_SHARED_SECRET` from the same source as the portworx container's stork key,
 * and stork's `PX_JWT_ISSUER` among the values stork accepts.
 */
import {
  CSI_PROVISIONER,
  IN_TREE_PROVISIONER,
  PORTWORX_ARGS,
  PORTWORX_ENV,
  PX_KEYS_SECRET_NAME,
  STORK_ALLOWED_ISSUERS,
  STORK_JWT_ISSUER_ENV,
  STORK_SECRET_KEY,
  STORK_SHARED_SECRET_ENV,
} from '../names';
import { findFlag } from '../spec/container-args';
import { BundleSecret, namespaceOf } from './bundle-secrets';
import { ContainerEnv, containerArgs, containerEnv, flagOrEnv, KeyResolution, PodContainer, resolveEnvKey } from './cluster';
import { AuditContext } from './context';
import { BUNDLE_OBJECT, Finding, findingOn } from './finding';
import { issuerRuleFinding } from './issuer-finding';
import { ruleFix } from './rules';
import { KEY_ENV_BINDINGS, STORK_KEY_ENV } from '../keys/key-env-bindings';

/** Findings about the cluster picture as a whole: ambiguous Portworx objects, or none at all. */
export function clusterFindings(context: AuditContext): Finding[] {
  const { cluster } = context;
  if (cluster.ambiguity !== undefined) {
    return [
      {
        code: cluster.ambiguity.code,
        severity: 'error',
        object: BUNDLE_OBJECT,
        field: 'objects',
        message: cluster.ambiguity.message,
        fix: cluster.ambiguity.fix,
      },
    ];
  }
  if (cluster.portworx !== undefined || cluster.storageCluster !== undefined) return [];
  const hasTokens = context.tokenSecrets.portworx.some((secret) => secret.form === 'Secret');
  const hasClasses = context.bundle.objects.some(
    ({ object }) => object.kind === 'StorageClass' && (object.provisioner === CSI_PROVISIONER || object.provisioner === IN_TREE_PROVISIONER),
  );
  if (!hasTokens && !hasClasses) return [];
  return [
    {
      code: 'CLUSTER_NOT_IN_BUNDLE',
      severity: 'info',
      object: BUNDLE_OBJECT,
      field: 'objects',
      message:
        'the bundle holds no portworx DaemonSet or StorageCluster, so token issuers and signatures were not checked, and StorageClasses without auth were not flagged',
      fix: ruleFix('CLUSTER_NOT_IN_BUNDLE'),
    },
  ];
}

/** Findings about the portworx DaemonSet's portworx container. */
export function daemonSetFindings(context: AuditContext): Finding[] {
  const portworx = context.cluster.portworx;
  if (portworx === undefined) return [];
  const { entry } = portworx;
  const args = containerArgs(portworx);
  const env = containerEnv(portworx);
  const issuerArgs = findFlag(args, PORTWORX_ARGS.jwtIssuer);
  const issuerArg = issuerArgs[issuerArgs.length - 1];
  const issuerEnv = env.get(PORTWORX_ENV.jwtIssuer);
  const oidcIssuer = flagOrEnv(args, env, PORTWORX_ARGS.oidcIssuer, PORTWORX_ENV.oidcIssuer);
  const argsField = `${portworx.label}.args`;
  const argsPath = [...portworx.path, 'args'];
  if (issuerArg === undefined && issuerEnv === undefined && oidcIssuer === undefined) {
    return [
      findingOn(entry, {
        code: 'SECURITY_NOT_ENABLED',
        severity: 'error',
        field: argsField,
        path: argsPath,
        message: `the portworx container has no ${PORTWORX_ARGS.jwtIssuer} (nor ${PORTWORX_ENV.jwtIssuer} or an OIDC issuer): PX-Security is off, and Portworx serves every request without a token`,
        fix: `run "pxsec patch ${entry.file} --issuer <issuer>" (it adds ${PORTWORX_ARGS.jwtIssuer} and the key env entries, and ${STORK_SHARED_SECRET_ENV} to stork) and add the keys Secret ("pxsec keys generate")`,
      }),
    ];
  }
  const findings: Finding[] = [];
  const issuer = issuerArg !== undefined ? (issuerArg.value ?? '') : issuerEnv?.value;
  const issuerField = issuerArg !== undefined ? argsField : (issuerEnv?.field ?? argsField);
  const issuerPath = issuerArg !== undefined ? [...argsPath, issuerArg.valueIndex] : (issuerEnv?.path ?? argsPath);
  const issuerFinding = issuer === undefined ? undefined : issuerRuleFinding(entry, issuer, oidcIssuer !== undefined, issuerField, issuerPath);
  if (issuerFinding !== undefined && issuerFinding.code === 'ISSUER_INVALID') findings.push(issuerFinding);
  if (issuerArg?.value !== undefined && issuerEnv?.value !== undefined && issuerEnv.value !== issuerArg.value) {
    findings.push(
      findingOn(entry, {
        code: 'DAEMONSET_ISSUER_CONFLICT',
        severity: 'warning',
        field: issuerEnv.field,
        path: issuerEnv.path,
        message: `${PORTWORX_ENV.jwtIssuer} is ${JSON.stringify(issuerEnv.value)} but ${PORTWORX_ARGS.jwtIssuer} is ${JSON.stringify(issuerArg.value)}; this check trusts the argument`,
        fix: ruleFix('DAEMONSET_ISSUER_CONFLICT'),
      }),
    );
  }
  if (issuerFinding !== undefined && issuerFinding.code === 'ISSUER_LOOKS_LIKE_OIDC') findings.push(issuerFinding);
  const publicKey =
    flagOrEnv(args, env, PORTWORX_ARGS.jwtRsaPubkeyFile, PORTWORX_ENV.jwtRsaPubkey) ??
    flagOrEnv(args, env, PORTWORX_ARGS.jwtEcdsPubkeyFile, PORTWORX_ENV.jwtEcdsPubkey);
  // The shared secret is needed only when tokens are checked with it (an issuer and no public key).
  const sharedSecretUsed = issuer !== undefined && publicKey === undefined;
  const required = KEY_ENV_BINDINGS.filter((binding) => binding.key !== 'shared' || sharedSecretUsed);
  const namespace = namespaceOf(entry.object);
  for (const keyEnv of required) {
    const present = keyEnv.names.map((name) => env.get(name)).find((found) => found !== undefined);
    if (present !== undefined) {
      findings.push(...keySourceFindings(context, portworx, present, namespace));
      continue;
    }
    const withoutStork = keyEnv.key === 'stork' && context.cluster.stork === undefined;
    findings.push(
      findingOn(entry, {
        code: 'DAEMONSET_ENV_MISSING',
        severity: withoutStork ? 'warning' : 'error',
        field: `${portworx.label}.env`,
        path: [...portworx.path, 'env'],
        message: `the portworx container has no ${keyEnv.names.join(' or ')} env entry, so ${keyEnv.purpose}`,
        fix: `add ${keyEnv.names[0]} with valueFrom.secretKeyRef to key "${keyEnv.secretKey}" of the keys Secret (${PX_KEYS_SECRET_NAME}), e.g. with "pxsec patch ${entry.file} --issuer <issuer>"`,
      }),
    );
  }
  return findings;
}

/** Findings about stork's `PX_JWT_ISSUER` and, in a secured DaemonSet install, its `PX_SHARED_SECRET`. */
export function storkFindings(context: AuditContext): Finding[] {
  const { stork, portworx, security } = context.cluster;
  if (stork === undefined) return [];
  const findings: Finding[] = [];
  const env = containerEnv(stork);
  const issuer = env.get(STORK_JWT_ISSUER_ENV);
  if (issuer?.value !== undefined && !STORK_ALLOWED_ISSUERS.includes(issuer.value)) {
    findings.push(
      findingOn(stork.entry, {
        code: 'STORK_ISSUER_INVALID',
        severity: 'error',
        field: issuer.field,
        path: issuer.path,
        message: `${STORK_JWT_ISSUER_ENV} is ${JSON.stringify(issuer.value)}, which stork does not accept: stork fails at start-up`,
        fix: ruleFix('STORK_ISSUER_INVALID'),
      }),
    );
  }
  if (portworx === undefined || security?.form !== 'daemonset' || !security.secured) return findings;
  const sharedSecret = env.get(STORK_SHARED_SECRET_ENV);
  if (sharedSecret === undefined) {
    findings.push(
      findingOn(stork.entry, {
        code: 'STORK_SHARED_SECRET_MISSING',
        severity: 'error',
        field: `${stork.label}.env`,
        path: [...stork.path, 'env'],
        message: `stork has no ${STORK_SHARED_SECRET_ENV} while PX-Security is on, so stork cannot authenticate to Portworx and its snapshots and migrations fail`,
        fix: `add ${STORK_SHARED_SECRET_ENV} with valueFrom.secretKeyRef to key "${STORK_SECRET_KEY}" of the keys Secret (${PX_KEYS_SECRET_NAME}), e.g. with "pxsec patch ${stork.entry.file} --issuer <issuer>"`,
      }),
    );
    return findings;
  }
  const storkNamespace = namespaceOf(stork.entry.object);
  findings.push(...keySourceFindings(context, stork, sharedSecret, storkNamespace));
  const portworxEnv = containerEnv(portworx);
  const portworxKey = STORK_KEY_ENV.names.map((name) => portworxEnv.get(name)).find((found) => found !== undefined);
  if (portworxKey === undefined) return findings;
  const portworxNamespace = namespaceOf(portworx.entry.object);
  if (!sameKeySource(context, sharedSecret, storkNamespace, portworxKey, portworxNamespace)) {
    findings.push(
      findingOn(stork.entry, {
        code: 'STORK_KEY_MISMATCH',
        severity: 'error',
        field: sharedSecret.field,
        path: sharedSecret.path,
        message:
          `${STORK_SHARED_SECRET_ENV} comes from ${describeSource(sharedSecret, storkNamespace)}, but the portworx container's ${portworxKey.name} ` +
          `comes from ${describeSource(portworxKey, portworxNamespace)}: Portworx rejects stork's tokens unless both are the same key`,
        fix: ruleFix('STORK_KEY_MISMATCH'),
      }),
    );
  }
  return findings;
}

/** A key env entry written as a literal, or pointing at a Secret (or key) the bundle does not hold. */
function keySourceFindings(context: AuditContext, container: PodContainer, env: ContainerEnv, namespace: string): Finding[] {
  const { entry } = container;
  if (env.secretKeyRef === undefined) {
    if (env.value === undefined) return [];
    return [
      findingOn(entry, {
        code: 'KEY_IN_PLAINTEXT_ENV',
        severity: 'warning',
        field: env.field,
        path: env.path,
        message: `${env.name} is written as a literal value (${env.value.length} characters): the key is in plaintext in the manifest and in the pod spec`,
        fix: `take it from the keys Secret with valueFrom.secretKeyRef (${PX_KEYS_SECRET_NAME})`,
      }),
    ];
  }
  const resolution = resolveEnvKey(env, namespace, context.secrets);
  const refPath = [...env.path, 'valueFrom', 'secretKeyRef'];
  const refField = `${env.field}.valueFrom.secretKeyRef`;
  if (resolution.kind === 'external') {
    return [
      findingOn(entry, {
        code: 'SECRET_REF_EXTERNAL',
        severity: 'warning',
        field: refField,
        path: refPath,
        message: `${env.name} comes from key "${resolution.key}" of Secret ${qualified(resolution.namespace, resolution.name)}, which the bundle does not hold: it must be created some other way before ${entry.name} starts`,
        fix: ruleFix('SECRET_REF_EXTERNAL'),
      }),
    ];
  }
  if (resolution.kind === 'key-missing') {
    return [
      findingOn(entry, {
        code: 'SECRET_REF_KEY_MISSING',
        severity: 'error',
        field: refField,
        path: refPath,
        message: `${env.name} comes from key "${resolution.key}" of Secret ${qualified(resolution.secret.namespace, resolution.secret.name)}, which has no such key (it has ${describeKeys(resolution.secret)}): the pod does not start`,
        fix: `add "${resolution.key}" to the Secret, or point the reference at the key that holds the value`,
      }),
    ];
  }
  return [];
}

/** True when both env entries read the same Secret and key, or values the bundle shows to be equal (stork, autopilot). */
export function sameKeySource(context: AuditContext, left: ContainerEnv, leftNamespace: string, right: ContainerEnv, rightNamespace: string): boolean {
  if (left.secretKeyRef !== undefined && right.secretKeyRef !== undefined) {
    const leftSecret = context.secrets.find(leftNamespace, left.secretKeyRef.name);
    const rightSecret = context.secrets.find(rightNamespace, right.secretKeyRef.name);
    const sameSecret =
      leftSecret !== undefined ? leftSecret === rightSecret : leftNamespace === rightNamespace && left.secretKeyRef.name === right.secretKeyRef.name;
    if (sameSecret && left.secretKeyRef.key === right.secretKeyRef.key) return true;
  }
  const leftValue = resolveEnvKey(left, leftNamespace, context.secrets);
  const rightValue = resolveEnvKey(right, rightNamespace, context.secrets);
  return isValue(leftValue) && isValue(rightValue) && leftValue.value === rightValue.value;
}

function isValue(resolution: KeyResolution): resolution is Extract<KeyResolution, { kind: 'value' }> {
  return resolution.kind === 'value';
}

/** Names an env entry's source without its value: `Secret kube-system/pxkeys key "stork-secret"` or `a literal value`. */
export function describeSource(env: ContainerEnv, namespace: string): string {
  if (env.secretKeyRef !== undefined) return `Secret ${qualified(namespace, env.secretKeyRef.name)} key "${env.secretKeyRef.key}"`;
  return env.value !== undefined ? 'a literal value' : 'a source other than a Secret';
}

function qualified(namespace: string, name: string): string {
  return namespace === '' ? name : `${namespace}/${name}`;
}

function describeKeys(secret: BundleSecret): string {
  const keys = [...(secret.keys ?? [])].sort();
  return keys.length === 0 ? 'no keys' : `the keys ${keys.map((key) => JSON.stringify(key)).join(', ')}`;
}
