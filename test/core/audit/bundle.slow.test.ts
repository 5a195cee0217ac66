/**
 * The git work tree test behind SECRET_PLAINTEXT_IN_GIT with real git (git init, a .gitignore), where git is installed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../../../lib/audit';

const CLEAN = join(__dirname, '../../fixtures/check/clean');

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'pxsec-bundle-git-')));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const git = spawnSync('git', ['--version']);
(git.error === undefined ? test : test.skip)('a git-ignored file is no finding (real git: git init, .gitignore with dist/)', async () => {
  expect(spawnSync('git', ['init', '-q', dir]).status).toBe(0);
  writeFileSync(at('.gitignore'), 'dist/\n');
  cpSync(CLEAN, at('dist'), { recursive: true });
  cpSync(join(CLEAN, 'cluster.yaml'), at('committed.yaml'));
  const bundle = loadBundle(['dist', 'committed.yaml'], dir);
  expect(bundle.files.map((file) => [file.file, file.gitWorkTree])).toEqual([
    ['dist/cluster.yaml', undefined],
    ['dist/namespaces-and-tokens.yaml', undefined],
    ['dist/storage-classes.json', undefined],
    ['committed.yaml', dir],
  ]);
});
