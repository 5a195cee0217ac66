/**
 * `pxsec check PATH...`: audits manifests (files and directories, read recursively; "-" for standard input) for
 * PX-Security mistakes before they reach a cluster, and reports each with its severity, object, field and fix.
 *
 * With `--clusters`, each PATH is the bundle of one cluster: each is audited on its own, and a key two clusters
 * hold alike is `KEYS_SHARED_BETWEEN_CLUSTERS`.
 *
 * Output: readable text by default, `--json` for tools, `--format sarif` for code-scanning UIs. Exit 0 when
 * there is no error (warnings allowed), 1 with errors, 2 on usage errors or unreadable input. The current time
 * comes from SOURCE_DATE_EPOCH when set. No output ever holds a key or a token: a token is named by its Secret.
 */
import { Command, Option } from 'commander';
import { Bundle, bundleFromTexts, ManifestText, STDIN_MANIFEST } from '../core/audit/bundle';
import { readManifests } from '../node/manifest-files';
import { auditBundle, DEFAULT_WARN_EXPIRY } from '../core/audit/audit';
import { compareFindings, Finding, summarizeFindings } from '../core/audit/finding';
import { sharedKeyFindings } from '../core/audit/shared-keys-checks';
import { formatFindingsJson, formatFindingsText } from '../core/audit/report';
import { formatFindingsSarif } from '../core/audit/sarif';
import { parseDuration } from '../core/token/duration';
import { PxSecurityError } from '../core/errors/errors';
import { validateDnsLabel } from '../core/kube/kube-names';
import { currentTime } from '../core/token/rotation';
import { maxInputBytes, maxInputSizeOption, readCommandInput, STDIN_ARGUMENT } from './input';
import { CliExit, CliIO, EXIT } from './io';

/** Output formats of `pxsec check`. */
export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
/** An output format of `pxsec check`. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Flags of `pxsec check`. */
interface CheckFlags {
  readonly format?: CheckFormat;
  readonly json?: boolean;
  readonly warnExpiry: string;
  readonly maxInputSize?: string;
  readonly namespaceExists: string[];
  readonly clusters?: boolean;
}

/** Registers `pxsec check`. */
export function registerCheckCommand(program: Command, io: CliIO): void {
  program
    .command('check')
    .description(
      'audit manifests for PX-Security mistakes before they reach a cluster: the portworx DaemonSet or StorageCluster, stork, token Secrets, StorageClasses, keys',
    )
    .argument('<paths...>', 'manifest files or directories (read recursively for .yaml, .yml, .json); "-" reads standard input')
    .option('--json', 'print the findings and a summary as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'output format (default: "text")').choices(CHECK_FORMATS))
    .option('--warn-expiry <duration>', 'warn about tokens that expire within this duration (s, m, h, d, y)', DEFAULT_WARN_EXPIRY)
    .addOption(maxInputSizeOption())
    .option(
      '--clusters',
      'each PATH is the bundle of one cluster (e.g. dist/prod dist/staging): each is checked on its own, and an equal key in two clusters is an error',
    )
    .option(
      '--namespace-exists <name>',
      "a namespace that exists in the cluster though the manifests do not create it (repeatable); default, kube-system, kube-public, kube-node-lease and the Portworx install's namespace always count",
      (name: string, names: string[]) => [...names, name],
      [] as string[],
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit 0 when there is no error (warnings allowed), 1 with errors, 2 on usage errors, unreadable input or unwritable output.',
        'SOURCE_DATE_EPOCH pins the current time for the token checks.',
        '',
        'Examples:',
        '  $ pxsec check dist/',
        '  $ pxsec check px-spec.yaml secrets/ --warn-expiry 60d',
        '  $ pxsec check dist/ --namespace-exists portworx',
        '  $ pxsec check --clusters dist/prod dist/staging',
        '  $ kustomize build overlays/prod | pxsec check - --json',
        '  $ pxsec check manifests/ --format sarif > pxsec.sarif',
        '',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: CheckFlags) => {
      const format = outputFormat(flags);
      const warnExpirySeconds = parseDuration(flags.warnExpiry, { field: '--warn-expiry' });
      for (const name of flags.namespaceExists) validateDnsLabel(name, '--namespace-exists');
      const now = currentTime(undefined, io.env);
      const options = { now, warnExpirySeconds, existingNamespaces: flags.namespaceExists };
      // One bundle of every path, or with --clusters one bundle per path (one cluster each), compared for shared keys.
      const clusters = [];
      for (const group of flags.clusters === true ? paths.map((path) => [path]) : [paths]) {
        clusters.push({ name: group.join(' '), bundle: await readBundle(group, maxInputBytes(flags.maxInputSize), io) });
      }
      const findings: Finding[] = [];
      for (const { bundle } of clusters) findings.push(...(await auditBundle(bundle, options)));
      if (clusters.length > 1) findings.push(...sharedKeyFindings(clusters));
      if (clusters.length > 1) findings.sort(compareFindings);
      const scope = { files: sum(clusters.map(({ bundle }) => bundle.files.length)), objects: sum(clusters.map(({ bundle }) => bundle.objects.length)) };
      if (format === 'json') io.out(formatFindingsJson(findings, scope));
      else if (format === 'sarif') io.out(formatFindingsSarif(findings));
      else io.out(formatFindingsText(findings, scope));
      if (summarizeFindings(findings).errors > 0) throw new CliExit(EXIT.rejected);
    });
}

function sum(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + count, 0);
}

function outputFormat(flags: CheckFlags): CheckFormat {
  if (flags.json && flags.format !== undefined && flags.format !== 'json') {
    throw new PxSecurityError({
      code: 'CHECK_FLAGS_INVALID',
      field: '--json',
      problem: `is given with --format ${flags.format}`,
      fix: 'give one output format: --json, or --format text|json|sarif',
    });
  }
  return flags.json ? 'json' : (flags.format ?? 'text');
}

/** The files and directories of `paths`, and standard input where "-" is named (read once). */
async function readBundle(paths: readonly string[], maxBytes: number, io: CliIO): Promise<Bundle> {
  const files = paths.filter((path) => path !== STDIN_ARGUMENT);
  const manifests: ManifestText[] = files.length > 0 ? readManifests(files, io.cwd, { maxBytes }) : [];
  if (paths.includes(STDIN_ARGUMENT)) manifests.push({ file: STDIN_MANIFEST, text: await readCommandInput(STDIN_ARGUMENT, io, { field: 'PATH', maxBytes }) });
  return bundleFromTexts(manifests);
}
