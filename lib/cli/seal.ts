/**
 * `pxsec seal SECRET_FILE|- --cert CERT_PEM [--scope S] [-o OUT] [--cache PATH]`: plain Secret manifests in,
 * Bitnami SealedSecrets out, sealed as `kubeseal` seals them, without a cluster. For people who patch specs
 * without cdk8s.
 *
 * Without `--scope`, each Secret's own scope annotations choose the scope (strict when it has none), as with
 * kubeseal. With `--cache`, unchanged values keep their ciphertext from one run to the next; entries of other
 * files in the same cache are kept, also when several runs share the cache at once (see `FileSealCache`). Each new
 * ciphertext is appended to the cache's journal, and the cache file is written once at the end. No message ever
 * shows a value.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { writeFileAtomically } from '../node/atomic-file';
import { PxSecurityError } from '../core/errors/errors';
import { ObjectMeta } from '../core/kube/kube-object';
import { FileSealCache } from '../node/seal-cache-file';
import { SealableSecret, SealedSecretObject, SEALING_SCOPES, SealingScope, annotatedSealingScope, sealSecret } from '../core/sealing/sealed-secret';
import { readSealingCertificate } from '../core/sealing/certificate';
import { readInputFile } from '../node/input-file';
import { isPublishedTestCertificate } from '../core/keys/published-test-values';
import { testCertificateWarning } from '../core/sealing/test-certificate';
import { describeYamlProblem, documentValue, yamlProblem } from '../core/yaml/problems';
import { maxInputBytes, maxInputSizeOption, readCommandInput } from './input';
import { CliIO } from './io';

/** Flags of `pxsec seal`. */
interface SealFlags {
  readonly cert: string;
  readonly scope?: SealingScope;
  readonly output?: string;
  readonly cache?: string;
  readonly maxInputSize?: string;
}

/** Registers `pxsec seal`. */
export function registerSealCommand(program: Command, io: CliIO): void {
  program
    .command('seal')
    .description('turn plain Secret manifests into Bitnami SealedSecrets (as kubeseal does), without a cluster')
    .argument('<secret-file>', 'YAML with one or more v1 Secrets (data or stringData); "-" reads standard input')
    .requiredOption('--cert <cert-pem>', "the sealing controller's certificate, PEM (kubeseal --fetch-cert)")
    .addOption(
      new Option('--scope <scope>', "where the SealedSecrets may be opened (default: each Secret's scope annotations, else strict)").choices(SEALING_SCOPES),
    )
    .option('-o, --output <file>', 'write the SealedSecrets to this file (mode 0644) instead of standard output')
    .option('--cache <file>', 'reuse the ciphertexts of unchanged values from this cache file (mode 0600, keep it out of git)')
    .addOption(maxInputSizeOption())
    .action(async (secretFile: string, flags: SealFlags) => {
      const maxBytes = maxInputBytes(flags.maxInputSize);
      const secrets = readSecrets(await readCommandInput(secretFile, io, { field: 'SECRET_FILE', errorCode: 'SEAL_INPUT_UNREADABLE', maxBytes }), secretFile);
      const certificatePem = readInputFile(path.resolve(io.cwd, flags.cert), {
        field: '--cert',
        displayPath: flags.cert,
        errorCode: 'SEAL_CERT_UNREADABLE',
        maxBytes,
      });
      const certificate = readSealingCertificate(certificatePem, { field: `--cert ${flags.cert}` });
      if (isPublishedTestCertificate(certificate.fingerprint)) io.err(testCertificateWarning(`--cert ${flags.cert}`));
      const cache = flags.cache === undefined ? undefined : FileSealCache.open(path.resolve(io.cwd, flags.cache));

      const sealed: SealedSecretObject[] = secrets.map((secret) =>
        sealSecret(secret, { certificatePem, scope: flags.scope ?? annotatedSealingScope(secret.metadata), ...(cache !== undefined ? { cache } : {}) }),
      );
      cache?.save({ prune: false });

      const manifest = sealed.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
      if (flags.output === undefined) {
        io.out(manifest);
        return;
      }
      writeSealedOutput(path.resolve(io.cwd, flags.output), flags.output, manifest);
      io.err(`pxsec seal: wrote ${sealed.length} SealedSecret${sealed.length === 1 ? '' : 's'} to ${flags.output}\n`);
    });
}

/** Every document of `text` as a Secret to seal; other kinds, bad YAML and non-string values are errors. */
function readSecrets(text: string, source: string): SealableSecret[] {
  const secrets: SealableSecret[] = [];
  const lineCounter = new LineCounter();
  parseAllDocuments(text, { lineCounter }).forEach((document, index) => {
    const where = `${source}: document ${index + 1}`;
    // yaml's own messages quote the source (an alias or tag name may be a value): give only position and kind.
    const converted = documentValue(document, lineCounter);
    if ('problem' in converted) {
      throw new PxSecurityError({
        code: 'SEAL_INPUT_INVALID',
        field: where,
        problem: `is not valid YAML (${describeYamlProblem(converted.problem)})`,
        fix: 'fix the YAML there (quote values that start with *, !, &, @, % or a quote)',
      });
    }
    const [warning] = document.warnings;
    if (warning) {
      // An unresolved tag would seal the value without its tag: refuse rather than guess.
      throw new PxSecurityError({
        code: 'SEAL_INPUT_INVALID',
        field: where,
        problem: `holds ${describeYamlProblem(yamlProblem(warning, lineCounter))}`,
        fix: 'quote the value',
      });
    }
    const object: unknown = converted.value;
    if (object === null || object === undefined) return;
    secrets.push(secretFrom(object, where));
  });
  if (secrets.length === 0) {
    throw new PxSecurityError({ code: 'SEAL_INPUT_EMPTY', field: source, problem: 'holds no Secret', fix: 'pass a file with at least one v1 Secret' });
  }
  return secrets;
}

function secretFrom(object: unknown, where: string): SealableSecret {
  const manifest = (typeof object === 'object' && !Array.isArray(object) ? object : {}) as Record<string, unknown>;
  const metadata = record(manifest.metadata);
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (manifest.apiVersion !== 'v1' || manifest.kind !== 'Secret') {
    const shown = [manifest.apiVersion, manifest.kind, name].filter((part) => typeof part === 'string' && part !== '').join(' ');
    throw new PxSecurityError({
      code: 'SEAL_INPUT_NOT_SECRET',
      field: `${where} (${shown || 'no apiVersion or kind'})`,
      problem: 'is not a v1 Secret',
      fix: 'pass only Secrets to pxsec seal (split other objects out of the file)',
    });
  }
  const label = `${where} (Secret ${name || '(no name)'})`;
  const data: Record<string, string> = { ...stringValues(manifest.data, `${label}: data`) };
  for (const [key, value] of Object.entries(stringValues(manifest.stringData, `${label}: stringData`))) {
    // As the API server does: a stringData value replaces the data value under the same key.
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  if (Object.keys(data).length === 0) {
    throw new PxSecurityError({
      code: 'SEAL_SECRET_EMPTY',
      field: label,
      problem: 'has no data and no stringData',
      fix: 'add the values to seal (kubeseal refuses an empty Secret too)',
    });
  }
  const secretMetadata: ObjectMeta = {
    name,
    ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    ...(metadata.labels === undefined ? {} : { labels: stringValues(metadata.labels, `${label}: metadata.labels`) }),
    ...(metadata.annotations === undefined ? {} : { annotations: stringValues(metadata.annotations, `${label}: metadata.annotations`) }),
  };
  return {
    metadata: secretMetadata,
    data,
    ...(typeof manifest.type === 'string' ? { type: manifest.type } : {}),
    ...(typeof manifest.immutable === 'boolean' ? { immutable: manifest.immutable } : {}),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A map of strings; a non-string value is named by its key and its type, never shown. */
function stringValues(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PxSecurityError({ code: 'SEAL_INPUT_INVALID', field, problem: 'is not a map', fix: 'write it as key: value lines' });
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new PxSecurityError({
        code: 'SEAL_INPUT_INVALID',
        field: `${field}.${key}`,
        problem: `is a ${entry === null ? 'null' : typeof entry}, not a string`,
        fix: 'quote the value',
      });
    }
  }
  return value as Record<string, string>;
}

/** Atomic write, mode 0644 (ciphertexts only): a temporary file in the same directory, then a rename. */
function writeSealedOutput(file: string, displayPath: string, text: string): void {
  writeFileAtomically(file, text, { mode: 0o644, field: '--output', displayPath, errorCode: 'SEAL_OUTPUT_UNWRITABLE' });
}
