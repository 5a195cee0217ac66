/**
 * Which files sit in a git work tree and are not git-ignored: the one `git` child process of the library
 * (`git check-ignore`), for `pxsec check`'s warning about plaintext Secrets one `git add` away from a repository.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** For each file in a git work tree and not git-ignored, the root of that work tree. */
export function gitWorkTrees(files: readonly string[]): Map<string, string> {
  const rootOfDirectory = new Map<string, string | undefined>();
  const filesOfRoot = new Map<string, string[]>();
  for (const file of files) {
    const directory = dirname(file);
    if (!rootOfDirectory.has(directory)) rootOfDirectory.set(directory, workTreeRoot(directory));
    const root = rootOfDirectory.get(directory);
    if (root !== undefined) filesOfRoot.set(root, [...(filesOfRoot.get(root) ?? []), file]);
  }
  const result = new Map<string, string>();
  for (const [root, rootFiles] of filesOfRoot) {
    const ignored = gitIgnored(root, rootFiles);
    for (const file of rootFiles) if (!ignored.has(file)) result.set(file, root);
  }
  return result;
}

/** The nearest directory at or above `directory` holding `.git` (a directory, or a file in worktrees). */
function workTreeRoot(directory: string): string | undefined {
  for (let current = directory; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The files git ignores (`git check-ignore`). Where git is missing or fails (a `.git` that is not a repository),
 * nothing counts as ignored: the warning errs on the side of caution.
 */
function gitIgnored(root: string, files: readonly string[]): Set<string> {
  const run = spawnSync('git', ['-C', root, 'check-ignore', '--stdin', '-z'], { input: `${files.join('\0')}\0`, encoding: 'utf8' });
  if (run.error !== undefined || (run.status !== 0 && run.status !== 1)) return new Set();
  return new Set(
    run.stdout
      .split('\0')
      .filter((path) => path !== '')
      .map((path) => resolve(root, path)),
  );
}
