/**
 * Securing the portworx DaemonSet (PORTWORX-FACTS.md section 2): the portworx container's args gain
 * `-jwt_issuer` (and the OIDC, public-key and username-claim flags when asked), its env gains the three keys
 * from the keys Secret, and a public key is mounted where asked. Nothing else in the DaemonSet is touched.
 */
import { describeValue } from '../errors/errors';
import { PUBLIC_KEY_VOLUME_NAME } from '../names';
import { checkArgs, findFlag, PortworxFlag, portworxFlags } from './container-args';
import { publicKeyMount, publicKeyPodVolume, secretKeyEnv, secretKeyEnvWithAlternates } from './named-entries';
import { fieldInvalid, PatchPlan, PlanTarget } from './patch-plan';
import { PathSegment, isRecord, valueAt } from '../yaml/plain-json';
import { ResolvedSecuritySettings } from '../cluster/security-settings';
import { containerLabel, describeObject, POD_CONTAINERS_PATH } from './targets';
import { KEY_ENV_BINDINGS } from '../keys/key-env-bindings';

/** What planning the DaemonSet found out. */
export interface DaemonSetFindings {
  /** The issuer the portworx container trusted before patching (`-jwt_issuer`, or its env twin). */
  readonly existingIssuer?: string;
}

/** Plans the edits that secure the portworx container of `objects[index]`. */
export function planDaemonSet(
  plan: PatchPlan,
  objects: readonly Record<string, unknown>[],
  where: { readonly index: number; readonly containerIndex: number },
  settings: ResolvedSecuritySettings,
): DaemonSetFindings {
  const object = objects[where.index];
  const target: PlanTarget = { object: where.index, label: describeObject(object, where.index) };
  const containerPath: PathSegment[] = [...POD_CONTAINERS_PATH, where.containerIndex];
  const container = valueAt(object, containerPath) as Record<string, unknown>;
  const label = `spec.template.spec.containers[${containerLabel(object, where.containerIndex)}]`;
  const flags = portworxFlags(settings);

  const issuerFromArgs = planFlags(plan, target, container, containerPath, `${label}.args`, flags);
  // The stork key goes under the chosen name; an entry under its other name is replaced.
  plan.ensureNamedEntries(
    target,
    container,
    containerPath,
    'env',
    `${label}.env`,
    KEY_ENV_BINDINGS.map((binding) => {
      const name = binding.key === 'stork' ? settings.storkKeyEnv : (binding.names[0] as string);
      const otherNames = binding.names.filter((other) => other !== name);
      return otherNames.length === 0
        ? secretKeyEnv(name, settings.keysSecretName, binding.secretKey)
        : secretKeyEnvWithAlternates(name, settings.keysSecretName, binding.secretKey, otherNames);
    }),
  );
  const issuerFromEnv = planEnvTwins(plan, target, container, containerPath, `${label}.env`, flags);

  if (settings.publicKey) {
    const mount = publicKeyMount(settings.publicKey);
    checkMountPathFree(target, container, settings.publicKey.path, `${label}.volumeMounts`);
    plan.ensureNamedEntries(target, container, containerPath, 'volumeMounts', `${label}.volumeMounts`, [mount]);
    const podSpecPath = POD_CONTAINERS_PATH.slice(0, -1);
    const podSpec = valueAt(object, podSpecPath) as Record<string, unknown>;
    plan.ensureNamedEntries(target, podSpec, podSpecPath, 'volumes', 'spec.template.spec.volumes', [publicKeyPodVolume(settings.publicKey)]);
  }
  const existingIssuer = issuerFromArgs ?? issuerFromEnv;
  return existingIssuer === undefined ? {} : { existingIssuer };
}

/** Appends the missing flags, checks the present ones; returns the issuer the args held before. */
function planFlags(
  plan: PatchPlan,
  target: PlanTarget,
  container: Record<string, unknown>,
  containerPath: readonly PathSegment[],
  path: string,
  flags: readonly PortworxFlag[],
): string | undefined {
  const args = checkArgs(container.args, target, path);
  if (args === undefined) {
    plan.change(
      { kind: 'set', object: target.object, path: containerPath, key: 'args', value: flags.flatMap(({ flag, value }) => [flag, value]) },
      { object: target.label, path, action: 'added', detail: flags.map(showFlag).join(' ') },
    );
    return undefined;
  }
  let existingIssuer: string | undefined;
  const missing: PortworxFlag[] = [];
  for (const wanted of flags) {
    const found = findFlag(args, wanted.flag);
    if (found.length > 1) throw fieldInvalid(target, path, `holds ${wanted.flag} ${found.length} times`, `keep one ${wanted.flag}`);
    const occurrence = found[0];
    if (occurrence === undefined) {
      missing.push(wanted);
      continue;
    }
    if (occurrence.value === undefined) {
      throw fieldInvalid(target, path, `ends with ${wanted.flag} without a value`, `give ${wanted.flag} a value, or remove it`);
    }
    if (wanted.flag === flags[0]?.flag) existingIssuer = occurrence.value;
    if (occurrence.value === wanted.value) {
      plan.unchanged(target, path, showFlag(wanted));
    } else {
      const value = occurrence.inlinePrefix === undefined ? wanted.value : `${occurrence.inlinePrefix}${wanted.value}`;
      plan.conflict(target, path, showFlag({ ...wanted, value: occurrence.value }), showFlag(wanted), {
        kind: 'replace',
        object: target.object,
        path: [...containerPath, 'args', occurrence.valueIndex],
        value,
      });
    }
  }
  if (missing.length > 0) {
    plan.edits.push({ kind: 'append', object: target.object, path: [...containerPath, 'args'], items: missing.flatMap(({ flag, value }) => [flag, value]) });
    for (const wanted of missing) plan.changes.push({ object: target.label, path, action: 'added', detail: showFlag(wanted) });
  }
  return existingIssuer;
}

/**
 * Portworx reads each flag's setting from an env twin too: a twin with another value is a conflict like a
 * different flag. Returns the issuer the env twin held, if any.
 */
function planEnvTwins(
  plan: PatchPlan,
  target: PlanTarget,
  container: Record<string, unknown>,
  containerPath: readonly PathSegment[],
  path: string,
  flags: readonly PortworxFlag[],
): string | undefined {
  const env = container.env;
  if (!Array.isArray(env)) return undefined;
  let existingIssuer: string | undefined;
  for (const wanted of flags) {
    const index = env.findIndex((entry) => isRecord(entry) && entry.name === wanted.envTwin);
    if (index < 0) continue;
    const entry = env[index] as Record<string, unknown>;
    if (entry.value === undefined) {
      plan.warnings.push({
        code: 'SPEC_ENV_TWIN_UNCHECKED',
        message: `${target.label}: ${path} sets ${wanted.envTwin} from elsewhere; make sure it equals ${describeValue(wanted.value)} (${wanted.flag})`,
      });
      continue;
    }
    if (wanted.flag === flags[0]?.flag && typeof entry.value === 'string') existingIssuer = entry.value;
    if (entry.value !== wanted.value) {
      plan.conflict(target, path, `${wanted.envTwin} = ${describeValue(entry.value)}`, `${wanted.envTwin} = ${describeValue(wanted.value)}`, {
        kind: 'replace',
        object: target.object,
        path: [...containerPath, 'env', index],
        value: { name: wanted.envTwin, value: wanted.value },
      });
    }
  }
  return existingIssuer;
}

function checkMountPathFree(target: PlanTarget, container: Record<string, unknown>, mountPath: string, path: string): void {
  const mounts = container.volumeMounts;
  if (!Array.isArray(mounts)) return;
  const taken = (mounts as unknown[]).find((mount) => isRecord(mount) && mount.mountPath === mountPath && mount.name !== PUBLIC_KEY_VOLUME_NAME);
  if (isRecord(taken)) {
    throw fieldInvalid(target, path, `already mounts ${describeValue(taken.name)} at ${describeValue(mountPath)}`, 'choose another publicKey.path');
  }
}

function showFlag(flag: Pick<PortworxFlag, 'flag' | 'value'>): string {
  return `${flag.flag} ${describeValue(flag.value)}`;
}
