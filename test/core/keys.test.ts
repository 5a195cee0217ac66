import { hkdfSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KEYSTORE_PATH, keysFromKeystore, KeystoreCreated, keystoreCreatedNotice } from '../../lib/node/key-store-file';
import { generateKeys, keysFromEnv, keysFromMasterSecret, keysFromValues } from '../../lib/core/keys/key-sources';
import { PxKeys, validateKeys } from '../../lib/core/keys/keys';
import { caughtPxSecurityError } from '../support/caught';

const BASE64_KEY = /^[A-Za-z0-9+/]{64}$/;
/** Three fixed keys of the right shape (never used anywhere real). */
const KEYS: PxKeys = {
  system: 'c3lzdGVtLWtleS1mb3ItdGVzdHMtb25seS0wMDEtcHgtc2VjdXJpdHktY29uc3Ry',
  stork: 'c3Rvcmsta2V5LWZvci10ZXN0cy1vbmx5LTAwMi1weC1zZWN1cml0eS1jb25zdHJ1',
  shared: 'c2hhcmVkLWtleS1mb3ItdGVzdHMtb25seS0wMDMtcHgtc2VjdXJpdHktY29uc3Ry',
};
const MASTER = 'master-secret-for-tests-only-Qm7Rt2Vx9Kp4Ls8Wn3Hd6Jf1';

/** The error `run` throws. */

let dir: string;
const at = (name: string): string => join(dir, name);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-core-keys-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('generateKeys', () => {
  test('three distinct 64-character keys from the base64 alphabet, new on every call', () => {
    const keys = generateKeys();
    expect(Object.keys(keys)).toEqual(['system', 'stork', 'shared']);
    for (const key of Object.values(keys)) expect(key).toMatch(BASE64_KEY);
    expect(new Set(Object.values(keys)).size).toBe(3);
    expect(generateKeys().shared).not.toBe(keys.shared);
    expect(() => validateKeys(keys, { field: 'keys' })).not.toThrow();
  });
});

describe('validateKeys and keysFromValues', () => {
  test('good keys pass and come back as a copy', () => {
    const given = { ...KEYS };
    const keys = keysFromValues(given, { field: 'keys' });
    expect(keys).toEqual(KEYS);
    expect(keys).not.toBe(given);
  });

  test.each([
    ['short', { ...KEYS, stork: 'a1b2c3d4e5f6g7h8i9j0' }, 'KEYS_WEAK', 'keys.stork-secret has 20 characters, fewer than the 32 required'],
    ['empty', { ...KEYS, system: '' }, 'KEYS_WEAK', 'keys.system-secret has 0 characters, fewer than the 32 required'],
    ['placeholder', { ...KEYS, shared: 'example-secret' }, 'KEYS_WEAK', 'keys.shared-secret is a well-known placeholder (14 characters), not a key'],
    ['placeholder in capitals', { ...KEYS, shared: 'ChangeMe' }, 'KEYS_WEAK', 'keys.shared-secret is a well-known placeholder (8 characters), not a key'],
    [
      'one character repeated',
      { ...KEYS, system: 'x'.repeat(64) },
      'KEYS_WEAK',
      'keys.system-secret is a short pattern repeated (64 characters), not a random key',
    ],
    [
      'a word repeated',
      { ...KEYS, stork: 'changeme'.repeat(8) },
      'KEYS_WEAK',
      'keys.stork-secret is a short pattern repeated (64 characters), not a random key',
    ],
    ['not a string', { ...KEYS, stork: 42 as unknown as string }, 'KEYS_WEAK', 'keys.stork-secret is not a string'],
    [
      "stork = shared (the old docs' bug)",
      { ...KEYS, stork: KEYS.shared },
      'KEYS_NOT_DISTINCT',
      'keys.shared-secret equals keys.stork-secret; the three keys must differ',
    ],
    ['system = shared', { ...KEYS, system: KEYS.shared }, 'KEYS_NOT_DISTINCT', 'keys.shared-secret equals keys.system-secret; the three keys must differ'],
  ])('%s: %s', (_case, keys, code, start) => {
    for (const run of [() => validateKeys(keys, { field: 'keys' }), () => keysFromValues(keys, { field: 'keys' })]) {
      const error = caughtPxSecurityError(run);
      expect(error.code).toBe(code);
      expect(error.message.startsWith(start)).toBe(true);
      for (const value of Object.values(keys)) if (typeof value === 'string' && value.length > 3) expect(error.message).not.toContain(value);
    }
  });

  test('the exact message of a weak key', () => {
    expect(() => validateKeys({ ...KEYS, system: 'too-short-key' }, { field: 'PxSecureCluster portworx: keys' })).toThrow(
      'PxSecureCluster portworx: keys.system-secret has 13 characters, fewer than the 32 required: use 64 random characters, as "pxsec keys generate" or "cat /dev/urandom | base64 | fold -w 64 | head -n 1" make them',
    );
  });

  test('not an object', () => {
    expect(caughtPxSecurityError(() => validateKeys(undefined as unknown as PxKeys, { field: 'keys' })).message).toBe(
      'keys is not an object of three keys: give { system, stork, shared }, e.g. from generateKeys() or keysFromKeystore()',
    );
  });
});

describe('keysFromEnv', () => {
  const env = { PORTWORX_AUTH_SYSTEM_KEY: KEYS.system, PORTWORX_AUTH_STORK_KEY: KEYS.stork, PORTWORX_AUTH_SHARED_SECRET: KEYS.shared };

  test("reads the Portworx docs' variables", () => {
    expect(keysFromEnv(env)).toEqual(KEYS);
  });

  test.each([['PORTWORX_AUTH_SYSTEM_KEY'], ['PORTWORX_AUTH_STORK_KEY'], ['PORTWORX_AUTH_SHARED_SECRET']])(
    'a missing %s is KEYS_ENV_MISSING naming it',
    (variable) => {
      const missing: Record<string, string | undefined> = { ...env, [variable]: undefined };
      const error = caughtPxSecurityError(() => keysFromEnv(missing));
      expect(error.code).toBe('KEYS_ENV_MISSING');
      expect(error.field).toBe(variable);
      expect(error.message).toMatch(
        new RegExp(
          `^${variable} is not set: set it to the (system|stork|shared)-secret \\(64 characters; "pxsec keys generate --format env" prints all three variables\\)$`,
        ),
      );
    },
  );

  test('an empty variable is KEYS_ENV_MISSING too', () => {
    expect(caughtPxSecurityError(() => keysFromEnv({ ...env, PORTWORX_AUTH_STORK_KEY: '' })).message).toBe(
      'PORTWORX_AUTH_STORK_KEY is empty: set it to the stork-secret (64 characters; "pxsec keys generate --format env" prints all three variables)',
    );
  });

  test('weak or repeated keys name the variable', () => {
    expect(caughtPxSecurityError(() => keysFromEnv({ ...env, PORTWORX_AUTH_SHARED_SECRET: 'secret' })).message).toMatch(
      /^PORTWORX_AUTH_SHARED_SECRET is a well-known placeholder \(6 characters\)/,
    );
    expect(caughtPxSecurityError(() => keysFromEnv({ ...env, PORTWORX_AUTH_SHARED_SECRET: KEYS.stork })).message).toMatch(
      /^PORTWORX_AUTH_SHARED_SECRET equals PORTWORX_AUTH_STORK_KEY/,
    );
  });
});

describe('keysFromMasterSecret', () => {
  test('HKDF-SHA256 with one info per key: stable, distinct, 64 base64 characters', () => {
    const keys = keysFromMasterSecret(MASTER, { field: 'masterSecret' });
    // Recomputed here with node's HKDF directly, from the documented info strings.
    const expected = (name: string): string =>
      Buffer.from(hkdfSync('sha256', Buffer.from(MASTER), Buffer.alloc(0), Buffer.from(`px-security-constructs/v1/${name}`), 48)).toString('base64');
    expect(keys).toEqual({ system: expected('system-secret'), stork: expected('stork-secret'), shared: expected('shared-secret') });
    for (const key of Object.values(keys)) expect(key).toMatch(BASE64_KEY);
    expect(new Set(Object.values(keys)).size).toBe(3);
    expect(keysFromMasterSecret(MASTER, { field: 'masterSecret' })).toEqual(keys);
  });

  test('a context gives other keys, and the same keys every time', () => {
    const plain = keysFromMasterSecret(MASTER, { field: 'masterSecret' });
    const prod = keysFromMasterSecret(MASTER, { field: 'masterSecret', context: 'prod-eu-1' });
    expect(prod.shared).toBe(
      Buffer.from(hkdfSync('sha256', Buffer.from(MASTER), Buffer.alloc(0), Buffer.from('px-security-constructs/v1/shared-secret/prod-eu-1'), 48)).toString(
        'base64',
      ),
    );
    expect(prod.shared).not.toBe(plain.shared);
    expect(keysFromMasterSecret(MASTER, { field: 'masterSecret', context: 'prod-eu-1' })).toEqual(prod);
    expect(keysFromMasterSecret(MASTER, { field: 'masterSecret', context: 'prod-eu-2' }).shared).not.toBe(prod.shared);
  });

  test.each([
    [
      'a'.repeat(31),
      'masterSecret has 31 characters, fewer than the 32 required: use a random master secret of 32 characters or more, e.g. "openssl rand -base64 48"',
    ],
    [
      'z'.repeat(40),
      'masterSecret is a short pattern repeated (40 characters), not a random key: use a random master secret of 32 characters or more, e.g. "openssl rand -base64 48"',
    ],
    [
      'password',
      'masterSecret is a well-known placeholder (8 characters), not a key: use a random master secret of 32 characters or more, e.g. "openssl rand -base64 48"',
    ],
  ])('a weak master secret is KEYS_MASTER_WEAK, without its value', (master, message) => {
    const error = caughtPxSecurityError(() => keysFromMasterSecret(master, { field: 'masterSecret' }));
    expect(error.code).toBe('KEYS_MASTER_WEAK');
    expect(error.message).toBe(message);
  });

  test("an empty context is KEYS_CONTEXT_INVALID, named under the options' field", () => {
    const custom = caughtPxSecurityError(() => keysFromMasterSecret(MASTER, { field: 'portworx.masterSecret', context: '' }));
    expect(custom.code).toBe('KEYS_CONTEXT_INVALID');
    expect(custom.field).toBe('portworx.masterSecret.context');
    expect(caughtPxSecurityError(() => keysFromMasterSecret(MASTER, { field: 'masterSecret', context: '' })).message).toBe(
      'masterSecret.context "" is not a non-empty string: name the cluster the keys are for, such as "prod-eu-1", or leave the context out',
    );
  });
});

describe('the field argument is optional, as the README calls them', () => {
  test('keysFromValues(keys) names the keys "keys"; keysFromMasterSecret(secret) names it "masterSecret"', () => {
    expect(keysFromValues(KEYS)).toEqual(KEYS);
    expect(caughtPxSecurityError(() => keysFromValues({ ...KEYS, shared: 'short' })).message).toBe(
      'keys.shared-secret has 5 characters, fewer than the 32 required: use 64 random characters, as "pxsec keys generate" or "cat /dev/urandom | base64 | fold -w 64 | head -n 1" make them',
    );
    expect(keysFromMasterSecret(MASTER)).toEqual(keysFromMasterSecret(MASTER, { field: 'anything' }));
    expect(caughtPxSecurityError(() => keysFromMasterSecret('short')).message).toBe(
      'masterSecret has 5 characters, fewer than the 32 required: use a random master secret of 32 characters or more, e.g. "openssl rand -base64 48"',
    );
  });

  test('the options object: a context without a field, and validateKeys(keys) naming them "keys"', () => {
    expect(keysFromMasterSecret(MASTER, { context: 'prod-eu-1' })).toEqual(keysFromMasterSecret(MASTER, { field: 'ci.master', context: 'prod-eu-1' }));
    expect(keysFromMasterSecret(MASTER, { context: 'prod-eu-1' }).shared).not.toBe(keysFromMasterSecret(MASTER).shared);
    expect(caughtPxSecurityError(() => validateKeys({ ...KEYS, stork: KEYS.system })).field).toMatch(/^keys\b/);
    expect(caughtPxSecurityError(() => validateKeys({ ...KEYS, stork: KEYS.system }, { field: 'app/portworx' })).field).toMatch(/^app\/portworx\b/);
  });
});

describe('keysFromKeystore: the first creation says so and keeps the keystore out of git', () => {
  test('.pxsec/.gitignore holding "*", and onCreated called once with both files', () => {
    const path = at('first/.pxsec/keystore.json');
    const created: KeystoreCreated[] = [];
    const keys = keysFromKeystore(path, { onCreated: (event) => created.push(event) });
    expect(created).toEqual([{ keystore: path, gitignore: at('first/.pxsec/.gitignore') }]);
    expect(readFileSync(at('first/.pxsec/.gitignore'), 'utf8')).toBe('*\n');
    expect(keysFromKeystore(path, { onCreated: (event) => created.push(event) })).toEqual(keys);
    expect(created).toHaveLength(1);
  });

  test('by default, one line on standard error naming the file it created', () => {
    const path = at('noisy/.pxsec/keystore.json');
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      keysFromKeystore(path);
      keysFromKeystore(path);
    } finally {
      spy.mockRestore();
    }
    expect(written).toEqual([
      `px-security-constructs: created keystore ${path} with new keys (mode 0600, git-ignored by ${at('noisy/.pxsec/.gitignore')}); back it up privately, every Secret and token is made from it\n`,
    ]);
  });

  test("never writes a .gitignore into a directory of the user's own, nor replaces one", () => {
    writeFileSync(at('mine.txt'), 'x');
    const created: KeystoreCreated[] = [];
    keysFromKeystore(at('own-keystore.json'), { onCreated: (event) => created.push(event) });
    expect(created).toEqual([{ keystore: at('own-keystore.json'), gitignore: undefined }]);
    expect(readdirSync(dir)).not.toContain('.gitignore');
    expect(keystoreCreatedNotice(created[0] as KeystoreCreated)).toBe(
      `px-security-constructs: created keystore ${at('own-keystore.json')} with new keys (mode 0600, keep it out of git); back it up privately, every Secret and token is made from it\n`,
    );
    mkdirSync(at('kept/.pxsec'), { recursive: true });
    writeFileSync(at('kept/.pxsec/.gitignore'), 'keystore.json\n');
    keysFromKeystore(at('kept/.pxsec/keystore.json'), { onCreated: (event) => created.push(event) });
    expect(created[1]).toEqual({ keystore: at('kept/.pxsec/keystore.json'), gitignore: undefined });
    expect(readFileSync(at('kept/.pxsec/.gitignore'), 'utf8')).toBe('keystore.json\n');
  });
});

describe('keysFromKeystore', () => {
  test('DEFAULT_KEYSTORE_PATH is the git-ignored .pxsec/keystore.json', () => {
    expect(DEFAULT_KEYSTORE_PATH).toBe('.pxsec/keystore.json');
  });

  test('created on first use (directories made, mode 0600, trailing newline), the same keys thereafter, never rewritten', () => {
    const path = at('deep/er/keystore.json');
    const keys = keysFromKeystore(path, { onCreated: () => undefined });
    for (const key of Object.values(keys)) expect(key).toMatch(BASE64_KEY);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(at('deep/er')).mode & 0o077).toBe(0);
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toEqual({ 'system-secret': keys.system, 'stork-secret': keys.stork, 'shared-secret': keys.shared });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['system-secret', 'stork-secret', 'shared-secret']);
    expect(text.endsWith('}\n')).toBe(true);
    const before = statSync(path);

    expect(keysFromKeystore(path)).toEqual(keys);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(path).ino).toBe(before.ino);
    // No temporary file stays behind; the new directory is git-ignored.
    expect(readdirSync(at('deep/er')).sort()).toEqual(['.gitignore', 'keystore.json']);
  });

  test('an existing keystore written by hand is read as is', () => {
    writeFileSync(at('mine.json'), JSON.stringify({ 'system-secret': KEYS.system, 'stork-secret': KEYS.stork, 'shared-secret': KEYS.shared }), { mode: 0o600 });
    expect(keysFromKeystore(at('mine.json'))).toEqual(KEYS);
  });

  test.each([[0o644], [0o640], [0o604], [0o660]])('mode %o is refused with KEYSTORE_PERMISSIONS naming the path, the mode and chmod 600', (mode) => {
    const path = at('exposed.json');
    writeFileSync(path, JSON.stringify({ 'system-secret': KEYS.system, 'stork-secret': KEYS.stork, 'shared-secret': KEYS.shared }));
    chmodSync(path, mode);
    const error = caughtPxSecurityError(() => keysFromKeystore(path));
    expect(error.code).toBe('KEYSTORE_PERMISSIONS');
    expect(error.message).toBe(
      `keystore ${JSON.stringify(path)} has mode 0${mode.toString(8)}: group or others may read the keys: run "chmod 600 ${path}" (and consider the keys exposed: make new ones if others could read it)`,
    );
    for (const key of Object.values(KEYS)) expect(error.message).not.toContain(key);
    expect(statSync(path).mode & 0o777).toBe(mode);
  });

  test.each([
    ['not JSON', `{"system-secret": "${KEYS.system}", `, 'is not valid JSON'],
    ['a list', `["${KEYS.system}"]`, 'is not a JSON object'],
    ['a key missing', JSON.stringify({ 'system-secret': KEYS.system, 'stork-secret': KEYS.stork }), 'has no string "shared-secret"'],
    ["the CLI's JSON format instead", JSON.stringify({ system: KEYS.system, stork: KEYS.stork, shared: KEYS.shared }), 'has no string "system-secret"'],
  ])('a corrupt keystore (%s) is KEYSTORE_CORRUPT naming the path, never the content, and stays untouched', (_case, text, problem) => {
    const path = at('corrupt.json');
    writeFileSync(path, text, { mode: 0o600 });
    const error = caughtPxSecurityError(() => keysFromKeystore(path));
    expect(error.code).toBe('KEYSTORE_CORRUPT');
    expect(error.message).toBe(
      `keystore ${JSON.stringify(path)} ${problem}: restore it from a backup, or move it away to create new keys (then update every Secret made with the old ones)`,
    );
    for (const key of Object.values(KEYS)) expect(error.message).not.toContain(key.slice(0, 12));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  test('weak keys in a keystore name the keystore and the key', () => {
    const path = at('weak.json');
    writeFileSync(path, JSON.stringify({ 'system-secret': KEYS.system, 'stork-secret': KEYS.shared, 'shared-secret': KEYS.shared }), { mode: 0o600 });
    expect(caughtPxSecurityError(() => keysFromKeystore(path)).message).toMatch(
      new RegExp(`^keystore ${path}: shared-secret equals keystore ${path}: stork-secret;`),
    );
  });

  test('a directory at the path is KEYSTORE_CORRUPT', () => {
    expect(caughtPxSecurityError(() => keysFromKeystore(dir)).message).toBe(
      `keystore ${JSON.stringify(dir)} is not a regular file: give the path of a keystore file, or a path where none exists yet to create one`,
    );
  });

  test('a path under a file: KEYSTORE_UNREADABLE with the errno code', () => {
    writeFileSync(at('plain-file'), 'x');
    const path = at('plain-file/keystore.json');
    expect(caughtPxSecurityError(() => keysFromKeystore(path)).message).toBe(
      `keystore ${JSON.stringify(path)} cannot be read (ENOTDIR): give the path of a keystore file you can read`,
    );
  });

  test('a keystore that cannot be written: KEYSTORE_UNWRITABLE with the errno code, nothing left behind', () => {
    // Its directory cannot be made: a dangling link stands where it should be (works as root too, unlike chmod).
    symlinkSync(at('gone'), at('.pxsec'));
    const path = at('.pxsec/keystore.json');
    const error = caughtPxSecurityError(() => keysFromKeystore(path));
    expect(error.code).toBe('KEYSTORE_UNWRITABLE');
    // The .gitignore is written first, so it meets the failure first.
    expect(error.message).toBe(
      `keystore .gitignore ${JSON.stringify(at('.pxsec/.gitignore'))} cannot be written (ENOENT): give a path in an existing directory you can write to; nothing was changed`,
    );
    expect(readdirSync(dir)).toEqual(['.pxsec']);
  });

  test("a .gitignore that is the user's own link is left alone, and the keystore is created", () => {
    mkdirSync(at('linked/.pxsec'), { recursive: true });
    writeFileSync(at('shared-ignore'), 'keystore.json\n');
    symlinkSync(at('shared-ignore'), at('linked/.pxsec/.gitignore'));
    const created: KeystoreCreated[] = [];
    keysFromKeystore(at('linked/.pxsec/keystore.json'), { onCreated: (event) => created.push(event) });
    expect(created).toEqual([{ keystore: at('linked/.pxsec/keystore.json'), gitignore: undefined }]);
    expect(readFileSync(at('shared-ignore'), 'utf8')).toBe('keystore.json\n');
    expect(readdirSync(at('linked/.pxsec')).sort()).toEqual(['.gitignore', 'keystore.json']);
  });
});
