/**
 * Checks of autopilot in a secured DaemonSet install (PORTWORX-FACTS.md section 11): autopilot calls Portworx as
 * a system app, so its container needs `PX_SHARED_SECRET` from the same key the portworx container trusts for
 * stork (`PORTWORX_AUTH_STORK_KEY` / `PORTWORX_AUTH_SYSTEM_APPS_KEY`), as the operator gives it, and
 * `PX_JWT_ISSUER` set to the issuer Portworx ties to that key. In the operator form the operator wires autopilot
 * itself, and nothing is checked here.
 */
import { PORTWORX_ENV, PX_KEYS_SECRET_NAME, STORK_JWT_ISSUER_ENV, STORK_SECRET_KEY, STORK_SHARED_SECRET_ENV } from '../names';
import { STORK_KEY_ENV } from '../keys/key-env-bindings';
import { appsIssuerFor } from '../spec/autopilot-patch';
import { containerLabel, POD_CONTAINERS_PATH, targetOf } from '../spec/targets';
import { namespaceOf } from './bundle-secrets';
import { containerEnv, PodContainer } from './cluster';
import { AuditContext } from './context';
import { describeSource, sameKeySource } from './daemonset-checks';
import { Finding, findingOn } from './finding';

/** Findings about each autopilot Deployment of a secured DaemonSet install. */
export function autopilotFindings(context: AuditContext): Finding[] {
  const { portworx, security } = context.cluster;
  if (portworx === undefined || security?.form !== 'daemonset' || !security.secured) return [];
  const portworxEnv = containerEnv(portworx);
  const portworxKey = STORK_KEY_ENV.names.map((name) => portworxEnv.get(name)).find((found) => found !== undefined);
  return autopilotContainers(context).flatMap((autopilot): Finding[] => {
    const env = containerEnv(autopilot);
    const sharedSecret = env.get(STORK_SHARED_SECRET_ENV);
    const fix = `add ${STORK_SHARED_SECRET_ENV} from key "${STORK_SECRET_KEY}" of the keys Secret (${PX_KEYS_SECRET_NAME}) and ${STORK_JWT_ISSUER_ENV}, e.g. with "pxsec patch ${autopilot.entry.file} --issuer <issuer>"`;
    if (sharedSecret === undefined) {
      return [
        findingOn(autopilot.entry, {
          code: 'AUTOPILOT_KEY_MISSING',
          severity: 'error',
          field: `${autopilot.label}.env`,
          path: [...autopilot.path, 'env'],
          message: `autopilot has no ${STORK_SHARED_SECRET_ENV} while PX-Security is on, so Portworx refuses autopilot's calls and its rules (volume and pool resizes, rebalancing) do nothing`,
          fix,
        }),
      ];
    }
    const findings: Finding[] = [];
    const namespace = namespaceOf(autopilot.entry.object);
    const portworxNamespace = namespaceOf(portworx.entry.object);
    if (portworxKey !== undefined && !sameKeySource(context, sharedSecret, namespace, portworxKey, portworxNamespace)) {
      findings.push(
        findingOn(autopilot.entry, {
          code: 'AUTOPILOT_KEY_MISSING',
          severity: 'error',
          field: sharedSecret.field,
          path: sharedSecret.path,
          message:
            `autopilot's ${STORK_SHARED_SECRET_ENV} comes from ${describeSource(sharedSecret, namespace)}, but the portworx container's ${portworxKey.name} ` +
            `comes from ${describeSource(portworxKey, portworxNamespace)}: Portworx refuses autopilot's calls unless both are the same key`,
          fix,
        }),
      );
    }
    const issuer = appsIssuerFor(portworxKey?.name ?? PORTWORX_ENV.storkKey);
    const issuerEnv = env.get(STORK_JWT_ISSUER_ENV);
    if (issuerEnv?.value !== issuer && issuerEnv?.secretKeyRef === undefined) {
      findings.push(
        findingOn(autopilot.entry, {
          code: 'AUTOPILOT_ISSUER_MISMATCH',
          severity: 'warning',
          field: issuerEnv?.field ?? `${autopilot.label}.env`,
          path: issuerEnv?.path ?? [...autopilot.path, 'env'],
          message:
            `autopilot's ${STORK_JWT_ISSUER_ENV} is ${issuerEnv?.value === undefined ? 'not set' : JSON.stringify(issuerEnv.value)}, but the portworx container trusts its key ` +
            `(${portworxKey?.name ?? PORTWORX_ENV.storkKey}) for the issuer ${JSON.stringify(issuer)}: tokens autopilot signs with another issuer are refused`,
          fix: `set ${STORK_JWT_ISSUER_ENV} to "${issuer}" in the autopilot container, e.g. with "pxsec patch ${autopilot.entry.file} --issuer <issuer>"`,
        }),
      );
    }
    return findings;
  });
}

/** The autopilot container of every autopilot Deployment in the bundle. */
function autopilotContainers(context: AuditContext): PodContainer[] {
  return context.bundle.objects.flatMap((entry, index): PodContainer[] => {
    let target: ReturnType<typeof targetOf>;
    try {
      target = targetOf(entry.object, entry.file, index);
    } catch {
      return []; // an ambiguous DaemonSet: reported by the cluster checks
    }
    if (target?.kind !== 'autopilot') return [];
    return [
      {
        entry,
        containerIndex: target.containerIndex,
        label: `spec.template.spec.containers[${containerLabel(entry.object, target.containerIndex)}]`,
        path: [...POD_CONTAINERS_PATH, target.containerIndex],
      },
    ];
  });
}
