/**
 * `pxsec check` gives token Secrets the verdict `pxsec token verify` gives (one function, `verifyToken`): for
 * generated tokens (time claims zero, negative, fractional, beyond int64, not numbers; claim spellings; headers),
 * a token Secret has an error finding exactly when verifyToken rejects the token, and a warning finding for each
 * of its warnings.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditBundle, bundleFromTexts } from '../../../lib/audit';
import { verifyToken } from '../../../lib/core/token/token-verify';

/** 2026-01-15T00:00:00Z, inside the clean fixture's token year. */
const NOW = 1768435200;
const CLUSTER = readFileSync(join(__dirname, '../../fixtures/check/clean/cluster.yaml'), 'utf8');
const SHARED_SECRET = (() => {
  const base64 = /shared-secret: (\S+)/.exec(CLUSTER.slice(CLUSTER.indexOf('kind: Secret')))?.[1] ?? '';
  return Buffer.from(base64, 'base64').toString('utf8');
})();
const b64 = (text: string): string => Buffer.from(text).toString('base64url');

function token(claimsText: string, headerText = '{"alg":"HS256","typ":"JWT"}'): string {
  const input = `${b64(headerText)}.${b64(claimsText)}`;
  return `${input}.${createHmac('sha256', SHARED_SECRET).update(input).digest('base64url')}`;
}

test('a token Secret has an error finding exactly when verifyToken rejects its token, and its warnings as warnings', async () => {
  const literals = [
    '0',
    '-0',
    '1',
    '-1',
    '0.5',
    String(NOW),
    `${NOW}.5`,
    String(NOW + 1),
    '1e19',
    '-1e19',
    '1e300',
    '9223372036854775807',
    '1e400',
    `"${NOW + 86400}"`,
    'null',
    'true',
    '[]',
  ];
  const tokens: string[] = [];
  for (const claim of ['exp', 'iat', 'nbf']) {
    for (const literal of literals) {
      const base: Record<string, unknown> = {
        email: '',
        exp: NOW + 86400,
        iat: NOW - 600,
        iss: 'portworx.com',
        name: 'n',
        roles: ['system.user'],
        sub: `user-${tokens.length}`,
      };
      delete base[claim];
      tokens.push(token(`${JSON.stringify(base).slice(0, -1)},"${claim}":${literal}}`));
    }
  }
  const good = { email: '', exp: NOW + 86400, iat: NOW - 600, iss: 'portworx.com', name: 'n', roles: ['system.user'] };
  tokens.push(token(JSON.stringify({ ...good, sub: 'crit' }), '{"alg":"HS256","crit":["exp"]}'));
  tokens.push(token(`${JSON.stringify({ ...good, sub: 'iss-spelling' }).slice(0, -1)},"ISS":"other"}`));
  tokens.push(token(JSON.stringify({ ...good, sub: 'no-roles', roles: [] })));
  tokens.push(token(JSON.stringify({ ...good, sub: 'none' }), '{"alg":"none"}'));
  const secrets = tokens
    // Stork's skip annotation marks each as a Portworx token Secret, whatever its token (token-secrets.ts).
    .map((value, index) =>
      [
        `apiVersion: v1`,
        `kind: Secret`,
        `metadata:`,
        `  name: token-${index}`,
        `  namespace: tenants`,
        `  annotations:`,
        `    stork.libopenstorage.org/skip-resource: "true"`,
        `data:`,
        `  auth-token: ${Buffer.from(value).toString('base64')}`,
      ].join('\n'),
    )
    .join('\n---\n');
  // The bundle creates the Secrets' namespace, so the only warnings are the tokens' own (no TOKEN_SECRET_NAMESPACE_UNKNOWN).
  const namespace = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenants'].join('\n');
  const findings = await auditBundle(
    bundleFromTexts([
      { file: 'cluster.yaml', text: CLUSTER },
      { file: 'tokens.yaml', text: `${namespace}\n---\n${secrets}` },
    ]),
    { now: NOW, warnExpirySeconds: 0 },
  );
  let rejected = 0;
  tokens.forEach((value, index) => {
    const verdict = verifyToken(value, { issuers: ['portworx.com'], key: { sharedSecret: SHARED_SECRET }, now: NOW });
    const own = findings.filter((finding) => finding.object === `Secret tenants/token-${index}`);
    expect([index, own.some((finding) => finding.severity === 'error')]).toEqual([index, !verdict.valid]);
    expect(own.filter((finding) => finding.severity === 'warning').map((finding) => finding.code)).toEqual(verdict.warnings.map((warning) => warning.code));
    if (!verdict.valid) rejected++;
  });
  expect(rejected).toBeGreaterThan(10);
  expect(tokens.length - rejected).toBeGreaterThan(10);
});
