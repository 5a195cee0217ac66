/**
 * A bundle: every Kubernetes object of a set of manifests, read as one picture of a cluster, each object with
 * where it was written (file, document, line). Pure: manifests come in as text (`bundleFromTexts`); reading
 * files and directories, and asking git what it ignores, is the Node adapter's (`lib/node/manifest-files.ts`).
 *
 * Each manifest may hold many YAML documents; a `kind: List` contributes its items. Invalid YAML is
 * `SPEC_INVALID_YAML` naming file:line:column (a usage error of `pxsec check`).
 */
import { PxErrorCode } from '../errors/error-catalogue';
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import { parseSpecDocuments } from '../yaml/documents';
import { isRecord, PathSegment } from '../yaml/plain-json';
import { describeObject } from '../spec/targets';

/** File extensions read from directories (a file named explicitly is read whatever its extension). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** The name `pxsec check` gives standard input in findings. */
export const STDIN_MANIFEST = '<stdin>';

/** One manifest's text, as `bundleFromTexts` takes it. */
export interface ManifestText {
  /** The name of the manifest in findings (a path, or `<stdin>`). */
  readonly file: string;
  /** The manifest's text. */
  readonly text: string;
  /**
   * Root of the git work tree the file is in, when it is there and not git-ignored.
   * @default - not in a git work tree
   */
  readonly gitWorkTree?: string;
  /**
   * The file's permission bits (e.g. `0o644`), when it is a file on disk.
   * @default - not a file (standard input)
   */
  readonly mode?: number;
}

/** A manifest file of a bundle. */
export interface BundleFile {
  /** The name of the file in findings. */
  readonly file: string;
  /** Root of the git work tree the file is in, when it is there and not git-ignored. */
  readonly gitWorkTree?: string;
  /** The file's permission bits, when it is a file on disk. */
  readonly mode?: number;
}

/** One Kubernetes object of a bundle, with where it was written. */
export interface BundleObject {
  /** The object as plain JSON. */
  readonly object: Record<string, unknown>;
  /** How findings name it, e.g. `Secret tenant-a/px-k8s-user`. */
  readonly name: string;
  /** The file it was written in. */
  readonly file: string;
  /** 1-based position of its YAML document in the file. */
  readonly document: number;
  /** 1-based line where the object starts. */
  readonly line?: number;
  /** Root of the git work tree its file is in, when it is there and not git-ignored. */
  readonly gitWorkTree?: string;
  /** Its file's permission bits, when the file is on disk. */
  readonly mode?: number;
  /** The line of the field at `path` in the object, or of its nearest written parent. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** Something the YAML parser noticed (a duplicate key, an unresolved tag) that does not stop the audit. */
export interface BundleNotice {
  /** Stable code from the parser, e.g. `SPEC_DUPLICATE_KEY`. */
  readonly code: PxErrorCode;
  /** What was noticed, naming file and line. */
  readonly message: string;
  /** The file. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** The object of the document it was noticed in, when that document holds one. */
  readonly object?: BundleObject;
}

/** Every object of a set of manifests. */
export interface Bundle {
  /** The manifest files, in reading order. */
  readonly files: readonly BundleFile[];
  /** The objects, in reading order. */
  readonly objects: readonly BundleObject[];
  /** What parsing noticed. */
  readonly notices: readonly BundleNotice[];
}

const LIST_KIND = 'List';

/**
 * Parses manifests given as text into one bundle (objects in the order given).
 *
 * @throws PxSecurityError `SPEC_INVALID_YAML` or `SPEC_NOT_AN_OBJECT`, naming the file and line
 */
export function bundleFromTexts(manifests: readonly ManifestText[]): Bundle {
  const files: BundleFile[] = [];
  const objects: BundleObject[] = [];
  const notices: BundleNotice[] = [];
  for (const manifest of manifests) {
    const source: BundleFile = {
      file: manifest.file,
      ...(manifest.gitWorkTree === undefined ? {} : { gitWorkTree: manifest.gitWorkTree }),
      ...(manifest.mode === undefined ? {} : { mode: manifest.mode }),
    };
    files.push(source);
    const parsed = parseSpecDocuments(manifest.text, manifest.file);
    const lines = lineStarts(manifest.text);
    const byDocument = new Map<number, BundleObject>();
    parsed.documents.forEach((document, i) => {
      if (document.objectIndex === undefined) return;
      const object = parsed.objects[document.objectIndex];
      if (object === undefined) return;
      const root = document.document.contents;
      const entries = object.kind === LIST_KIND && Array.isArray(object.items) ? listItems(object.items, root) : [{ object, node: root }];
      for (const entry of entries) {
        const added = bundleObject(entry.object, entry.node, objects.length, source, i + 1, lines);
        objects.push(added);
        if (!byDocument.has(i + 1)) byDocument.set(i + 1, added);
      }
    });
    for (const warning of parsed.warnings) {
      const object = warning.document === undefined ? undefined : byDocument.get(warning.document);
      notices.push({
        code: warning.code,
        message: warning.message,
        file: manifest.file,
        ...(warning.line === undefined ? {} : { line: warning.line }),
        ...(object === undefined ? {} : { object }),
      });
    }
  }
  return { files, objects, notices };
}

/** The items of a `kind: List`, each with its YAML node. */
function listItems(items: readonly unknown[], root: unknown): { object: Record<string, unknown>; node: unknown }[] {
  const itemsNode = isMap(root) ? root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'items')?.value : undefined;
  return items.flatMap((item, i) => (isRecord(item) ? [{ object: item, node: isSeq(itemsNode) ? itemsNode.items[i] : undefined }] : []));
}

function bundleObject(
  object: Record<string, unknown>,
  node: unknown,
  index: number,
  source: BundleFile,
  document: number,
  lines: readonly number[],
): BundleObject {
  const start = rangeStart(node);
  return {
    object,
    name: describeObject(object, index),
    file: source.file,
    document,
    ...(start === undefined ? {} : { line: lineAt(lines, start) }),
    ...(source.gitWorkTree === undefined ? {} : { gitWorkTree: source.gitWorkTree }),
    ...(source.mode === undefined ? {} : { mode: source.mode }),
    lineOf: (path) => {
      const offset = fieldOffset(node, path);
      return offset === undefined ? undefined : lineAt(lines, offset);
    },
  };
}

/** Offset of the key (or list item) at the end of `path`, or of the deepest part of it that is written. */
function fieldOffset(root: unknown, path: readonly PathSegment[]): number | undefined {
  let node = root;
  let offset = rangeStart(root);
  for (const segment of path) {
    if (isMap(node)) {
      // Duplicate keys keep the last value, as the parser (and Kubernetes) does.
      const pair = [...node.items].reverse().find((candidate) => isScalar(candidate.key) && String(candidate.key.value) === String(segment));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

/** Offsets at which the lines of `text` start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of `offset`. */
function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? Infinity) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
