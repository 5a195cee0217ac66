/**
 * What securing a spec asks for: the issuer, the keys Secret, optional OIDC, public key and username claim,
 * and the operator form's own settings. Validated once, where the settings enter.
 */
import * as path from 'node:path';
import { parseDuration } from '../token/duration';
import { PxSecurityError } from '../errors/errors';
import { GUEST_ACCESS_FIX, guestAccessProblem } from './guest-access';
import { checkIssuer } from '../token/issuer';
import { validateDnsSubdomain } from '../kube/kube-names';
import { GuestAccess, OPERATOR_SHARED_SECRET_NAME, PORTWORX_ENV, PX_KEYS_SECRET_NAME, USERNAME_CLAIMS, UsernameClaim } from '../names';
import { STORK_KEY_ENV } from '../keys/key-env-bindings';
import type { FieldOptions } from '../errors/field-options';

/** An OpenID Connect provider whose tokens Portworx should accept. */
export interface OidcSettings {
  /** The provider's issuer URL (`-oidc_issuer`). */
  readonly issuer: string;
  /** The client ID Portworx presents to the provider (`-oidc_client_id`). */
  readonly clientId: string;
  /** Prefix of the `roles` and `groups` claims (`-oidc_custom_claim_namespace`), kept as written (trailing `/` included). */
  readonly customClaimNamespace?: string;
}

/** A public key that verifies RS256 or ES256 tokens, mounted into the portworx container. */
export interface PublicKeySettings {
  /** The tokens' algorithm: RS256 uses `-jwt_rsa_pubkey_file`, ES256 `-jwt_ecds_pubkey_file`. */
  readonly algorithm: 'RS256' | 'ES256';
  /** Path of the PEM file inside the portworx container, e.g. `/etc/pwx/jwt-public-key.pem`. */
  readonly path: string;
  /** The Secret or ConfigMap (in the portworx namespace) and key that hold the PEM file. */
  readonly from: { readonly kind: 'Secret' | 'ConfigMap'; readonly name: string; readonly key: string };
}

/** How to secure a Portworx spec. */
export interface SecuritySettings {
  /**
   * The issuer Portworx trusts for tokens signed with the shared secret (`-jwt_issuer`, or the operator's
   * `selfSigned.issuer`); every token this library signs carries it. Must not start with `https://` unless
   * OIDC is configured (Portworx reads that as an OIDC issuer).
   */
  readonly issuer: string;
  /**
   * Name of the Secret holding `shared-secret`, `system-secret` and `stork-secret` (DaemonSet form).
   * @default 'pxkeys'
   */
  readonly keysSecretName?: string | undefined;
  /**
   * Env name of the stork key in the portworx container (DaemonSet form).
   * @default PORTWORX_AUTH_STORK_KEY (the docs' DaemonSet walkthrough)
   */
  readonly storkKeyEnv?: 'PORTWORX_AUTH_STORK_KEY' | 'PORTWORX_AUTH_SYSTEM_APPS_KEY' | undefined;
  /** An OIDC provider to trust as well. @default - none */
  readonly oidc?: OidcSettings | undefined;
  /** A public key to verify RS256/ES256 tokens with, mounted into the portworx container. @default - none */
  readonly publicKey?: PublicKeySettings | undefined;
  /** The claim used as user name (`-username_claim`). @default - not set: Portworx uses `sub` */
  readonly usernameClaim?: 'sub' | 'email' | 'name' | undefined;
  /**
   * Operator form: lifetime of the tokens the operator itself mints (written to `selfSigned.tokenLifetime`,
   * openstorage duration such as `24h`); the tokens this library signs have their own (`rotation.lifetime`,
   * `renewal.lifetime`).
   * @default - not set: the operator's default ('24h')
   */
  readonly operatorTokenLifetime?: string | undefined;
  /**
   * Name of the operator's shared-secret Secret, in the StorageCluster's namespace (operator form).
   * @default 'px-shared-secret'
   */
  readonly sharedSecretName?: string | undefined;
  /**
   * What requests without a token may do (case-sensitive). Operator form: written to
   * `spec.security.auth.guestAccess`. DaemonSet form (constructs): not a spec setting; recorded as the declared
   * state on the keys Secret (annotation `px-security-constructs/guest-access`) for the synth's and
   * `pxsec check`'s rules, and applied with `pxctl role update` (see the README).
   * @default - not set: Portworx's default ('Enabled')
   */
  readonly guestAccess?: 'Enabled' | 'Disabled' | 'Managed' | undefined;
}

/** How `pxsec patch` and the `/spec` functions secure a spec file: the settings, and what to do on a conflict. */
export interface SpecPatchSettings extends SecuritySettings {
  /**
   * Replace a different issuer/keys Secret/env already in the spec instead of failing (`pxsec patch --replace`).
   * @default false
   */
  readonly replace?: boolean | undefined;
}

/** Settings with their defaults applied, and which optional ones the caller set. */
export interface ResolvedSecuritySettings {
  /** The issuer to trust. */
  readonly issuer: string;
  /** The keys Secret (default applied). */
  readonly keysSecretName: string;
  /** The stork key's env name in the portworx container (default applied). */
  readonly storkKeyEnv: string;
  /** The OIDC provider, if any. */
  readonly oidc?: OidcSettings;
  /** The public key, if any. */
  readonly publicKey?: PublicKeySettings;
  /** The username claim, if asked. */
  readonly usernameClaim?: UsernameClaim;
  /** The operator's token lifetime, if asked. */
  readonly operatorTokenLifetime?: string;
  /** The operator's shared-secret Secret (default applied). */
  readonly sharedSecretName: string;
  /** The operator's guest access mode, if asked. */
  readonly guestAccess?: GuestAccess;
  /** Whether conflicting values are replaced. */
  readonly replace: boolean;
  /** Settings the caller gave explicitly, for "ignored in this form" warnings. */
  readonly given: readonly (keyof SpecPatchSettings)[];
}

const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const NO_SPACE = /^\S+$/;
const STORK_KEY_ENVS: readonly string[] = STORK_KEY_ENV.names;

/**
 * Validates `settings` and applies the defaults; throws `SPEC_SETTING_INVALID` (or the shared `NAME_INVALID`,
 * `DURATION_INVALID`) naming the setting, under `options.field` when given (a construct's path:
 * `app/portworx.usernameClaim`).
 */
export function resolveSecuritySettings(settings: SpecPatchSettings, options: FieldOptions = {}): ResolvedSecuritySettings {
  const at = (name: string): string => (options.field === undefined ? name : `${options.field}.${name}`);
  if (typeof settings !== 'object' || settings === null) {
    throw invalid(options.field ?? 'settings', settings, 'is not an object', 'pass at least { issuer: "..." }');
  }
  // The cluster's issuer rule; an https:// issuer is a warning of the patch (planSpecSecurity), not an error.
  checkIssuer(settings.issuer, at('issuer'), { oidc: true });
  const keysSecretName = settings.keysSecretName ?? PX_KEYS_SECRET_NAME;
  validateDnsSubdomain(keysSecretName, at('keysSecretName'));
  const storkKeyEnv = settings.storkKeyEnv ?? PORTWORX_ENV.storkKey;
  if (!STORK_KEY_ENVS.includes(storkKeyEnv)) {
    throw invalid(at('storkKeyEnv'), storkKeyEnv, 'is not an env name Portworx reads the stork key from', `use ${STORK_KEY_ENVS.join(' or ')}`);
  }
  const sharedSecretName = settings.sharedSecretName ?? OPERATOR_SHARED_SECRET_NAME;
  validateDnsSubdomain(sharedSecretName, at('sharedSecretName'));
  if (settings.oidc !== undefined) checkOidc(settings.oidc, at);
  if (settings.publicKey !== undefined) checkPublicKey(settings.publicKey, at);
  if (settings.usernameClaim !== undefined && !(USERNAME_CLAIMS as readonly string[]).includes(settings.usernameClaim)) {
    throw invalid(at('usernameClaim'), settings.usernameClaim, 'is not a claim Portworx can use as user name', `use one of ${USERNAME_CLAIMS.join(', ')}`);
  }
  if (settings.operatorTokenLifetime !== undefined) parseDuration(settings.operatorTokenLifetime, { field: at('operatorTokenLifetime') });
  const guestAccessInvalid = settings.guestAccess === undefined ? undefined : guestAccessProblem(settings.guestAccess);
  if (guestAccessInvalid !== undefined) throw invalid(at('guestAccess'), settings.guestAccess, guestAccessInvalid, GUEST_ACCESS_FIX);
  if (settings.replace !== undefined && typeof settings.replace !== 'boolean') {
    throw invalid(at('replace'), settings.replace, 'is not true or false', 'write replace: true to replace what the spec holds, or leave it out');
  }
  const given = (Object.keys(settings) as (keyof SpecPatchSettings)[]).filter((key) => settings[key] !== undefined);
  return {
    issuer: settings.issuer,
    keysSecretName,
    storkKeyEnv,
    ...(settings.oidc !== undefined ? { oidc: settings.oidc } : {}),
    ...(settings.publicKey !== undefined ? { publicKey: settings.publicKey } : {}),
    ...(settings.usernameClaim !== undefined ? { usernameClaim: settings.usernameClaim } : {}),
    ...(settings.operatorTokenLifetime !== undefined ? { operatorTokenLifetime: settings.operatorTokenLifetime } : {}),
    sharedSecretName,
    ...(settings.guestAccess !== undefined ? { guestAccess: settings.guestAccess } : {}),
    replace: settings.replace === true,
    given,
  };
}

function checkOidc(oidc: OidcSettings, at: (name: string) => string): void {
  if (typeof oidc !== 'object' || oidc === null) throw invalid(at('oidc'), oidc, 'is not an object', 'pass { issuer, clientId }');
  requireText(at('oidc.issuer'), oidc.issuer, /^https?:\/\/\S+$/, 'use the provider\'s issuer URL, such as "https://accounts.example.com"');
  requireText(at('oidc.clientId'), oidc.clientId, NO_SPACE, 'use the client ID registered with the provider');
  if (oidc.customClaimNamespace !== undefined) {
    requireText(
      at('oidc.customClaimNamespace'),
      oidc.customClaimNamespace,
      NO_SPACE,
      'use the claim prefix as the provider writes it, such as "https://example.com/"',
    );
  }
}

function checkPublicKey(publicKey: PublicKeySettings, at: (name: string) => string): void {
  if (typeof publicKey !== 'object' || publicKey === null) throw invalid(at('publicKey'), publicKey, 'is not an object', 'pass { algorithm, path, from }');
  if (publicKey.algorithm !== 'RS256' && publicKey.algorithm !== 'ES256') {
    throw invalid(at('publicKey.algorithm'), publicKey.algorithm, 'is not a public-key algorithm Portworx verifies', 'use "RS256" or "ES256"');
  }
  const file = publicKey.path;
  if (
    typeof file !== 'string' ||
    !path.posix.isAbsolute(file) ||
    path.posix.normalize(file) !== file ||
    file.endsWith('/') ||
    path.posix.dirname(file) === '/'
  ) {
    throw invalid(at('publicKey.path'), file, 'is not an absolute file path inside a directory', 'use a path such as "/etc/pwx/jwt/public.pem"');
  }
  const from = publicKey.from;
  if (typeof from !== 'object' || from === null || (from.kind !== 'Secret' && from.kind !== 'ConfigMap')) {
    throw invalid(at('publicKey.from.kind'), from?.kind, 'is not where a public key can come from', 'use "Secret" or "ConfigMap"');
  }
  validateDnsSubdomain(from.name, at('publicKey.from.name'));
  requireText(at('publicKey.from.key'), from.key, SECRET_DATA_KEY, `use the key of the PEM file in the ${from.kind}`);
}

function requireText(field: string, value: unknown, pattern: RegExp, fix: string): void {
  if (typeof value !== 'string' || value === '' || !pattern.test(value)) {
    throw invalid(field, value, typeof value === 'string' && value !== '' ? 'is not valid here' : 'is missing', fix);
  }
}

function invalid(field: string, value: unknown, problem: string, fix: string): PxSecurityError {
  return new PxSecurityError({ code: 'SPEC_SETTING_INVALID', field, value, problem, fix });
}
