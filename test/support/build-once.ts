/**
 * Global setup of the slow tier: compiles the library once (`tsc -p tsconfig.build.json`, into build/), so that
 * tests of child processes run `node build/lib/cli/main.js` instead of compiling TypeScript in every process.
 * PXSEC_SKIP_BUILD=1 reuses an existing build/.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '../..');
/** The built CLI. */
export const BUILT_CLI = join(ROOT, 'build/lib/cli/main.js');

export default function buildOnce(): void {
  if (process.env.PXSEC_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
}
