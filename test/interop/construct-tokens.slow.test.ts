/**
 * RS256 and ES256 tenant tokens from the cdk8s constructs (`publicKey` + `tokenSigningKey`) verify through
 * golang-jwt v4 (Go, as openstorage and stork verify) with the public key the constructs emit: the PEM read
 * back from the synthesized Secret, not the test's own copy. The Go verifier is test/interop/go/verify.go;
 * tokens and keys reach it on stdin.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { PortworxSpec } from '../../lib';
import { PxSecureCluster, PxTenant } from '../../lib/cdk8s';
import { TEST_CLOCK } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { findObject, synthErrors } from '../support/cdk8s-synth';

const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
const SPEC = join(__dirname, '../fixtures/specs/01-daemonset-flow-args-lighthouse.yaml');
const TENANTS = ['tenant-a', 'tenant-b', 'tenant-c'];
const ALGORITHMS = ['RS256', 'ES256'] as const;

interface VerifyResult {
  readonly ok: boolean;
  readonly claims?: Record<string, unknown>;
  readonly error?: string;
}

/** The tenants' tokens and the emitted public key PEM of a cluster signing with `algorithm`. */
function synthesized(algorithm: (typeof ALGORITHMS)[number]): { tokens: string[]; publicKeyPem: string } {
  const pair = algorithm === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const cluster = new PxSecureCluster(chart, 'portworx', {
    issuer: 'portworx.com',
    keys: SUITE_KEYS,
    clock: TEST_CLOCK,
    spec: PortworxSpec.fromFile(SPEC),
    publicKey: { algorithm, path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } },
    tokenSigningKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  for (const namespace of TENANTS) new PxTenant(chart, namespace, { cluster, namespace });
  expect(synthErrors(app)).toBe('');
  const objects = chart.toJson() as Record<string, any>[];
  const decode = (value: unknown): string => Buffer.from(value as string, 'base64').toString('utf8');
  return {
    tokens: TENANTS.map((namespace) => decode(findObject(objects, 'Secret', 'px-k8s-user', namespace).data['auth-token'])),
    publicKeyPem: decode(findObject(objects, 'Secret', 'px-jwt-public', 'kube-system').data['public.pem']),
  };
}

const installed = spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT);
(installed ? describe : describe.skip)('construct tokens through golang-jwt v4 (Go)', () => {
  let dir = '';
  let binary = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pxsec-construct-interop-'));
    binary = join(dir, 'verify');
    const build = spawnSync('go', ['build', '-o', binary, 'verify.go'], {
      cwd: join(__dirname, 'go'),
      env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
      encoding: 'utf8',
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(ALGORITHMS)('%s tenant tokens verify with the emitted public key; another key refuses them', (algorithm) => {
    const { tokens, publicKeyPem } = synthesized(algorithm);
    const otherKey = synthesized(algorithm).publicKeyPem;
    const now = TEST_CLOCK() / 1000;
    const cases = [
      ...tokens.map((token) => ({ token, algorithm, key: publicKeyPem, issuer: 'portworx.com', now })),
      { token: tokens[0], algorithm, key: otherKey, issuer: 'portworx.com', now },
    ];
    const run = spawnSync(binary, [], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as VerifyResult[];
    expect(results.slice(0, TENANTS.length).map((result) => [result.ok, result.claims?.name])).toEqual(TENANTS.map((namespace) => [true, namespace]));
    expect(results[TENANTS.length]?.ok).toBe(false);
  });
});

if (!installed) {
  test('golang-jwt is not installed: the Go interop of construct tokens is skipped', () => {
    expect(process.env.CI).not.toBe('true');
  });
}
