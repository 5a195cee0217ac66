/**
 * Benchmark of `pxsec check`: bundles of N tenants (a Namespace, a token Secret, a StorageClass and a
 * VolumeSnapshotClass on that Secret each, one file per tenant), the secured DaemonSet spec of the cdk8s
 * example, the keys Secret and 3 shared StorageClasses, written to a temporary directory and checked in-process
 * (reading, parsing, every check, the text report), as a user runs `pxsec check dist/`. The baseline, in
 * interleaved runs: reading the same files and parsing them with `yaml` (`parseAllDocuments`, `toJS`).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { CliIO } from '../lib/cli/io';
import { runPxsec } from '../lib/cli/main';
import { generateKeys, mintToken, PxKeys, ROLES } from '../lib';
import { keysSecret, portworxStorageClass, portworxVolumeSnapshotClass, resolveIdentity, tokenSecret } from '../lib/model';
import { K8S_USER_SECRET_NAME, K8S_USER_SECRET_NAMESPACE } from '../lib/names';
import { secureSpecText } from '../lib/spec';
import { interleavedMediansAsync, Timing } from './measure';
import { projectPath } from './project';
import { ratio } from './ratio';
import { BenchResult } from './result';

const ISSUER = 'portworx.com';
/** 2026-01-15T00:00:00Z: the bundle's tokens are minted and checked at this pinned time. */
const NOW = 1768435200;
const SPEC = projectPath('examples/cdk8s/px-spec.yaml');

/** Writes the bundle of `tenants` tenants into `dir` (also for profiling `pxsec check` on it); returns how many files it wrote. */
export function writeBundle(dir: string, keys: PxKeys, tenants: number): number {
  const secured = secureSpecText(readFileSync(SPEC, 'utf8'), 'px-spec.yaml', { issuer: ISSUER });
  writeFileSync(join(dir, 'px-spec.yaml'), `${secured.text}---\n${stringify(keysSecret(keys))}`);
  const token = (name: string, groups: string[]): string =>
    mintToken({
      identity: resolveIdentity({ name, roles: [ROLES.user], groups }, { field: name }),
      issuer: ISSUER,
      key: { algorithm: 'HS256', sharedSecret: keys.shared },
      issuedAt: NOW - 600,
      expiresAt: NOW + 365 * 86400,
    });
  const classes = [
    portworxStorageClass({ name: 'px-storage', repl: 1 }, { field: 'px-storage' }),
    portworxStorageClass({ name: 'px-storage-repl-3', repl: 3, ioProfile: 'db_remote' }, { field: 'px-storage-repl-3' }),
    portworxStorageClass(
      {
        name: 'px-storage-repl-1',
        provisioner: 'in-tree',
        token: { kind: 'fixed', secretName: K8S_USER_SECRET_NAME, namespace: K8S_USER_SECRET_NAMESPACE },
        repl: 1,
      },
      { field: 'px-storage-repl-1' },
    ),
  ];
  const kubernetesUser = tokenSecret(token('Kubernetes', ['kubernetes']), { name: K8S_USER_SECRET_NAME, namespace: K8S_USER_SECRET_NAMESPACE });
  writeFileSync(join(dir, 'storage.yaml'), [namespace(K8S_USER_SECRET_NAMESPACE), kubernetesUser, ...classes].map((object) => stringify(object)).join('---\n'));
  mkdirSync(join(dir, 'tenants'));
  for (let i = 0; i < tenants; i++) {
    const tenant = `tenant-${String(i).padStart(5, '0')}`;
    const tokenRef = { kind: 'fixed', secretName: K8S_USER_SECRET_NAME, namespace: tenant } as const;
    const objects = [
      namespace(tenant),
      tokenSecret(token(tenant, ['developers']), { name: K8S_USER_SECRET_NAME, namespace: tenant }),
      portworxStorageClass({ name: `px-${tenant}`, token: tokenRef, repl: 2 }, { field: tenant }),
      portworxVolumeSnapshotClass({ name: `px-${tenant}-snapshots`, token: tokenRef }, { field: tenant }),
    ];
    writeFileSync(join(dir, 'tenants', `${tenant}.yaml`), objects.map((object) => stringify(object)).join('---\n'));
  }
  return tenants + 2;
}

function namespace(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Runs `pxsec check dir` in-process; returns the exit code and the summary line. */
async function checkOnce(dir: string): Promise<{ code: number; summary: string; errors: string }> {
  let stdout = '';
  const io: CliIO = {
    out: (text) => {
      stdout += text;
    },
    err: () => undefined,
    readStdin: async () => '',
    env: { SOURCE_DATE_EPOCH: String(NOW) },
    cwd: dir,
  };
  const code = await runPxsec(['check', '.'], io);
  const lines = stdout.trimEnd().split('\n');
  return {
    code,
    summary: lines.at(-1) ?? '',
    errors: lines
      .filter((line) => /^\s*(error|warning)\b/.test(line))
      .slice(0, 3)
      .join('\n'),
  };
}

/** The baseline: reads every file of the bundle and parses it to plain objects. */
function parseOnce(dir: string): number {
  let objects = 0;
  const files = ['px-spec.yaml', 'storage.yaml', ...readdirSync(join(dir, 'tenants')).map((file) => join('tenants', file))];
  for (const file of files) objects += parseAllDocuments(readFileSync(join(dir, file), 'utf8')).filter((document) => document.toJS() !== null).length;
  return objects;
}

/** Runs for a bundle of `tenants`: fewer for the large ones, whose runs take seconds each. */
function runsFor(tenants: number): number {
  return tenants >= 50_000 ? 1 : tenants >= 5_000 ? 3 : 5;
}

/** Times `pxsec check` against parsing, for each bundle size of `tenantCounts`. */
export async function benchCheck(tenantCounts: readonly number[]): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const keys = generateKeys();
  for (const tenants of tenantCounts) {
    const dir = mkdtempSync(join(tmpdir(), 'pxsec-bench-check-'));
    try {
      const files = writeBundle(dir, keys, tenants);
      const first = await checkOnce(dir);
      if (first.code !== 0) throw new Error(`pxsec check found errors in the benchmark bundle: ${first.summary}\n${first.errors}`);
      const objects = parseOnce(dir);
      const runs = runsFor(tenants);
      const { a: check, b: parse } = await interleavedMediansAsync(
        () => checkOnce(dir),
        async () => parseOnce(dir),
        runs,
      );
      results.push(
        timed(
          `pxsec check: ${tenants} tenants (Namespace, token Secret, StorageClass, VolumeSnapshotClass each), secured spec, keys Secret, 3 shared StorageClasses`,
          check,
          runs,
          `${files} files, ${objects} objects; ${first.summary}`,
        ),
        timed(`  baseline: read and parse the same files with yaml`, parse, runs, `ratio check/parse ${ratio(check, parse)} (target <= 2)`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

function timed(name: string, timing: Timing, runs: number, note: string): BenchResult {
  return { name, median_ms: timing.wall, cpu_ms: timing.cpu, runs, note };
}
