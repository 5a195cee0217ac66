/**
 * The operator's `spec.security.auth.guestAccess`: exactly `Enabled`, `Disabled` or `Managed` (case-sensitive,
 * PORTWORX-FACTS.md section 7). One rule, used by `pxsec patch` settings and by `pxsec check`.
 */
import { GUEST_ACCESS_MODES, GuestAccess } from './names';

/** How to fix a bad guest access mode. */
export const GUEST_ACCESS_FIX = `use one of ${GUEST_ACCESS_MODES.join(', ')} (case-sensitive)`;

/** True when `value` is a guest access mode the operator accepts. */
export function isGuestAccess(value: unknown): value is GuestAccess {
  return typeof value === 'string' && (GUEST_ACCESS_MODES as readonly string[]).includes(value);
}

/** Why `value` is not a guest access mode, in words that follow the field name; undefined when it is one. */
export function guestAccessProblem(value: unknown): string | undefined {
  if (isGuestAccess(value)) return undefined;
  const match = typeof value === 'string' ? GUEST_ACCESS_MODES.find((mode) => mode.toLowerCase() === value.toLowerCase()) : undefined;
  return match !== undefined ? `is not a guest access mode: the field is case-sensitive (did you mean "${match}"?)` : 'is not a guest access mode';
}
