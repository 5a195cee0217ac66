/**
 * The issuer rule has one home (lib/core/token/issuer.ts): the cluster plan with or without a spec, pxsec patch's
 * settings, mintToken and pxsec check (DaemonSet and StorageCluster) refuse the same issuers with the same code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { issuerProblem } from '../../lib/core/token/issuer';
import { planSecureCluster } from '../../lib/core/cluster/plan';
import { resolveSecuritySettings } from '../../lib/core/cluster/security-settings';
import { mintToken } from '../../lib/core/token/token-sign';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { PxSecurityError } from '../../lib/core/errors/errors';

const NOW = 1768435200;
const CLEAN_CLUSTER = readFileSync(join(__dirname, '../fixtures/check/clean/cluster.yaml'), 'utf8');
const BAD_ISSUERS = ['', ' portworx.com', 'portworx.com\n', 'my issuer', 'portworx\u0001.com', 'port\tworx'];

/** The code `run` throws, or `undefined` when it does not throw. */
function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof PxSecurityError) return error.code;
    throw error;
  }
  return undefined;
}

async function auditIssuer(issuer: string): Promise<string[]> {
  const text = CLEAN_CLUSTER.replace('"-jwt_issuer", "portworx.com"', `"-jwt_issuer", ${JSON.stringify(issuer)}`);
  expect(text.includes(`"-jwt_issuer", ${JSON.stringify(issuer)}`)).toBe(true);
  const findings = await auditBundle(bundleFromTexts([{ file: 'cluster.yaml', text }]), { now: NOW, warnExpirySeconds: 0 });
  return findings.filter((finding) => finding.code.startsWith('ISSUER_')).map((finding) => `${finding.code}:${finding.severity}`);
}

test.each(BAD_ISSUERS)('the issuer %j is ISSUER_INVALID everywhere', async (issuer) => {
  expect(issuerProblem(issuer)?.code).toBe('ISSUER_INVALID');
  expect(codeOf(() => planSecureCluster({ issuer, now: NOW }, { field: 'cluster' }))).toBe('ISSUER_INVALID');
  expect(codeOf(() => resolveSecuritySettings({ issuer }))).toBe('ISSUER_INVALID');
  expect(
    codeOf(() =>
      mintToken({
        identity: { name: 'ops', sub: 'ops', email: 'ops@example.com', roles: ['system.user'], groups: [] },
        issuer,
        key: { algorithm: 'HS256', sharedSecret: 'k'.repeat(64) },
        issuedAt: NOW,
        expiresAt: NOW + 60,
      }),
    ),
  ).toBe('ISSUER_INVALID');
  expect(await auditIssuer(issuer)).toEqual(['ISSUER_INVALID:error']);
});

test('a plain issuer passes everywhere; an https:// one is refused by the cluster, warned about by patch and check', async () => {
  expect(issuerProblem('portworx.com')).toBeUndefined();
  expect(codeOf(() => planSecureCluster({ issuer: 'portworx.com', now: NOW }, { field: 'cluster' }))).toBeUndefined();
  expect(await auditIssuer('portworx.com')).toEqual([]);
  expect(issuerProblem('https://portworx.com')?.code).toBe('ISSUER_LOOKS_LIKE_OIDC');
  expect(issuerProblem('https://portworx.com', { oidc: true })).toBeUndefined();
  expect(codeOf(() => planSecureCluster({ issuer: 'https://portworx.com', now: NOW }, { field: 'cluster' }))).toBe('ISSUER_LOOKS_LIKE_OIDC');
  expect(codeOf(() => resolveSecuritySettings({ issuer: 'https://portworx.com' }))).toBeUndefined();
  expect(await auditIssuer('https://portworx.com')).toEqual(['ISSUER_LOOKS_LIKE_OIDC:warning']);
});
