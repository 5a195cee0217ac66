/**
 * The three shared keys of a secured Portworx cluster: `system-secret` (node to node), `stork-secret` (stork)
 * and `shared-secret` (signs user tokens), and the policy every key meets.
 *
 * The Portworx docs make each with `cat /dev/urandom | base64 | fold -w 64 | head -n 1`: 64 characters of the
 * base64 alphabet, used as the raw bytes of the string (never base64-decoded). The three must differ. No message
 * here ever holds a key: they name the key and its length.
 */

import { PxSecurityError } from '../errors/errors';
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY } from '../names';
import { isPublishedTestKey } from './published-test-values';
import type { FieldOptions } from '../errors/field-options';

/** The three shared keys. Secret: never log them. */
export interface PxKeys {
  /** `system-secret`: node-to-node tokens (`PORTWORX_AUTH_SYSTEM_KEY`). */
  readonly system: string;
  /** `stork-secret`: stork's tokens (`PORTWORX_AUTH_STORK_KEY`, stork's `PX_SHARED_SECRET`). */
  readonly stork: string;
  /** `shared-secret`: signs user tokens (`PORTWORX_AUTH_JWT_SHAREDSECRET`). */
  readonly shared: string;
}

/** Shortest key accepted. */
export const MIN_KEY_LENGTH = 32;

/** The keys in their fixed order, with their names in the keys Secret. */
export const KEY_NAMES: Readonly<Record<keyof PxKeys, string>> = { system: SYSTEM_SECRET_KEY, stork: STORK_SECRET_KEY, shared: SHARED_SECRET_KEY };

export const KEY_ORDER: readonly (keyof PxKeys)[] = ['system', 'stork', 'shared'];

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

/** Options of {@link validateKeys}. */
export interface KeyPolicyOptions extends FieldOptions {
  /**
   * Accept the published test keys (`TEST_KEYS` of `px-security-constructs/testing`). Only for tests: the
   * constructs set it in `PxTesting.app()` and under `PxTesting.pulumiMocks()`, nowhere else.
   * @default false
   */
  readonly allowTestKeys?: boolean;
}

/**
 * Checks the three keys: each a string of at least 32 characters that is not a well-known placeholder
 * (`changeme`, `example-secret`, `mysecret`, `secret`, `password`, a key name, a short unit repeated such as
 * `aaaa…`), else `KEYS_WEAK`; not one of the published test keys (`TEST_KEYS`), else `KEYS_TEST_ONLY` (unless
 * `allowTestKeys`); the three distinct, else `KEYS_NOT_DISTINCT`. Messages name the key
 * (`<field>.system-secret`) and its length, never its value.
 *
 * @param options `field`: the field or object path of the keys, for messages @default 'keys'
 * @param options `allowTestKeys`: accept `TEST_KEYS` (tests only) @default false
 */
export function validateKeys(keys: PxKeys, options: KeyPolicyOptions = {}): void {
  const field = options.field ?? 'keys';
  if (typeof keys !== 'object' || keys === null) {
    throw new PxSecurityError({
      code: 'KEYS_WEAK',
      field,
      problem: 'is not an object of three keys',
      fix: 'give { system, stork, shared }, e.g. from generateKeys() or keysFromKeystore()',
    });
  }
  checkKeys(
    keys,
    { system: `${field}.${SYSTEM_SECRET_KEY}`, stork: `${field}.${STORK_SECRET_KEY}`, shared: `${field}.${SHARED_SECRET_KEY}` },
    options.allowTestKeys === true,
  );
}

/**
 * Validates the keys, naming each by `labels` (a key path or an env variable) in messages. The published test
 * keys are refused unless `allowTestKeys` (a test's explicit allowance).
 */
export function checkKeys(keys: PxKeys, labels: Readonly<Record<keyof PxKeys, string>>, allowTestKeys = false): void {
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
    if (!allowTestKeys && isPublishedTestKey(value as string)) {
      throw new PxSecurityError({
        code: 'KEYS_TEST_ONLY',
        field: labels[key],
        problem: 'is one of the published test keys (TEST_KEYS of px-security-constructs/testing): anyone can sign tokens with it',
        fix: 'use keys of your own (keysFromKeystore, keysFromEnv, keysFromMasterSecret, generateKeys or "pxsec keys generate"); TEST_KEYS belong only in PxTesting.app() and under PxTesting.pulumiMocks()',
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
export function keyWeakness(value: string): string | undefined {
  const length = `(${value.length} character${value.length === 1 ? '' : 's'})`;
  if (PLACEHOLDERS.includes(value.toLowerCase())) return `is a well-known placeholder ${length}, not a key`;
  if (value.length < MIN_KEY_LENGTH) return `has ${value.length} character${value.length === 1 ? '' : 's'}, fewer than the ${MIN_KEY_LENGTH} required`;
  if (REPEATED_UNIT.test(value)) return `is a short pattern repeated ${length}, not a random key`;
  return undefined;
}
