/**
 * Processes racing to create one keystore all get the keys the file holds: three `node` processes on the built
 * library (build/, compiled once by the slow tier's global setup).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { keysFromKeystore } from '../../lib/node/key-store-file';
import { ROOT } from '../support/build-once';

test('processes racing to create one keystore all get the keys the file holds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-keys-race-'));
  try {
    const path = join(dir, 'raced/keystore.json');
    const script = "process.stdout.write(JSON.stringify(require('./build/lib/node/key-store-file').keysFromKeystore(process.env.KEYSTORE)))";
    const runs = await Promise.all(
      [1, 2, 3].map(() => promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, KEYSTORE: path } })),
    );
    const held = keysFromKeystore(path);
    for (const run of runs) expect(JSON.parse(run.stdout)).toEqual(held);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'raced')).sort()).toEqual(['.gitignore', 'keystore.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
