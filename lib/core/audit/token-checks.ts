/**
 * Checks of every Portworx token Secret (`token-secrets.ts`), with Portworx's own verdict (`verifyToken`,
 * the function `pxsec token verify` uses): the token decodes, carries the six required claims, comes from an
 * issuer the cluster trusts, is signed with the shared secret (when the bundle holds it), is neither expired nor
 * issued in the future; its warnings (never expires, no roles, a claim under another spelling) are warnings here
 * too. Beyond what Portworx enforces: it does not expire within `--warn-expiry`, its `sub` is its own, group `*`
 * only with `system.admin`, no unknown `system.*` role, `system.admin` not in a tenant's token, an RS* or ES* token
 * only where the cluster has a public key of its kind, and it does not sit under a name the operator overwrites.
 * Claims are read as Portworx reads them (`readToken().struct`: names regardless of case, the last spelling wins).
 *
 * A token is named by its Secret: no message holds a token.
 */
import { PxErrorCode } from '../errors/error-catalogue';
import { isPxSecurityError } from '../errors/errors';
import { listNames, operatorOwnedTokenSecrets, sharedSubs, TokenSecretView } from '../cluster/cross-object-rules';
import { ALL_GROUPS, K8S_USER_SECRET_NAMESPACE, PORTWORX_ARGS, PORTWORX_ENV, PX_KEYS_SECRET_NAMESPACE, ROLES, TOKEN_SECRET_KEY } from '../names';
import { nearestChoice } from '../errors/near-miss';
import { tenantAdminWarning } from '../cluster/tenant-admin';
import { readToken } from '../token/token-claims';
import type { TokenProblem } from '../token/token-verdict';
import { verifyToken } from '../token/token-verify';
import { BundleSecret, namespaceOf } from './bundle-secrets';
import { AuditContext } from './context';
import { Finding, findingOn, messageWithoutFix } from './finding';
import { ruleFix } from './rules';

/** Portworx's own roles: any other `system.*` name is no role at all. */
const DEFAULT_ROLES: readonly string[] = Object.values(ROLES);
const SYSTEM_ROLE_PREFIX = 'system.';

/** Problems that are about the key rather than the token: dropped where the bundle cannot check the signature. */
const SIGNATURE_PROBLEMS: readonly string[] = ['TOKEN_SIGNATURE', 'TOKEN_KEY_MISMATCH'];
/** Verification needs some key; with this one the signature problems are dropped (the claims are still checked). */
const UNKNOWN_SHARED_SECRET = 'shared secret not in the bundle';
/** How many other Secrets a TOKEN_SUB_SHARED message lists. */
const LISTED_SECRETS = 5;

/** A token Secret and what its token says, for the checks across tokens. */
interface ReadToken {
  readonly secret: BundleSecret;
  readonly field: string;
  readonly path: readonly (string | number)[];
  readonly sub?: string;
}

/** Findings about every token Secret of the bundle. */
export function tokenFindings(context: AuditContext): Finding[] {
  const security = context.cluster.security?.secured ? context.cluster.security : undefined;
  const { portworx: tokenSecrets, others } = context.tokenSecrets;
  const findings: Finding[] = [...others];
  const tokens: ReadToken[] = [];
  const views: TokenSecretView<ReadToken>[] = [];
  const installNamespaces = portworxNamespaces(context);
  for (const secret of tokenSecrets) {
    const stored = secret.value(TOKEN_SECRET_KEY);
    // An invalid value is reported by the key checks.
    if (stored.kind === 'hidden') {
      // A sealed or external token: its name and namespace are known, its sub is not.
      views.push({ namespace: secret.namespace, name: secret.name, subject: { secret, field: stored.field, path: stored.path } });
      continue;
    }
    if (stored.kind !== 'value' || secret.form !== 'Secret') continue;
    const read = tokenSecretFindings(context, secret, stored.value, stored.field, stored.path, findings, installNamespaces);
    tokens.push(read);
    views.push({ namespace: secret.namespace, name: secret.name, ...(read.sub !== undefined ? { sub: read.sub } : {}), subject: read });
  }
  findings.push(...crossTokenFindings(views, security?.form === 'operator' ? namespaceOf(security.entry.object) : undefined));
  if (tokens.length > 0 && security !== undefined && !usableSharedSecret(security.sharedSecret)) {
    const portworx = context.cluster.portworx;
    const where =
      security.form === 'daemonset' && portworx !== undefined
        ? { field: `${portworx.label}.env[${PORTWORX_ENV.sharedSecret}]`, path: [...portworx.path, 'env'] }
        : { field: 'spec.security.auth.selfSigned.sharedSecret', path: ['spec', 'security', 'auth', 'selfSigned', 'sharedSecret'] };
    findings.push(
      findingOn(security.entry, {
        code: 'SIGNATURES_NOT_CHECKED',
        severity: 'info',
        ...where,
        message: `the bundle does not hold ${security.sharedSecret === '' ? 'a usable shared secret (it is empty)' : 'the shared secret'}, so the signatures of its ${tokens.length} token${tokens.length === 1 ? '' : 's'} were not checked`,
        fix: ruleFix('SIGNATURES_NOT_CHECKED'),
      }),
    );
  }
  return findings;
}

/** A shared secret the signatures can be checked with (an empty one is the key checks' finding, `KEYS_WEAK`). */
function usableSharedSecret(sharedSecret: string | undefined): sharedSecret is string {
  return sharedSecret !== undefined && sharedSecret !== '';
}

/**
 * The namespaces of the Portworx install (the DaemonSet's, stork's, the StorageCluster's, and the docs'
 * `portworx`): a token Secret outside them is a tenant's.
 */
function portworxNamespaces(context: AuditContext): ReadonlySet<string> {
  const { portworx, stork, storageCluster } = context.cluster;
  const namespaces = new Set<string>([K8S_USER_SECRET_NAMESPACE, PX_KEYS_SECRET_NAMESPACE]);
  for (const entry of [portworx?.entry, stork?.entry, storageCluster]) if (entry !== undefined) namespaces.add(namespaceOf(entry.object));
  return namespaces;
}

/**
 * What a trailing or leading whitespace does to a token on its way to Portworx. The CSI driver sends the
 * Secret's value unchanged as gRPC metadata `authorization: bearer <token>` (openstorage `csi/csi.go`
 * `setupContext`); HTTP/2 refuses a header value holding a control character (a line break: golang.org/x/net
 * `httpguts.ValidHeaderFieldValue`, in the SDK server's framer), and the SDK server passes everything after
 * `bearer ` to golang-jwt, whose base64 refuses a space or tab.
 */
function whitespaceProblem(stored: string): string | undefined {
  if (stored.trim() === stored) return undefined;
  const around = stored.slice(0, stored.length - stored.trimStart().length) + stored.slice(stored.trimEnd().length);
  const controlCharacter = [...around].some((character) => character !== '\t' && (character < ' ' || character === '\u007f'));
  return controlCharacter
    ? 'the token has a line break (or another control character) around it, such as the final newline of a file stored with --from-file: ' +
        'the CSI driver sends the token as the gRPC header "authorization: bearer <token>", and HTTP/2 refuses a header value with a control character, ' +
        'so every request with this token fails'
    : 'the token has whitespace around it, which Portworx does not strip: the token then ends (or begins) with a character that is not base64url, and Portworx refuses it';
}

/** Checks one token Secret, adding to `findings`; returns what the cross-token checks need. */
function tokenSecretFindings(
  context: AuditContext,
  secret: BundleSecret,
  stored: string,
  field: string,
  path: readonly (string | number)[],
  findings: Finding[],
  portworxNamespaceSet: ReadonlySet<string>,
): ReadToken {
  const add = (code: PxErrorCode, severity: Finding['severity'], message: string, fix = ruleFix(code)): void => {
    findings.push(findingOn(secret.entry, { code, severity, field, path, message, fix }));
  };
  const token = stored.trim();
  const whitespace = whitespaceProblem(stored);
  if (whitespace !== undefined) add('TOKEN_WHITESPACE', 'error', whitespace);
  let read: ReturnType<typeof readToken>;
  try {
    read = readToken(token, field);
  } catch (error) {
    if (!isPxSecurityError(error)) throw error;
    add(error.code, 'error', messageWithoutFix(error), `${ruleFix(error.code)} (${error.fix})`);
    return { secret, field, path };
  }
  const security = context.cluster.security?.secured ? context.cluster.security : undefined;
  const issuers = security?.issuers ?? [];
  const sharedSecret = usableSharedSecret(security?.sharedSecret) ? security?.sharedSecret : undefined;
  const verdict = verifyToken(token, {
    issuers,
    key: { sharedSecret: sharedSecret ?? UNKNOWN_SHARED_SECRET },
    now: context.now,
    ...(security?.usernameClaim !== undefined ? { usernameClaim: security.usernameClaim } : {}),
  });
  const algorithm = typeof verdict.header?.alg === 'string' ? verdict.header.alg : '';
  const signedWithSharedSecret = algorithm.startsWith('HS');
  const kept = verdict.problems.filter(
    (problem: TokenProblem) =>
      !(SIGNATURE_PROBLEMS.includes(problem.code) && (sharedSecret === undefined || !signedWithSharedSecret)) &&
      !(problem.code === 'TOKEN_ISSUER_UNTRUSTED' && issuers.length === 0),
  );
  for (const problem of kept) add(problem.code, 'error', problem.message);
  for (const warning of verdict.warnings) add(warning.code, 'warning', warning.message);
  // The claims as Portworx reads them (openstorage's Claims struct: names matched regardless of case, the last
  // of several spellings wins), for every rule below and across tokens.
  const { sub, roles, groups, iss } = read.struct;
  const publicKey = algorithm.startsWith('RS') ? 'rsa' : algorithm.startsWith('ES') ? 'ecdsa' : undefined;
  if (security !== undefined && publicKey !== undefined && !security.publicKeys[publicKey] && iss !== security.oidcIssuer) {
    const setting =
      publicKey === 'rsa'
        ? `${PORTWORX_ARGS.jwtRsaPubkeyFile} (${PORTWORX_ENV.jwtRsaPubkey})`
        : `${PORTWORX_ARGS.jwtEcdsPubkeyFile} (${PORTWORX_ENV.jwtEcdsPubkey})`;
    add(
      'TOKEN_PUBLIC_KEY_NOT_CONFIGURED',
      'error',
      `the token is signed ${algorithm}, but the cluster gives Portworx no ${publicKey === 'rsa' ? 'RSA' : 'ECDSA'} public key (${setting}): Portworx checks it with the shared secret and refuses it ("key is of invalid type")`,
    );
  }
  const exp = verdict.claims?.exp;
  if (typeof exp === 'number' && exp > context.now && exp - context.now <= context.warnExpirySeconds) {
    add('TOKEN_EXPIRING', 'warning', `the token expires at ${isoTime(exp)}, in ${describeSpan(exp - context.now)} (within --warn-expiry)`);
  }
  if (groups.includes(ALL_GROUPS) && !roles.includes(ROLES.admin)) {
    add('TOKEN_ALL_GROUPS_NOT_ADMIN', 'warning', `the token has group "${ALL_GROUPS}" (every resource) but not the role ${ROLES.admin}`);
  }
  for (const role of roles.filter((role) => role.startsWith(SYSTEM_ROLE_PREFIX) && !DEFAULT_ROLES.includes(role))) {
    const near = nearestChoice(role, DEFAULT_ROLES);
    add(
      'TOKEN_ROLE_UNKNOWN',
      'warning',
      `the token's role ${JSON.stringify(role)} is no Portworx role (the system.* roles are ${DEFAULT_ROLES.join(', ')}), so it grants nothing${near === undefined ? '' : `; did you mean ${near}?`}`,
    );
  }
  if (roles.includes(ROLES.admin) && secret.namespace !== '' && !portworxNamespaceSet.has(secret.namespace)) {
    const warning = tenantAdminWarning(`Secret ${secret.namespace}/${secret.name}`);
    add(warning.code, 'warning', messageWithoutFix(warning), warning.fix);
  }
  return sub !== '' ? { secret, field, path, sub } : { secret, field, path };
}

/** The rules across token Secrets (shared with the constructs' model): operator-owned names, one sub twice (one place twice is OBJECT_DUPLICATE). */
function crossTokenFindings(views: readonly TokenSecretView<ReadToken>[], operatorNamespace: string | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const { subject: token } of operatorOwnedTokenSecrets(views, operatorNamespace)) {
    findings.push(
      findingOn(token.secret.entry, {
        code: 'TOKEN_SECRET_OPERATOR_OWNED',
        severity: 'error',
        field: 'metadata.name',
        path: ['metadata', 'name'],
        message: `the operator owns the Secret ${token.secret.name} in the StorageCluster's namespace and overwrites its token with its own`,
        fix: ruleFix('TOKEN_SECRET_OPERATOR_OWNED'),
      }),
    );
  }
  for (const { secret, sub, others } of sharedSubs(views)) {
    const token = secret.subject;
    findings.push(
      findingOn(token.secret.entry, {
        code: 'TOKEN_SUB_SHARED',
        severity: 'error',
        field: token.field,
        path: token.path,
        message: `the token's sub ${JSON.stringify(sub)} is also the sub of the token in ${listNames(
          others.map((other) => other.subject.secret.entry.name),
          LISTED_SECRETS,
        )}: Portworx takes sub as the owner of volumes, so these tokens act as one user`,
        fix: ruleFix('TOKEN_SUB_SHARED'),
      }),
    );
  }
  return findings;
}

/** Seconds since the epoch in ISO-8601 UTC, without milliseconds. */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}

/** A span of seconds in days, hours or minutes: `3 days`, `5 hours`, `12 minutes`. */
function describeSpan(seconds: number): string {
  const [amount, unit] =
    seconds >= 86_400
      ? [Math.floor(seconds / 86_400), 'day']
      : seconds >= 3_600
        ? [Math.floor(seconds / 3_600), 'hour']
        : [Math.max(1, Math.floor(seconds / 60)), 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
