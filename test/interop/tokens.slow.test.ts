/**
 * The Portworx docs' four users get their tokens from `pxsec token generate`, and three independent JWT
 * implementations accept them: jsonwebtoken (JS), PyJWT (Python) and golang-jwt v4 (Go, as openstorage and stork
 * use). Each verifier checks the signature, the issuer, the six required claims and the times against the pinned
 * clock. Tokens and keys travel to the verifiers on stdin, never in argv.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { parse } from 'yaml';
import { runCaptured } from '../support/captured-io';
import { defined, definedAt } from '../support/defined';

/** The pinned clock of token generation: 2023-11-14T22:13:20Z. */
const NOW = 1_700_000_000;
const DAY = 86_400;
const YEAR = 365 * DAY;
const ISSUER = 'portworx.com';
const SHARED_SECRET = 'interop-shared-secret-Rt5Yh8Kj2Nm4Pq7Ws1Xe3Cv6Bz9Lo0Ia2Sd5Fg';
const REQUIRED_CLAIMS = ['iss', 'sub', 'exp', 'iat', 'name', 'email'];
const AUTH_CONFIGS = join(__dirname, '../fixtures/auth-configs');
/** The Portworx docs' users (PORTWORX-FACTS.md section 9, step 3). */
const USERS = ['storage-admin', 'kubernetes', 'viewer', 'tenant-a'] as const;
const ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
type Algorithm = (typeof ALGORITHMS)[number];

/** One token for a verifier, with the key and the clock to check it against. */
interface VerifyCase {
  readonly label: string;
  readonly token: string;
  readonly algorithm: Algorithm;
  readonly key: string;
  readonly issuer: string;
  readonly now: number;
}
/** What a verifier says about one case. */
interface VerifyResult {
  readonly ok: boolean;
  readonly claims?: Record<string, unknown>;
  readonly error?: string;
}
type Verifier = (cases: readonly VerifyCase[]) => VerifyResult[];

let dir: string;
const accepted: VerifyCase[] = [];
let rejected: VerifyCase[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-interop-'));
  writeFileSync(join(dir, 'shared-secret'), `${SHARED_SECRET}\n`, { mode: 0o600 });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(join(dir, 'rsa.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(dir, 'ec.pem'), ec.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const signing: Record<Algorithm, { flags: string[]; key: string }> = {
    HS256: { flags: ['--shared-secret-file', 'shared-secret'], key: SHARED_SECRET },
    RS256: { flags: ['--rsa-private-keyfile', 'rsa.pem'], key: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    ES256: { flags: ['--ecdsa-private-keyfile', 'ec.pem'], key: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
  for (const user of USERS) {
    for (const algorithm of ALGORITHMS) {
      const run = await runCaptured(
        ['token', 'generate', '--auth-config', join(AUTH_CONFIGS, `${user}.yaml`), '--issuer', ISSUER, '--token-duration', '1y', ...signing[algorithm].flags],
        { env: { SOURCE_DATE_EPOCH: String(NOW) }, cwd: dir },
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      // Checked a month into the token's year.
      accepted.push({ label: `${user} ${algorithm}`, token: run.stdout.trim(), algorithm, key: signing[algorithm].key, issuer: ISSUER, now: NOW + 30 * DAY });
    }
  }
  const admin = definedAt(accepted, 0, 'accepted cases');
  rejected = [
    { ...admin, label: 'expired (now = exp)', now: NOW + YEAR },
    { ...admin, label: 'issued in the future (now before iat)', now: NOW - 601 },
    { ...admin, label: 'wrong issuer', issuer: 'px.example.com' },
    { ...admin, label: 'wrong key', key: 'not-the-shared-secret-Pq9Wo8Ei7Ru6Ty5Ua4Sd3Fg2Hj1Kl0Zx' },
  ];
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The claims a token must carry for a user: the fixture's name, roles, groups and all six required claims. */
function expectPortworxClaims(testCase: VerifyCase, result: VerifyResult): void {
  expect(result).toEqual({ ok: true, claims: expect.any(Object) });
  const claims = result.claims as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(defined(testCase.token.split('.')[1], 'the claims segment'), 'base64url').toString('utf8')) as Record<string, unknown>;
  expect(claims).toEqual(payload);
  for (const claim of REQUIRED_CLAIMS) expect(claims).toHaveProperty(claim);
  const user = testCase.label.split(' ')[0];
  const config = parse(readFileSync(join(AUTH_CONFIGS, `${user}.yaml`), 'utf8')) as Record<string, unknown>;
  expect(claims).toMatchObject({ iss: ISSUER, name: config.name, roles: config.roles, groups: config.groups, iat: NOW - 600, exp: NOW + YEAR });
  expect(claims.sub).toEqual(expect.stringMatching(/./));
}

/** The tests every verifier must pass: the twelve tokens accepted, the four bad cases refused. */
function verifierTests(verify: () => Verifier): void {
  test("accepts the four users' HS256, RS256 and ES256 tokens with all six claims", () => {
    const results = verify()(accepted);
    expect(results).toHaveLength(USERS.length * ALGORITHMS.length);
    accepted.forEach((testCase, index) => expectPortworxClaims(testCase, definedAt(results, index, 'results')));
  });

  test('refuses an expired token, one issued in the future, a wrong issuer and a wrong key', () => {
    const results = verify()(rejected);
    expect(results.map((result, index) => [rejected[index]?.label, result.ok])).toEqual(rejected.map((testCase) => [testCase.label, false]));
  });
}

/** Registers the tests of a verifier that needs a system package, or explains why they cannot run. */
function externalVerifier(name: string, installed: boolean, aptPackages: string, register: () => void): void {
  if (installed) {
    register();
    return;
  }
  const message = `${name} is not installed: run "apt-get install ${aptPackages}"`;
  if (process.env.CI === 'true') {
    test(`${name} is installed`, () => {
      throw new Error(message);
    });
  } else {
    console.warn(`skipping the ${name} interop tests: ${message}`);
    test.skip(`${name} (not installed)`, () => undefined);
  }
}

describe('jsonwebtoken (a second JS implementation)', () => {
  verifierTests(
    () => (cases) =>
      cases.map((testCase) => {
        try {
          const claims = jwt.verify(testCase.token, testCase.key, {
            algorithms: [testCase.algorithm],
            issuer: testCase.issuer,
            clockTimestamp: testCase.now,
          }) as Record<string, unknown>;
          const missing = REQUIRED_CLAIMS.filter((claim) => !(claim in claims));
          if (missing.length > 0) return { ok: false, error: `missing ${missing.join(', ')}` };
          // jsonwebtoken does not check iat; Portworx does.
          if (typeof claims.iat !== 'number' || claims.iat > testCase.now) return { ok: false, error: 'used before issued' };
          return { ok: true, claims };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      }),
  );
});

const PYTHON = '/usr/bin/python3';
describe('PyJWT (Python)', () => {
  const installed = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import jwt, cryptography']).status === 0;
  externalVerifier('PyJWT', installed, 'python3-jwt python3-cryptography', () =>
    verifierTests(() => (cases) => runVerifier(PYTHON, [join(__dirname, 'pyjwt_verify.py')], cases)),
  );
});

const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
describe('golang-jwt v4 (Go)', () => {
  const installed = spawnSync('go', ['version']).status === 0 && existsSync(GO_JWT);
  externalVerifier('Go with golang-jwt', installed, 'golang-go golang-github-golang-jwt-jwt-dev', () => {
    let binary = '';
    beforeAll(() => {
      // Built once: compiling per token would take minutes on a small machine.
      binary = join(dir, 'verify');
      const build = spawnSync('go', ['build', '-o', binary, 'verify.go'], {
        cwd: join(__dirname, 'go'),
        env: { PATH: process.env.PATH, HOME: dir, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(dir, 'go-cache') },
        encoding: 'utf8',
      });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
    }, 180_000);
    verifierTests(() => (cases) => runVerifier(binary, [], cases));
  });
});

/** Runs an external verifier with the cases as JSON on stdin and returns its JSON results. */
function runVerifier(command: string, args: string[], cases: readonly VerifyCase[]): VerifyResult[] {
  const run = spawnSync(command, args, { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as VerifyResult[];
}
