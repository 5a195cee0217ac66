/**
 * The portworx container's args: the security flags that must be there, and where the spec already has them
 * (`-flag value`, also `--flag value`, `-flag=value` and `--flag=value`, as Go's flag package accepts).
 */
import { PORTWORX_ARGS, PORTWORX_ENV } from '../names';
import { fieldInvalid, PlanTarget } from './patch-plan';
import { describeType, isAbsent } from '../yaml/plain-json';
import { ResolvedSecuritySettings } from '../cluster/security-settings';
import { itemAt } from './item-at';

/** A flag the portworx container must carry, with its value and its env twin (the same setting as env). */
export interface PortworxFlag {
  /** The flag, e.g. `-jwt_issuer`. */
  readonly flag: string;
  /** Its value. */
  readonly value: string;
  /** The env var Portworx also reads for this setting, e.g. `PORTWORX_AUTH_JWT_ISSUER`. */
  readonly envTwin: string;
}

/** Where a flag occurs in the args. */
export interface FlagOccurrence {
  /** Index of the arg that holds the value (the flag's own index for `-flag=value`). */
  readonly valueIndex: number;
  /** The value, or `undefined` when the flag is the last arg. */
  readonly value?: string;
  /** The flag as spelled, with `=` when the value is inline (`--jwt_issuer=`), else `undefined`. */
  readonly inlinePrefix?: string;
}

/** The flags `settings` ask for, in the order they are appended (issuer first, as in the Portworx docs). */
export function portworxFlags(settings: ResolvedSecuritySettings): PortworxFlag[] {
  const flags: PortworxFlag[] = [{ flag: PORTWORX_ARGS.jwtIssuer, value: settings.issuer, envTwin: PORTWORX_ENV.jwtIssuer }];
  if (settings.oidc) {
    flags.push({ flag: PORTWORX_ARGS.oidcIssuer, value: settings.oidc.issuer, envTwin: PORTWORX_ENV.oidcIssuer });
    flags.push({ flag: PORTWORX_ARGS.oidcClientId, value: settings.oidc.clientId, envTwin: PORTWORX_ENV.oidcClientId });
    if (settings.oidc.customClaimNamespace !== undefined) {
      flags.push({ flag: PORTWORX_ARGS.oidcCustomNamespace, value: settings.oidc.customClaimNamespace, envTwin: PORTWORX_ENV.oidcCustomNamespace });
    }
  }
  if (settings.publicKey) {
    flags.push(
      settings.publicKey.algorithm === 'RS256'
        ? { flag: PORTWORX_ARGS.jwtRsaPubkeyFile, value: settings.publicKey.path, envTwin: PORTWORX_ENV.jwtRsaPubkey }
        : { flag: PORTWORX_ARGS.jwtEcdsPubkeyFile, value: settings.publicKey.path, envTwin: PORTWORX_ENV.jwtEcdsPubkey },
    );
  }
  if (settings.usernameClaim !== undefined) {
    flags.push({ flag: PORTWORX_ARGS.usernameClaim, value: settings.usernameClaim, envTwin: PORTWORX_ENV.usernameClaim });
  }
  return flags;
}

/** Checks that `args` is absent or a list of strings; throws `SPEC_FIELD_INVALID` naming the bad item. */
export function checkArgs(args: unknown, target: PlanTarget, path: string): readonly string[] | undefined {
  if (isAbsent(args)) return undefined;
  if (!Array.isArray(args)) {
    throw fieldInvalid(
      target,
      path,
      `is ${describeType(args)}, not a list of strings`,
      'write the args as a list, such as ["-c", "px-cluster", "-x", "kubernetes"]',
    );
  }
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') {
      throw fieldInvalid(target, `${path}[${i}]`, `is ${describeType(arg)} (${JSON.stringify(arg)}), not a string`, 'quote it, so that every arg is a string');
    }
  });
  return args as string[];
}

/** Every occurrence of `flag` in `args`. */
export function findFlag(args: readonly string[], flag: string): FlagOccurrence[] {
  const spellings = [flag, `-${flag}`];
  const found: FlagOccurrence[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = itemAt(args, i, 'args');
    if (spellings.includes(arg)) {
      const value = args[i + 1];
      found.push(value !== undefined ? { valueIndex: i + 1, value } : { valueIndex: i + 1 });
      i++;
      continue;
    }
    const inline = spellings.find((spelling) => arg.startsWith(`${spelling}=`));
    if (inline !== undefined) found.push({ valueIndex: i, value: arg.slice(inline.length + 1), inlinePrefix: `${inline}=` });
  }
  return found;
}
