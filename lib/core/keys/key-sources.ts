/**
 * Where the three keys come from, in memory: a CSPRNG, the environment (given as a record, never read here),
 * explicit values, or one master secret (HKDF). The keystore file is the Node adapter's (`lib/node/key-store-file.ts`).
 * No message here ever holds a key.
 */
import { randomBytes, hkdfSync } from 'node:crypto';
import { PxSecurityError } from '../errors/errors';
import { KEYS_ENV } from '../names';
import { checkKeys, KEY_NAMES, KEY_ORDER, keyWeakness, PxKeys, validateKeys } from './keys';
import type { FieldOptions } from '../errors/field-options';

/** Random bytes per generated key: base64 of 48 bytes is exactly 64 characters, as in the Portworx docs. */
const KEY_BYTES = 48;

/** Prefix of the HKDF `info` of each derived key: `px-security-constructs/v1/<key name>[/<context>]`. */
const HKDF_INFO_PREFIX = 'px-security-constructs/v1/';

/** Three new keys: 64 characters each from `crypto.randomBytes` (base64 alphabet), distinct. */
export function generateKeys(): PxKeys {
  const generated = new Set<string>();
  while (generated.size < KEY_ORDER.length) generated.add(randomBytes(KEY_BYTES).toString('base64'));
  const [system = '', stork = '', shared = ''] = [...generated];
  return { system, stork, shared };
}

/**
 * Explicit keys, validated (see `validateKeys`).
 *
 * @param options `field`: the field or object path the keys came from, for messages @default 'keys'
 */
export function keysFromValues(keys: PxKeys, options: FieldOptions = {}): PxKeys {
  const field = options.field ?? 'keys';
  validateKeys(keys, { field });
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

/** Options of {@link keysFromMasterSecret}. */
export interface KeysFromMasterSecretOptions extends FieldOptions {
  /**
   * A name that separates clusters sharing one master secret, e.g. `prod-eu-1`: each context derives other keys.
   * @default - none: the keys of `px-security-constructs/v1/<key name>`
   */
  readonly context?: string;
}

/**
 * The three keys derived from one master secret with HKDF-SHA256 (node `crypto.hkdfSync`, empty salt), so CI
 * holds one secret instead of three. Each key has its own `info`: `px-security-constructs/v1/<key name>`, plus
 * `/<context>` when given (one master secret, a cluster per context). Each key is the base64 of 48 bytes:
 * 64 characters. The same master and context always give the same keys.
 *
 * @param masterSecret at least 32 characters, not a placeholder (`KEYS_MASTER_WEAK`)
 * @param options `field`: the field or object path of the master secret, for messages @default 'masterSecret'
 * @param options `context`: a name that separates clusters sharing a master secret, e.g. "prod-eu-1"
 */
export function keysFromMasterSecret(masterSecret: string, options: KeysFromMasterSecretOptions = {}): PxKeys {
  const field = options.field ?? 'masterSecret';
  const context = options.context;
  if (typeof masterSecret !== 'string') {
    throw new PxSecurityError({
      code: 'KEYS_MASTER_WEAK',
      field,
      problem: 'is not a string',
      fix: 'give the master secret as a string of 32 characters or more',
    });
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
      field: `${field}.context`,
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
  validateKeys(keys, { field });
  return keys;
}
