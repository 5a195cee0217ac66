/**
 * Checks who can read a manifest file holding a key or a token in plaintext: `cdk8s synth` writes `dist/*.yaml`
 * with the umask (usually mode 0644), so on a shared machine or CI runner every user can read the keys. Files on
 * disk only (standard input has no mode).
 */
import { SHARED_SECRET_KEY, STORK_SECRET_KEY, SYSTEM_SECRET_KEY, TOKEN_SECRET_KEY } from '../names';
import { AuditContext } from './context';
import { Finding, findingOn } from './finding';
import { ruleFix } from './rules';

/** Keys of a Secret whose values are keys or tokens. */
const SENSITIVE_KEYS: readonly string[] = [SYSTEM_SECRET_KEY, STORK_SECRET_KEY, SHARED_SECRET_KEY, TOKEN_SECRET_KEY];
/** Read permission of group and others. */
const GROUP_OR_OTHER_READ = 0o044;

/** Findings about plaintext key and token Secrets in files group or others can read. */
export function manifestPermissionFindings(context: AuditContext): Finding[] {
  return context.secrets.secrets.flatMap((secret) => {
    const mode = secret.entry.mode;
    if (secret.form !== 'Secret' || mode === undefined || (mode & GROUP_OR_OTHER_READ) === 0) return [];
    const plaintext = SENSITIVE_KEYS.filter((key) => secret.value(key).kind === 'value');
    if (plaintext.length === 0) return [];
    return [
      findingOn(secret.entry, {
        code: 'MANIFEST_PERMISSIONS',
        severity: 'warning',
        field: plaintext.map((key) => JSON.stringify(key)).join(', '),
        message: `the Secret holds ${plaintext.join(', ')} in plaintext in ${secret.entry.file}, mode ${mode.toString(8).padStart(4, '0')}: ${(mode & 0o004) !== 0 ? 'every user of this machine' : 'its group'} can read it`,
        fix: `${ruleFix('MANIFEST_PERMISSIONS')}: e.g. "chmod 600 ${secret.entry.file}"`,
      }),
    ];
  });
}
