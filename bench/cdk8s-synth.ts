/**
 * Benchmark of the cdk8s front door: one secured cluster, N tenants (each with its own StorageClass and
 * VolumeSnapshotClass on its token Secret) and 3 shared StorageClasses, synthesized with the constructs, in
 * interleaved runs of the same process at 1,000 and 10,000 tenants, against two baselines:
 *
 * - the hand-written program: a loop that writes each tenant's objects as literals into raw cdk8s ApiObjects and
 *   mints its token with node:crypto (HS256, key object made once), as a user without this library would. Checked
 *   before it is timed: it synthesizes exactly the constructs' bytes.
 * - the same objects given to ApiObjects: the constructs' output, made once and handed to ApiObjects in every run
 *   (each token reminted by node:crypto). No program allocates its objects once for every synth, so this one is
 *   cheaper than any real program; kept to compare with earlier figures.
 *
 * Also the peak memory of the constructs and of the hand-written program at 10,000 tenants (each in a child
 * process, so the figure is that synth's own).
 */
import { execFileSync } from 'node:child_process';
import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../lib/cdk8s';
import { PortworxSpec, PxKeys, generateKeys } from '../lib';
import { interleavedMedians, median } from './measure';
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

/** What the hand-written program writes besides its tenants: the cluster's objects before them, the shared classes after. */
export interface HandWrittenCluster {
  readonly before: readonly Record<string, unknown>[];
  readonly after: readonly Record<string, unknown>[];
  /** The `iat` and `exp` of every token (the constructs' window at the pinned clock). */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** The cluster's own objects, as the constructs make them with one tenant, less the tenant's four (a program would write these by hand too). */
export function handWrittenCluster(keys: PxKeys): HandWrittenCluster {
  const withOne = securedObjects(1, keys);
  const first = withOne.findIndex((object) => object.kind === 'Namespace' && (object.metadata as { name?: unknown }).name === 'tenant-0');
  const objects = [...withOne.slice(0, first), ...withOne.slice(first + 4)];
  const secret = objects.find((object) => object.kind === 'Secret' && (object.data as Record<string, string>)['auth-token'] !== undefined);
  const token = Buffer.from((secret?.data as Record<string, string>)['auth-token'] ?? '', 'base64').toString();
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { iat: number; exp: number };
  return { before: objects.slice(0, -3), after: objects.slice(-3), issuedAt: claims.iat, expiresAt: claims.exp };
}

const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const SKIP = { 'stork.libopenstorage.org/skip-resource': 'true' };

/**
 * The hand-written program: the cluster's objects, then for each tenant its Namespace, its token Secret (claims
 * written out, signed with node:crypto), its StorageClass and VolumeSnapshotClass as literals, then the shared
 * classes; synthesized as the constructs are.
 */
export function synthHandWritten(cluster: HandWrittenCluster, tenants: number, keys: PxKeys): string {
  const key = createSecretKey(Buffer.from(keys.shared, 'utf8'));
  const app = new App({ outdir: '/tmp/pxsec-bench-unused' });
  const chart = new Chart(app, 'bench');
  cluster.before.forEach((object, i) => new ApiObject(chart, `cluster-${i}`, object as never));
  for (let i = 0; i < tenants; i++) {
    const namespace = `tenant-${i}`;
    new ApiObject(chart, `${namespace}-namespace`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const claims = {
      email: '',
      exp: cluster.expiresAt,
      groups: ['developers'],
      iat: cluster.issuedAt,
      iss: 'portworx.com',
      name: namespace,
      roles: ['system.user'],
      sub: Buffer.from(`openstorage.io/${namespace}/`).toString('base64'),
    };
    const input = `${HS256_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const token = `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    new ApiObject(chart, `${namespace}-token`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { annotations: SKIP, name: 'px-k8s-user', namespace },
      data: { 'auth-token': Buffer.from(token).toString('base64') },
      type: 'Opaque',
    });
    new ApiObject(chart, `${namespace}-storage`, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: `px-${namespace}` },
      allowVolumeExpansion: true,
      parameters: {
        'csi.storage.k8s.io/controller-expand-secret-name': 'px-k8s-user',
        'csi.storage.k8s.io/controller-expand-secret-namespace': namespace,
        'csi.storage.k8s.io/node-publish-secret-name': 'px-k8s-user',
        'csi.storage.k8s.io/node-publish-secret-namespace': namespace,
        'csi.storage.k8s.io/provisioner-secret-name': 'px-k8s-user',
        'csi.storage.k8s.io/provisioner-secret-namespace': namespace,
        repl: '2',
      },
      provisioner: 'pxd.portworx.com',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    new ApiObject(chart, `${namespace}-snapshots`, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: `px-${namespace}-snapshots` },
      deletionPolicy: 'Delete',
      driver: 'pxd.portworx.com',
      parameters: { 'csi.storage.k8s.io/snapshotter-secret-name': 'px-k8s-user', 'csi.storage.k8s.io/snapshotter-secret-namespace': namespace },
    });
  }
  cluster.after.forEach((object, i) => new ApiObject(chart, `shared-${i}`, object as never));
  return app.synthYaml();
}

/** Fails unless the hand-written program synthesizes exactly the constructs' bytes (so it is a baseline of the same work). */
function checkHandWritten(cluster: HandWrittenCluster, keys: PxKeys): void {
  const tenants = 3;
  if (synthHandWritten(cluster, tenants, keys) !== synthSecured(tenants, keys)) {
    throw new Error('bench: the hand-written program does not synthesize the bytes the constructs do; fix bench/cdk8s-synth.ts');
  }
}

/**
 * Peak resident memory in MiB of a child process that synthesizes `tenants` tenants one way: the median of `runs`
 * processes (one varies by 10% or more with when the garbage collector runs).
 */
function peakMemoryMiB(tenants: number, way: 'constructs' | 'hand-written', runs = 3): number {
  const peaks = Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, [path.join(__dirname, 'cdk8s-peak-memory.js'), String(tenants), way], { encoding: 'utf8' }).trim()),
  );
  return median(peaks);
}

/** Runs per size (single runs spread by about 0.05 on a shared machine): fewer for the large one, whose runs take seconds each. */
const SIZES: readonly { tenants: number; runs: number }[] = [
  { tenants: 1_000, runs: 21 },
  { tenants: 10_000, runs: 5 },
];

export async function benchCdk8sSynth(): Promise<BenchResult[]> {
  const keys = generateKeys();
  const cluster = handWrittenCluster(keys);
  checkHandWritten(cluster, keys);
  const results: BenchResult[] = [];
  for (const { tenants, runs } of SIZES) {
    const objects = securedObjects(tenants, keys);
    const { a: secured, b: handWritten } = interleavedMedians(
      () => synthSecured(tenants, keys),
      () => synthHandWritten(cluster, tenants, keys),
      runs,
    );
    const { a: securedAgain, b: sameObjects } = interleavedMedians(
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
        name: `  baseline: the hand-written program (literals, tokens minted by node:crypto; same bytes)`,
        median_ms: handWritten.wall,
        cpu_ms: handWritten.cpu,
        runs,
        note: `ratio ${ratio(secured, handWritten)} (target <= 1.15)`,
      },
      {
        name: `  reference: the constructs' objects made once, given to ApiObjects in every run (constructs ${Math.round(securedAgain.cpu)} ms CPU)`,
        median_ms: sameObjects.wall,
        cpu_ms: sameObjects.cpu,
        runs,
        note: `ratio ${ratio(securedAgain, sameObjects)}`,
      },
    );
  }
  const memoryTenants = 10_000;
  const peak = peakMemoryMiB(memoryTenants, 'constructs');
  const basePeak = peakMemoryMiB(memoryTenants, 'hand-written');
  results.push({
    name: `cdk8s synth: ${memoryTenants} tenants, peak memory (median of 3 processes each)`,
    median_ms: 0,
    runs: 3,
    note: `peak RSS ${peak} MiB, hand-written program ${basePeak} MiB: ratio ${(Math.round((peak / basePeak) * 100) / 100).toFixed(2)} (target <= 1.25)`,
  });
  return results;
}
