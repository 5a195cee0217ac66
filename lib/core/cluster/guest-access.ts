/**
 * Guest access: the one home of its rules, used by `pxsec patch` settings, the plan (and so the constructs),
 * the synth (`SecurityModel`) and `pxsec check`.
 *
 * 1. The mode: exactly `Enabled`, `Disabled` or `Managed` (case-sensitive, PORTWORX-FACTS.md section 7), with
 *    a did-you-mean for a case variant.
 * 2. Classes without auth (PORTWORX-FACTS.md section 10). A request without a token runs as `system.guest`.
 *    With guest access enabled (the operator's default), a class without auth makes volumes owned by no one
 *    (public) and snapshots taken as the guest; with it disabled, Portworx refuses them. So: a class without
 *    auth is an error when guest access is `Disabled`, else a warning; and guest access left `Enabled` (or
 *    unset) while such classes exist is a warning on the cluster.
 */
import { AuthClassKind, CLASS_KINDS } from '../classes/class-kinds';
import { PxErrorCode } from '../errors/error-catalogue';
import { GUEST_ACCESS_MODES, GuestAccess, ROLES } from '../names';
import { nearestChoice } from '../errors/near-miss';

// ---- The mode -------------------------------------------------------------------------------------------

/** How to fix a bad guest access mode. */
export const GUEST_ACCESS_FIX = `use one of ${GUEST_ACCESS_MODES.join(', ')} (case-sensitive)`;

/** True when `value` is a guest access mode the operator accepts. */
export function isGuestAccess(value: unknown): value is GuestAccess {
  return typeof value === 'string' && (GUEST_ACCESS_MODES as readonly string[]).includes(value);
}

/** Why `value` is not a guest access mode, in words that follow the field name; undefined when it is one. */
export function guestAccessProblem(value: unknown): string | undefined {
  if (isGuestAccess(value)) return undefined;
  const match = typeof value === 'string' ? nearestChoice(value, GUEST_ACCESS_MODES, { maxEdits: 0 }) : undefined;
  return match !== undefined ? `is not a guest access mode: the field is case-sensitive (did you mean "${match}"?)` : 'is not a guest access mode';
}

// ---- Classes without auth -------------------------------------------------------------------------------

/** A Portworx class that names no token Secret. */
export interface AuthlessClass {
  readonly kind: AuthClassKind;
  /** The class's name. */
  readonly name: string;
}

/** A guest access problem, on a class (`className`) or on the cluster. */
export interface GuestAccessProblem {
  /** `STORAGECLASS_NO_AUTH`, `VOLUMESNAPSHOTCLASS_NO_AUTH` or `GUEST_ACCESS_ENABLED`. */
  readonly code: PxErrorCode;
  readonly severity: 'error' | 'warning';
  /** The class at fault; absent for the cluster-wide `GUEST_ACCESS_ENABLED`. */
  readonly className?: string;
  readonly kind?: AuthClassKind;
  /** What is wrong (the caller prefixes the object). */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The `pxctl` command that sets the guest role to what `mode` means (the operator's own rules for the role). */
export function guestAccessCommand(mode: 'Enabled' | 'Disabled'): string {
  const rules =
    mode === 'Disabled'
      ? [{ services: ['!*'], apis: ['!*'] }]
      : [
          { services: ['mountattach', 'volume', 'cloudbackup', 'migrate'], apis: ['*'] },
          { services: ['identity'], apis: ['version'] },
          { services: ['cluster', 'node'], apis: ['inspect*', 'enumerate*'] },
        ];
  return `echo '${JSON.stringify({ name: ROLES.guest, rules })}' > guest.json && pxctl role update --role-config guest.json`;
}

/**
 * The problems of `authless` classes under `guestAccess` (`undefined`: not declared, which Portworx treats as
 * `Enabled`), in class order, the cluster's warning last.
 */
export function guestAccessProblems(guestAccess: GuestAccess | undefined, authless: readonly AuthlessClass[]): GuestAccessProblem[] {
  const problems: GuestAccessProblem[] = authless.map((authlessClass) => classProblem(guestAccess, authlessClass));
  if ((guestAccess === undefined || guestAccess === 'Enabled') && authless.length > 0) {
    const names = authless.map((c) => `${c.kind} ${c.name}`).join(', ');
    problems.push({
      code: 'GUEST_ACCESS_ENABLED',
      severity: 'warning',
      message:
        `guest access is ${guestAccess === undefined ? 'not set, so enabled (the default)' : 'Enabled'} while ${names} ` +
        `name${authless.length === 1 ? 's' : ''} no token: requests without a token run as ${ROLES.guest} and their volumes are public`,
      fix: 'give every class a token, then set guestAccess: Disabled',
    });
  }
  return problems;
}

function classProblem(guestAccess: GuestAccess | undefined, authlessClass: AuthlessClass): GuestAccessProblem {
  const what = CLASS_KINDS[authlessClass.kind].products;
  const fix =
    authlessClass.kind === 'StorageClass'
      ? "give the class a token (token: { kind: 'per-tenant' } or a fixed Secret)"
      : "give the class a token (token: { kind: 'per-tenant' } or a fixed Secret: the snapshotter-secret pair)";
  const base = { code: CLASS_KINDS[authlessClass.kind].codes.noAuth, className: authlessClass.name, kind: authlessClass.kind, fix };
  if (guestAccess === 'Disabled') {
    return {
      ...base,
      severity: 'error',
      message: `the class names no token Secret and guest access is Disabled, so Portworx refuses every one of its ${what}`,
    };
  }
  if (guestAccess === 'Managed') {
    return {
      ...base,
      severity: 'warning',
      message: `the class names no token Secret, so its ${what} are made as ${ROLES.guest}, whose rights are managed by hand (guest access Managed)`,
    };
  }
  return {
    ...base,
    severity: 'warning',
    message:
      authlessClass.kind === 'StorageClass'
        ? `the class names no token Secret, so Portworx creates its volumes as the guest user (${ROLES.guest}), owned by no one`
        : `the class names no token Secret, so the CSI snapshotter takes its snapshots as the guest user (${ROLES.guest})`,
  };
}
