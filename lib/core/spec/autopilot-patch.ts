/**
 * Securing autopilot (PORTWORX-FACTS.md section 11): autopilot calls the Portworx SDK as a system app, like stork.
 * The operator gives its container `PX_SHARED_SECRET` from the apps key, the key stork gets
 * (libopenstorage/operator `drivers/storage/portworx/component/autopilot.go`, `setDefaultAutopilotSecret`). In the
 * DaemonSet form that key is `stork-secret` of the keys Secret, which the portworx container trusts as
 * `PORTWORX_AUTH_STORK_KEY` or `PORTWORX_AUTH_SYSTEM_APPS_KEY`; autopilot gets it, and `PX_JWT_ISSUER` set to the
 * issuer Portworx ties to that env name: `stork.openstorage.io` to the stork key (stork's own default),
 * `apps.portworx.io` to the apps key (what the operator gives stork from Portworx 2.6,
 * `drivers/storage/portworx/portworx.go`).
 */
import { APPS_ISSUER, PORTWORX_ENV, STORK_ISSUER, STORK_JWT_ISSUER_ENV, STORK_SECRET_KEY, STORK_SHARED_SECRET_ENV } from '../names';
import { secretKeyEnv, valueEnv } from './named-entries';
import { ContainerPlace, planContainerEnv } from './container-env-plan';
import { PatchPlan } from './patch-plan';
import { ResolvedSecuritySettings } from '../cluster/security-settings';

/** The issuer Portworx trusts for tokens signed with the stork key under the env name `storkKeyEnv`. */
export function appsIssuerFor(storkKeyEnv: string): string {
  return storkKeyEnv === PORTWORX_ENV.systemAppsKey ? APPS_ISSUER : STORK_ISSUER;
}

/** Plans the edits that secure the autopilot container of `objects[index]`; says whether anything changes. */
export function planAutopilot(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  where: ContainerPlace,
  settings: ResolvedSecuritySettings,
): 'patched' | 'already-secured' {
  const planned = planContainerEnv(plan, objects, where, [
    secretKeyEnv(STORK_SHARED_SECRET_ENV, settings.keysSecretName, STORK_SECRET_KEY),
    valueEnv(STORK_JWT_ISSUER_ENV, appsIssuerFor(settings.storkKeyEnv)),
  ]);
  return planned.changed ? 'patched' : 'already-secured';
}
