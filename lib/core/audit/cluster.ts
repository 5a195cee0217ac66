/**
 * The cluster's security as a bundle describes it: which object configures Portworx (the portworx DaemonSet or
 * the operator's StorageCluster), whether PX-Security is on, the issuers Portworx trusts, the claim it takes as
 * user name, and the shared secret when the bundle holds it. Token and StorageClass checks read this picture.
 */
import { isPxSecurityError, PxSecurityError } from '../errors/errors';
import { isGuestAccess } from '../cluster/guest-access';
import {
  GUEST_ACCESS_ANNOTATION,
  GuestAccess,
  OPERATOR_ISSUER,
  OPERATOR_SHARED_SECRET_NAME,
  PORTWORX_ARGS,
  PORTWORX_ENV,
  SHARED_SECRET_KEY,
  USERNAME_CLAIMS,
  UsernameClaim,
} from '../names';
import { findFlag } from '../spec/container-args';
import { isRecord, PathSegment, valueAt } from '../yaml/plain-json';
import { containerLabel, findPortworxTargets, POD_CONTAINERS_PATH } from '../spec/targets';
import { Bundle, BundleObject } from './bundle';
import { BundleSecret, namespaceOf, SecretIndex } from './bundle-secrets';

/** A container of a DaemonSet's or Deployment's pod template. */
export interface PodContainer {
  /** The DaemonSet or Deployment. */
  readonly entry: BundleObject;
  /** Index of the container in the pod template. */
  readonly containerIndex: number;
  /** The container as shown in fields, e.g. `spec.template.spec.containers[portworx]`. */
  readonly label: string;
  /** The container's path in the object. */
  readonly path: readonly PathSegment[];
}

/** One env entry of a container. */
export interface ContainerEnv {
  /** The variable's name. */
  readonly name: string;
  /** The entry as shown in fields, e.g. `spec.template.spec.containers[portworx].env[PORTWORX_AUTH_SYSTEM_KEY]`. */
  readonly field: string;
  /** The entry's path in the object. */
  readonly path: readonly PathSegment[];
  /** The literal `value`, when the entry has one. Secret for key variables: never show it. */
  readonly value?: string;
  /** The `valueFrom.secretKeyRef`, when the entry has a well-formed one. */
  readonly secretKeyRef?: { readonly name: string; readonly key: string };
}

/** Where the value of a key variable comes from, as far as the bundle tells. */
export type KeyResolution =
  | {
      /** A literal value, or a plain Secret's readable value. */
      readonly kind: 'value';
      /** The value. Secret: never show it. */
      readonly value: string;
      /** The Secret it was read from (none for a literal). */
      readonly secret?: BundleSecret;
    }
  | {
      /** A key of a SealedSecret or ExternalSecret: there, value not in the bundle. */
      readonly kind: 'hidden';
      /** The Secret that holds it. */
      readonly secret: BundleSecret;
    }
  | {
      /** A Secret the bundle does not make: created some other way, or missing. */
      readonly kind: 'external';
      /** The Secret's namespace (the referring object's). */
      readonly namespace: string;
      /** The Secret's name. */
      readonly name: string;
      /** The key read from it. */
      readonly key: string;
    }
  | {
      /** The Secret is in the bundle but has no such key. */
      readonly kind: 'key-missing';
      /** The Secret. */
      readonly secret: BundleSecret;
      /** The key it lacks. */
      readonly key: string;
    }
  | {
      /** The Secret has the key, with a value the API server refuses (reported by the key checks). */
      readonly kind: 'invalid';
      /** The Secret. */
      readonly secret: BundleSecret;
    }
  | {
      /** Any other source (`configMapKeyRef`, `fieldRef`, a malformed reference), or no source at all. */
      readonly kind: 'unknown';
    };

/** What configures PX-Security, and what it says. */
export interface ClusterSecurity {
  /** The portworx DaemonSet or the StorageCluster. */
  readonly entry: BundleObject;
  /** `daemonset`: the DaemonSet install of the Portworx docs; `operator`: a StorageCluster. */
  readonly form: 'daemonset' | 'operator';
  /** Whether PX-Security is on (an issuer or OIDC configured; `spec.security.enabled: true`). */
  readonly secured: boolean;
  /** The issuers Portworx trusts (self-signed and OIDC). */
  readonly issuers: readonly string[];
  /** The OIDC issuer, when configured: its tokens are checked with the provider's keys, not the cluster's. */
  readonly oidcIssuer?: string;
  /**
   * Which public keys Portworx is given for self-signed RS* and ES* tokens (`-jwt_rsa_pubkey_file`,
   * `-jwt_ecds_pubkey_file` or their env twins): without one, Portworx refuses such tokens ("key is of invalid type").
   */
  readonly publicKeys: { readonly rsa: boolean; readonly ecdsa: boolean };
  /** The claim Portworx takes as user name, when configured. */
  readonly usernameClaim?: UsernameClaim;
  /** The shared secret that signs user tokens, when the bundle holds it. Secret: never show it. */
  readonly sharedSecret?: string;
  /** True when the declared guest access is `Disabled`: classes without a token then make no volume. */
  readonly guestAccessDisabled: boolean;
  /**
   * The declared guest access: a StorageCluster's `spec.security.auth.guestAccess`; in the DaemonSet form, the
   * `px-security-constructs/guest-access` annotation of the keys Secret the shared secret comes from.
   * `undefined`: not declared (Portworx's default, `Enabled`).
   */
  readonly guestAccess?: GuestAccess;
}

/** The Portworx objects of a bundle and the security they configure. */
export interface Cluster {
  /** The portworx container of the portworx DaemonSet. */
  readonly portworx?: PodContainer;
  /** The stork container of the stork Deployment. */
  readonly stork?: PodContainer;
  /** The operator's StorageCluster. */
  readonly storageCluster?: BundleObject;
  /** The security picture: from the DaemonSet, else from the StorageCluster (whichever has security on first). */
  readonly security?: ClusterSecurity;
  /** Why the Portworx objects could not be told apart (`SPEC_TARGET_AMBIGUOUS`), when they could not. */
  readonly ambiguity?: PxSecurityError;
}

/** The guest access mode under which Portworx refuses requests without a token. */
const GUEST_ACCESS_DISABLED: GuestAccess = 'Disabled';

/** Reads the Portworx objects of `bundle` and the security they configure. */
export function readCluster(bundle: Bundle, secrets: SecretIndex): Cluster {
  let targets: ReturnType<typeof findPortworxTargets>;
  try {
    targets = findPortworxTargets(
      bundle.objects.map((entry) => entry.object),
      'the bundle',
    );
  } catch (error) {
    if (!isPxSecurityError(error)) throw error;
    if (error.code === 'SPEC_NO_PORTWORX') return {};
    return { ambiguity: error };
  }
  const daemonSet = targets.daemonSet && bundle.objects[targets.daemonSet.index];
  const storkDeployment = targets.stork && bundle.objects[targets.stork.index];
  const portworx = targets.daemonSet && daemonSet && podContainer(daemonSet, targets.daemonSet.containerIndex);
  const stork = targets.stork && storkDeployment && podContainer(storkDeployment, targets.stork.containerIndex);
  const storageCluster = targets.storageCluster && bundle.objects[targets.storageCluster.index];
  const candidates = [portworx && daemonSetSecurity(portworx, secrets), storageCluster && storageClusterSecurity(storageCluster, secrets)].filter(
    (candidate): candidate is ClusterSecurity => candidate !== undefined,
  );
  const security = candidates.find((candidate) => candidate.secured) ?? candidates[0];
  return { ...(portworx ? { portworx } : {}), ...(stork ? { stork } : {}), ...(storageCluster ? { storageCluster } : {}), ...(security ? { security } : {}) };
}

/** The container at `containerIndex` of a DaemonSet's or Deployment's pod template. */
function podContainer(entry: BundleObject, containerIndex: number): PodContainer {
  return {
    entry,
    containerIndex,
    label: `spec.template.spec.containers[${containerLabel(entry.object, containerIndex)}]`,
    path: [...POD_CONTAINERS_PATH, containerIndex],
  };
}

/** The string args of a container (anything else in the list is skipped). */
export function containerArgs(container: PodContainer): string[] {
  const args = valueAt(container.entry.object, [...container.path, 'args']);
  return Array.isArray(args) ? args.filter((arg): arg is string => typeof arg === 'string') : [];
}

/** The env entries of a container by name (a repeated name keeps the last entry, as Kubernetes does). */
export function containerEnv(container: PodContainer): Map<string, ContainerEnv> {
  return envEntries(valueAt(container.entry.object, [...container.path, 'env']), `${container.label}.env`, [...container.path, 'env']);
}

/** The env entries of a list (a container's `env`, a StorageCluster's `spec.env`) by name. */
export function envEntries(list: unknown, label: string, path: readonly PathSegment[]): Map<string, ContainerEnv> {
  const entries = new Map<string, ContainerEnv>();
  if (!Array.isArray(list)) return entries;
  list.forEach((item, index) => {
    if (!isRecord(item) || typeof item.name !== 'string') return;
    const ref = valueAt(item, ['valueFrom', 'secretKeyRef']);
    const secretKeyRef = isRecord(ref) && typeof ref.name === 'string' && typeof ref.key === 'string' ? { name: ref.name, key: ref.key } : undefined;
    entries.set(item.name, {
      name: item.name,
      field: `${label}[${item.name}]`,
      path: [...path, index],
      ...(typeof item.value === 'string' ? { value: item.value } : {}),
      ...(secretKeyRef ? { secretKeyRef } : {}),
    });
  });
  return entries;
}

/** Where the env entry `env` of an object in `namespace` takes its value from. */
export function resolveEnvKey(env: ContainerEnv, namespace: string, secrets: SecretIndex): KeyResolution {
  if (env.secretKeyRef === undefined) return env.value === undefined ? { kind: 'unknown' } : { kind: 'value', value: env.value };
  return resolveSecretKey(namespace, env.secretKeyRef.name, env.secretKeyRef.key, secrets);
}

/** The value of `key` in the Secret `namespace/name`, as far as the bundle tells. */
function resolveSecretKey(namespace: string, name: string, key: string, secrets: SecretIndex): KeyResolution {
  const secret = secrets.find(namespace, name);
  if (secret === undefined) return { kind: 'external', namespace, name, key };
  const value = secret.value(key);
  switch (value.kind) {
    case 'value':
      return { kind: 'value', value: value.value, secret };
    case 'hidden':
      return { kind: 'hidden', secret };
    case 'invalid':
      return { kind: 'invalid', secret };
    default:
      return secret.keys === undefined ? { kind: 'hidden', secret } : { kind: 'key-missing', secret, key };
  }
}

/** The value of a flag in `args` (the last one wins, as with Go's flag package), else the literal value of its env twin. */
export function flagOrEnv(args: readonly string[], env: ReadonlyMap<string, ContainerEnv>, flag: string, envName: string): string | undefined {
  const occurrences = findFlag(args, flag);
  const fromArgs = occurrences[occurrences.length - 1];
  if (fromArgs !== undefined) return fromArgs.value ?? '';
  return env.get(envName)?.value;
}

function daemonSetSecurity(portworx: PodContainer, secrets: SecretIndex): ClusterSecurity {
  const args = containerArgs(portworx);
  const env = containerEnv(portworx);
  const issuer = flagOrEnv(args, env, PORTWORX_ARGS.jwtIssuer, PORTWORX_ENV.jwtIssuer);
  const oidcIssuer = flagOrEnv(args, env, PORTWORX_ARGS.oidcIssuer, PORTWORX_ENV.oidcIssuer);
  const usernameClaim = flagOrEnv(args, env, PORTWORX_ARGS.usernameClaim, PORTWORX_ENV.usernameClaim);
  const rsa = flagOrEnv(args, env, PORTWORX_ARGS.jwtRsaPubkeyFile, PORTWORX_ENV.jwtRsaPubkey);
  const ecdsa = flagOrEnv(args, env, PORTWORX_ARGS.jwtEcdsPubkeyFile, PORTWORX_ENV.jwtEcdsPubkey);
  const sharedSecretEnv = env.get(PORTWORX_ENV.sharedSecret);
  const sharedSecret = sharedSecretEnv && resolveEnvKey(sharedSecretEnv, namespaceOf(portworx.entry.object), secrets);
  const keysSecret = sharedSecretEnv?.secretKeyRef && secrets.find(namespaceOf(portworx.entry.object), sharedSecretEnv.secretKeyRef.name);
  const guestAccess = keysSecret && guestAccessMode(secretAnnotation(keysSecret.entry.object, keysSecret.form, GUEST_ACCESS_ANNOTATION));
  return {
    entry: portworx.entry,
    form: 'daemonset',
    secured: issuer !== undefined || oidcIssuer !== undefined,
    issuers: [issuer, oidcIssuer].filter((value): value is string => value !== undefined && value !== ''),
    ...(oidcIssuer !== undefined && oidcIssuer !== '' ? { oidcIssuer } : {}),
    publicKeys: { rsa: rsa !== undefined && rsa !== '', ecdsa: ecdsa !== undefined && ecdsa !== '' },
    ...(isUsernameClaim(usernameClaim) ? { usernameClaim } : {}),
    ...(sharedSecret?.kind === 'value' ? { sharedSecret: sharedSecret.value } : {}),
    guestAccessDisabled: guestAccess === GUEST_ACCESS_DISABLED,
    ...(guestAccess !== undefined ? { guestAccess } : {}),
  };
}

function storageClusterSecurity(entry: BundleObject, secrets: SecretIndex): ClusterSecurity {
  const object = entry.object;
  const env = envEntries(valueAt(object, ['spec', 'env']), 'spec.env', ['spec', 'env']);
  const issuer = valueAt(object, ['spec', 'security', 'auth', 'selfSigned', 'issuer']);
  const envIssuer = env.get(PORTWORX_ENV.jwtIssuer)?.value;
  const oidcIssuer = env.get(PORTWORX_ENV.oidcIssuer)?.value;
  const usernameClaim = env.get(PORTWORX_ENV.usernameClaim)?.value;
  const sharedSecret = resolveSecretKey(namespaceOf(object), operatorSharedSecretName(object), SHARED_SECRET_KEY, secrets);
  const guestAccess = guestAccessMode(valueAt(object, ['spec', 'security', 'auth', 'guestAccess']));
  return {
    entry,
    form: 'operator',
    secured: valueAt(object, ['spec', 'security', 'enabled']) === true,
    issuers: [typeof issuer === 'string' && issuer !== '' ? issuer : OPERATOR_ISSUER, envIssuer, oidcIssuer].filter(
      (value, i, all): value is string => value !== undefined && value !== '' && all.indexOf(value) === i,
    ),
    ...(oidcIssuer !== undefined && oidcIssuer !== '' ? { oidcIssuer } : {}),
    publicKeys: { rsa: isSet(env.get(PORTWORX_ENV.jwtRsaPubkey)), ecdsa: isSet(env.get(PORTWORX_ENV.jwtEcdsPubkey)) },
    ...(isUsernameClaim(usernameClaim) ? { usernameClaim } : {}),
    ...(sharedSecret.kind === 'value' ? { sharedSecret: sharedSecret.value } : {}),
    guestAccessDisabled: guestAccess === GUEST_ACCESS_DISABLED,
    ...(guestAccess !== undefined ? { guestAccess } : {}),
  };
}

/** The name of a StorageCluster's shared-secret Secret (`selfSigned.sharedSecret`, default `px-shared-secret`). */
export function operatorSharedSecretName(storageCluster: Record<string, unknown>): string {
  const name = valueAt(storageCluster, ['spec', 'security', 'auth', 'selfSigned', 'sharedSecret']);
  return typeof name === 'string' && name !== '' ? name : OPERATOR_SHARED_SECRET_NAME;
}

/** `value` if it is a guest access mode (case-sensitive, as the operator reads it). */
function guestAccessMode(value: unknown): GuestAccess | undefined {
  return isGuestAccess(value) ? value : undefined;
}

/** An annotation of the Secret a Secret, SealedSecret or ExternalSecret makes (its template's, for the latter two). */
function secretAnnotation(object: Record<string, unknown>, form: 'Secret' | 'SealedSecret' | 'ExternalSecret', key: string): unknown {
  const metadata: PathSegment[] =
    form === 'Secret' ? ['metadata'] : form === 'SealedSecret' ? ['spec', 'template', 'metadata'] : ['spec', 'target', 'template', 'metadata'];
  return valueAt(object, [...metadata, 'annotations', key]);
}

/** An env entry with a non-empty literal value or any other source (a ConfigMap, a Secret). */
function isSet(env: ContainerEnv | undefined): boolean {
  return env !== undefined && (env.value === undefined || env.value !== '');
}

function isUsernameClaim(value: string | undefined): value is UsernameClaim {
  return value !== undefined && (USERNAME_CLAIMS as readonly string[]).includes(value);
}
