/**
 * Benchmark of the cdk8s front door: one secured cluster, N tenants (each with its own StorageClass and
 * VolumeSnapshotClass on its token Secret) and 3 shared StorageClasses, synthesized with
 * the constructs, against a baseline that builds the same objects with raw cdk8s ApiObjects from pre-made
 * objects and tokens, in the same process. Also tokens per second and peak memory at 10,000 tenants (in a
 * child process, so the figure is that synth's own).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../lib/cdk8s';
import { PortworxSpec, PxKeys, generateKeys, mintToken } from '../lib/core';
import { resolveIdentity } from '../lib/model';
import { interleavedMedians, medianMs } from './measure';
import { BenchResult } from './result';

const SPEC = PortworxSpec.fromFile(path.join(__dirname, '../examples/cdk8s/px-spec.yaml'));
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

/** The baseline: the same objects, pre-made (tokens included), handed to raw ApiObjects. */
function synthBaseline(objects: readonly Record<string, unknown>[]): string {
  const app = new App({ outdir: '/tmp/pxsec-bench-unused' });
  const chart = new Chart(app, 'bench');
  objects.forEach((object, i) => new ApiObject(chart, `o${i}`, object as never));
  return app.synthYaml();
}

const TOKENS_PER_RUN = 10_000;

function mintTokens(keys: PxKeys): void {
  const identity = resolveIdentity({ name: 'tenant', roles: ['system.user'], groups: ['developers'] }, { field: 'bench' });
  for (let i = 0; i < TOKENS_PER_RUN; i++) {
    mintToken({ identity, issuer: 'portworx.com', key: { algorithm: 'HS256', sharedSecret: keys.shared }, issuedAt: 1_700_000_000 + i, expiresAt: 1_800_000_000 });
  }
}

/** Runs the 10,000-tenant synth in a child process and returns its peak resident memory in MiB. */
function peakMemoryMiB(tenants: number): number {
  const script = path.join(__dirname, 'cdk8s-peak-memory.ts');
  const out = execFileSync(path.join(__dirname, '../node_modules/.bin/tsx'), [script, String(tenants)], { encoding: 'utf8' });
  return Number(out.trim());
}

export async function benchCdk8sSynth(): Promise<BenchResult[]> {
  const keys = generateKeys();
  const tenants = 1000;
  const objects = buildSecuredChart(tenants, keys).chart.toJson() as Record<string, unknown>[];
  const runs = 15;
  const { a: secured, b: baseline } = interleavedMedians(() => synthSecured(tenants, keys), () => synthBaseline(objects), runs);
  const ratio = Math.round((secured / baseline) * 100) / 100;
  const peak = peakMemoryMiB(10_000);
  const minting = medianMs(() => mintTokens(keys), 7);
  return [
    { name: `cdk8s synth: 1 cluster, ${tenants} tenants, each with a StorageClass and a VolumeSnapshotClass, 3 shared StorageClasses (constructs)`, median_ms: secured, runs, note: `${objects.length} objects` },
    { name: `cdk8s synth baseline: same objects as raw ApiObjects, tokens pre-made`, median_ms: baseline, runs, note: `ratio constructs/baseline ${ratio} (target <= 1.25)` },
    { name: `token minting: ${TOKENS_PER_RUN} HS256 tokens`, median_ms: minting, runs: 7, note: `${Math.round(TOKENS_PER_RUN / (minting / 1000))} tokens/s` },
    { name: 'cdk8s synth: 10,000 tenants, peak memory', median_ms: 0, runs: 1, note: `peak RSS ${peak} MiB (target < 1024 MiB)` },
  ];
}
