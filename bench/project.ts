/**
 * Where the project is: the benchmark runs compiled from `build/bench`, and reads the examples of the source tree.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The project's root: the nearest folder above this file with a `package.json`. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** `relative` (slash-separated) under the project's root. */
export function projectPath(relative: string): string {
  return path.join(projectRoot(), ...relative.split('/'));
}
