/**
 * A token's subject: who the token speaks for (`name`, `email`, `sub`) and what it may do (`roles`, `groups`).
 *
 * Portworx needs the keys `name`, `email` and `sub` in every token (an empty value passes) and uses `sub`, by
 * default, as the owner of the volumes the token creates, so `sub` must be unique per user. pxctl's
 * auth-config and openstorage-sdk-auth leave `email` as given; when `sub` is empty, openstorage-sdk-auth
 * derives it as base64("openstorage.io/" + name + "/" + email) (`cmd/openstorage-sdk-auth/main.go`), and this
 * library does the same, so a token made here for an auth-config without `sub` carries the `sub` those tools
 * would put in it.
 */
import { nearestChoice } from '../errors/near-miss';
import { PxSecurityError } from '../errors/errors';
import { ALL_GROUPS, DERIVED_SUB_PREFIX, ROLES } from '../names';
import type { FieldOptions } from '../errors/field-options';

/** Who a token speaks for, as written by the user (pxctl's auth-config keys, plus `allowAllGroups`). */
export interface IdentityProps {
  /** The account's name (the `name` claim). Must not be empty. */
  readonly name: string;
  /**
   * The account's email (the `email` claim). Checked loosely (`local@domain`) when given.
   * @default '' (Portworx needs the key, not a value)
   */
  readonly email?: string;
  /**
   * The unique ID of the account (the `sub` claim): Portworx makes it the owner of the volumes the token
   * creates, so two users must never share one.
   * @default - base64 of "openstorage.io/<name>/<email>", as openstorage-sdk-auth derives it
   */
  readonly sub?: string;
  /**
   * Roles of the account: `system.admin`, `system.user`, `system.view`, `system.guest`, or custom roles named as
   * Portworx names them (openstorage `pkg/role`: any name without `/` or a space, such as `tenant.volume-admin` or
   * `volumeAdmin`). Must not be empty: without roles a token can do nothing.
   */
  readonly roles: readonly string[];
  /**
   * Groups the account belongs to; `*` means every resource and goes with `system.admin`.
   * @default []
   */
  readonly groups?: readonly string[];
  /** Allow group '*' with a role other than system.admin. @default false */
  readonly allowAllGroups?: boolean;
}

/** An identity with every default filled in and every rule checked: ready to go into a token. */
export interface Identity {
  /** The `name` claim. */
  readonly name: string;
  /** The `email` claim (may be empty). */
  readonly email: string;
  /** The `sub` claim, never empty. */
  readonly sub: string;
  /** The `roles` claim, never empty. */
  readonly roles: readonly string[];
  /** The `groups` claim (may be empty). */
  readonly groups: readonly string[];
  /**
   * Present (true) when the identity was resolved with `allowAllGroups`, so that resolving it again passes.
   * @default - absent: group '*' only with system.admin
   */
  readonly allowAllGroups?: boolean;
}

/** A system role at most this many edits away from a role name is taken for a typo of it. */
const NEAR_MISS_DISTANCE = 2;

/**
 * The characters a custom role name may not hold: Portworx's one rule on role names (openstorage `pkg/role`,
 * `validateRole`: `strings.ContainsAny(name, "/ ")`; `/` would split its key-value path `cluster/roles/<name>`).
 */
const ROLE_NAME_FORBIDDEN = /[/ ]/;

/** Loose email shape: something, `@`, something, no spaces. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Control characters and unpaired surrogates: JSON encoders disagree on them, and no claim needs them. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cs}]/u;

const SYSTEM_ROLES: readonly string[] = Object.values(ROLES);

/**
 * Validates an identity and fills its defaults.
 *
 * Rules: `name` is a non-empty string; `email`, when given, looks like `local@domain`; `sub` defaults to
 * base64("openstorage.io/<name>/<email>"); `roles` is a non-empty list of the four `system.*` roles or custom
 * role names in Portworx's grammar (not empty, no `/`, no space), and a near miss of a system role (`system.users`, `sytem.admin`, `System.Admin`) is
 * `IDENTITY_ROLE_UNKNOWN` with the right name; `groups` are non-empty strings, and `*` needs `system.admin`
 * unless `allowAllGroups`. No text may hold control characters. A resolved identity resolves to itself.
 *
 * @param props the identity as written
 * @param options `field`: the field or object path of the identity, for messages @default 'identity'
 */
export function resolveIdentity(props: IdentityProps, options: FieldOptions = {}): Identity {
  const field = options.field ?? 'identity';
  if (typeof props !== 'object' || props === null) {
    throw new PxSecurityError({
      code: 'IDENTITY_INVALID',
      field,
      value: props,
      problem: 'is not an identity',
      fix: 'give an object with name, roles and optionally email, sub and groups',
    });
  }
  const name = checkedName(props.name, `${field}.name`);
  const email = checkedEmail(props.email, `${field}.email`);
  const roles = checkedRoles(props.roles, `${field}.roles`);
  const groups = checkedGroups(props.groups, `${field}.groups`);
  const allowAllGroups = props.allowAllGroups === true;
  if (groups.includes(ALL_GROUPS) && !roles.includes(ROLES.admin) && !allowAllGroups) {
    throw new PxSecurityError({
      code: 'IDENTITY_ALL_GROUPS_NOT_ADMIN',
      field: `${field}.groups`,
      value: groups,
      problem: `holds "${ALL_GROUPS}" (every resource) but roles ${JSON.stringify(roles)} do not include ${ROLES.admin}`,
      fix: `add "${ROLES.admin}" to roles, name the groups this account needs, or set allowAllGroups: true if "${ALL_GROUPS}" is meant`,
    });
  }
  const sub = checkedSub(props.sub, `${field}.sub`) ?? derivedSub(name, email);
  const identity: Identity = { name, email, sub, roles, groups };
  return allowAllGroups ? { ...identity, allowAllGroups } : identity;
}

/** openstorage-sdk-auth's `sub` for an account without one: base64 of "openstorage.io/<name>/<email>". */
function derivedSub(name: string, email: string): string {
  return Buffer.from(`${DERIVED_SUB_PREFIX}${name}/${email}`, 'utf8').toString('base64');
}

function checkedName(name: unknown, field: string): string {
  const text = checkedText(name, field, 'the account name, such as "tenant-a"');
  if (text.trim() === '') {
    throw new PxSecurityError({
      code: 'IDENTITY_NAME_EMPTY',
      field,
      value: text,
      problem: 'is empty',
      fix: 'give the account a name, such as "tenant-a"',
    });
  }
  return text;
}

function checkedEmail(email: unknown, field: string): string {
  if (email === undefined || email === '') return '';
  const text = checkedText(email, field, 'an email address such as "tenant-a@example.com", or leave it out');
  if (!EMAIL_PATTERN.test(text)) {
    throw new PxSecurityError({
      code: 'IDENTITY_EMAIL_INVALID',
      field,
      value: text,
      problem: 'does not look like an email address',
      fix: 'write it as local@domain, such as "tenant-a@example.com", or leave it out',
    });
  }
  return text;
}

/** The given `sub`, or `undefined` when it is absent or empty (then it is derived). */
function checkedSub(sub: unknown, field: string): string | undefined {
  if (sub === undefined || sub === '') return undefined;
  const text = checkedText(sub, field, 'a unique ID for the account, or leave it out to derive one from name and email');
  if (text.trim() === '') {
    throw new PxSecurityError({
      code: 'IDENTITY_SUB_INVALID',
      field,
      value: text,
      problem: 'is blank; Portworx makes sub the owner of volumes',
      fix: 'give a unique ID for the account, or leave sub out to derive one from name and email',
    });
  }
  return text;
}

function checkedRoles(roles: unknown, field: string): string[] {
  if (!Array.isArray(roles)) {
    throw new PxSecurityError({
      code: 'IDENTITY_ROLES_INVALID',
      field,
      value: roles,
      problem: 'is not a list of role names',
      fix: `write a list such as ["${ROLES.user}"]`,
    });
  }
  if (roles.length === 0) {
    throw new PxSecurityError({
      code: 'IDENTITY_ROLES_EMPTY',
      field,
      value: roles,
      problem: 'is empty; a token without roles can do nothing',
      fix: `give at least one role, such as ["${ROLES.user}"]`,
    });
  }
  return roles.map((role, index) => checkedRole(role, `${field}[${index}]`));
}

function checkedRole(role: unknown, field: string): string {
  const text = checkedText(role, field, `a role name such as "${ROLES.user}"`);
  if (SYSTEM_ROLES.includes(text)) return text;
  const nearest = nearestSystemRole(text);
  if (nearest !== undefined) {
    throw new PxSecurityError({
      code: 'IDENTITY_ROLE_UNKNOWN',
      field,
      value: text,
      problem: `is not a Portworx role (did you mean "${nearest}"?)`,
      fix: `use "${nearest}", or one of ${SYSTEM_ROLES.join(', ')}`,
    });
  }
  if (text === '' || ROLE_NAME_FORBIDDEN.test(text)) {
    throw new PxSecurityError({
      code: 'IDENTITY_ROLE_INVALID',
      field,
      value: text,
      problem: text === '' ? 'is not a role name: it is empty' : 'is not a role name Portworx can hold: a role name may not contain "/" or a space',
      fix: `use one of ${SYSTEM_ROLES.join(', ')}, or a custom role without "/" or spaces, such as "tenant.volume-admin" (openstorage pkg/role)`,
    });
  }
  return text;
}

function checkedGroups(groups: unknown, field: string): string[] {
  if (groups === undefined) return [];
  if (!Array.isArray(groups)) {
    throw new PxSecurityError({
      code: 'IDENTITY_GROUPS_INVALID',
      field,
      value: groups,
      problem: 'is not a list of group names',
      fix: 'write a list such as ["developers"], or leave groups out',
    });
  }
  return groups.map((group, index) => {
    const text = checkedText(group, `${field}[${index}]`, 'a group name such as "developers"');
    if (text.trim() === '') {
      throw new PxSecurityError({
        code: 'IDENTITY_GROUPS_INVALID',
        field: `${field}[${index}]`,
        value: text,
        problem: 'is empty',
        fix: 'give the group a name, such as "developers", or remove the entry',
      });
    }
    return text;
  });
}

/** A string without control characters, else `IDENTITY_VALUE_INVALID` saying what was expected. */
function checkedText(value: unknown, field: string, expected: string): string {
  if (typeof value !== 'string') {
    throw new PxSecurityError({ code: 'IDENTITY_VALUE_INVALID', field, value, problem: 'is not a string', fix: `give ${expected}` });
  }
  if (UNSAFE_TEXT.test(value)) {
    throw new PxSecurityError({
      code: 'IDENTITY_VALUE_INVALID',
      field,
      value,
      problem: 'holds a control character or an unpaired surrogate',
      fix: `give ${expected}, in printable characters only`,
    });
  }
  return value;
}

/** The system role a role name is a typo of (case ignored, at most 2 edits), if any. */
function nearestSystemRole(role: string): string | undefined {
  return nearestChoice(role, SYSTEM_ROLES, { maxEdits: NEAR_MISS_DISTANCE });
}
