/**
 * Token bytes checked against other processes: Go's golang-jwt (what pxctl, openstorage-sdk-auth and the operator
 * sign) and two `node` processes on the built library (build/, compiled once by the slow tier's global setup).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Identity, resolveIdentity } from '../../lib/core/token/identity';
import { mintToken, SigningKey } from '../../lib/core/token/token-sign';
import { definedAt } from '../support/defined';

const PROJECT_ROOT = join(__dirname, '../..');
/** 2023-11-14T22:13:20Z: the pinned clock of these tests. */
const NOW = 1_700_000_000;
const DAY = 86_400;
const SHARED_SECRET = 'token-test-shared-secret-Xk4Pz9Lm2Qw7Rt5Yv8Bn3Cd6';
const ISSUER = 'portworx.com';
const ADMIN: Identity = resolveIdentity(
  { name: 'Storage Administrator', email: 'storage-admin@example.com', sub: 'storage-admin@example.com/storage-admin', roles: ['system.admin'], groups: ['*'] },
  { field: 'admin' },
);
const HS256: SigningKey = { algorithm: 'HS256', sharedSecret: SHARED_SECRET };
const RS256: SigningKey = {
  algorithm: 'RS256',
  privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};

describe('mintToken', () => {
  describe("byte for byte what Go's golang-jwt (pxctl, openstorage-sdk-auth, the operator) signs", () => {
    const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
    const installed = spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT);
    if (!installed) {
      test.skip('needs Go and golang-jwt (apt-get install golang-go golang-github-golang-jwt-jwt-dev)', () => undefined);
      console.log('test/core/token.slow.test.ts: Go or golang-jwt missing, the Go byte-layout comparison is skipped');
      return;
    }
    /** openstorage's `Token()`: MapClaims (json.Marshal sorts the keys), groups only when non-nil. */
    const MINT_GO = `package main

import (
	"encoding/json"
	"os"

	"github.com/golang-jwt/jwt"
)

type mintCase struct {
	Algorithm string   \`json:"algorithm"\`
	Key       string   \`json:"key"\`
	Issuer    string   \`json:"iss"\`
	Name      string   \`json:"name"\`
	Email     string   \`json:"email"\`
	Sub       string   \`json:"sub"\`
	Roles     []string \`json:"roles"\`
	Groups    []string \`json:"groups"\`
	IssuedAt  int64    \`json:"iat"\`
	ExpiresAt int64    \`json:"exp"\`
}

func main() {
	var cases []mintCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		panic(err)
	}
	tokens := []string{}
	for _, c := range cases {
		claims := jwt.MapClaims{"sub": c.Sub, "iss": c.Issuer, "email": c.Email, "name": c.Name, "roles": c.Roles, "iat": c.IssuedAt, "exp": c.ExpiresAt}
		if c.Groups != nil {
			claims["groups"] = c.Groups
		}
		var key interface{} = []byte(c.Key)
		if c.Algorithm == "RS256" {
			rsaKey, err := jwt.ParseRSAPrivateKeyFromPEM([]byte(c.Key))
			if err != nil {
				panic(err)
			}
			key = rsaKey
		}
		signed, err := jwt.NewWithClaims(jwt.GetSigningMethod(c.Algorithm), claims).SignedString(key)
		if err != nil {
			panic(err)
		}
		tokens = append(tokens, signed)
	}
	if err := json.NewEncoder(os.Stdout).Encode(tokens); err != nil {
		panic(err)
	}
}
`;
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'pxsec-go-mint-'));
      writeFileSync(join(dir, 'mint.go'), MINT_GO);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("for the docs' users, odd characters, and RS256", () => {
      const build = spawnSync('go', ['build', '-o', join(dir, 'mint'), 'mint.go'], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
        encoding: 'utf8',
      });
      expect(build.stderr).toBe('');
      const identities = [
        ADMIN,
        resolveIdentity({ name: 'Kubernetes', email: 'kubernetes@example.com', roles: ['system.user'], groups: ['kubernetes'] }, { field: 'k8s' }),
        resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'tenant' }),
        resolveIdentity(
          { name: 'R&D <ops> "quoted" \\ é 🚀 \u2028', email: 'a+b@example.com', roles: ['system.view', 'custom.role'], groups: [] },
          { field: 'odd' },
        ),
      ];
      const keys: SigningKey[] = [HS256, { algorithm: 'HS256', sharedSecret: 'ünïcødé-shared-secret-0123456789abcdef' }, RS256];
      const cases = identities.flatMap((identity) =>
        keys.map((key) => ({
          algorithm: key.algorithm,
          key: key.algorithm === 'HS256' ? key.sharedSecret : key.privateKeyPem,
          iss: ISSUER,
          name: identity.name,
          email: identity.email,
          sub: identity.sub,
          roles: identity.roles,
          groups: identity.groups,
          iat: NOW - 600,
          exp: NOW + 365 * DAY,
          identity,
          signingKey: key,
        })),
      );
      const run = spawnSync(join(dir, 'mint'), [], { input: JSON.stringify(cases), encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const goTokens = JSON.parse(run.stdout) as string[];
      expect(goTokens).toHaveLength(cases.length);
      expect(cases.map((c) => mintToken({ identity: c.identity, issuer: ISSUER, key: c.signingKey, issuedAt: c.iat, expiresAt: c.exp }))).toEqual(goTokens);
    }, 180_000);
  });
});

describe('same inputs, same bytes, across processes', () => {
  test('two other processes mint what this one mints (HS256 vector, RS256, a derived sub)', () => {
    const script = [
      "const core = require('./build/lib');",
      "const model = require('./build/lib/model');",
      "const tenant = model.resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'tenant' });",
      "const times = model.issuanceWindow({}, Number(process.env.PINNED_NOW), { field: 'rotation' });",
      'process.stdout.write(JSON.stringify({',
      "  hs256: core.mintToken({ identity: tenant, issuer: 'portworx.com', key: { algorithm: 'HS256', sharedSecret: process.env.PINNED_SECRET }, issuedAt: times.issuedAt, expiresAt: times.expiresAt }),",
      "  rs256: core.mintToken({ identity: tenant, issuer: 'portworx.com', key: { algorithm: 'RS256', privateKeyPem: process.env.PINNED_RSA_PEM }, issuedAt: times.issuedAt, expiresAt: times.expiresAt }),",
      '}));',
    ].join('\n');
    const inProcess = (): { hs256: string; rs256: string } => {
      const tenant = resolveIdentity({ name: 'tenant-a', roles: ['system.user'], groups: ['developers'] }, { field: 'tenant' });
      // Window times as issuanceWindow({}, NOW) gives them: 30-day windows, 1y lifetime, 600 s backdate.
      const windowStart = Math.floor(NOW / (30 * DAY)) * 30 * DAY;
      const times = { issuedAt: windowStart - 600, expiresAt: windowStart + 365 * DAY };
      return {
        hs256: mintToken({ identity: tenant, issuer: ISSUER, key: HS256, ...times }),
        rs256: mintToken({ identity: tenant, issuer: ISSUER, key: RS256, ...times }),
      };
    };
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PINNED_NOW: String(NOW), PINNED_SECRET: SHARED_SECRET, PINNED_RSA_PEM: RS256.privateKeyPem };
    const outputs = [1, 2].map(() => {
      const run = spawnSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return run.stdout;
    });
    expect(outputs[1]).toBe(outputs[0]);
    expect(JSON.parse(definedAt(outputs, 0, 'outputs'))).toEqual(inProcess());
  }, 60_000);
});
