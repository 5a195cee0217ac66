/**
 * Asymmetric tokens from the Pulumi components, under Pulumi's own mocks: `tokenSigningKey` as a plain string
 * or as an Output (what a `tls.PrivateKey`'s `privateKeyPem` or `config.requireSecret` gives) signs tenant
 * tokens RS256/ES256 that verify with the registered public key (jose); the private key never reaches a
 * resource.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { compactVerify, importSPKI } from 'jose';
import { kubeObjects, programDone, registrations, startRun, valueOf } from './mocks';
import { PortworxSpec } from '../../lib';
import { PxSecureCluster, PxTenant } from '../../lib/pulumi';
import { TEST_CLOCK } from '../../lib/testing';
import type { PublicKeySettings } from '../../lib/core/cluster/security-settings';
import { validateKubernetesObjects } from '../support/kube-schema';
import { caughtOnComponent } from './caught-on-component';

const SPEC = PortworxSpec.fromFile(join(__dirname, '../fixtures/specs/01-daemonset-flow-args-lighthouse.yaml'));
const KEYS = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
} as const;

function publicKey(algorithm: 'RS256' | 'ES256'): PublicKeySettings {
  return { algorithm, path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } };
}

describe.each([
  ['RS256', 'a PEM string'],
  ['ES256', 'an Output (as tls.PrivateKey.privateKeyPem)'],
] as const)('%s tenant tokens (Pulumi), the key as %s', (algorithm, form) => {
  it('verify with the registered public key; the private key is in no resource', async () => {
    startRun();
    const pem = KEYS[algorithm].privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const tokenSigningKey = form === 'a PEM string' ? pem : pulumi.secret(pulumi.output(pem));
    const cluster = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      clock: TEST_CLOCK,
      spec: SPEC,
      publicKey: publicKey(algorithm),
      tokenSigningKey,
    });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    const adminToken = await valueOf(cluster.mintToken({ name: 'admin', roles: ['system.admin'] }));
    const registered = await programDone();
    const objects = kubeObjects(registered) as Record<string, any>[];
    expect(validateKubernetesObjects(objects.filter((object) => object.kind === 'Secret'))).toBeGreaterThan(0);
    // @pulumi/kubernetes makes every Secret's data a Pulumi secret, the public key's too (harmless).
    const publicSecret = objects.find((object) => object.kind === 'Secret' && object.metadata.name === 'px-jwt-public');
    const publicPem = Buffer.from(publicSecret?.data['public.pem'] as string, 'base64').toString('utf8');
    expect(publicPem).toBe(KEYS[algorithm].publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(JSON.stringify(registrations)).not.toContain('PRIVATE KEY');
    const tenantSecret = objects.find((object) => object.kind === 'Secret' && object.metadata.namespace === 'tenant-a');
    const token = Buffer.from(tenantSecret?.data['auth-token'] as string, 'base64').toString('utf8');
    const key = await importSPKI(publicPem, algorithm);
    for (const signed of [token, adminToken.token]) {
      const verified = await compactVerify(signed, key);
      expect(verified.protectedHeader).toEqual({ alg: algorithm, typ: 'JWT' });
    }
    expect(JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'))).toMatchObject({ iss: 'portworx.com', name: 'tenant-a' });
  });
});

describe('Pulumi tokenSigningKey errors', () => {
  it('a publicKey nothing registers is PUBLIC_KEY_SOURCE_MISSING in the constructor', () => {
    startRun();
    expect(
      caughtOnComponent(() => new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, spec: SPEC, publicKey: publicKey('RS256') }))
        .message,
    ).toMatch(/^portworx\.publicKey\.from "Secret\/px-jwt-public" is mounted by the portworx pods, but nothing emits it/);
  });

  it('a PEM string of the wrong type is TOKEN_KEY_INVALID in the constructor, naming the argument', () => {
    startRun();
    const pem = KEYS.ES256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = caughtOnComponent(
      () => new PxSecureCluster('portworx', { issuer: 'portworx.com', clock: TEST_CLOCK, spec: SPEC, publicKey: publicKey('RS256'), tokenSigningKey: pem }),
    );
    expect(error.code).toBe('TOKEN_KEY_INVALID');
    expect(error.message).toMatch(/^portworx\.tokenSigningKey is an EC key on prime256v1, but RS256 needs an RSA key/);
  });

  it('publicKeyExists registers no public key object', async () => {
    startRun();
    const pem = KEYS.RS256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      clock: TEST_CLOCK,
      spec: SPEC,
      publicKey: publicKey('RS256'),
      tokenSigningKey: pem,
      publicKeyExists: true,
    });
    const objects = kubeObjects(await programDone()) as Record<string, any>[];
    expect(objects.filter((object) => object.metadata?.name === 'px-jwt-public')).toEqual([]);
  });

  it('with in-cluster renewal: registers the private key Secret and the renewer reads only it', async () => {
    startRun();
    const pem = KEYS.ES256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cluster = new PxSecureCluster('portworx', {
      issuer: 'portworx.com',
      clock: TEST_CLOCK,
      spec: SPEC,
      publicKey: publicKey('ES256'),
      tokenSigningKey: pem,
      renewal: { mode: 'in-cluster' },
    });
    new PxTenant('tenant-a', { cluster, namespace: 'tenant-a' });
    const objects = kubeObjects(await programDone()) as Record<string, any>[];
    const signingKey = objects.find((object) => object.kind === 'Secret' && object.metadata.name === 'px-token-signing-key');
    expect(Buffer.from(signingKey?.data['private.pem'] as string, 'base64').toString('utf8')).toBe(pem);
    const keysRole = objects.find((object) => object.kind === 'Role' && object.metadata.namespace === 'kube-system');
    expect(keysRole?.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['px-token-signing-key'], verbs: ['get'] }]);
    const config = JSON.parse(
      objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'px-token-renewer')?.data['config.json'] as string,
    );
    expect(config.signing.algorithm).toBe('ES256');
  });
});
