/**
 * GNU patch applies every diff `unifiedDiff` writes: 200 random edits of a real-looking spec, as one multi-file
 * diff applied by one `patch` run (one child process, not 200).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedDiff } from '../../../lib/core/spec/line-diff';
import { seededRandom } from './seeded-random';

const patchTool = ['/usr/bin/patch', '/bin/patch'].find((path) => existsSync(path));
const EDITS = 200;

(patchTool ? test : test.skip)(`GNU patch applies every diff: ${EDITS} random edits of a real-looking spec, in one patch run`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-diff-'));
  try {
    const random = seededRandom(7);
    const lines = readFileSync(join(__dirname, '../../fixtures/specs/01-daemonset-flow-args-lighthouse.yaml'), 'utf8').split('\n');
    const before = lines.join('\n');
    const expected = new Map<string, string>();
    const diffs: string[] = [];
    for (let run = 0; run < EDITS; run++) {
      const edited = lines.flatMap((line) => (random.next() < 0.01 ? [] : random.next() < 0.01 ? [line, `# added ${run}`] : [line]));
      const after = random.next() < 0.3 ? edited.join('\n').replace(/\n$/, '') : edited.join('\n');
      if (before === after) continue;
      const file = `spec-${run}.yaml`;
      writeFileSync(join(dir, file), before);
      expected.set(file, after);
      diffs.push(unifiedDiff(before, after, `a/${file}`, `b/${file}`));
    }
    writeFileSync(join(dir, 'all.diff'), diffs.join(''));
    execFileSync(patchTool as string, ['--quiet', '--batch', '-p1', '-d', dir, '-i', join(dir, 'all.diff')]);
    expect(expected.size).toBeGreaterThan(EDITS / 2);
    for (const [file, after] of expected) expect([file, readFileSync(join(dir, file), 'utf8')]).toEqual([file, after]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
