/**
 * What "secured as asked" means, checked on objects and on text, independently of how the patcher works:
 * the targets are found again from the input, the YAML is parsed again with the `yaml` library.
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { diffLines, splitLines } from '../../../lib/core/spec/line-diff';
import { findPortworxTargets, PortworxTargets } from '../../../lib/core/spec/targets';
import { SpecPatchSettings } from '../../../lib/core/cluster/security-settings';
import { definedAt } from '../../support/defined';

type Json = Record<string, unknown>;

/** The three env entries of the portworx container and stork's one, as the docs write them. */
export function requiredEnv(settings: SpecPatchSettings): { portworx: [string, string][]; stork: [string, string][] } {
  return {
    portworx: [
      ['PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret'],
      ['PORTWORX_AUTH_SYSTEM_KEY', 'system-secret'],
      [settings.storkKeyEnv ?? 'PORTWORX_AUTH_STORK_KEY', 'stork-secret'],
    ],
    stork: [['PX_SHARED_SECRET', 'stork-secret']],
  };
}

function omit(object: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

function podContainers(object: unknown): Json[] {
  return ((object as { spec: { template: { spec: { containers: Json[] } } } }).spec.template.spec.containers ?? []) as Json[];
}

function expectEnvFromKeys(container: Json, entries: readonly [string, string][], secretName: string): void {
  const env = container.env as Json[];
  expect(Array.isArray(env)).toBe(true);
  for (const [name, key] of entries) {
    const named = env.filter((entry) => entry.name === name);
    expect(named).toEqual([{ name, valueFrom: { secretKeyRef: { name: secretName, key } } }]);
  }
}

/**
 * The autopilot Deployment of `objects` and its autopilot container, found as the test reads a spec (a
 * Deployment whose container's command starts with `/autopilot`), independently of the patcher's own search.
 */
export function autopilotAt(objects: readonly Json[]): { index: number; containerIndex: number } | undefined {
  for (const [index, object] of objects.entries()) {
    if (object.kind !== 'Deployment') continue;
    const containerIndex = podContainers(object).findIndex(
      (container) => Array.isArray(container.command) && String(container.command[0]).startsWith('/autopilot'),
    );
    if (containerIndex >= 0) return { index, containerIndex };
  }
  return undefined;
}

/** Asserts that `output` is `input` secured as `settings` ask, with every other object and container untouched. */
export function expectSecured(input: readonly Json[], output: readonly Json[], settings: SpecPatchSettings, file: string): PortworxTargets {
  const replaced = settings.replace === true;
  const targets = findPortworxTargets(input, file);
  expect(output).toHaveLength(input.length);
  const autopilotTarget = targets.daemonSet !== undefined ? autopilotAt(input) : undefined;
  const targetIndexes = [targets.daemonSet?.index, targets.stork?.index, targets.storageCluster?.index, autopilotTarget?.index];
  input.forEach((object, i) => {
    if (!targetIndexes.includes(i)) expect(output[i]).toEqual(object);
  });
  const secretName = settings.keysSecretName ?? 'pxkeys';
  const env = requiredEnv(settings);
  if (targets.daemonSet) {
    const { index, containerIndex } = targets.daemonSet;
    const before = podContainers(input[index]);
    const after = podContainers(output[index]);
    after.forEach((container, i) => {
      if (i !== containerIndex) expect(container).toEqual(before[i]);
    });
    const portworx = definedAt(after, containerIndex, 'portworx DaemonSet containers');
    const portworxBefore = definedAt(before, containerIndex, 'portworx DaemonSet containers before');
    const args = portworx.args as string[];
    const issuerAt = args.flatMap((arg, i) => (arg === '-jwt_issuer' ? [i] : []));
    expect(issuerAt).toHaveLength(1);
    expect(args[definedAt(issuerAt, 0, '-jwt_issuer positions') + 1]).toBe(settings.issuer);
    if (!replaced) expect(args.slice(0, (portworxBefore.args as string[] | undefined)?.length ?? 0)).toEqual(portworxBefore.args ?? []);
    expectEnvFromKeys(portworx, env.portworx, secretName);
    expect(omit(portworx, ['args', 'env', 'volumeMounts'])).toEqual(omit(portworxBefore, ['args', 'env', 'volumeMounts']));
  }
  if (targets.stork && targets.daemonSet) {
    const { index, containerIndex } = targets.stork;
    const before = podContainers(input[index]);
    const after = podContainers(output[index]);
    after.forEach((container, i) => {
      if (i !== containerIndex) expect(container).toEqual(before[i]);
    });
    expectEnvFromKeys(definedAt(after, containerIndex, 'stork containers'), env.stork, secretName);
  }
  if (autopilotTarget) {
    const { index, containerIndex } = autopilotTarget;
    const before = podContainers(input[index]);
    const after = podContainers(output[index]);
    after.forEach((container, i) => {
      if (i !== containerIndex) expect(container).toEqual(before[i]);
    });
    const autopilot = definedAt(after, containerIndex, 'autopilot containers');
    expectEnvFromKeys(autopilot, env.stork, secretName);
    // The issuer Portworx ties to the stork key's env name (stork's own default for PORTWORX_AUTH_STORK_KEY).
    const issuer = settings.storkKeyEnv === 'PORTWORX_AUTH_SYSTEM_APPS_KEY' ? 'apps.portworx.io' : 'stork.openstorage.io';
    expect((autopilot.env as Json[]).filter((entry) => entry.name === 'PX_JWT_ISSUER')).toEqual([{ name: 'PX_JWT_ISSUER', value: issuer }]);
    expect(omit(autopilot, ['env'])).toEqual(omit(definedAt(before, containerIndex, 'autopilot containers before'), ['env']));
  }
  if (targets.storageCluster) {
    const security = (definedAt(output, targets.storageCluster.index, 'secured objects').spec as Json).security as Json;
    expect(security.enabled).toBe(true);
    expect((security.auth as { selfSigned: Json }).selfSigned).toMatchObject({
      issuer: settings.issuer,
      sharedSecret: settings.sharedSecretName ?? 'px-shared-secret',
    });
  }
  return targets;
}

/** 0-based inclusive line range of the YAML node at `path` in the `objectIndex`-th non-empty document. */
export function nodeLineRange(text: string, objectIndex: number, path: readonly (string | number)[]): [number, number] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { uniqueKeys: false, lineCounter }).filter((document) => document.toJS() !== null);
  const document = definedAt(documents, objectIndex, 'documents');
  const node = path.length === 0 ? document.contents : (document.getIn(path, true) as { range?: [number, number, number] } | undefined);
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new Error(`no node at ${path.join('.')}`);
  const last = text.slice(range[0], range[1]).replace(/\s+$/, '').length + range[0] - 1;
  return [lineCounter.linePos(range[0]).line - 1, lineCounter.linePos(last).line - 1];
}

/** The line ranges a patch of `text` may touch: the portworx, stork and autopilot containers, or the StorageCluster's spec. */
export function targetLineRanges(text: string, objects: readonly Json[], file: string, extraPaths: readonly (string | number)[][] = []): [number, number][] {
  const targets = findPortworxTargets(objects, file);
  const ranges: [number, number][] = [];
  const containers = ['spec', 'template', 'spec', 'containers'];
  if (targets.daemonSet) {
    ranges.push(nodeLineRange(text, targets.daemonSet.index, [...containers, targets.daemonSet.containerIndex]));
    for (const path of extraPaths) ranges.push(nodeLineRange(text, targets.daemonSet.index, path));
    if (targets.stork) ranges.push(nodeLineRange(text, targets.stork.index, [...containers, targets.stork.containerIndex]));
    const autopilot = autopilotAt(objects);
    if (autopilot) ranges.push(nodeLineRange(text, autopilot.index, [...containers, autopilot.containerIndex]));
  }
  if (targets.storageCluster) ranges.push(nodeLineRange(text, targets.storageCluster.index, []));
  return ranges;
}

/**
 * Lines of `before` that `after` changed, as positions in `before`: a removed line at its index, an added
 * line at the index of the line it comes before. Returns those outside every range.
 */
export function changesOutside(before: string, after: string, ranges: readonly [number, number][]): number[] {
  const entries = diffLines(splitLines(before).lines, splitLines(after).lines);
  const outside: number[] = [];
  for (const entry of entries) {
    if (entry.kind === 'equal') continue;
    const within = ranges.some(([start, end]) =>
      entry.kind === 'delete' ? entry.oldIndex >= start && entry.oldIndex <= end : entry.oldIndex >= start && entry.oldIndex <= end + 1,
    );
    if (!within) outside.push(entry.oldIndex);
  }
  return outside;
}
