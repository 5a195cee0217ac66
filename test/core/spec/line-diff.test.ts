import { diffLines, splitLines, unifiedDiff } from '../../../lib/core/spec/line-diff';
import { seededRandom } from './seeded-random';
import { definedAt } from '../../support/defined';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = definedAt(row, j, 'row');
      row[j] = line === b[j - 1] ? diagonal + 1 : Math.max(above, definedAt(row, j - 1, 'row'));
      diagonal = above;
    }
  }
  return definedAt(row, b.length, 'row');
}

describe('diffLines', () => {
  test('400 random pairs: the script rebuilds both sides, in order, and keeps a longest common subsequence (minimal)', () => {
    const random = seededRandom(20240611);
    for (let run = 0; run < 400; run++) {
      const alphabet = ['a', 'b', 'c', 'd', ''].slice(0, 2 + random.int(4));
      const a = Array.from({ length: random.int(30) }, () => random.pick(alphabet));
      const b =
        random.next() < 0.5
          ? Array.from({ length: random.int(30) }, () => random.pick(alphabet))
          : a.flatMap((line) => (random.next() < 0.2 ? [] : random.next() < 0.2 ? [line, random.pick(alphabet)] : [line]));
      const entries = diffLines(a, b);
      expect(entries.filter((entry) => entry.kind !== 'insert').map((entry) => entry.line)).toEqual(a);
      expect(entries.filter((entry) => entry.kind !== 'delete').map((entry) => entry.line)).toEqual(b);
      expect(entries.filter((entry) => entry.kind === 'equal')).toHaveLength(lcsLength(a, b));
      for (const entry of entries) {
        if (entry.kind !== 'insert') expect(a[entry.oldIndex]).toBe(entry.line);
        if (entry.kind !== 'delete') expect(b[entry.newIndex]).toBe(entry.line);
      }
    }
  });

  test('indexes: an insert sits before the old line it precedes, a delete before the new line', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: 'equal', line: 'a', oldIndex: 0, newIndex: 0 },
      { kind: 'delete', line: 'b', oldIndex: 1, newIndex: 1 },
      { kind: 'insert', line: 'x', oldIndex: 2, newIndex: 1 },
      { kind: 'equal', line: 'c', oldIndex: 2, newIndex: 2 },
      { kind: 'insert', line: 'd', oldIndex: 3, newIndex: 3 },
    ]);
  });

  test('splitLines tells a final newline apart', () => {
    expect(splitLines('a\nb\n')).toEqual({ lines: ['a', 'b'], finalNewline: true });
    expect(splitLines('a\nb')).toEqual({ lines: ['a', 'b'], finalNewline: false });
    expect(splitLines('')).toEqual({ lines: [], finalNewline: false });
  });
});

describe('unifiedDiff', () => {
  test('hunks with three lines of context, GNU style ranges; equal texts give nothing', () => {
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'].join('\n') + '\n';
    const after = before.replace('two\n', 'two\nadded\n').replace('twelve\n', 'twelve!\n');
    expect(unifiedDiff(before, after, 'a.yaml', 'b.yaml')).toBe(
      [
        '--- a.yaml',
        '+++ b.yaml',
        '@@ -1,5 +1,6 @@',
        ' one',
        ' two',
        '+added',
        ' three',
        ' four',
        ' five',
        '@@ -9,4 +10,4 @@',
        ' nine',
        ' ten',
        ' eleven',
        '-twelve',
        '+twelve!',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff(before, before, 'a', 'b')).toBe('');
  });

  test('a file without final newline is marked', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc', 'old', 'new')).toBe(
      ['--- old', '+++ new', '@@ -1,2 +1,3 @@', ' a', '-b', '\\ No newline at end of file', '+b', '+c', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(unifiedDiff('', 'x\n', 'old', 'new')).toBe(['--- old', '+++ new', '@@ -0,0 +1 @@', '+x', ''].join('\n'));
  });
});
