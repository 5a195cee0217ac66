/**
 * Key material from the command line: a flag, a file or the environment, read in one place.
 *
 * pxctl takes the shared secret in argv, where every user of the machine can read it (`ps`, `/proc`). `pxsec`
 * also takes it from `--shared-secret-file` and from `PORTWORX_AUTH_SHARED_SECRET`. Every message here names
 * the flag or the file, never what the file holds.
 */
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { PxSecurityError } from '../core/errors/errors';
import { readInputFile } from '../node/input-file';
import { KEYS_ENV } from '../core/names';
import { SigningKey } from '../core/token/token-sign';
import type { VerificationKey } from '../core/token/token-verdict';
import { CliIO } from './io';

/** The key flags as commander parses them (a flag not offered by a command stays `undefined`). */
export interface KeySourceOptions {
  /** `--shared-secret S`: the shared secret itself (visible in argv). @default - not given */
  readonly sharedSecret?: string;
  /** `--shared-secret-file F`: a file holding the shared secret. @default - not given */
  readonly sharedSecretFile?: string;
  /** `--rsa-private-keyfile F`: a PEM RSA private key (PKCS#8 or PKCS#1), signs RS256. @default - not given */
  readonly rsaPrivateKeyfile?: string;
  /** `--ecdsa-private-keyfile F`: a PEM P-256 private key (PKCS#8 or SEC1), signs ES256. @default - not given */
  readonly ecdsaPrivateKeyfile?: string;
  /** `--rsa-public-keyfile F`: a PEM RSA public key or certificate, verifies RS256. @default - not given */
  readonly rsaPublicKeyfile?: string;
  /** `--ecdsa-public-keyfile F`: a PEM P-256 public key or certificate, verifies ES256. @default - not given */
  readonly ecdsaPublicKeyfile?: string;
}

/** Flags that give a signing key, in the order messages list them. */
export const SIGNING_KEY_FLAGS = ['--shared-secret-file', '--shared-secret', '--rsa-private-keyfile', '--ecdsa-private-keyfile'] as const;
/** Flags that give a verification key: the signing flags (a private key implies its public key) and public keys. */
export const VERIFICATION_KEY_FLAGS = [...SIGNING_KEY_FLAGS, '--rsa-public-keyfile', '--ecdsa-public-keyfile'] as const;
/** A flag that gives a key. */
export type KeyFlag = (typeof VERIFICATION_KEY_FLAGS)[number];

const OPTION_OF_FLAG: Readonly<Record<KeyFlag, keyof KeySourceOptions>> = {
  '--shared-secret-file': 'sharedSecretFile',
  '--shared-secret': 'sharedSecret',
  '--rsa-private-keyfile': 'rsaPrivateKeyfile',
  '--ecdsa-private-keyfile': 'ecdsaPrivateKeyfile',
  '--rsa-public-keyfile': 'rsaPublicKeyfile',
  '--ecdsa-public-keyfile': 'ecdsaPublicKeyfile',
};

/** Where the key came from: one flag and its value, or the shared secret from the environment. */
type KeySource = { readonly flag: KeyFlag; readonly value: string } | { readonly flag: typeof KEYS_ENV.shared; readonly value: string };

/** The key that signs `token generate`'s token, from exactly one flag, else from `PORTWORX_AUTH_SHARED_SECRET`. */
export function signingKeyFrom(options: KeySourceOptions, io: CliIO): SigningKey {
  const source = keySource(options, SIGNING_KEY_FLAGS, 'signing key', io);
  switch (source.flag) {
    case '--rsa-private-keyfile':
      return { algorithm: 'RS256', privateKeyPem: privateKeyPem(source.flag, source.value, io) };
    case '--ecdsa-private-keyfile':
      return { algorithm: 'ES256', privateKeyPem: privateKeyPem(source.flag, source.value, io) };
    default:
      return { algorithm: 'HS256', sharedSecret: sharedSecretOf(source, io) };
  }
}

/** The key that checks `token verify`'s token, from exactly one flag, else from `PORTWORX_AUTH_SHARED_SECRET`. */
export function verificationKeyFrom(options: KeySourceOptions, io: CliIO): VerificationKey {
  const source = keySource(options, VERIFICATION_KEY_FLAGS, 'verification key', io);
  switch (source.flag) {
    case '--rsa-private-keyfile':
    case '--ecdsa-private-keyfile':
      return { publicKeyPem: exportPublicPem(createPublicKey(privateKeyObject(source.flag, source.value, io, 'verify'))) };
    case '--rsa-public-keyfile':
    case '--ecdsa-public-keyfile':
      return { publicKeyPem: exportPublicPem(publicKeyObject(source.flag, source.value, io)) };
    default:
      return { sharedSecret: sharedSecretOf(source, io) };
  }
}

/**
 * Reads a file holding a secret: the text with its trailing newline trimmed.
 *
 * An unreadable or empty file is an error that names `flag` and the path, never the content.
 */
export function readSecretFile(flag: string, path: string, io: Pick<CliIO, 'cwd'>): string {
  const text = readInputFile(resolve(io.cwd, path), { field: flag, displayPath: path, errorCode: 'SECRET_FILE_UNREADABLE' });
  const trimmed = text.replace(/(\r?\n)+$/, '');
  if (trimmed.length === 0) {
    throw new PxSecurityError({
      code: 'SECRET_FILE_EMPTY',
      field: flag,
      value: path,
      problem: 'is empty',
      fix: 'write the key into the file, or give another file',
    });
  }
  return trimmed;
}

/**
 * The one key flag given, else the shared secret from the env; several flags, or none and no env, is a usage
 * error listing the choices. A flag wins over the env, which is often set for other tools.
 */
function keySource(options: KeySourceOptions, flags: readonly KeyFlag[], role: string, io: CliIO): KeySource {
  const given = flags.filter((flag) => options[OPTION_OF_FLAG[flag]] !== undefined);
  const choices = `give exactly one of ${flags.join(', ')} (or set ${KEYS_ENV.shared})`;
  if (given.length > 1) {
    throw new PxSecurityError({ code: 'KEY_SOURCE_CONFLICT', field: given.join(' and '), problem: 'are given together', fix: choices });
  }
  const [flag] = given;
  if (flag !== undefined) {
    return { flag, value: options[OPTION_OF_FLAG[flag]] as string };
  }
  const fromEnv = io.env[KEYS_ENV.shared];
  if (fromEnv !== undefined && fromEnv !== '') return { flag: KEYS_ENV.shared, value: fromEnv };
  throw new PxSecurityError({ code: 'KEY_SOURCE_MISSING', field: role, problem: 'is not given', fix: choices });
}

/** The shared secret of a flag, file or env source; an empty one is an error. */
function sharedSecretOf(source: KeySource, io: CliIO): string {
  if (source.flag === '--shared-secret-file') return readSecretFile(source.flag, source.value, io);
  if (source.value === '') {
    throw new PxSecurityError({ code: 'SECRET_EMPTY', field: source.flag, problem: 'is empty', fix: 'give the shared secret' });
  }
  return source.value;
}

/** The private key of a key file, re-encoded as PKCS#8 PEM (so `openssl genrsa` and `ecparam` keys work too). */
function privateKeyPem(flag: KeyFlag, path: string, io: CliIO): string {
  return privateKeyObject(flag, path, io, 'sign').export({ type: 'pkcs8', format: 'pem' }).toString();
}

function privateKeyObject(flag: KeyFlag, path: string, io: CliIO, purpose: KeyPurpose): KeyObject {
  const pem = readSecretFile(flag, path, io);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new PxSecurityError({
      code: 'KEY_FILE_INVALID',
      field: flag,
      value: path,
      problem: 'is not a PEM private key',
      fix: 'give a file starting with "-----BEGIN PRIVATE KEY-----" (or the RSA / EC forms of openssl)',
    });
  }
  return checkedKeyType(flag, path, key, purpose);
}

function publicKeyObject(flag: KeyFlag, path: string, io: CliIO): KeyObject {
  const pem = readSecretFile(flag, path, io);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new PxSecurityError({
      code: 'KEY_FILE_INVALID',
      field: flag,
      value: path,
      problem: 'is not a PEM public key or certificate',
      fix: 'give a file starting with "-----BEGIN PUBLIC KEY-----" (as `openssl pkey -pubout` writes)',
    });
  }
  return checkedKeyType(flag, path, key, 'verify');
}

/** Whether a key file signs a token (`token generate`) or checks one (`token verify`). */
type KeyPurpose = 'sign' | 'verify';

/**
 * An RSA flag needs an RSA key, an ECDSA flag an EC key. Signing takes only P-256 (ES256, the curve Portworx's
 * generators use); verifying takes any curve and any RSA size, as Portworx does (ES384 and ES512 tokens verify, and
 * the verdict warns `TOKEN_KEY_CURVE_MISMATCH` or `TOKEN_KEY_WEAK` where it applies).
 */
function checkedKeyType(flag: KeyFlag, path: string, key: KeyObject, purpose: KeyPurpose): KeyObject {
  const wantsRsa = flag.startsWith('--rsa-');
  const found = key.asymmetricKeyType === 'ec' ? `an EC key on curve ${key.asymmetricKeyDetails?.namedCurve}` : `a key of type ${key.asymmetricKeyType}`;
  const isEc = key.asymmetricKeyType === 'ec';
  const fits = wantsRsa ? key.asymmetricKeyType === 'rsa' : isEc && (purpose === 'verify' || key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  if (!fits) {
    throw new PxSecurityError({
      code: 'KEY_TYPE_MISMATCH',
      field: flag,
      value: path,
      problem: `holds ${found}`,
      fix: wantsRsa
        ? 'give an RSA key (RS256), or use the --ecdsa-* flag for an EC key'
        : purpose === 'verify'
          ? 'give an EC key (ES256, ES384 or ES512), or use the --rsa-* flag for an RSA key'
          : 'give a P-256 (prime256v1) EC key (ES256), or use the --rsa-* flag for an RSA key',
    });
  }
  return key;
}

function exportPublicPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
