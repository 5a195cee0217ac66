/**
 * `pxsec token generate|verify|decode`: pxctl's `auth token generate`, without a Portworx node, plus the checks
 * Portworx applies to a token and a decoder.
 *
 * Exit codes: 0 ok (token valid), 1 token rejected, 2 usage error or unreadable input. No message ever shows a
 * key or a token.
 */
import { Command, Option } from 'commander';
import { PxSecurityError } from '../core/errors/errors';
import { resolveIdentity } from '../core/token/identity';
import { KEYS_ENV, USERNAME_CLAIMS, UsernameClaim } from '../core/names';
import { currentTime, DEFAULT_BACKDATE_SECONDS } from '../core/token/rotation';
import { decodeToken, readToken } from '../core/token/token-claims';
import { mintToken } from '../core/token/token-sign';
import { verifyToken } from '../core/token/token-verify';
import { parseDuration } from '../core/token/duration';
import { readAuthConfig } from './auth-config';
import { readCommandInput, STDIN_ARGUMENT } from './input';
import { CliExit, CliIO, EXIT } from './io';
import { writePrivateFile } from './private-file';
import { KeySourceOptions, signingKeyFrom, verificationKeyFrom } from './secret-input';
import { jsonText, renderTokenReport, renderTokenWarnings, tokenReport } from './token-report';

/** pxctl's default `--token-duration`. */
export const DEFAULT_TOKEN_DURATION = '1d';

/** Flags of `pxsec token generate`. */
interface GenerateFlags extends KeySourceOptions {
  readonly authConfig: string;
  readonly issuer: string;
  readonly tokenDuration: string;
  readonly output?: string;
  readonly allowAllGroups?: boolean;
}

/** Flags of `pxsec token verify`. */
interface VerifyFlags extends KeySourceOptions {
  readonly issuer: string[];
  readonly usernameClaim?: UsernameClaim;
  readonly json?: boolean;
  readonly strict?: boolean;
}

/** Flags of `pxsec token decode`. */
interface DecodeFlags {
  readonly json?: boolean;
}

const SHARED_SECRET_WARNING =
  `pxsec: warning: --shared-secret is visible to every user of this machine (ps, /proc); ` +
  `use --shared-secret-file FILE or the env ${KEYS_ENV.shared} instead\n`;

/** Registers `pxsec token` and its subcommands `generate`, `verify` and `decode`. */
export function registerTokenCommand(program: Command, io: CliIO): void {
  const token = program.command('token').description('generate, verify and decode Portworx auth tokens (as pxctl auth token)');

  addSigningKeyOptions(
    token
      .command('generate')
      .description('sign a token for the user of an auth-config file, as "pxctl auth token generate" does')
      .requiredOption('--auth-config <file>', "YAML user file with name, email, sub, roles, groups (pxctl's format)")
      .requiredOption('--issuer <issuer>', 'the iss claim; must equal the issuer Portworx trusts (-jwt_issuer)'),
  )
    .option('--token-duration <duration>', 'lifetime: a whole number and one of s, m, h, d, y (openstorage grammar)', DEFAULT_TOKEN_DURATION)
    .option('-o, --output <file>', 'write the token to this file (mode 0600, atomically, no trailing newline) instead of standard output')
    .option('--allow-all-groups', 'allow group "*" (every resource) for a user without the role system.admin')
    .addHelpText(
      'after',
      [
        '',
        'The token carries iss, sub, exp, iat, name and email (all required by Portworx; an absent sub is derived',
        `from name and email). iat is backdated ${DEFAULT_BACKDATE_SECONDS / 60} minutes; SOURCE_DATE_EPOCH pins the current time.`,
        '',
        'Examples:',
        '  $ pxsec token generate --auth-config admin.yaml --issuer portworx.com --shared-secret-file shared-secret.txt --token-duration 1y',
        `  $ ${KEYS_ENV.shared}="$(cat shared-secret.txt)" pxsec token generate --auth-config tenant-a.yaml --issuer portworx.com --output tenant-a.jwt`,
        '  $ pxsec token generate --auth-config user.yaml --issuer portworx.com --rsa-private-keyfile jwt-rsa.pem',
        '',
      ].join('\n'),
    )
    .action((flags: GenerateFlags) => {
      if (flags.sharedSecret !== undefined) io.err(SHARED_SECRET_WARNING);
      const lifetime = parseDuration(flags.tokenDuration, { field: '--token-duration' });
      const identityProps = { ...readAuthConfig(flags.authConfig, io), allowAllGroups: flags.allowAllGroups === true };
      const identity = resolveIdentity(identityProps, { field: `--auth-config ${flags.authConfig}: identity` });
      const key = signingKeyFrom(flags, io);
      const now = currentTime(undefined, io.env);
      // Backdated: Portworx allows no clock skew, so a node whose clock is behind would reject a fresh token.
      const signed = mintToken({ identity, issuer: flags.issuer, key, issuedAt: now - DEFAULT_BACKDATE_SECONDS, expiresAt: now + lifetime });
      if (flags.output === undefined) {
        io.out(`${signed}\n`);
        return;
      }
      writePrivateFile('--output', flags.output, signed, io);
      io.err(`pxsec token generate: wrote the token to ${flags.output} (mode 0600)\n`);
    });

  addVerificationKeyOptions(
    token
      .command('verify')
      .description('check a token as Portworx does: signature, issuer, required claims, times, username claim')
      .argument('<token>', 'the token, or "-" to read it from standard input (safer: argv is visible to all users)'),
  )
    .option('--issuer <issuer>', 'a trusted issuer (repeat for several); without it the issuer is not checked', collect, [])
    .addOption(
      new Option('--username-claim <claim>', 'the claim Portworx takes as user name (-username_claim; Portworx default: sub)').choices(USERNAME_CLAIMS),
    )
    .option('--json', 'print {valid, problems, warnings, header, claims, times, expiry} as JSON on standard output')
    .option('--strict', 'exit 1 on a warning too (a token that never expires, no roles, a weak key)')
    .addHelpText(
      'after',
      [
        '',
        'Exit 0 and the claims when Portworx would accept the token; exit 1 and every problem when it would not.',
        "The verdict is Portworx's own (openstorage on golang-jwt): what it accepts but is unwise is printed as a",
        'warning ("pxsec: warning: CODE: ..."), and --strict turns warnings into exit 1.',
        '',
        'The token is taken exactly as given, as Portworx takes it: a space, tab or byte order mark around it is',
        'refused with the character named. From "-", one final newline ends the line and is set aside.',
        '',
        'Examples:',
        '  $ pxsec token verify - --issuer portworx.com --shared-secret-file shared-secret.txt < admin.jwt',
        '  $ pxsec token verify "$TOKEN" --issuer portworx.com --rsa-public-keyfile jwt-rsa.pub --username-claim email --json',
        '',
      ].join('\n'),
    )
    .action(async (tokenArgument: string, flags: VerifyFlags) => {
      if (flags.sharedSecret !== undefined) io.err(SHARED_SECRET_WARNING);
      const candidate = await tokenInput(tokenArgument, io);
      const key = verificationKeyFrom(flags, io);
      const issuers = flags.issuer.length > 0 ? flags.issuer : tokenIssuer(candidate);
      if (flags.issuer.length === 0) io.err('pxsec: note: the issuer is not checked; give --issuer to check it as Portworx does\n');
      const now = currentTime(undefined, io.env);
      const verdict = verifyToken(candidate, { issuers, key, now, ...(flags.usernameClaim ? { usernameClaim: flags.usernameClaim } : {}) });
      const report = verdict.header && verdict.claims ? tokenReport(verdict.header, verdict.claims, now) : undefined;
      if (flags.json) {
        io.out(`${jsonText({ valid: verdict.valid, problems: verdict.problems, warnings: verdict.warnings, ...(report ?? {}) }, 2)}\n`);
      } else if (verdict.valid) {
        io.out(`token valid\n${report ? renderTokenReport(report) : ''}`);
      } else {
        io.err(`pxsec: token rejected:\n${verdict.problems.map((problem) => `- ${problem.code}: ${problem.message}\n`).join('')}`);
      }
      if (!flags.json) io.err(renderTokenWarnings(verdict.warnings));
      if (!verdict.valid) throw new CliExit(EXIT.rejected);
      if (flags.strict && verdict.warnings.length > 0) {
        io.err(`pxsec: --strict: ${verdict.warnings.length} warning${verdict.warnings.length === 1 ? '' : 's'}, so the token is refused\n`);
        throw new CliExit(EXIT.rejected);
      }
    });

  token
    .command('decode')
    .description("show a token's header and claims, with its times in UTC; no key needed, nothing verified")
    .argument('<token>', 'the token, or "-" to read it from standard input')
    .option('--json', 'print {header, claims, times, expiry} as JSON')
    .addHelpText('after', ['', 'Examples:', '  $ pxsec token decode - < admin.jwt', '  $ pxsec token decode "$TOKEN" --json | jq .claims.exp', ''].join('\n'))
    .action(async (tokenArgument: string, flags: DecodeFlags) => {
      const decoded = decodeToken(await tokenInput(tokenArgument, io), { field: '<token>' });
      const report = tokenReport(decoded.header, decoded.claims, currentTime(undefined, io.env));
      io.out(flags.json ? `${jsonText(report, 2)}\n` : renderTokenReport(report));
    });
}

/** The key flags of `token generate`. */
function addSigningKeyOptions(command: Command): Command {
  return command
    .option('--shared-secret-file <file>', `file holding the shared secret (HS256); else the env ${KEYS_ENV.shared}`)
    .option('--shared-secret <secret>', 'the shared secret itself (HS256); visible in argv, prefer the file or the env')
    .option('--rsa-private-keyfile <file>', 'PEM RSA private key (RS256)')
    .option('--ecdsa-private-keyfile <file>', 'PEM P-256 EC private key (ES256)');
}

/** The key flags of `token verify`: the signing flags (a private key implies its public key) and public keys. */
function addVerificationKeyOptions(command: Command): Command {
  return addSigningKeyOptions(command)
    .option('--rsa-public-keyfile <file>', 'PEM RSA public key (RS256), as given to Portworx with -jwt_rsa_pubkey_file')
    .option('--ecdsa-public-keyfile <file>', 'PEM P-256 EC public key (ES256), as given to Portworx with -jwt_ecds_pubkey_file');
}

/**
 * The token argument exactly as given, or standard input for `-` less one final line end (`\n` or `\r\n`, which
 * ends the line `echo` or `pxsec token generate` writes and is not part of the token). Nothing else is trimmed:
 * Portworx strips nothing, so a token with a space, a tab, a byte order mark or any other stray character is
 * refused, with the character named.
 */
async function tokenInput(argument: string, io: CliIO): Promise<string> {
  const candidate = argument === STDIN_ARGUMENT ? withoutFinalLineEnd(await readCommandInput(argument, io, { field: '<token>' })) : argument;
  if (candidate === '') {
    throw new PxSecurityError({
      code: 'TOKEN_MISSING',
      field: '<token>',
      problem: argument === '-' ? 'is empty on standard input' : 'is empty',
      fix: 'give the token, or "-" and the token on standard input',
    });
  }
  return candidate;
}

function withoutFinalLineEnd(text: string): string {
  return text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * The issuer Portworx reads from the token (openstorage's `Claims` struct: claim names in any case, the last
 * match wins), to verify everything but the issuer; none when the token cannot be read.
 */
function tokenIssuer(candidate: string): string[] {
  try {
    return [readToken(candidate, '<token>').struct.iss];
  } catch {
    return []; // verifyToken reports why the token cannot be read
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
