/**
 * Applying a spec's edits to its text, in place: each edit finds its node in the parsed YAML document and
 * becomes a splice of the file's own text at that node's offsets, with new lines rendered in the file's style.
 * Every byte outside the splices stays as it was (comments, blank and whitespace-only lines, quoting, flow
 * lists, separators, no final newline), so a `diff` shows only the added or changed lines.
 */
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, Node, Pair, visit, YAMLMap } from 'yaml';
import { PxSecurityError } from '../errors/errors';
import { ParsedSpecDocuments } from '../yaml/documents';
import { PathSegment } from '../yaml/plain-json';
import { SpecEdit } from './spec-edit';
import { renderBlockLines, renderFlow, renderScalar, StringStyle } from '../yaml/render';

/** A splice of the file's text. */
interface TextSplice {
  /** Offset where the replaced text starts. */
  readonly start: number;
  /** Offset just after the replaced text (equal to `start` for an insertion). */
  readonly end: number;
  /** The new text. */
  readonly text: string;
  /** Position in plan order: splices at one offset keep the plan's order. */
  readonly order: number;
}

/** Where a path leads in a YAML document. */
interface LocatedNode {
  /** The node the path leads to (null where YAML holds nothing). */
  readonly node: Node | null;
  /** True when the node sits inside a flow collection. */
  readonly inFlow: boolean;
  /** The mappings the path went through, outermost first. */
  readonly maps: readonly YAMLMap[];
}

/** Applies `edits` (planned on `parsed.objects`) to `parsed.text`. */
export function applySpecEditsToText(parsed: ParsedSpecDocuments, edits: readonly SpecEdit[]): string {
  const file = new SpecText(parsed.text);
  const documents = new Map(parsed.documents.flatMap(({ document, objectIndex }) => (objectIndex === undefined ? [] : [[objectIndex, document] as const])));
  const splices = edits.map((edit, order) => {
    const document = documents.get(edit.object);
    if (document === undefined) throw new Error(`no YAML document for object ${edit.object}`);
    return { ...file.splice(document, edit, parsed.file), order };
  });
  splices.sort((a, b) => a.start - b.start || a.order - b.order);
  let text = '';
  let copied = 0;
  for (const splice of splices) {
    if (splice.start < copied) throw new Error(`overlapping text edits at offset ${splice.start}`);
    text += parsed.text.slice(copied, splice.start) + splice.text;
    copied = splice.end;
  }
  return text + parsed.text.slice(copied);
}

/** The file's text, and how to splice one edit into it. */
class SpecText {
  private readonly eol: string;
  /** A JSON file (its first character `{` or `[`): new text is JSON too, so the file stays JSON (kubectl reads it as such). */
  private readonly json: boolean;

  constructor(private readonly source: string) {
    this.eol = source.includes('\r\n') ? '\r\n' : '\n';
    this.json = /^\uFEFF?\s*[{[]/.test(source);
  }

  public splice(document: Document.Parsed, edit: SpecEdit, file: string): Omit<TextSplice, 'order'> {
    if (edit.kind === 'replace') {
      const parentPath = edit.path.slice(0, -1);
      const parent = this.locate(document, parentPath, file);
      const located = this.locate(document, edit.path, file);
      return this.replace(document, located.node, edit.value, { ...located, inFlow: located.inFlow || isFlow(parent.node) });
    }
    const located = this.locate(document, edit.path, file);
    const node = located.node;
    if (edit.kind === 'append') {
      if (!isSeq(node)) throw new Error(`append target ${edit.path.join('.')} is not a YAML list`);
      return this.append(document, node, edit.items, located);
    }
    if (!isMap(node)) throw new Error(`set target ${edit.path.join('.')} is not a YAML mapping`);
    return this.set(document, node, edit.key, edit.value, { ...located, maps: [...located.maps, node] });
  }

  private append(
    document: Document.Parsed,
    seq: NonNullable<Node> & { items: unknown[]; flow?: boolean },
    items: readonly unknown[],
    located: LocatedNode,
  ): Omit<TextSplice, 'order'> {
    const style = itemStyle(seq.items);
    if (seq.flow) {
      const last = seq.items[seq.items.length - 1];
      if (last === undefined) {
        const start = range(seq)[0] + 1;
        return { start, end: start, text: items.map((item) => this.flowValue(item, style)).join(', ') };
      }
      // `[name: x]` holds a bare pair: it ends where its value (or key) ends.
      const start = range((isPair(last) ? (last.value ?? last.key) : last) as Node)[1];
      const lastStart = range((isPair(last) ? last.key : last) as Node)[0];
      if (this.json && !this.sameLine(range(seq)[0], lastStart)) {
        // One item per line, at the column of the items before.
        const indent = this.indentOf(lastStart);
        return { start, end: start, text: items.map((item) => `,${this.eol}${indent}${this.jsonAt(item, indent)}`).join('') };
      }
      return { start, end: start, text: items.map((item) => `, ${this.flowValue(item, style)}`).join('') };
    }
    const dashColumn = this.column(range(seq)[0]);
    const lines = renderBlockLines(items, { indent: this.indentUnit(document), indentSeq: this.seqIndented(located.maps), itemStyle: style });
    // Items written `-   name: x` (content further from the dash than yaml's 2) are followed in kind.
    const lastItem: unknown = seq.items[seq.items.length - 1];
    const contentOffset = isNode(lastItem) && lastItem.range ? this.column(lastItem.range[0]) - dashColumn : 2;
    const shift = contentOffset > 2 ? contentOffset - 2 : 0;
    const shifted = lines.map((line) => (line.startsWith('- ') ? `-${' '.repeat(shift + 1)}${line.slice(2)}` : `${' '.repeat(shift)}${line}`));
    const start = this.lineEnd(this.contentEnd(seq));
    return { start, end: start, text: shifted.map((line) => `${this.eol}${' '.repeat(dashColumn)}${line}`).join('') };
  }

  private set(document: Document.Parsed, map: YAMLMap, key: string, value: unknown, located: LocatedNode): Omit<TextSplice, 'order'> {
    const pair = lastPair(map, key);
    if (map.flow) {
      if (pair !== undefined) {
        if (!pair.value) throw new Error(`flow mapping key ${key} has no value node`);
        const [start, end] = range(pair.value as Node);
        const rendered = this.json ? this.jsonAt(value, this.indentOf(range(pair.key as Node)[0])) : renderFlow(value, 'PLAIN');
        return { start, end, text: this.source[start - 1] === ':' ? ` ${rendered}` : rendered };
      }
      const last = map.items[map.items.length - 1];
      const start = last === undefined ? range(map)[0] + 1 : range((last.value ?? last.key) as Node)[1];
      const renderedKey = this.json ? JSON.stringify(key) : renderScalar(key, 'PLAIN', true);
      if (this.json && last !== undefined && !this.sameLine(range(map)[0], range(last.key as Node)[0])) {
        const indent = this.indentOf(range(last.key as Node)[0]);
        return { start, end: start, text: `,${this.eol}${indent}${renderedKey}: ${this.jsonAt(value, indent)}` };
      }
      return { start, end: start, text: `${last === undefined ? '' : ', '}${renderedKey}: ${this.flowValue(value, 'PLAIN')}` };
    }
    const keyColumn = this.column(range(map)[0]);
    const lines = renderBlockLines({ [key]: value }, { indent: this.indentUnit(document), indentSeq: this.seqIndented(located.maps), itemStyle: 'PLAIN' });
    const indented = lines.map((line, i) => (i === 0 ? line : `${this.eol}${' '.repeat(keyColumn)}${line}`)).join('');
    if (pair !== undefined) {
      // `key:` / `key: null` / `key: ~`: the whole line is rewritten.
      const start = range(pair.key as Node)[0];
      return { start, end: this.lineEnd(this.contentEnd((pair.value ?? pair.key) as Node)), text: indented };
    }
    const start = this.lineEnd(this.contentEnd(map));
    return { start, end: start, text: `${this.eol}${' '.repeat(keyColumn)}${indented}` };
  }

  private replace(document: Document.Parsed, node: Node | null, value: unknown, located: LocatedNode): Omit<TextSplice, 'order'> {
    if (node === null) throw new Error('replace target has no YAML node');
    if (isPair(node)) {
      // A bare pair in a flow list (`[name: x]`): it spans its key to its value.
      return { start: range(node.key as Node)[0], end: range((node.value ?? node.key) as Node)[1], text: renderFlow(value, 'PLAIN') };
    }
    const [start] = range(node);
    const style = isScalar(node) ? scalarStyle(node.type) : itemStyle([node]);
    if (located.inFlow || isFlow(node)) {
      const text = this.json ? this.jsonAt(value, this.indentOf(start)) : renderFlow(value, style);
      return { start, end: isScalar(node) ? this.contentEnd(node) : range(node)[1], text };
    }
    if (typeof value !== 'object' || value === null) {
      return { start, end: isScalar(node) ? this.contentEnd(node) : this.lineEnd(this.contentEnd(node)), text: renderScalar(value, style, false) };
    }
    if (isScalar(node)) throw new Error('a block scalar cannot be replaced by a collection in place');
    const column = this.column(start);
    const lines = renderBlockLines(value, { indent: this.indentUnit(document), indentSeq: this.seqIndented(located.maps), itemStyle: style });
    return {
      start,
      end: this.lineEnd(this.contentEnd(node)),
      text: lines.map((line, i) => (i === 0 ? line : `${this.eol}${' '.repeat(column)}${line}`)).join(''),
    };
  }

  /**
   * Follows `path` as `toJS` does (the last of duplicate keys wins). Aliases, and anchors that an alias uses,
   * are refused: editing them in place would change every other use of the value too.
   */
  private locate(document: Document.Parsed, path: readonly PathSegment[], file: string): LocatedNode {
    const aliased = aliasedAnchors(document);
    let node: unknown = document.contents;
    let inFlow = false;
    const maps: YAMLMap[] = [];
    for (const segment of path) {
      if (isAlias(node) || isAliasedAnchor(node, aliased)) throw aliasUnsupported(file, path);
      if (isMap(node) && typeof segment === 'string') {
        const pair = lastPair(node, segment);
        if (pair === undefined) throw new Error(`text and objects disagree at ${path.join('.')}`);
        maps.push(node);
        inFlow ||= node.flow === true;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        inFlow ||= node.flow === true;
        node = node.items[segment];
      } else {
        throw new Error(`text and objects disagree at ${path.join('.')}`);
      }
    }
    if (isAlias(node) || isAliasedAnchor(node, aliased)) throw aliasUnsupported(file, path);
    return { node: (node ?? null) as Node | null, inFlow, maps };
  }

  /** A value in a flow collection: JSON in a JSON file, else flow YAML in the style of its siblings. */
  private flowValue(value: unknown, style: StringStyle): string {
    return this.json ? JSON.stringify(value) : renderFlow(value, style);
  }

  /** `value` as JSON indented like the file, its continuation lines starting with `indent`. */
  private jsonAt(value: unknown, indent: string): string {
    return JSON.stringify(value, null, this.jsonIndent()).split('\n').join(`${this.eol}${indent}`);
  }

  /** The JSON file's indentation step: the whitespace before its first key (none, compact, when all is on one line). */
  private jsonIndent(): string {
    const match = /^\uFEFF?\s*[{[][ \t]*\r?\n([ \t]*)\S/.exec(this.source);
    return match?.[1]?.slice(0, 10) ?? '';
  }

  /** The whitespace that opens the line holding `offset` (spaces or tabs, as the file has them). */
  private indentOf(offset: number): string {
    const lineStart = this.source.lastIndexOf('\n', offset - 1) + 1;
    const leading = /^[ \t]*/.exec(this.source.slice(lineStart, offset))?.[0] ?? '';
    return leading.length === offset - lineStart ? leading : ' '.repeat(this.column(offset));
  }

  private sameLine(first: number, second: number): boolean {
    return !this.source.slice(Math.min(first, second), Math.max(first, second)).includes('\n');
  }

  /** Offset just after the last character of a node's content (comments and blank lines after it excluded). */
  private contentEnd(node: Node): number {
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
      const last: unknown = node.items[node.items.length - 1];
      if (isPair(last)) return this.contentEnd((last.value ?? last.key) as Node);
      if (last !== null && last !== undefined) return this.contentEnd(last as Node);
    }
    const [start, end] = range(node);
    let offset = end;
    while (offset > start && /\s/.test(this.source.charAt(offset - 1))) offset--;
    return offset;
  }

  /** Offset of the end of the line holding `offset` (before its line break). */
  private lineEnd(offset: number): number {
    const newline = this.source.indexOf('\n', offset);
    if (newline < 0) return this.source.length;
    return this.source[newline - 1] === '\r' ? newline - 1 : newline;
  }

  private column(offset: number): number {
    const lineStart = this.source.lastIndexOf('\n', offset - 1) + 1;
    // A byte order mark opens the file but is no indentation.
    return offset - lineStart - (lineStart === 0 && this.source.startsWith('\uFEFF') && offset > 0 ? 1 : 0);
  }

  /** The document's indentation step, read from its first nested block mapping. */
  private indentUnit(document: Document.Parsed): number {
    const root = document.contents;
    if (isMap(root) && !root.flow) {
      for (const pair of root.items) {
        const value = pair.value;
        if (isMap(value) && !value.flow && value.items.length > 0 && value.range) {
          const step = this.column(value.range[0]) - this.column(range(root)[0]);
          if (step > 0) return step;
        }
      }
    }
    return 2;
  }

  /** Whether lists under a key are indented, as in the nearest mapping on the path that has such a list. */
  private seqIndented(maps: readonly YAMLMap[]): boolean {
    for (const map of [...maps].reverse()) {
      for (const pair of map.items) {
        const value = pair.value;
        if (isSeq(value) && !value.flow && value.items.length > 0 && value.range && isScalar(pair.key) && pair.key.range) {
          return this.column(value.range[0]) > this.column(pair.key.range[0]);
        }
      }
    }
    return true;
  }
}

function aliasedAnchors(document: Document.Parsed): ReadonlySet<string> {
  const names = new Set<string>();
  visit(document, {
    Alias(_, alias) {
      names.add(alias.source);
    },
  });
  return names;
}

function isAliasedAnchor(node: unknown, aliased: ReadonlySet<string>): boolean {
  return (isMap(node) || isSeq(node) || isScalar(node)) && node.anchor !== undefined && aliased.has(node.anchor);
}

function lastPair(map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    if (pair === undefined) continue;
    const name = isScalar(pair.key) ? pair.key.value : pair.key;
    if (String(name) === key) return pair;
  }
  return undefined;
}

function range(node: Node): [number, number, number] {
  if (!node.range) throw new Error('YAML node without a source range');
  return node.range;
}

function isFlow(node: unknown): boolean {
  return (isMap(node) || isSeq(node)) && node.flow === true;
}

function scalarStyle(type: string | undefined): StringStyle {
  return type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? type : type === 'PLAIN' || type === undefined ? 'PLAIN' : 'QUOTE_DOUBLE';
}

/** The quoting of a list's strings (or of its mappings' `name`), from its last item that shows one. */
function itemStyle(items: readonly unknown[]): StringStyle {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isScalar(item) && typeof item.value === 'string') return scalarStyle(item.type);
    if (isMap(item)) {
      const name = item.get('name', true);
      if (isScalar(name) && typeof name.value === 'string') return scalarStyle(name.type);
    }
  }
  return 'PLAIN';
}

function aliasUnsupported(file: string, path: readonly PathSegment[]): PxSecurityError {
  return new PxSecurityError({
    code: 'SPEC_TEXT_UNSUPPORTED',
    field: `${file}: ${path.join('.')}`,
    problem: 'is a YAML alias (*name), which the text form cannot edit without changing every other use of it',
    fix: 'write the aliased value out in full, or use the objects form (secureSpecObjects)',
  });
}
