/**
 * A line diff (Myers' O(ND) algorithm) and its unified rendering, for `pxsec patch --diff` and for tests that
 * check which lines a patch touched.
 */
import { itemAt } from './item-at';

/** One line of a diff. */
export interface LineDiffEntry {
  /** Kept, removed from the old text, or added in the new text. */
  readonly kind: 'equal' | 'delete' | 'insert';
  /** The line, without its line break. */
  readonly line: string;
  /** 0-based index in the old lines (for an insert: the index of the old line it comes before). */
  readonly oldIndex: number;
  /** 0-based index in the new lines (for a delete: the index of the new line it comes before). */
  readonly newIndex: number;
}

/** A text cut into lines. */
export interface TextLines {
  /** The lines, without line breaks. */
  readonly lines: string[];
  /** Whether the text ends with a line break. */
  readonly finalNewline: boolean;
}

/** Beyond this many differing lines, the middle of the texts is shown as replaced wholesale (still a correct diff). */
const MAX_EDIT_DISTANCE = 2000;
const NO_FINAL_NEWLINE = '\u0000no final newline';

/** Cuts `text` into lines. */
export function splitLines(text: string): TextLines {
  if (text === '') return { lines: [], finalNewline: false };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/** The shortest edit script from `oldLines` to `newLines`, every line of both in order. */
export function diffLines(oldLines: readonly string[], newLines: readonly string[]): LineDiffEntry[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const oldMiddle = oldLines.slice(prefix, oldLines.length - suffix);
  const newMiddle = newLines.slice(prefix, newLines.length - suffix);
  const script = [...'='.repeat(prefix), ...middleScript(oldMiddle, newMiddle), ...'='.repeat(suffix)];
  const entries: LineDiffEntry[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const step of script) {
    if (step === '=') entries.push({ kind: 'equal', line: itemAt(oldLines, oldIndex, 'oldLines'), oldIndex: oldIndex++, newIndex: newIndex++ });
    else if (step === '-') entries.push({ kind: 'delete', line: itemAt(oldLines, oldIndex, 'oldLines'), oldIndex: oldIndex++, newIndex });
    else entries.push({ kind: 'insert', line: itemAt(newLines, newIndex, 'newLines'), oldIndex, newIndex: newIndex++ });
  }
  return entries;
}

/**
 * A unified diff (`---`/`+++` header, `@@` hunks with `context` lines around each change, and
 * `\ No newline at end of file` where a text has none); the empty string when the texts are equal.
 */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string, context = 3): string {
  const before = splitLines(oldText);
  const after = splitLines(newText);
  const entries = diffLines(comparable(before), comparable(after));
  const changed = entries.flatMap((entry, i) => (entry.kind === 'equal' ? [] : [i]));
  if (changed.length === 0) return '';
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  let i = 0;
  while (i < changed.length) {
    let last = i;
    const change = (at: number): number => itemAt(changed, at, 'changed');
    while (last + 1 < changed.length && change(last + 1) - change(last) <= 2 * context + 1) last++;
    const from = Math.max(0, change(i) - context);
    const to = Math.min(entries.length - 1, change(last) + context);
    out.push(...hunk(entries.slice(from, to + 1), before, after));
    i = last + 1;
  }
  return `${out.join('\n')}\n`;
}

function comparable(text: TextLines): string[] {
  if (text.finalNewline || text.lines.length === 0) return text.lines;
  return [...text.lines.slice(0, -1), `${text.lines[text.lines.length - 1]}${NO_FINAL_NEWLINE}`];
}

function hunk(entries: readonly LineDiffEntry[], before: TextLines, after: TextLines): string[] {
  const oldCount = entries.filter((entry) => entry.kind !== 'insert').length;
  const newCount = entries.filter((entry) => entry.kind !== 'delete').length;
  const first = itemAt(entries, 0, 'hunk entries');
  const lines = [`@@ -${range(first.oldIndex, oldCount)} +${range(first.newIndex, newCount)} @@`];
  for (const entry of entries) {
    const sign = entry.kind === 'equal' ? ' ' : entry.kind === 'delete' ? '-' : '+';
    lines.push(`${sign}${entry.line.replace(NO_FINAL_NEWLINE, '')}`);
    const oldLast = entry.kind !== 'insert' && !before.finalNewline && entry.oldIndex === before.lines.length - 1;
    const newLast = entry.kind !== 'delete' && !after.finalNewline && entry.newIndex === after.lines.length - 1;
    if (oldLast || newLast) lines.push('\\ No newline at end of file');
  }
  return lines;
}

function range(index: number, count: number): string {
  if (count === 1) return String(index + 1);
  return `${count === 0 ? index : index + 1},${count}`;
}

/** Myers' greedy forward search, remembering each round's frontier for the walk back. */
function middleScript(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return wholesale(n, m);
  const offset = n + m + 1;
  const frontier = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= Math.min(n + m, MAX_EDIT_DISTANCE) && !found; d++) {
    // Round d reads only diagonals -d-1 .. d+1: keep just that window.
    trace.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const reach = (diagonal: number): number => itemAt(frontier, offset + diagonal, 'frontier');
      const down = k === -d || (k !== d && reach(k - 1) < reach(k + 1));
      let x = down ? reach(k + 1) : reach(k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return wholesale(n, m);
  const script: string[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    if (d === 0) {
      // The first snake runs from (0, 0).
      for (; x > 0; x--) script.push('=');
      break;
    }
    const window = itemAt(trace, d, 'trace');
    const at = (k: number): number => itemAt(window, k + d + 1, 'trace window');
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      script.push('=');
      x--;
      y--;
    }
    script.push(x === previousX ? '+' : '-');
    x = previousX;
    y = previousY;
  }
  return script.reverse();
}

function wholesale(n: number, m: number): string[] {
  return [...'-'.repeat(n), ...'+'.repeat(m)];
}
