/**
 * The in-cluster renewer signing RS256/ES256: a cluster with `publicKey`, `tokenSigningKey` and
 * `renewal: { mode: 'in-cluster' }` is synthesized; the renewer's script runs from its ConfigMap against a local
 * Kubernetes API (test/support/fake-kube-api.ts, no kube-apiserver can run here) that holds only what the
 * output applies: the private key's Secret and the emitted Roles (no pxkeys: the renewer must not need it). The
 * tokens it writes verify with the emitted public key through `pxsec`'s verifier and golang-jwt v4; a new
 * private key re-mints every token.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { PxSecureCluster, PxTenant } from '../../../lib/cdk8s';
import { verifyToken } from '../../../lib';
import { SUITE_KEYS } from '../../support/suite-keys';
import { findObject } from '../../support/cdk8s-synth';
import { FakeKubeApi } from '../../support/fake-kube-api';
import { runRenewer } from '../../support/renewer-run';
import { validateKubernetesObjects } from '../../support/kube-schema';

const T0 = 1_768_435_200;
const TENANTS = ['tenant-a', 'tenant-b'];
const BEARER = 'renewer-asymmetric-token';
type Objects = Record<string, any>[];

function pemOf(algorithm: 'RS256' | 'ES256'): string {
  const pair = algorithm === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function synth(algorithm: 'RS256' | 'ES256', privateKeyPem: string): Objects {
  const app = Testing.app();
  const chart = new Chart(app, 'cluster');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: SUITE_KEYS,
    clock: () => T0 * 1000,
    publicKey: { algorithm, path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } },
    tokenSigningKey: privateKeyPem,
    renewal: { mode: 'in-cluster', lifetime: '24h', renewBefore: '6h' },
  });
  for (const namespace of TENANTS) new PxTenant(chart, namespace, { cluster, namespace });
  app.synthYaml();
  return chart.toJson() as Objects;
}

const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
const goInstalled = spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT);

describe.each(['RS256', 'ES256'] as const)('the renewer signing %s', (algorithm) => {
  let dir: string;
  let api: FakeKubeApi;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pxsec-renewer-asym-'));
    api = await FakeKubeApi.start(dir, BEARER);
  });
  afterAll(async () => {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function apply(objects: Objects): void {
    api.putSecret(findObject(objects, 'Secret', 'px-token-signing-key', 'kube-system') as never);
    for (const role of objects.filter((object) => object.kind === 'Role')) api.bindRole(role as never);
  }
  const token = (namespace: string): string => Buffer.from(api.secret(namespace, 'px-k8s-user')?.data['auth-token'] ?? '', 'base64').toString('utf8');

  it('mints tokens that verify with the emitted public key (pxsec verifier, golang-jwt), and re-mints on a new key', async () => {
    const pem = pemOf(algorithm);
    const objects = synth(algorithm, pem);
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
    apply(objects);
    const run = await runRenewer(api, dir, BEARER, objects, T0);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 created, 0 renewed, 0 current, 0 failed');
    expect(run.stdout).not.toContain('PRIVATE KEY');
    const publicKeyPem = Buffer.from(findObject(objects, 'Secret', 'px-jwt-public', 'kube-system').data['public.pem'] as string, 'base64').toString('utf8');
    for (const namespace of TENANTS) {
      const verdict = await verifyToken(token(namespace), { issuers: ['portworx.com'], key: { publicKeyPem }, now: T0 });
      expect(verdict.problems).toEqual([]);
      expect(verdict.header?.alg).toBe(algorithm);
    }
    if (goInstalled) {
      const binary = join(dir, 'verify');
      const build = spawnSync('go', ['build', '-o', binary, 'verify.go'], {
        cwd: join(__dirname, '../../interop/go'),
        env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
        encoding: 'utf8',
      });
      expect(build.status).toBe(0);
      const cases = TENANTS.map((namespace) => ({ token: token(namespace), algorithm, key: publicKeyPem, issuer: 'portworx.com', now: T0 }));
      const verified = spawnSync(binary, [], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
      expect(verified.stderr).toBe('');
      expect((JSON.parse(verified.stdout) as { ok: boolean }[]).map((result) => result.ok)).toEqual(TENANTS.map(() => true));
    }
    // A second run writes nothing; a new private key (re-synthesized and applied) re-mints every token.
    api.writes.length = 0;
    expect((await runRenewer(api, dir, BEARER, objects, T0 + 600)).stdout).toContain('0 created, 0 renewed, 2 current, 0 failed');
    expect(api.writes).toEqual([]);
    const rotated = synth(algorithm, pemOf(algorithm));
    apply(rotated);
    const again = await runRenewer(api, dir, BEARER, rotated, T0 + 1200);
    expect(again.stdout).toContain('0 created, 2 renewed, 0 current, 0 failed');
    const newPublicKey = Buffer.from(findObject(rotated, 'Secret', 'px-jwt-public', 'kube-system').data['public.pem'] as string, 'base64').toString('utf8');
    for (const namespace of TENANTS)
      expect((await verifyToken(token(namespace), { issuers: ['portworx.com'], key: { publicKeyPem: newPublicKey }, now: T0 + 1200 })).problems).toEqual([]);
  }, 240_000);
});
