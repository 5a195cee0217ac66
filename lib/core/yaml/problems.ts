/**
 * What is wrong with YAML the user wrote, said without repeating any of it.
 *
 * The `yaml` parser's messages quote the source: an alias name (`Unresolved alias ...: S3cret` for a value
 * written `*S3cret`), a tag (`Unresolved tag: !S3cret`), a block scalar header, a directive, and the whole line
 * under a caret. A value there may be a key or a token, so no message of the parser is ever passed on: every
 * problem is reduced to its line, its column and a fixed description of its kind, chosen by the parser's error
 * code. Every command and construct that reads YAML (specs, `pxsec check`, `patch`, `seal`, auth-configs) goes
 * through here.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, visit, YAMLError } from 'yaml';

/** One problem in a YAML text: where it is and what kind it is, never the text itself. */
export interface YamlProblem {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** A fixed description of the kind of problem, e.g. `an alias to an anchor that is not defined before it`. */
  readonly kind: string;
}

/** The kind of each parser error and warning, in words that never include the source. */
const KIND_BY_CODE: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias with an anchor or a tag',
  BAD_ALIAS: 'an alias that is not valid',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
  BAD_DIRECTIVE: 'an unknown or malformed directive (a line starting with %)',
  BAD_DQ_ESCAPE: 'an invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'wrong indentation',
  BAD_PROP_ORDER: 'an anchor or tag in the wrong place',
  BAD_SCALAR_START: 'a plain value starting with a reserved character (quote values starting with @, `, % or similar)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested mapping where a single value was expected',
  BLOCK_IN_FLOW: 'a block collection inside a flow collection',
  DUPLICATE_KEY: 'a key that appears twice in one mapping',
  IMPOSSIBLE: 'a structure the parser cannot read',
  KEY_OVER_1024_CHARS: 'an implicit key longer than 1024 characters',
  MISSING_CHAR: 'a missing character (an unclosed quote or bracket, or a missing indentation indicator)',
  MULTILINE_IMPLICIT_KEY: 'a key spanning several lines',
  MULTIPLE_ANCHORS: 'a node with several anchors',
  MULTIPLE_DOCS: 'several documents where one was expected',
  MULTIPLE_TAGS: 'a node with several tags',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'collections nested too deeply to read',
  TAB_AS_INDENT: 'a tab used as indentation',
  TAG_RESOLVE_FAILED: 'an unresolved tag (a value starting with ! is a YAML tag: quote the value)',
  UNEXPECTED_TOKEN: 'unexpected characters (e.g. after a quoted value or in a block scalar header)',
};

const UNRESOLVED_ALIAS = 'an alias to an anchor that is not defined before it (a value starting with * is a YAML alias: quote the value)';
const EXCESSIVE_ALIASES = 'too many alias expansions (a possible alias bomb)';
const TOO_DEEP = 'collections nested too deeply to read';

/** A parser error or warning as a {@link YamlProblem}. */
export function yamlProblem(error: YAMLError, lineCounter: LineCounter): YamlProblem {
  const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  return { line, column: col, kind: KIND_BY_CODE[error.code] ?? `a YAML syntax error (${error.code})` };
}

/** `an unresolved tag ... at line 3, column 7`. */
export function describeYamlProblem(problem: YamlProblem): string {
  return `${problem.kind} at line ${problem.line}, column ${problem.column}`;
}

/** The document's first error, if any, then its first alias to no anchor (which `toJS` would throw on). */
function documentProblem(document: Document.Parsed, lineCounter: LineCounter): YamlProblem | undefined {
  const [error] = document.errors;
  if (error) return yamlProblem(error, lineCounter);
  let alias: Alias | undefined;
  try {
    alias = unresolvedAlias(document);
  } catch {
    return { ...startOf(document, lineCounter), kind: TOO_DEEP }; // a stack overflow while walking the document
  }
  if (alias === undefined) return undefined;
  const { line, col } = lineCounter.linePos(alias.range?.[0] ?? document.range[0]);
  return { line, column: col, kind: UNRESOLVED_ALIAS };
}

/** The plain JavaScript value of a document, or the problem that prevents it (an alias bomb, an alias to nothing). */
export function documentValue(document: Document.Parsed, lineCounter: LineCounter): { readonly value: unknown } | { readonly problem: YamlProblem } {
  const problem = documentProblem(document, lineCounter);
  if (problem !== undefined) return { problem };
  try {
    return { value: document.toJS() };
  } catch (error) {
    // Past the checks above only alias expansion (a ReferenceError) or a stack overflow (a RangeError) fails;
    // the message is not passed on.
    const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    return { problem: { ...startOf(document, lineCounter), kind: name === 'RangeError' ? TOO_DEEP : EXCESSIVE_ALIASES } };
  }
}

function startOf(document: Document.Parsed, lineCounter: LineCounter): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]);
  return { line, column: col };
}

/** The first alias whose anchor is not set before it, in the order `yaml` resolves aliases. */
function unresolvedAlias(document: Document.Parsed): Alias | undefined {
  const anchors = new Set<string>();
  let found: Alias | undefined;
  visit(document, {
    Node(_, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          found = node;
          return visit.BREAK;
        }
      } else if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
        anchors.add(node.anchor);
      }
      return undefined;
    },
  });
  return found;
}
