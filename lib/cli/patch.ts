/**
 * `pxsec patch SPEC`: secures a Portworx install spec as the Portworx docs do by hand (the portworx DaemonSet's
 * args and env, stork's env; or the operator's StorageCluster), keeping every comment and the file's own
 * formatting, so that `diff` shows only the added lines.
 *
 * The secured spec goes to standard output, or to `-o FILE` (written atomically; SPEC itself is only
 * overwritten when `-o` names it). `--diff` prints a unified diff instead, `--check` only says whether the spec
 * is already secured as asked (exit 0) or not (exit 1). The report always goes to standard error.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { writeFileAtomically } from '../node/atomic-file';
import { DEFAULT_KEYSTORE_PATH, keysFromKeystore, keystoreCreatedNotice } from '../node/key-store-file';
import { PxSecurityError, isPxSecurityError } from '../core/errors/errors';
import { keysFromEnv } from '../core/keys/key-sources';
import { GUEST_ACCESS_MODES, KEYS_ENV, OPERATOR_SHARED_SECRET_NAME, PORTWORX_ENV, PX_KEYS_SECRET_NAME, USERNAME_CLAIMS } from '../core/names';
import { formatPatchReport } from '../core/spec/report';
import { secureSpecText } from '../core/spec/secure-text';
import { SecuritySettings, SpecPatchSettings } from '../core/cluster/security-settings';
import { unifiedDiff } from '../core/spec/line-diff';
import { maxInputBytes, maxInputSizeOption, readCommandInput, STDIN_ARGUMENT, STDIN_LABEL } from './input';
import { EXIT, exitCodeOf } from './exit-codes';
import { CliExit, CliIO } from './io';

/** Flags of `pxsec patch`. */
interface PatchFlags {
  readonly output?: string;
  readonly issuer: string;
  readonly keysSecret?: string;
  readonly storkKeyEnv?: SecuritySettings['storkKeyEnv'];
  readonly oidcIssuer?: string;
  readonly oidcClientId?: string;
  readonly oidcCustomClaimNamespace?: string;
  readonly usernameClaim?: SecuritySettings['usernameClaim'];
  readonly publicKeyPath?: string;
  readonly publicKeyAlgorithm: 'RS256' | 'ES256';
  readonly publicKeyFrom?: string;
  readonly tokenLifetime?: string;
  readonly sharedSecretName?: string;
  readonly guestAccess?: SecuritySettings['guestAccess'];
  readonly replace?: boolean;
  readonly keystore?: string;
  readonly keysFromEnv?: boolean;
  readonly cluster?: string;
  readonly diff?: boolean;
  readonly check?: boolean;
  readonly maxInputSize?: string;
}

/** Registers `pxsec patch`. */
export function registerPatchCommand(program: Command, io: CliIO): void {
  program
    .command('patch')
    .description(
      'secure a Portworx install spec: -jwt_issuer and the pxkeys env in the portworx DaemonSet, PX_SHARED_SECRET in stork (or spec.security in a StorageCluster)',
    )
    .argument('<spec>', 'the spec file, as downloaded from the Portworx spec generator; "-" reads standard input')
    .option('-o, --output <file>', 'write the secured spec to this file (atomically) instead of standard output')
    .requiredOption('--issuer <issuer>', 'the issuer Portworx trusts for tokens signed with the shared secret, such as "portworx.com"')
    .option('--keys-secret <name>', `the Secret holding the three keys (DaemonSet form) (default: "${PX_KEYS_SECRET_NAME}")`)
    .addOption(
      new Option('--stork-key-env <name>', `env name of the stork key in the portworx container (default: "${PORTWORX_ENV.storkKey}")`).choices([
        PORTWORX_ENV.storkKey,
        PORTWORX_ENV.systemAppsKey,
      ]),
    )
    .option('--oidc-issuer <url>', 'also trust this OIDC provider (needs --oidc-client-id)')
    .option('--oidc-client-id <id>', 'the OIDC client ID')
    .option('--oidc-custom-claim-namespace <prefix>', 'prefix of the OIDC roles and groups claims, kept as written')
    .addOption(new Option('--username-claim <claim>', 'the claim used as user name').choices(USERNAME_CLAIMS))
    .option('--public-key-path <path>', 'also verify RS256/ES256 tokens with the public key mounted at this path in the container (needs --public-key-from)')
    .addOption(new Option('--public-key-algorithm <algorithm>', 'the algorithm of the public key').choices(['RS256', 'ES256']).default('RS256'))
    .option('--public-key-from <source>', 'where the public key comes from: secret/NAME/KEY or configmap/NAME/KEY')
    .option('--token-lifetime <duration>', "lifetime of the operator's own tokens, such as 24h (operator form)")
    .option(
      '--shared-secret-name <name>',
      `name of the operator's shared-secret Secret, not its value (operator form) (default: "${OPERATOR_SHARED_SECRET_NAME}")`,
    )
    .addOption(new Option('--guest-access <mode>', 'access for requests without a token (operator form)').choices(GUEST_ACCESS_MODES))
    .option('--replace', 'replace a different issuer, keys Secret or env value already in the spec instead of failing')
    .addOption(
      new Option(
        '--keystore [path]',
        "annotate every pod template that reads the keys with a keyed digest of this keystore's keys (never the keys), so new keys roll the pods",
      ).preset(DEFAULT_KEYSTORE_PATH),
    )
    .option('--cluster <name>', 'with --keystore: the cluster whose keys to take from a keystore of several clusters')
    .addOption(new Option('--keys-from-env', `the same with the keys from ${Object.values(KEYS_ENV).join(', ')}`).conflicts('keystore'))
    .option('--diff', 'print a unified diff of the spec and the secured spec instead of the secured spec')
    .option('--check', 'write nothing; exit 0 when the spec is already secured as asked, 1 when it is not')
    .addOption(maxInputSizeOption())
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ pxsec patch px-spec.yaml --issuer portworx.com -o px-spec-secured.yaml',
        '  $ curl -fsSL "$PX_SPEC_URL" | pxsec patch - --issuer portworx.com | kubectl apply -f -',
        '  $ pxsec patch px-spec.yaml --issuer portworx.com --diff',
        '  $ pxsec patch px-spec.yaml --issuer portworx.com --check   # in CI',
        '  $ pxsec keys rotate && pxsec patch px-spec.yaml --issuer portworx.com --keystore -o px-spec.yaml   # a key rotation',
        '',
      ].join('\n'),
    )
    .action(async (spec: string, flags: PatchFlags) => {
      try {
        await patch(spec, flags, io);
      } catch (error) {
        if (!isPxSecurityError(error)) throw error;
        io.err(`pxsec: error ${error.code}: ${error.message}\n`);
        const exitCode = exitCodeOf(error.code);
        if (flags.check && exitCode === EXIT.rejected) io.err('pxsec patch --check: the spec is not secured as asked\n');
        throw new CliExit(exitCode);
      }
    });
}

async function patch(spec: string, flags: PatchFlags, io: CliIO): Promise<void> {
  const settings = settingsFrom(flags);
  const label = spec === STDIN_ARGUMENT ? STDIN_LABEL : spec;
  const text = await readSpec(spec, flags, io);
  const keys = flags.keysFromEnv
    ? keysFromEnv(io.env)
    : flags.keystore === undefined
      ? undefined
      : keysFromKeystore(resolve(io.cwd, flags.keystore), {
          onCreated: (created) => io.err(keystoreCreatedNotice(created)),
          ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
        });
  const secured = secureSpecText(text, label, settings, keys === undefined ? {} : { keys });
  io.err(formatPatchReport(secured.report));
  if (flags.check) {
    if (secured.report.alreadySecured) {
      io.err('pxsec patch --check: the spec is secured as asked\n');
      return;
    }
    io.err('pxsec patch --check: the spec is not secured as asked\n');
    throw new CliExit(EXIT.rejected);
  }
  if (flags.output !== undefined) {
    writeSpecAtomically(flags.output, secured.text, io);
    io.err(`pxsec patch: wrote the secured spec to ${flags.output}\n`);
  }
  if (flags.diff) io.out(unifiedDiff(text, secured.text, label, flags.output ?? `${label} (secured)`));
  else if (flags.output === undefined) io.out(secured.text);
}

function settingsFrom(flags: PatchFlags): SpecPatchSettings {
  if ((flags.oidcIssuer === undefined) !== (flags.oidcClientId === undefined)) {
    throw flagsInvalid(
      flags.oidcIssuer === undefined ? '--oidc-client-id' : '--oidc-issuer',
      'is given without its pair',
      'give both --oidc-issuer and --oidc-client-id',
    );
  }
  if (flags.oidcCustomClaimNamespace !== undefined && flags.oidcIssuer === undefined) {
    throw flagsInvalid('--oidc-custom-claim-namespace', 'is given without --oidc-issuer', 'give --oidc-issuer and --oidc-client-id too');
  }
  if ((flags.publicKeyPath === undefined) !== (flags.publicKeyFrom === undefined)) {
    throw flagsInvalid(
      flags.publicKeyPath === undefined ? '--public-key-from' : '--public-key-path',
      'is given without its pair',
      'give both --public-key-path and --public-key-from',
    );
  }
  const settings: { -readonly [K in keyof SpecPatchSettings]: SpecPatchSettings[K] } = { issuer: flags.issuer };
  if (flags.keysSecret !== undefined) settings.keysSecretName = flags.keysSecret;
  if (flags.storkKeyEnv !== undefined) settings.storkKeyEnv = flags.storkKeyEnv;
  if (flags.oidcIssuer !== undefined && flags.oidcClientId !== undefined) {
    settings.oidc = {
      issuer: flags.oidcIssuer,
      clientId: flags.oidcClientId,
      ...(flags.oidcCustomClaimNamespace !== undefined ? { customClaimNamespace: flags.oidcCustomClaimNamespace } : {}),
    };
  }
  if (flags.usernameClaim !== undefined) settings.usernameClaim = flags.usernameClaim;
  if (flags.publicKeyPath !== undefined && flags.publicKeyFrom !== undefined) {
    settings.publicKey = { algorithm: flags.publicKeyAlgorithm, path: flags.publicKeyPath, from: publicKeySource(flags.publicKeyFrom) };
  }
  if (flags.tokenLifetime !== undefined) settings.operatorTokenLifetime = flags.tokenLifetime;
  if (flags.sharedSecretName !== undefined) settings.sharedSecretName = flags.sharedSecretName;
  if (flags.guestAccess !== undefined) settings.guestAccess = flags.guestAccess;
  if (flags.replace) settings.replace = true;
  return settings;
}

/** `secret/NAME/KEY` or `configmap/NAME/KEY`. */
function publicKeySource(source: string): NonNullable<SecuritySettings['publicKey']>['from'] {
  const match = /^(secret|configmap)\/([^/]+)\/([^/]+)$/i.exec(source);
  const [, kind, name, key] = match ?? [];
  if (kind === undefined || name === undefined || key === undefined) {
    throw flagsInvalid(
      '--public-key-from',
      'is not secret/NAME/KEY or configmap/NAME/KEY',
      'name the Secret or ConfigMap and the key of the PEM file, such as secret/px-jwt-public/public.pem',
      source,
    );
  }
  return { kind: kind.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap', name, key };
}

async function readSpec(spec: string, flags: PatchFlags, io: CliIO): Promise<string> {
  return readCommandInput(spec, io, {
    field: 'SPEC',
    errorCode: 'SPEC_UNREADABLE',
    unreadableFix: 'give the path of a Portworx install spec, or "-" to read standard input',
    maxBytes: maxInputBytes(flags.maxInputSize),
  });
}

/** Writes `text` to a temporary file beside `path`, then renames it over `path`: readers never see half a spec. */
function writeSpecAtomically(path: string, text: string, io: CliIO): void {
  const target = resolve(io.cwd, path);
  writeFileAtomically(target, text, { mode: existingMode(target), field: '--output', displayPath: path, errorCode: 'OUTPUT_FILE_UNWRITABLE' });
}

/** The mode of an existing output file (kept), else 0644 (less the umask). */
function existingMode(target: string): number {
  try {
    return statSync(target).mode & 0o777;
  } catch {
    return 0o644;
  }
}

function flagsInvalid(field: string, problem: string, fix: string, value?: string): PxSecurityError {
  return new PxSecurityError({ code: 'PATCH_FLAGS_INVALID', field, value, problem, fix });
}
