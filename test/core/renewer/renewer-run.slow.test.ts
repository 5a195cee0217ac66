/**
 * The in-cluster renewer, end to end: a cluster with `renewal: { mode: 'in-cluster' }` is synthesized, and the
 * script from its ConfigMap runs as the CronJob runs it (`node` with the container's command and env, plus what the
 * kubelet gives a pod: `KUBERNETES_SERVICE_HOST`/`PORT`, the service-account token and `ca.crt`) against a local
 * HTTPS server that implements the Kubernetes Secret API and the emitted RBAC (test/support/fake-kube-api.ts).
 *
 * No kube-apiserver can run on these machines (no container runtime or etcd): the fake stands in, its semantics
 * checked against the Kubernetes API conventions (see its header).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxTenant } from '../../../lib/cdk8s';
import { verifyToken } from '../../../lib';
import { PxKeys } from '../../../lib/core/keys/keys';
import { runCaptured } from '../../support/captured-io';
import { findObject } from '../../support/cdk8s-synth';
import { FakeKubeApi } from '../../support/fake-kube-api';
import { Run, runRenewer as runSynthesizedRenewer } from '../../support/renewer-run';
import { validateKubernetesObjects } from '../../support/kube-schema';

const ISSUER = 'portworx.com';
const KEYS: PxKeys = {
  system: 'renewer-e2e-system-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS',
  stork: 'renewer-e2e-stork-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU',
  shared: 'renewer-e2e-shared-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST',
};
const NEW_SHARED = 'renewer-e2e-rotated-shared-9876543210zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQ';
/** 2026-01-15T00:00:00Z. */
const T0 = 1_768_435_200;
const HOUR = 3_600;
const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];
const BEARER = 'renewer-service-account-token';

type Objects = Record<string, any>[];

/** Synthesizes a cluster with in-cluster renewal, the tenants given and the docs' Kubernetes user token. */
function synth(tenants: readonly string[]): Objects {
  const app: App = Testing.app();
  const chart = new Chart(app, 'cluster');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: ISSUER,
    keys: KEYS,
    clock: () => T0 * 1000,
    renewal: { mode: 'in-cluster', lifetime: '24h', renewBefore: '6h' },
  });
  for (const namespace of tenants) new PxTenant(chart, namespace, { cluster, namespace, identity: { groups: ['developers'] } });
  cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'], groups: ['kubernetes'] } });
  app.synthYaml();
  return chart.toJson() as Objects;
}

let dir: string;
let api: FakeKubeApi;
let goVerifier: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-renewer-'));
  api = await FakeKubeApi.start(dir, BEARER);
  const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
  if (spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT)) {
    goVerifier = join(dir, 'verify');
    const build = spawnSync('go', ['build', '-o', goVerifier, 'verify.go'], {
      cwd: join(__dirname, '../../interop/go'),
      env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
      encoding: 'utf8',
    });
    expect(build.status).toBe(0);
  }
}, 240_000);

afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the renewer at `nowSeconds` against this file's API (see test/support/renewer-run.ts). */
function runRenewer(objects: Objects, nowSeconds: number): Promise<Run> {
  return runSynthesizedRenewer(api, dir, BEARER, objects, nowSeconds);
}

/** Applies what `kubectl apply` would of the output to the fake: the keys Secret and the renewer's Roles. */
function apply(objects: Objects): void {
  const keys = findObject(objects, 'Secret', 'pxkeys', 'kube-system');
  if (api.secret('kube-system', 'pxkeys') === undefined) api.putSecret(keys as never);
  for (const role of objects.filter((object) => object.kind === 'Role')) api.bindRole(role as never);
}

function token(namespace: string, name = 'px-k8s-user'): string {
  const stored = api.secret(namespace, name);
  return Buffer.from(stored?.data['auth-token'] ?? '', 'base64').toString('utf8');
}

const PLACES: readonly [string, string][] = [...TENANTS.map((namespace): [string, string] => [namespace, 'px-k8s-user']), ['portworx', 'px-k8s-user']];

async function expectVerified(sharedSecret: string, now: number): Promise<void> {
  for (const [namespace, name] of PLACES) {
    const verdict = await verifyToken(token(namespace, name), { issuers: [ISSUER], key: { sharedSecret }, now });
    expect(verdict.problems).toEqual([]);
  }
}

describe('the renewer, run from the synthesized output against a local Kubernetes API', () => {
  const objects = synth(TENANTS);

  it('emits valid objects and no token at all', () => {
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
    expect(objects.filter((object) => object.kind === 'Secret').map((object) => object.metadata.name)).toEqual(['pxkeys']);
    expect(JSON.stringify(objects)).not.toMatch(/eyJhbGciOi/);
  });

  it('creates every token Secret on the first run, with the stork annotation and the managed-by label', async () => {
    apply(objects);
    const run = await runRenewer(objects, T0);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 created, 0 renewed, 0 current, 0 failed');
    expect(api.writes.map((write) => `${write.method} ${write.namespace}/${write.name} ${write.status}`).sort()).toEqual(
      PLACES.map(([namespace, name]) => `POST ${namespace}/${name} 201`).sort(),
    );
    for (const [namespace, name] of PLACES) {
      const stored = api.secret(namespace, name);
      expect(stored?.metadata.annotations?.['stork.libopenstorage.org/skip-resource']).toBe('true');
      expect(stored?.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('px-token-renewer');
      expect(stored?.type).toBe('Opaque');
    }
    await expectVerified(KEYS.shared, T0);
    expect(run.stdout + run.stderr).not.toContain(KEYS.shared);
    expect(run.stdout).not.toMatch(/eyJ/);
  }, 120_000);

  it('writes nothing on a second run', async () => {
    const before = PLACES.map(([namespace, name]) => api.secret(namespace, name));
    api.writes.length = 0;
    const run = await runRenewer(objects, T0 + 600);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 created, 0 renewed, 4 current, 0 failed');
    expect(api.writes).toEqual([]);
    expect(PLACES.map(([namespace, name]) => api.secret(namespace, name))).toEqual(before);
  }, 120_000);

  it('tokens pass pxsec token verify and golang-jwt v4', async () => {
    writeFileSync(join(dir, 'shared-secret'), KEYS.shared, { mode: 0o600 });
    for (const [namespace, name] of PLACES) {
      const verify = await runCaptured(['token', 'verify', '-', '--issuer', ISSUER, '--shared-secret-file', 'shared-secret'], {
        env: { SOURCE_DATE_EPOCH: String(T0) },
        stdin: token(namespace, name),
        cwd: dir,
      });
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
    }
    if (goVerifier === undefined) {
      // The Go interop check needs golang-go and golang-github-golang-jwt-jwt-dev (installed on the CI machines).
      expect(spawnSync('go', ['version']).status).not.toBe(0);
      return;
    }
    const cases = PLACES.map(([namespace, name]) => ({ token: token(namespace, name), algorithm: 'HS256', key: KEYS.shared, issuer: ISSUER, now: T0 }));
    const run = spawnSync(goVerifier, [], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { ok: boolean; error?: string }[];
    expect(results).toEqual(cases.map(() => ({ ok: true, claims: expect.any(Object) })));
  }, 120_000);

  it('re-mints every token once the clock is within the renewal margin', async () => {
    const before = PLACES.map(([namespace, name]) => token(namespace, name));
    api.writes.length = 0;
    // Minted at T0 for 24h with a 6h margin: renewed from T0 + 18h on, not before.
    const early = await runRenewer(objects, T0 + 18 * HOUR - 1);
    expect(early.stdout).toContain('0 renewed, 4 current');
    const due = T0 + 18 * HOUR;
    const run = await runRenewer(objects, due);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 created, 4 renewed, 0 current, 0 failed');
    expect(api.writes.every((write) => write.method === 'PUT' && write.status === 200)).toBe(true);
    expect(PLACES.map(([namespace, name]) => token(namespace, name))).not.toEqual(before);
    await expectVerified(KEYS.shared, due + 23 * HOUR);
  }, 120_000);

  it('re-mints every token when the keys change, signed with the new keys', async () => {
    const now = T0 + 19 * HOUR;
    const keys = api.secret('kube-system', 'pxkeys');
    api.putSecret({
      ...(keys as never as { metadata: { name: string; namespace: string } }),
      data: { ...keys?.data, 'shared-secret': Buffer.from(NEW_SHARED).toString('base64') },
    });
    api.writes.length = 0;
    const run = await runRenewer(objects, now);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 renewed');
    expect(run.stdout).toContain('(the keys changed)');
    await expectVerified(NEW_SHARED, now);
    const old = await verifyToken(token('tenant-a'), { issuers: [ISSUER], key: { sharedSecret: KEYS.shared }, now });
    expect(old.problems.map((problem) => problem.code)).toContain('TOKEN_SIGNATURE');
  }, 120_000);

  it('re-reads and decides again when another writer changed a Secret between its read and its write (409)', async () => {
    const now = T0 + 19 * HOUR + 18 * HOUR;
    let interfered = false;
    api.beforeUpdate = (namespace, name) => {
      if (interfered || namespace !== 'tenant-b') return;
      interfered = true;
      const current = api.secret(namespace, name);
      // Another writer (say, a person adding a label) changes the Secret: its resourceVersion moves on.
      api.putSecret({
        ...(current as never as { metadata: { name: string; namespace: string } }),
        metadata: { ...current!.metadata, labels: { ...current!.metadata.labels, owner: 'team-b' } },
      });
    };
    api.writes.length = 0;
    const run = await runRenewer(objects, now);
    api.beforeUpdate = undefined;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 renewed');
    const tenantB = api.writes.filter((write) => write.namespace === 'tenant-b').map((write) => write.status);
    expect(tenantB).toEqual([409, 200]);
    // The other writer's change survives: the renewer wrote on top of what it read again, not over it.
    expect(api.secret('tenant-b', 'px-k8s-user')?.metadata.labels?.owner).toBe('team-b');
    await expectVerified(NEW_SHARED, now);
  }, 120_000);

  it('goes on past a tenant it may not write, reports it without a token or key, and exits 1', async () => {
    const other = await FakeKubeApi.start(mkdtempSync(join(dir, 'forbidden-')), BEARER);
    const saved = api;
    try {
      api = other;
      apply(objects.filter((object) => !(object.kind === 'Role' && object.metadata.namespace === 'tenant-b')));
      const run = await runRenewer(objects, T0);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('3 created, 0 renewed, 0 current, 1 failed');
      expect(run.stderr).toBe(
        'tenant-b/px-k8s-user: reading failed: HTTP 403 Forbidden: secrets "px-k8s-user" is forbidden: User "system:serviceaccount:renewer" cannot get resource "secrets" in API group "" in the namespace "tenant-b"\n',
      );
      expect(api.secret('tenant-b', 'px-k8s-user')).toBeUndefined();
      expect(api.secret('tenant-c', 'px-k8s-user')).toBeDefined();
    } finally {
      api = saved;
      await other.stop();
    }
  }, 120_000);

  it('leaves alone the Secret of a tenant removed from the ConfigMap', async () => {
    // The renewer only owns what its ConfigMap lists. It does not delete: it has no delete permission (least
    // privilege), a removed tenant's volumes may still be in use (their PVCs read the token on every mount), and
    // deleting the tenant's Namespace deletes the Secret with it.
    const fewer = synth(['tenant-a', 'tenant-b']);
    expect(fewer.some((object) => object.kind === 'Role' && object.metadata.namespace === 'tenant-c')).toBe(false);
    const before = api.secret('tenant-c', 'px-k8s-user');
    api.writes.length = 0;
    const run = await runRenewer(fewer, T0 + 19 * HOUR + 36 * HOUR);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3 renewed');
    expect(api.writes.some((write) => write.namespace === 'tenant-c')).toBe(false);
    expect(api.secret('tenant-c', 'px-k8s-user')).toEqual(before);
  }, 120_000);
});
