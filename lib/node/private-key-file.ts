/**
 * The tokens' private key read from a PEM file: the Node adapter's side of asymmetric signing. The file is
 * refused when group or others may read it (as the keystore is): a private key is a secret like the keys.
 */
import { statSync } from 'node:fs';
import { PxSecurityError } from '../core/errors/errors';
import { readInputFile } from './input-file';

/**
 * The PEM text of the private key in `path` (mode 0600 or stricter), for `tokenSigningKey`. The PEM itself is
 * checked where it is used (RSA of 2048 bits or more for RS256, EC P-256 for ES256).
 *
 * @throws PxSecurityError `TOKEN_KEY_PERMISSIONS`, `INPUT_UNREADABLE`, `INPUT_NOT_A_FILE`, `INPUT_TOO_LARGE`, `INPUT_NOT_UTF8`
 */
export function privateKeyFromFile(path: string): string {
  const text = readInputFile(path, {
    field: 'tokenSigningKey',
    unreadableFix: 'give the path of the PEM private key, e.g. made by "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"',
  });
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new PxSecurityError({
      code: 'TOKEN_KEY_PERMISSIONS',
      field: 'tokenSigningKey',
      value: path,
      problem: `has mode ${mode.toString(8).padStart(4, '0')}: group or others may read the private key`,
      fix: `run "chmod 600 ${path}" (and consider the key exposed: make a new one if others could read it)`,
    });
  }
  return text;
}
