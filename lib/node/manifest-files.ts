/**
 * The manifest files of `pxsec check`: files and directories read into manifest texts.
 *
 * Directories are read recursively (hidden entries such as `.git` skipped) for `.yaml`, `.yml` and `.json` files,
 * in code-point order of their paths, so the same inputs always give the same bundle. A file that cannot be read is
 * `CHECK_INPUT_UNREADABLE`. Each manifest notes whether it sits in a git work tree and is not git-ignored
 * (`git-work-trees.ts`): a plaintext Secret there is one `git add` away from the repository.
 */

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { PxSecurityError } from '../core/errors/errors';
import { readInputFile } from './input-file';
import { Bundle, bundleFromTexts, MANIFEST_EXTENSIONS, ManifestText } from '../core/audit/bundle';
import { gitWorkTrees } from './git-work-trees';

/** Where a file to read is, and how findings name it. */
interface ManifestPath {
  readonly absolute: string;
  readonly display: string;
  /** Permission bits. */
  readonly mode: number;
}

const UNREADABLE_FIX = 'give manifest files or directories you can read, or "-" for standard input';

/**
 * Reads `paths` (files and directories, relative ones resolved against `cwd`) into one bundle.
 *
 * @throws PxSecurityError `CHECK_INPUT_UNREADABLE` (a path that cannot be read), `CHECK_NO_MANIFESTS` (no manifest
 *   at all), `SPEC_INVALID_YAML` or `SPEC_NOT_AN_OBJECT` (naming file and line)
 */
export function loadBundle(paths: readonly string[], cwd: string): Bundle {
  return bundleFromTexts(readManifests(paths, cwd));
}

/**
 * Reads the manifests of `paths` (files, and directories read recursively; relative paths resolved against `cwd`),
 * each with the git work tree it sits in, in reading order.
 *
 * @throws PxSecurityError `CHECK_INPUT_UNREADABLE` or `CHECK_NO_MANIFESTS`
 */
export function readManifests(paths: readonly string[], cwd: string, limits: { readonly maxBytes?: number } = {}): ManifestText[] {
  const manifests: ManifestPath[] = [];
  const seen = new Set<string>();
  for (const path of paths) collectManifests(resolve(cwd, path), path, manifests, seen, true);
  if (manifests.length === 0) {
    throw new PxSecurityError({
      code: 'CHECK_NO_MANIFESTS',
      field: 'PATH',
      value: paths.join(' '),
      problem: `holds no ${MANIFEST_EXTENSIONS.join(', ')} file`,
      fix: 'give the manifests to check (e.g. the dist/ directory "cdk8s synth" writes), or a file by name',
    });
  }
  const workTrees = gitWorkTrees(manifests.map((manifest) => manifest.absolute));
  return manifests.map((manifest) => {
    const gitWorkTree = workTrees.get(manifest.absolute);
    const text = readManifest(manifest, limits.maxBytes);
    return { file: manifest.display, text, mode: manifest.mode, ...(gitWorkTree === undefined ? {} : { gitWorkTree }) };
  });
}

/** Adds the manifests at `absolute` (a file, or a directory read recursively) to `manifests`. */
function collectManifests(absolute: string, display: string, manifests: ManifestPath[], seen: Set<string>, named: boolean): void {
  let real: string;
  let isDirectory: boolean;
  let mode: number;
  try {
    real = realpathSync(absolute);
    const stats = statSync(real);
    isDirectory = stats.isDirectory();
    mode = stats.mode & 0o777;
  } catch (error) {
    throw unreadable(display, error);
  }
  if (seen.has(real)) return;
  seen.add(real);
  if (!isDirectory) {
    if (named || MANIFEST_EXTENSIONS.includes(extname(absolute).toLowerCase())) manifests.push({ absolute: real, display, mode });
    return;
  }
  let entries: string[];
  try {
    entries = readdirSync(real);
  } catch (error) {
    throw unreadable(display, error);
  }
  for (const entry of entries.filter((name) => !name.startsWith('.')).sort(compareNames)) {
    collectManifests(join(real, entry), join(display, entry), manifests, seen, false);
  }
}

function compareNames(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function readManifest(manifest: ManifestPath, maxBytes: number | undefined): string {
  return readInputFile(manifest.absolute, {
    field: 'PATH',
    displayPath: manifest.display,
    errorCode: 'CHECK_INPUT_UNREADABLE',
    unreadableFix: UNREADABLE_FIX,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
}

function unreadable(path: string, error: unknown): PxSecurityError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return new PxSecurityError({
    code: 'CHECK_INPUT_UNREADABLE',
    cause: error,
    field: 'PATH',
    value: path,
    problem: `cannot be read (${typeof code === 'string' ? code : 'unreadable'})`,
    fix: UNREADABLE_FIX,
  });
}
