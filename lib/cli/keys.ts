/**
 * `pxsec keys generate`: the three shared keys of a secured Portworx cluster (`system-secret`, `stork-secret`,
 * `shared-secret`), as the Portworx docs make them with `/dev/urandom | base64 | fold -w 64`. `pxsec keys rotate`
 * and `pxsec keys rollback`: new keys in the keystore (the replaced ones kept), and back again.
 *
 * Printing the keys is the command's purpose, so they go to standard output (or to `-o, --output FILE`, mode 0600);
 * no message ever shows them.
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { DEFAULT_KEYSTORE_PATH, KeystoreRotation, keysFromKeystore, keystoreCreatedNotice, rotateKeystore } from '../node/key-store-file';
import { generateKeys } from '../core/keys/key-sources';
import { KEY_ORDER, PxKeys } from '../core/keys/keys';
import { validateDnsLabel, validateDnsSubdomain } from '../core/kube/kube-names';
import { KEYS_ENV, PX_KEYS_SECRET_NAME, PX_KEYS_SECRET_NAMESPACE, STORK_SKIP_RESOURCE_ANNOTATION } from '../core/names';
import { keysSecret } from '../core/cluster/secrets';
import { CliIO } from './io';
import { writePrivateFile } from './private-file';

/** Output formats of `keys generate`. */
export const KEYS_FORMATS = ['secret', 'env', 'json'] as const;
/** An output format of `keys generate`. */
export type KeysFormat = (typeof KEYS_FORMATS)[number];

/** Flags of `pxsec keys generate`. */
interface GenerateFlags {
  readonly format: KeysFormat;
  readonly keystore?: string;
  readonly cluster?: string;
  readonly name: string;
  readonly namespace: string;
  readonly output?: string;
}

/** Registers `pxsec keys` and its subcommands `generate`, `rotate` and `rollback`. */
export function registerKeysCommand(program: Command, io: CliIO): void {
  const keys = program.command('keys').description('the three shared keys of PX-Security (system, stork, shared)');
  keys
    .command('generate')
    .description("print fresh keys (or a keystore's) as the pxkeys Secret, shell exports or JSON")
    .addOption(
      new Option('--format <format>', 'secret: a v1 Secret manifest; env: export lines; json: {system, stork, shared}').choices(KEYS_FORMATS).default('secret'),
    )
    .addOption(
      new Option('--keystore [path]', 'use the keys of this keystore file (git-ignore it), created with mode 0600 on first use').preset(DEFAULT_KEYSTORE_PATH),
    )
    .option('--cluster <name>', "with --keystore: the cluster whose entry to use (made with new keys when missing), e.g. the cdk8s cluster's clusterName")
    .option('--name <name>', 'name of the Secret (format secret)', PX_KEYS_SECRET_NAME)
    .option('--namespace <namespace>', 'namespace of the Secret (format secret)', PX_KEYS_SECRET_NAMESPACE)
    .option('-o, --output <file>', 'write the keys to this file (mode 0600, atomically) instead of standard output')
    .addHelpText(
      'after',
      [
        '',
        'Without --keystore every run makes three new 64-character keys from a CSPRNG. Keep them out of git.',
        '',
        'Examples:',
        '  $ pxsec keys generate | kubectl apply -f -',
        '  $ pxsec keys generate --keystore --format env --output .pxsec/keys.env && . .pxsec/keys.env',
        '  $ pxsec keys generate --format json --output pxkeys.json',
        '',
      ].join('\n'),
    )
    .action((flags: GenerateFlags) => {
      validateDnsSubdomain(flags.name, '--name');
      validateDnsLabel(flags.namespace, '--namespace');
      const chosen =
        flags.keystore === undefined
          ? generateKeys()
          : keysFromKeystore(resolve(io.cwd, flags.keystore), { onCreated: (created) => io.err(keystoreCreatedNotice(created)), cluster: flags.cluster });
      const text = renderKeys(chosen, flags);
      if (flags.output === undefined) {
        io.out(text);
        return;
      }
      writePrivateFile('--output', flags.output, text, io);
      io.err(`pxsec keys generate: wrote the keys to ${flags.output} (mode 0600)\n`);
    });
  registerRotation(keys, io, 'rotate', 'replace the keystore\'s keys with new ones, keeping the replaced keys for "pxsec keys rollback"');
  registerRotation(keys, io, 'rollback', 'make the keys the last rotation replaced current again (the keys rolled back from are kept)');
}

/** What to do after a rotation or rollback, in the order that keeps the cluster up (see the README, "Key rotation"). */
const AFTER_ROTATION =
  'next: synthesize again (cdk8s synth, pulumi up, or pxsec patch --keystore), then apply the keys Secret, the token Secrets and the workloads together; ' +
  'the portworx DaemonSet, stork and autopilot roll to the new keys (their pod templates carry a digest of them)';

function registerRotation(keys: Command, io: CliIO, rotation: KeystoreRotation, description: string): void {
  const command = keys
    .command(rotation)
    .description(description)
    .option('--keystore <path>', 'the keystore file', DEFAULT_KEYSTORE_PATH)
    .option('--cluster <name>', "in a keystore of several clusters: the cluster whose keys to change, e.g. the cdk8s cluster's clusterName");
  if (rotation === 'rotate') {
    command.addOption(
      new Option('--only <keys...>', 'replace only these keys (default: all three), e.g. --only shared to keep the system key Portworx nodes share').choices(
        KEY_ORDER,
      ),
    );
  }
  command.action((flags: { readonly keystore: string; readonly cluster?: string; readonly only?: readonly (keyof PxKeys)[] }) => {
    rotateKeystore(resolve(io.cwd, flags.keystore), rotation, {
      ...(flags.only === undefined ? {} : { only: flags.only }),
      ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
    });
    const done =
      rotation === 'rotate'
        ? 'new keys are current; the replaced keys are kept as previous'
        : 'the previous keys are current again; the keys rolled back from are kept as previous';
    io.err(`pxsec keys ${rotation}: ${flags.keystore}: ${done} (mode 0600)\n${AFTER_ROTATION}\n`);
  });
}

/** The keys in the chosen format; the same keys and flags always give the same bytes. */
function renderKeys(chosen: PxKeys, flags: GenerateFlags): string {
  switch (flags.format) {
    case 'env':
      return [exportLine(KEYS_ENV.system, chosen.system), exportLine(KEYS_ENV.stork, chosen.stork), exportLine(KEYS_ENV.shared, chosen.shared), ''].join('\n');
    case 'json':
      return `${JSON.stringify({ system: chosen.system, stork: chosen.stork, shared: chosen.shared }, null, 2)}\n`;
    case 'secret':
      // Annotated as the constructs annotate the keys Secret (storkSkipResource defaults to true), so stork
      // backups and migrations do not copy the keys into another cluster.
      return stringify(keysSecret(chosen, { name: flags.name, namespace: flags.namespace, annotations: { [STORK_SKIP_RESOURCE_ANNOTATION]: 'true' } }), {
        lineWidth: 0,
      });
  }
}

/** `export NAME=value`, the value single-quoted when the shell would otherwise read it differently. */
function exportLine(name: string, value: string): string {
  return `export ${name}=${/^[A-Za-z0-9+/=._-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`;
}
