/**
 * Rendering new YAML for a spec in the file's own style: block lines with its indentation, flow lists and
 * mappings like its own, scalars quoted like their siblings.
 *
 * Everything rendered is read back identically by this library (YAML 1.2) and by Kubernetes (whose parser
 * still reads YAML 1.1 booleans such as `on` and `yes`): a plain scalar is used only where both agree.
 */
import { Document, isMap, isScalar, isSeq, parse } from 'yaml';
import { isRecord } from './plain-json';

/** How a string scalar is written. */
export type StringStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

/** The file's block style where new lines go. */
export interface BlockStyle {
  /** Spaces per nesting level. */
  readonly indent: number;
  /** Whether a list under a key is indented (`key:\n  - a`) or not (`key:\n- a`). */
  readonly indentSeq: boolean;
  /** Style of list items that are strings, and of the `name` of list items that are mappings. */
  readonly itemStyle: StringStyle;
}

const PLAIN_BLOCK = /^[A-Za-z0-9_./~+=-][A-Za-z0-9_./~@+=:-]*$/;
const PLAIN_FLOW = /^[A-Za-z0-9_./~+=-][A-Za-z0-9_./~@+=-]*$/;

/** Renders `value` as block YAML lines starting at column 0. */
export function renderBlockLines(value: unknown, style: BlockStyle): string[] {
  // YAML 1.1 rendering quotes the strings Kubernetes would read as booleans or numbers (`on`, `0755`).
  const document = new Document(value, { version: '1.1' });
  if (style.itemStyle !== 'PLAIN') {
    const root = document.contents;
    for (const item of isSeq(root) ? root.items : [root]) styleItem(item, style.itemStyle);
  }
  const text = document.toString({ indent: style.indent, indentSeq: style.indentSeq, lineWidth: 0, minContentWidth: 0 });
  return text.replace(/\n$/, '').split('\n');
}

/** Renders `value` as flow YAML (`[a, b]`, `{name: x}`), strings in `style` where it is safe. */
export function renderFlow(value: unknown, style: StringStyle): string {
  if (Array.isArray(value)) return `[${value.map((item) => renderFlow(item, style)).join(', ')}]`;
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([key, child]) => `${renderScalar(key, 'PLAIN', true)}: ${renderFlow(child, style)}`)
      .join(', ')}}`;
  }
  return renderScalar(value, style, true);
}

/** Renders a scalar in `style` where that reads back as the same string, else double-quoted. */
export function renderScalar(value: unknown, style: StringStyle, inFlow: boolean): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a YAML scalar here: a number, boolean or bigint, never an object
  if (typeof value !== 'string') return value === null || value === undefined ? 'null' : String(value);
  if (style === 'PLAIN' && isSafePlain(value, inFlow)) return value;
  if (style === 'QUOTE_SINGLE' && /^[\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]*$/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return doubleQuoted(value);
}

/** A double-quoted YAML scalar: JSON's escapes, plus the characters YAML does not allow unescaped. */
function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/[\x7f-\x84\x86-\x9f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isSafePlain(value: string, inFlow: boolean): boolean {
  if (!(inFlow ? PLAIN_FLOW : PLAIN_BLOCK).test(value) || value === '-' || value.endsWith(':')) return false;
  try {
    return parse(value) === value && parse(value, { version: '1.1' }) === value;
  } catch {
    return false;
  }
}

function styleItem(node: unknown, style: StringStyle): void {
  if (isScalar(node) && typeof node.value === 'string') node.type = style;
  if (isMap(node)) {
    const name = node.get('name', true);
    if (isScalar(name) && typeof name.value === 'string') name.type = style;
  }
}
