/**
 * Benchmark of the cdk8s front door: one secured cluster, N tenants (each with its own StorageClass and
 * VolumeSnapshotClass on its token Secret) and 3 shared StorageClasses, synthesized with the constructs, against
 * a baseline that hands the same objects to raw cdk8s ApiObjects with tokens minted by node:crypto, in interleaved
 * runs of the same process, at 1,000 and 10,000 tenants. Also the peak memory of both at 10,000 tenants (each in
 * a child process, so the figure is that synth's own).
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../lib/cdk8s';
import { PortworxSpec, PxKeys, generateKeys } from '../lib';
import { interleavedMedians } from './measure';
import { projectPath } from './project';
import { ratio } from './ratio';
import { BenchResult } from './result';

const SPEC = PortworxSpec.fromFile(projectPath('examples/cdk8s/px-spec.yaml'));
const NOW_MS = Date.UTC(2026, 0, 15);

/** The secured setup, built with the constructs. */
export function buildSecuredChart(tenants: number, keys: PxKeys, classesPerTenant = true): { app: App; chart: Chart } {
  const app = new App({ outdir: '/tmp/pxsec-bench-unused' });
  const chart = new Chart(app, 'bench');
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: SPEC, issuer: 'portworx.com', keys, clock: () => NOW_MS });
  cluster.addTokenSecret('k8s-user', { identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] }, namespace: 'portworx' });
  for (let i = 0; i < tenants; i++) {
    const namespace = `tenant-${i}`;
    new PxTenant(chart, namespace, { cluster, namespace, identity: { groups: ['developers'] } });
    if (!classesPerTenant) continue;
    const token = { kind: 'fixed', secretName: 'px-k8s-user', namespace } as const;
    new PxStorageClass(chart, `${namespace}-storage`, { cluster, name: `px-${namespace}`, token, repl: 2 });
    new PxVolumeSnapshotClass(chart, `${namespace}-snapshots`, { cluster, name: `px-${namespace}-snapshots`, token });
  }
  new PxStorageClass(chart, 'px-storage', { cluster, name: 'px-storage', repl: 1 });
  new PxStorageClass(chart, 'px-storage-repl-3', { cluster, name: 'px-storage-repl-3', repl: 3, ioProfile: 'db_remote' });
  new PxStorageClass(chart, 'px-storage-repl-1', {
    cluster,
    name: 'px-storage-repl-1',
    provisioner: 'in-tree',
    token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    repl: 1,
  });
  return { app, chart };
}

function synthSecured(tenants: number, keys: PxKeys): string {
  return buildSecuredChart(tenants, keys).app.synthYaml();
}

/** The objects the constructs make, as plain JSON (the hand-written program's literals). */
export function securedObjects(tenants: number, keys: PxKeys): Record<string, unknown>[] {
  return buildSecuredChart(tenants, keys).chart.toJson() as Record<string, unknown>[];
}

/**
 * The baseline: the same objects handed to raw ApiObjects, each token Secret's token minted in the run by
 * node:crypto (HS256, key made once) from the claims it carries, as a hand-written program would.
 */
export function synthBaseline(objects: readonly Record<string, unknown>[], keys: PxKeys): string {
  const hmacKey = createSecretKey(Buffer.from(keys.shared, 'utf8'));
  const app = new App({ outdir: '/tmp/pxsec-bench-unused' });
  const chart = new Chart(app, 'bench');
  objects.forEach((object, i) => {
    const data = object.kind === 'Secret' ? (object.data as Record<string, string> | undefined) : undefined;
    const token = data?.['auth-token'];
    const props =
      token === undefined
        ? object
        : { ...object, data: { ...data, 'auth-token': Buffer.from(remint(Buffer.from(token, 'base64').toString(), hmacKey)).toString('base64') } };
    new ApiObject(chart, `o${i}`, props as never);
  });
  return app.synthYaml();
}

/** A token with the claims of `token`, signed by node:crypto. */
function remint(token: string, key: KeyObject): string {
  const [header, claims] = token.split('.') as [string, string];
  const input = `${Buffer.from(JSON.stringify(JSON.parse(Buffer.from(header, 'base64url').toString()))).toString('base64url')}.${Buffer.from(JSON.stringify(JSON.parse(Buffer.from(claims, 'base64url').toString()))).toString('base64url')}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** Peak resident memory in MiB of a child process that synthesizes `tenants` tenants one way. */
function peakMemoryMiB(tenants: number, way: 'constructs' | 'baseline', keys: PxKeys): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'pxsec-bench-synth-'));
  try {
    const objectsFile = path.join(dir, 'objects.json');
    if (way === 'baseline') writeFileSync(objectsFile, JSON.stringify(securedObjects(tenants, keys)));
    const out = execFileSync(process.execPath, [path.join(__dirname, 'cdk8s-peak-memory.js'), String(tenants), way, objectsFile], { encoding: 'utf8' });
    return Number(out.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs per size: fewer for the large one, whose runs take seconds each. */
const SIZES: readonly { tenants: number; runs: number }[] = [
  { tenants: 1_000, runs: 11 },
  { tenants: 10_000, runs: 3 },
];

export async function benchCdk8sSynth(): Promise<BenchResult[]> {
  const keys = generateKeys();
  const results: BenchResult[] = [];
  for (const { tenants, runs } of SIZES) {
    const objects = securedObjects(tenants, keys);
    const { a: secured, b: baseline } = interleavedMedians(
      () => synthSecured(tenants, keys),
      () => synthBaseline(objects, keys),
      runs,
    );
    results.push(
      {
        name: `cdk8s synth: 1 cluster, ${tenants} tenants, each with a StorageClass and a VolumeSnapshotClass, 3 shared StorageClasses (constructs)`,
        median_ms: secured.wall,
        cpu_ms: secured.cpu,
        runs,
        note: `${objects.length} objects`,
      },
      {
        name: `  baseline: same objects as hand-written ApiObjects, tokens minted by node:crypto`,
        median_ms: baseline.wall,
        cpu_ms: baseline.cpu,
        runs,
        note: `ratio ${ratio(secured, baseline)} (target <= 1.15)`,
      },
    );
  }
  const memoryTenants = 10_000;
  const peak = peakMemoryMiB(memoryTenants, 'constructs', keys);
  const basePeak = peakMemoryMiB(memoryTenants, 'baseline', keys);
  results.push({
    name: `cdk8s synth: ${memoryTenants} tenants, peak memory`,
    median_ms: 0,
    runs: 1,
    note: `peak RSS ${peak} MiB, hand-written ${basePeak} MiB: ratio ${(Math.round((peak / basePeak) * 100) / 100).toFixed(2)} (target <= 1.25)`,
  });
  return results;
}
