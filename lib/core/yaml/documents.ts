/**
 * Parsing multi-document YAML (a Portworx install spec, or any manifest file): a file as the spec generator, Helm or a person wrote it.
 *
 * Real specs carry comments, a leading `# SOURCE:` line, documents with or without `---`, whitespace-only
 * lines, no final newline, null values, commented-out and empty documents, and duplicate keys that generators
 * emitted. Duplicate keys keep the last value, as Kubernetes does, and each one is reported as a warning.
 */
import { Document, LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { PxErrorCode } from '../errors/error-catalogue';
import { PxSecurityError } from '../errors/errors';
import { documentValue, YamlProblem, yamlProblem } from './problems';
import { isRecord } from './plain-json';

/** Something parsing or patching noticed that the user should know, but that does not stop the patch. */
export interface SpecWarning {
  /** Stable SCREAMING_SNAKE code, e.g. `SPEC_DUPLICATE_KEY`. */
  readonly code: PxErrorCode;
  /** What was noticed, where, and what it means. */
  readonly message: string;
  /** 1-based line in the spec file, when the warning points at one. */
  readonly line?: number;
  /** 1-based position of the YAML document in the file (counting empty documents), when it points at one. */
  readonly document?: number;
}

/** A parsed spec: its objects as plain JSON, and what parsing noticed. */
export interface ParsedSpec {
  /** The file name used in messages. */
  readonly file: string;
  /** The non-empty documents, in file order, as plain JSON. */
  readonly objects: readonly Record<string, unknown>[];
  /** Duplicate keys and other things the parser noticed. */
  readonly warnings: readonly SpecWarning[];
}

/** One YAML document of a parsed spec, kept for the text form that edits the file in place. */
export interface SpecYamlDocument {
  /** The parsed document (node ranges are offsets into the whole file). */
  readonly document: Document.Parsed;
  /** Index of its object in `objects`; absent for an empty document. */
  readonly objectIndex?: number;
}

/** A parsed spec together with the YAML documents it came from. */
export interface ParsedSpecDocuments extends ParsedSpec {
  /** The file's text, exactly as given. */
  readonly text: string;
  /** Every document of the file, empty ones included. */
  readonly documents: readonly SpecYamlDocument[];
}

/** Parses `text` and keeps the YAML documents for editing; `file` names the spec in messages. */
export function parseSpecDocuments(text: string, file: string): ParsedSpecDocuments {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: true, lineCounter });
  const warnings: SpecWarning[] = [];
  const objects: Record<string, unknown>[] = [];
  const documents: SpecYamlDocument[] = [];
  parsed.forEach((document, i) => {
    const position = i + 1;
    for (const warning of document.warnings) {
      const problem = yamlProblem(warning, lineCounter);
      warnings.push({ code: 'SPEC_YAML_WARNING', message: `${file}:${problem.line}: ${problem.kind}`, line: problem.line, document: position });
    }
    warnings.push(...duplicateKeyWarnings(document, file, position, lineCounter));
    const converted = documentValue(document, lineCounter);
    if ('problem' in converted) throw invalidYaml(file, converted.problem);
    const value = converted.value;
    if (value === null || value === undefined) {
      documents.push({ document });
      return;
    }
    if (!isRecord(value)) {
      const { line } = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]);
      throw new PxSecurityError({
        code: 'SPEC_NOT_AN_OBJECT',
        field: `${file}:${line}`,
        problem: `holds a YAML document that is not a Kubernetes object (a mapping with apiVersion and kind)`,
        fix: 'remove that document, or comment it out',
      });
    }
    documents.push({ document, objectIndex: objects.length });
    objects.push(value);
  });
  return { file, text, objects, warnings, documents };
}

/** Parses a multi-document YAML spec into plain objects; `file` names it in messages (`SPEC_INVALID_YAML` names file:line:column). */
export function parseSpec(text: string, file: string): ParsedSpec {
  const { objects, warnings } = parseSpecDocuments(text, file);
  return { file, objects, warnings };
}

/** `SPEC_INVALID_YAML` naming file, line, column and the kind of problem, never the text at fault (it may be a Secret's data). */
function invalidYaml(file: string, problem: YamlProblem): PxSecurityError {
  return new PxSecurityError({
    code: 'SPEC_INVALID_YAML',
    field: `${file}:${problem.line}:${problem.column}`,
    problem: `is not valid YAML (${problem.kind})`,
    fix: `correct the YAML at line ${problem.line}, column ${problem.column} and run again`,
  });
}

function duplicateKeyWarnings(document: Document.Parsed, file: string, position: number, lineCounter: LineCounter): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  // A plain walk over maps and sequences (keys and values, as yaml's `visit` goes, aliases not followed): `visit`
  // costs more than the check itself on a bundle of many small documents.
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of node.items) walk(item);
      return;
    }
    if (!isMap(node)) return;
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (seen.has(key) && isScalar(pair.key) && pair.key.range) {
        const { line, col } = lineCounter.linePos(pair.key.range[0]);
        warnings.push({
          code: 'SPEC_DUPLICATE_KEY',
          message: `${file}:${line}:${col}: key "${key}" appears twice in one mapping; the last value is kept, as Kubernetes does`,
          line,
          document: position,
        });
      }
      seen.add(key);
    }
    // As `visit`: a map's own duplicates first, then what its keys and values hold.
    for (const pair of node.items) {
      walk(pair.key);
      walk(pair.value);
    }
  };
  walk(document.contents);
  return warnings;
}
