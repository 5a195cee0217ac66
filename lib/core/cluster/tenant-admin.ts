/**
 * A tenant's token with the role `system.admin`: Portworx then lets that tenant act on every volume of every
 * tenant (and on the cluster), which defeats the tenancy. Legal, so a warning, with one code and text in the
 * synth (`SecurityModel.warnings()`) and in `pxsec check` (a token Secret outside the Portworx namespaces).
 */
import { PxSecurityError } from '../errors/errors';
import { ROLES } from '../names';

/** The `TENANT_TOKEN_ADMIN` warning about the tenant token at `field` (a construct path or `Secret ns/name`). */
export function tenantAdminWarning(field: string): PxSecurityError {
  return new PxSecurityError({
    code: 'TENANT_TOKEN_ADMIN',
    field,
    problem: `is a tenant's token with the role ${ROLES.admin}: that tenant can then read, change and delete every tenant's volumes`,
    fix: `give tenants ${ROLES.user} (or a custom role); keep ${ROLES.admin} for the storage administrator's token in the Portworx namespace`,
  });
}
