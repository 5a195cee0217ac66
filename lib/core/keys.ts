/**
 * The three shared keys of a secured Portworx cluster: `system-secret` (node to node), `stork-secret` (stork)
 * and `shared-secret` (signs user tokens).
 *
 * The Portworx docs make each with `cat /dev/urandom | base64 | fold -w 64 | head -n 1`: 64 characters of the
 * base64 alphabet, used as the raw bytes of the string (never base64-decoded). The three must differ. Keys
 * come from a CSPRNG, the environment, explicit values, a keystore file, or one master secret (HKDF). No
 * message here ever holds a key: they name the key and its length.
 */
import { randomBytes, hkdfSync } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomically } from './atomic-file';
import { PxSecurityError } from './errors';
import { KEYS_ENV, SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from './names';

/** The three shared keys. Secret: never log them. */
export interface PxKeys {
  /** `system-secret`: node-to-node tokens (`PORTWORX_AUTH_SYSTEM_KEY`). */
  readonly system: string;
  /** `stork-secret`: stork's tokens (`PORTWORX_AUTH_STORK_KEY`, stork's `PX_SHARED_SECRET`). */
  readonly stork: string;
  /** `shared-secret`: signs user tokens (`PORTWORX_AUTH_JWT_SHAREDSECRET`). */
  readonly shared: string;
}

/** Default keystore file, relative to the working directory (git-ignored: it holds real keys). */
export const DEFAULT_KEYSTORE_PATH = '.pxsec/keystore.json';

/** Shortest key accepted. */
export const MIN_KEY_LENGTH = 32;

/** Random bytes per generated key: base64 of 48 bytes is exactly 64 characters, as in the Portworx docs. */
const KEY_BYTES = 48;

/** The keys in their fixed order, with their names in the keys Secret. */
const KEY_NAMES: Readonly<Record<keyof PxKeys, string>> = { system: SYSTEM_SECRET_KEY, stork: STORK_SECRET_KEY, shared: SHARED_SECRET_KEY };
const KEY_ORDER: readonly (keyof PxKeys)[] = ['system', 'stork', 'shared'];

/** Prefix of the HKDF `info` of each derived key: `px-security-constructs/v1/<key name>[/<context>]`. */
const HKDF_INFO_PREFIX = 'px-security-constructs/v1/';

/**
 * Well-known placeholder values (compared case-insensitively): what docs, examples and tutorials put where a
 * key goes. Most are shorter than 32 characters and fail that rule too; this names the mistake.
 */
const PLACEHOLDERS: readonly string[] = [
  'changeme',
  'change-me',
  'changeit',
  'example-secret',
  'mysecret',
  'my-secret',
  'secret',
  'password',
  'passw0rd',
  'shared-secret',
  'system-secret',
  'stork-secret',
  'your-secret-here',
  'test',
];

/** A short unit repeated (`aaaa...`, `abcabc...`, `changemechangeme...`): no entropy to speak of. */
const REPEATED_UNIT = /^(.{1,8})\1+$/s;

/** Three new keys: 64 characters each from `crypto.randomBytes` (base64 alphabet), distinct. */
export function generateKeys(): PxKeys {
  const generated = new Set<string>();
  while (generated.size < KEY_ORDER.length) generated.add(randomBytes(KEY_BYTES).toString('base64'));
  const [system, stork, shared] = [...generated];
  return { system, stork, shared };
}

/**
 * Explicit keys, validated (see `validateKeys`).
 *
 * @param field the field or object path the keys came from, for messages @default 'keys'
 */
export function keysFromValues(keys: PxKeys, field = 'keys'): PxKeys {
  validateKeys(keys, field);
  return { system: keys.system, stork: keys.stork, shared: keys.shared };
}

/**
 * The keys from `PORTWORX_AUTH_SYSTEM_KEY`, `PORTWORX_AUTH_STORK_KEY` and `PORTWORX_AUTH_SHARED_SECRET` (the
 * Portworx docs' names), validated. A missing or empty variable is `KEYS_ENV_MISSING` naming it.
 */
export function keysFromEnv(env: Readonly<Record<string, string | undefined>>): PxKeys {
  for (const key of KEY_ORDER) {
    const value = env[KEYS_ENV[key]];
    if (value === undefined || value === '') {
      throw new PxSecurityError({
        code: 'KEYS_ENV_MISSING',
        field: KEYS_ENV[key],
        problem: value === undefined ? 'is not set' : 'is empty',
        fix: `set it to the ${KEY_NAMES[key]} (64 characters; "pxsec keys generate --format env" prints all three variables)`,
      });
    }
  }
  const keys: PxKeys = { system: env[KEYS_ENV.system] as string, stork: env[KEYS_ENV.stork] as string, shared: env[KEYS_ENV.shared] as string };
  checkKeys(keys, KEYS_ENV);
  return keys;
}

/** Options of {@link keysFromKeystore}. */
export interface KeystoreOptions {
  /**
   * Called once when this call created the keystore (never when it read an existing one, nor when another
   * process created it first), with the keystore's path and the `.gitignore` written beside it (if any).
   * @default - prints one line on standard error naming the file (see {@link keystoreCreatedNotice})
   */
  readonly onCreated?: (created: KeystoreCreated) => void;
}

/** What the first use of a keystore created. */
export interface KeystoreCreated {
  /** The keystore file, as given. */
  readonly keystore: string;
  /** The `.gitignore` (`*`) written into the keystore's directory, when one was written. */
  readonly gitignore?: string;
}

/** The one line the default `onCreated` prints on standard error (with its newline). */
export function keystoreCreatedNotice(created: KeystoreCreated): string {
  const ignored = created.gitignore === undefined ? 'keep it out of git' : `git-ignored by ${created.gitignore}`;
  return `px-security-constructs: created keystore ${created.keystore} with new keys (mode 0600, ${ignored}); back it up privately, every Secret and token is made from it\n`;
}

/** The directory name of the default keystore, whose `.gitignore` ignores everything in it. */
const KEYSTORE_DIRECTORY = '.pxsec';

/**
 * The keys of a keystore file, created on first use.
 *
 * The file is JSON `{"system-secret": …, "stork-secret": …, "shared-secret": …}` with a trailing newline.
 * When it is missing, its directory is made (mode 0700), new keys are written to a temporary file opened
 * exclusively with mode 0600, flushed, and linked into place in one step: readers never see half a file, and
 * if another process created the keystore meanwhile its keys win (an existing file is never rewritten; on a
 * filesystem without hard links the temporary file is renamed instead). An existing file is refused when
 * group or others may read it (`KEYSTORE_PERMISSIONS`), and is an error when it is not the JSON above
 * (`KEYSTORE_CORRUPT`) or holds weak keys.
 *
 * Creating it also writes a `.gitignore` holding `*` into its directory, unless one is there, when that
 * directory is new or is a `.pxsec` directory (never into a directory of the user's own, such as the
 * repository root), and reports the creation through `options.onCreated`: by default one line on standard
 * error naming the file, so a keystore never appears silently.
 *
 * @param path the keystore file, e.g. `DEFAULT_KEYSTORE_PATH`
 */
export function keysFromKeystore(path: string, options: KeystoreOptions = {}): PxKeys {
  const existing = readKeystore(path);
  if (existing !== undefined) return existing;
  return createKeystore(path, options.onCreated ?? ((created) => process.stderr.write(keystoreCreatedNotice(created))));
}

/**
 * The three keys derived from one master secret with HKDF-SHA256 (node `crypto.hkdfSync`, empty salt), so CI
 * holds one secret instead of three. Each key has its own `info`: `px-security-constructs/v1/<key name>`, plus
 * `/<context>` when given (one master secret, a cluster per context). Each key is the base64 of 48 bytes:
 * 64 characters. The same master and context always give the same keys.
 *
 * @param masterSecret at least 32 characters, not a placeholder (`KEYS_MASTER_WEAK`)
 * @param field the field or object path of the master secret, for messages @default 'masterSecret'
 * @param context a name that separates clusters sharing a master secret, e.g. "prod-eu-1"
 */
export function keysFromMasterSecret(masterSecret: string, field = 'masterSecret', context?: string): PxKeys {
  if (typeof masterSecret !== 'string') {
    throw new PxSecurityError({ code: 'KEYS_MASTER_WEAK', field, problem: 'is not a string', fix: 'give the master secret as a string of 32 characters or more' });
  }
  const weakness = keyWeakness(masterSecret);
  if (weakness !== undefined) {
    throw new PxSecurityError({
      code: 'KEYS_MASTER_WEAK',
      field,
      problem: weakness,
      fix: 'use a random master secret of 32 characters or more, e.g. "openssl rand -base64 48"',
    });
  }
  if (context !== undefined && (typeof context !== 'string' || context === '')) {
    throw new PxSecurityError({
      code: 'KEYS_CONTEXT_INVALID',
      field: 'context',
      value: context,
      problem: 'is not a non-empty string',
      fix: 'name the cluster the keys are for, such as "prod-eu-1", or leave the context out',
    });
  }
  const derive = (key: keyof PxKeys): string => {
    const info = `${HKDF_INFO_PREFIX}${KEY_NAMES[key]}${context === undefined ? '' : `/${context}`}`;
    return Buffer.from(hkdfSync('sha256', Buffer.from(masterSecret, 'utf8'), Buffer.alloc(0), Buffer.from(info, 'utf8'), KEY_BYTES)).toString('base64');
  };
  const keys: PxKeys = { system: derive('system'), stork: derive('stork'), shared: derive('shared') };
  validateKeys(keys, field);
  return keys;
}

/**
 * Checks the three keys: each a string of at least 32 characters that is not a well-known placeholder
 * (`changeme`, `example-secret`, `mysecret`, `secret`, `password`, a key name, a short unit repeated such as
 * `aaaa…`), else `KEYS_WEAK`; the three distinct, else `KEYS_NOT_DISTINCT`. Messages name the key
 * (`<field>.system-secret`) and its length, never its value.
 *
 * @param field the field or object path of the keys, for messages
 */
export function validateKeys(keys: PxKeys, field: string): void {
  if (typeof keys !== 'object' || keys === null) {
    throw new PxSecurityError({
      code: 'KEYS_WEAK',
      field,
      problem: 'is not an object of three keys',
      fix: 'give { system, stork, shared }, e.g. from generateKeys() or keysFromKeystore()',
    });
  }
  checkKeys(keys, { system: `${field}.${SYSTEM_SECRET_KEY}`, stork: `${field}.${STORK_SECRET_KEY}`, shared: `${field}.${SHARED_SECRET_KEY}` });
}

/** Validates the keys, naming each by `labels` (a key path or an env variable) in messages. */
function checkKeys(keys: PxKeys, labels: Readonly<Record<keyof PxKeys, string>>): void {
  for (const key of KEY_ORDER) {
    const value: unknown = keys[key];
    const weakness = typeof value === 'string' ? keyWeakness(value) : 'is not a string';
    if (weakness !== undefined) {
      throw new PxSecurityError({
        code: 'KEYS_WEAK',
        field: labels[key],
        problem: weakness,
        fix: 'use 64 random characters, as "pxsec keys generate" or "cat /dev/urandom | base64 | fold -w 64 | head -n 1" make them',
      });
    }
  }
  for (const [index, first] of KEY_ORDER.entries()) {
    for (const second of KEY_ORDER.slice(index + 1)) {
      if (keys[first] === keys[second]) {
        throw new PxSecurityError({
          code: 'KEYS_NOT_DISTINCT',
          field: labels[second],
          problem: `equals ${labels[first]}; the three keys must differ (one leaked key would open both doors)`,
          fix: `give ${labels[second]} its own random value`,
        });
      }
    }
  }
}

/** Why a key or master secret is weak, in words that never include it; `undefined` when it is fine. */
function keyWeakness(value: string): string | undefined {
  const length = `(${value.length} character${value.length === 1 ? '' : 's'})`;
  if (PLACEHOLDERS.includes(value.toLowerCase())) return `is a well-known placeholder ${length}, not a key`;
  if (value.length < MIN_KEY_LENGTH) return `has ${value.length} character${value.length === 1 ? '' : 's'}, fewer than the ${MIN_KEY_LENGTH} required`;
  if (REPEATED_UNIT.test(value)) return `is a short pattern repeated ${length}, not a random key`;
  return undefined;
}

/** The keys of an existing keystore, or `undefined` when there is no file at `path`. */
function readKeystore(path: string): PxKeys | undefined {
  let mode: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      throw new PxSecurityError({
        code: 'KEYSTORE_CORRUPT',
        field: 'keystore',
        value: path,
        problem: 'is not a regular file',
        fix: 'give the path of a keystore file, or a path where none exists yet to create one',
      });
    }
    mode = stats.mode & 0o777;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    if (error instanceof PxSecurityError) throw error;
    throw unreadable(path, error);
  }
  if ((mode & 0o077) !== 0) {
    throw new PxSecurityError({
      code: 'KEYSTORE_PERMISSIONS',
      field: 'keystore',
      value: path,
      problem: `has mode ${octal(mode)}: group or others may read the keys`,
      fix: `run "chmod 600 ${path}" (and consider the keys exposed: make new ones if others could read it)`,
    });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  const keys = parseKeystore(text, path);
  checkKeys(keys, { system: `keystore ${path}: ${SYSTEM_SECRET_KEY}`, stork: `keystore ${path}: ${STORK_SECRET_KEY}`, shared: `keystore ${path}: ${SHARED_SECRET_KEY}` });
  return keys;
}

/** The keys of a keystore's text; `KEYSTORE_CORRUPT` naming the path (never the content) when it is not one. */
function parseKeystore(text: string, path: string): PxKeys {
  const corrupt = (problem: string): PxSecurityError =>
    new PxSecurityError({
      code: 'KEYSTORE_CORRUPT',
      field: 'keystore',
      value: path,
      problem,
      fix: 'restore it from a backup, or move it away to create new keys (then update every Secret made with the old ones)',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the text, which holds keys: never pass them on.
    throw corrupt('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw corrupt('is not a JSON object');
  const entries = parsed as Record<string, unknown>;
  const value = (key: keyof PxKeys): string => {
    const found = entries[KEY_NAMES[key]];
    if (typeof found !== 'string') throw corrupt(`has no string "${KEY_NAMES[key]}"`);
    return found;
  };
  return { system: value('system'), stork: value('stork'), shared: value('shared') };
}

/** Writes new keys to `path` atomically (never replacing a file); returns the keys the file then holds. */
function createKeystore(path: string, onCreated: (created: KeystoreCreated) => void): PxKeys {
  const keys = generateKeys();
  const text = `${JSON.stringify({ [SYSTEM_SECRET_KEY]: keys.system, [STORK_SECRET_KEY]: keys.stork, [SHARED_SECRET_KEY]: keys.shared }, null, 2)}\n`;
  const directory = dirname(path);
  // Whether this process made the directory, and the .gitignore, before the keystore: with processes racing to
  // create one keystore, the one that makes the directory need not be the one whose keys win.
  let newDirectory: boolean;
  try {
    newDirectory = mkdirSync(directory, { recursive: true, mode: 0o700 }) !== undefined;
  } catch (error) {
    throw unwritable(path, error);
  }
  const gitignore = newDirectory || basename(directory) === KEYSTORE_DIRECTORY ? ignoreAll(directory) : undefined;
  try {
    writeFileAtomically(path, text, { mode: 0o600, noReplace: true });
  } catch (error) {
    // Another process created it first: its keys win.
    if (errnoCode(error) === 'EEXIST') return readKeystore(path) as PxKeys;
    throw unwritable(path, error);
  }
  onCreated({ keystore: path, gitignore });
  return keys;
}

/** Writes `<directory>/.gitignore` holding `*` unless one exists; its path when written. */
function ignoreAll(directory: string): string | undefined {
  const file = join(directory, '.gitignore');
  try {
    writeFileAtomically(file, '*\n', { mode: 0o644, noReplace: true });
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return undefined;
    throw unwritable(file, error);
  }
  return file;
}

function unreadable(path: string, error: unknown): PxSecurityError {
  return new PxSecurityError({
    code: 'KEYSTORE_UNREADABLE',
    cause: error,
    field: 'keystore',
    value: path,
    problem: `cannot be read (${errnoCode(error) ?? 'unreadable'})`,
    fix: 'give the path of a keystore file you can read',
  });
}

function unwritable(path: string, error: unknown): PxSecurityError {
  return new PxSecurityError({
    code: 'KEYSTORE_UNWRITABLE',
    cause: error,
    field: 'keystore',
    value: path,
    problem: `cannot be created (${errnoCode(error) ?? 'unwritable'})`,
    fix: 'give a path in a directory you can write to',
  });
}

/**
 * The `code` of a Node.js system error (`ENOENT`, `EACCES`, ...), never its message. Checked by shape, not with
 * `instanceof Error`: errors from another realm (a vm context, as under jest) are not instances of this one's.
 */
function errnoCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
