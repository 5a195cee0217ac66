/**
 * Securing stork (PORTWORX-FACTS.md section 3): its container's env gains `PX_SHARED_SECRET` from the keys
 * Secret's `stork-secret`, and a `PX_JWT_ISSUER` stork would refuse at start-up is an error.
 */
import { PxSecurityError, describeValue } from '../errors/errors';
import { STORK_ALLOWED_ISSUERS, STORK_JWT_ISSUER_ENV, STORK_SECRET_KEY, STORK_SHARED_SECRET_ENV } from '../names';
import { secretKeyEnv } from './named-entries';
import { ContainerPlace, planContainerEnv } from './container-env-plan';
import { PatchPlan, PlanTarget } from './patch-plan';
import { isRecord } from '../yaml/plain-json';
import { ResolvedSecuritySettings } from '../cluster/security-settings';

/** Plans the edits that secure the stork container of `objects[index]`; says whether anything changes. */
export function planStork(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  where: ContainerPlace,
  settings: ResolvedSecuritySettings,
): 'patched' | 'already-secured' {
  const planned = planContainerEnv(plan, objects, where, [secretKeyEnv(STORK_SHARED_SECRET_ENV, settings.keysSecretName, STORK_SECRET_KEY)]);
  checkStorkIssuer(planned.target, planned.container.env, planned.path);
  return planned.changed ? 'patched' : 'already-secured';
}

function checkStorkIssuer(target: PlanTarget, env: unknown, path: string): void {
  if (!Array.isArray(env)) return;
  const entry = (env as unknown[]).find((item) => isRecord(item) && item.name === STORK_JWT_ISSUER_ENV);
  if (!isRecord(entry) || entry.value === undefined || entry.value === null) return;
  if (typeof entry.value === 'string' && STORK_ALLOWED_ISSUERS.includes(entry.value)) return;
  throw new PxSecurityError({
    code: 'SPEC_STORK_ISSUER_INVALID',
    field: `${target.label}: ${path} ${STORK_JWT_ISSUER_ENV}`,
    value: entry.value,
    problem: 'is an issuer stork refuses at start-up',
    fix: `remove ${STORK_JWT_ISSUER_ENV}, or use one of ${STORK_ALLOWED_ISSUERS.filter((issuer) => issuer !== '')
      .map((issuer) => describeValue(issuer))
      .join(', ')}`,
  });
}
