/**
 * Writes the values of a synth's ExternalSecrets (see `core/sealing/external-values.ts`) as one JSON file per remote
 * key: `<dir>/<remote key>.json`, `{ "<property>": "<value>" }`, mode 0600, each written atomically (a
 * temporary file renamed into place), directories made 0700. Every path is checked before the first file is
 * written. The files feed the vault's CLI: `vault kv put -mount=secret KEY @file.json`,
 * `aws secretsmanager put-secret-value --secret-id KEY --secret-string file://file.json`.
 */
import { join } from 'node:path';
import { ExternalValues, externalValuesFile } from '../core/sealing/external-values';
import { writeFileAtomically } from './atomic-file';

/** Writes `values` under `dir`; returns the files written, in order (paths only, never a value). */
export function writeExternalValues(dir: string, values: readonly ExternalValues[]): string[] {
  const files = values.map((entry) => ({ path: join(dir, externalValuesFile(entry.remoteKey)), entry }));
  for (const { path, entry } of files) {
    const sorted = Object.fromEntries(Object.entries(entry.values).sort(([a], [b]) => a.localeCompare(b)));
    writeFileAtomically(path, `${JSON.stringify(sorted, null, 2)}\n`, { mode: 0o600, createDirectory: true, field: 'exportExternalValues' });
  }
  return files.map(({ path }) => path);
}
