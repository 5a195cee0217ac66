/**
 * The example app (the main job): synthesized with a pinned clock and test keys for the snapshot, and run for
 * real, twice, the way `npm run synth` runs it, to show byte-identical output and a reused keystore.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { PxExampleChart } from '../../examples/cdk8s/app';
import { verifyToken } from '../../lib/core';
import { validateKubernetesObjects } from '../support/kube-schema';
import { TEST_CLOCK, TEST_KEYS, TEST_NOW_MS, redactSecretValues } from '../../lib/testing';
import { findObject, parseManifest, secretValues, synthObjects } from '../support/cdk8s-synth';

const ROOT = path.join(__dirname, '../..');

/** Every token a user's cluster would read from these objects, verified as Portworx would. */
async function verifyAllTokens(objects: readonly Record<string, unknown>[], now: number): Promise<string[]> {
  const keys = secretValues(findObject(objects, 'Secret', 'pxkeys', 'kube-system'));
  const daemonSet = findObject(objects, 'DaemonSet', 'portworx', 'kube-system');
  const args = daemonSet.spec.template.spec.containers.find((c: { name: string }) => c.name === 'portworx').args as string[];
  const issuer = args[args.indexOf('-jwt_issuer') + 1] ?? '';
  const tokenSecrets = objects.filter((o) => o.kind === 'Secret' && 'auth-token' in (o.data as object));
  const verified: string[] = [];
  for (const secret of tokenSecrets) {
    const token = secretValues(secret)['auth-token'] ?? '';
    const verdict = await verifyToken(token, { issuers: [issuer], key: { sharedSecret: keys['shared-secret'] ?? '' }, now });
    expect({ secret: (secret.metadata as object), problems: verdict.problems }).toEqual({ secret: secret.metadata, problems: [] });
    const metadata = secret.metadata as { namespace: string; name: string };
    verified.push(`${metadata.namespace}/${metadata.name}`);
  }
  return verified;
}

describe('the cdk8s example', () => {
  const app = Testing.app();
  const chart = new PxExampleChart(app, 'px-security', { keys: TEST_KEYS, clock: TEST_CLOCK });
  const objects = synthObjects(app, chart);

  it('matches the snapshot (Secret values redacted)', () => {
    expect(redactSecretValues(objects)).toMatchSnapshot();
  });

  it('holds every object of the Portworx docs walkthrough', () => {
    const names = objects.map((o) => `${o.kind} ${(o.metadata as { namespace?: string }).namespace ?? ''}/${(o.metadata as { name: string }).name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Secret kube-system/pxkeys',
        'DaemonSet kube-system/portworx',
        'Deployment kube-system/stork',
        'Secret portworx/px-k8s-user',
        'Namespace /tenant-a',
        'Secret tenant-a/px-k8s-user',
        'Namespace /tenant-b',
        'Secret tenant-b/px-k8s-user',
        'StorageClass /px-storage',
        'StorageClass /px-storage-repl-1',
        'PersistentVolumeClaim tenant-a/mysql-data',
        'Deployment tenant-a/mysql',
        'VolumeSnapshotClass /px-snapshots',
        'VolumeSnapshot tenant-a/mysql-data-snapshot',
      ]),
    );
    const claim = findObject(objects, 'PersistentVolumeClaim', 'mysql-data', 'tenant-a');
    expect(claim.spec).toMatchObject({ storageClassName: 'px-storage', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } });
  });

  it('validates every object against the Kubernetes schema', () => {
    expect(validateKubernetesObjects(objects)).toBe(objects.length);
  });

  it('holds tokens that verify against the synthesized shared secret and issuer', async () => {
    expect(await verifyAllTokens(objects, TEST_NOW_MS / 1000)).toEqual(['portworx/px-k8s-user', 'tenant-a/px-k8s-user', 'tenant-b/px-k8s-user']);
  });
});

describe('npm run synth, for real', () => {
  it('writes dist/ with a new keystore, and the same bytes again on a second run', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-synth-'));
    const run = () =>
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'examples/cdk8s/main.ts')], {
        cwd: work,
        env: { ...process.env, SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) },
        stdio: 'pipe',
      });
    run();
    const keystore = path.join(work, '.pxsec/keystore.json');
    expect(fs.statSync(keystore).mode & 0o777).toBe(0o600);
    const first = fs.readFileSync(path.join(work, 'dist/px-security.k8s.yaml'), 'utf8');
    run();
    expect(fs.readFileSync(path.join(work, 'dist/px-security.k8s.yaml'), 'utf8')).toBe(first);

    const objects = parseManifest(first);
    expect(await verifyAllTokens(objects, TEST_NOW_MS / 1000)).toHaveLength(3);
    const keys = JSON.parse(fs.readFileSync(keystore, 'utf8')) as Record<string, string>;
    expect(secretValues(findObject(objects, 'Secret', 'pxkeys', 'kube-system'))).toEqual(keys);
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);
});
