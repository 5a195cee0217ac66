/**
 * Benchmark of `pxsec check`: a bundle of 1000 tenants (a Namespace and a token Secret each, one file per
 * tenant), the secured DaemonSet spec of the cdk8s example, the keys Secret and 3 StorageClasses, written to a
 * temporary directory and checked in-process (reading, parsing, every check, the text report), as a user runs
 * `pxsec check dist/`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { CliIO } from '../lib/cli/io';
import { runPxsec } from '../lib/cli/main';
import { generateKeys, mintToken, PxKeys, ROLES } from '../lib/core';
import { keysSecret, portworxStorageClass, resolveIdentity, tokenSecret } from '../lib/model';
import { K8S_USER_SECRET_NAME, K8S_USER_SECRET_NAMESPACE } from '../lib/names';
import { secureSpecText } from '../lib/spec';
import { median } from './measure';
import { BenchResult } from './result';

const TENANTS = 1000;
const RUNS = 5;
const ISSUER = 'portworx.com';
/** 2026-01-15T00:00:00Z: the bundle's tokens are minted and checked at this pinned time. */
const NOW = 1768435200;
const SPEC = join(__dirname, '../examples/cdk8s/px-spec.yaml');

/** Writes the bundle into `dir`; returns how many files it wrote. */
function writeBundle(dir: string, keys: PxKeys): number {
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
      { name: 'px-storage-repl-1', provisioner: 'in-tree', token: { kind: 'fixed', secretName: K8S_USER_SECRET_NAME, namespace: K8S_USER_SECRET_NAMESPACE }, repl: 1 },
      { field: 'px-storage-repl-1' },
    ),
  ];
  const kubernetesUser = tokenSecret(token('Kubernetes', ['kubernetes']), { name: K8S_USER_SECRET_NAME, namespace: K8S_USER_SECRET_NAMESPACE });
  writeFileSync(join(dir, 'storage.yaml'), [namespace(K8S_USER_SECRET_NAMESPACE), kubernetesUser, ...classes].map((object) => stringify(object)).join('---\n'));
  mkdirSync(join(dir, 'tenants'));
  for (let i = 0; i < TENANTS; i++) {
    const tenant = `tenant-${String(i).padStart(4, '0')}`;
    const secret = tokenSecret(token(tenant, ['developers']), { name: K8S_USER_SECRET_NAME, namespace: tenant });
    writeFileSync(join(dir, 'tenants', `${tenant}.yaml`), `${stringify(namespace(tenant))}---\n${stringify(secret)}`);
  }
  return TENANTS + 2;
}

function namespace(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Runs `pxsec check dir` in-process; returns the exit code and the summary line. */
async function checkOnce(dir: string): Promise<{ code: number; summary: string }> {
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
  return { code, summary: stdout.trimEnd().split('\n').pop() ?? '' };
}

/** Times `pxsec check` on the 1000-tenant bundle (median of RUNS runs after one warm-up run). */
export async function benchCheck(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-bench-check-'));
  try {
    const files = writeBundle(dir, generateKeys());
    const warmUp = await checkOnce(dir);
    if (warmUp.code !== 0) throw new Error(`pxsec check found errors in the benchmark bundle: ${warmUp.summary}`);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await checkOnce(dir);
      times.push(performance.now() - start);
    }
    return [{ name: `pxsec check: ${TENANTS} tenants (namespace + token Secret each), secured DaemonSet spec, keys Secret, 3 StorageClasses`, median_ms: median(times), runs: RUNS, note: `${files} files; ${warmUp.summary}` }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
