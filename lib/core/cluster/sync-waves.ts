/**
 * Argo CD sync waves (`argocd.argoproj.io/sync-wave`), for GitOps tools that apply a whole directory at once
 * rather than in file order: Argo CD applies the waves in ascending order, each after the one before is healthy
 * (a SealedSecret or ExternalSecret once its Secret exists). Off unless asked for.
 *
 * Waves, by what an object is in a first apply (`applyPrerequisites`):
 * - `namespaces` (default -2): Namespaces;
 * - `secrets` (default -1): Secrets, SealedSecrets, ExternalSecrets (the keys Secret, token Secrets);
 * - `readers` (default 0, Argo CD's own default wave): what reads them, i.e. the portworx DaemonSet, stork and
 *   every workload or class naming one of those Secrets.
 * Anything else keeps no annotation (wave 0). The defaults leave room for the app's own objects at wave 0.
 */
import { PxSecurityError } from '../errors/errors';
import { applyPrerequisites } from './apply-order';

/** Argo CD's sync-wave annotation. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The wave of each group of objects. */
export interface SyncWaves {
  /** Wave of Namespaces. @default -2 */
  readonly namespaces?: number;
  /** Wave of the key and token Secrets (and SealedSecrets, ExternalSecrets). @default -1 */
  readonly secrets?: number;
  /** Wave of the workloads and classes that read those Secrets. @default 0 */
  readonly readers?: number;
}

/** The default waves. */
export const DEFAULT_SYNC_WAVES: Required<SyncWaves> = { namespaces: -2, secrets: -1, readers: 0 };

const SECRET_KINDS: ReadonlySet<unknown> = new Set(['Secret', 'SealedSecret', 'ExternalSecret']);

/**
 * The waves asked for: `true` for the defaults, an object for some of them, `false` or nothing for none.
 * @throws PxSecurityError `SPEC_SETTING_INVALID` for a wave that is not a whole number, or waves out of order
 */
export function resolveSyncWaves(value: boolean | SyncWaves | undefined, field: string): Required<SyncWaves> | undefined {
  if (value === undefined || value === false) return undefined;
  const waves = value === true ? DEFAULT_SYNC_WAVES : { ...DEFAULT_SYNC_WAVES, ...value };
  for (const [name, wave] of Object.entries(waves)) {
    if (!Number.isSafeInteger(wave)) {
      throw new PxSecurityError({
        code: 'SPEC_SETTING_INVALID',
        field: `${field}.syncWaves.${name}`,
        value: wave,
        problem: 'is not a whole number',
        fix: 'give Argo CD sync waves as whole numbers, e.g. { namespaces: -2, secrets: -1, readers: 0 }',
      });
    }
  }
  if (!(waves.namespaces < waves.secrets && waves.secrets < waves.readers)) {
    throw new PxSecurityError({
      code: 'SPEC_SETTING_INVALID',
      field: `${field}.syncWaves`,
      value: `namespaces ${waves.namespaces}, secrets ${waves.secrets}, readers ${waves.readers}`,
      problem: 'are not in first-apply order',
      fix: 'give namespaces a lower wave than secrets, and secrets a lower wave than readers',
    });
  }
  return waves;
}

/** The wave of `object`, as the annotation's string value, or `undefined` for an object outside the three groups. */
export function syncWaveOf(object: Readonly<Record<string, unknown>>, waves: Required<SyncWaves>): string | undefined {
  if (object.kind === 'Namespace') return String(waves.namespaces);
  if (SECRET_KINDS.has(object.kind)) return String(waves.secrets);
  return applyPrerequisites(object).some((prerequisite) => prerequisite.kind === 'Secret') ? String(waves.readers) : undefined;
}
