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
      [1, 2, 3].map(() =>
        promisify(execFile)(process.execPath, ['-e', script], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, KEYSTORE: path } }),
      ),
    );
    const held = keysFromKeystore(path);
    for (const run of runs) expect(JSON.parse(run.stdout)).toEqual(held);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'raced')).sort()).toEqual(['.gitignore', 'keystore.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('processes adding cluster entries to one keystore at once lose none: each reads back the keys it got', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-keys-entries-'));
  try {
    const path = join(dir, 'keystore.json');
    // The keystore exists (one cluster's entry), so every process takes the update path under the lock.
    const first = keysFromKeystore(path, { cluster: 'first', onCreated: () => undefined });
    const script =
      "process.stdout.write(JSON.stringify(require('./build/lib/node/key-store-file').keysFromKeystore(process.env.KEYSTORE, { cluster: process.env.CLUSTER, onCreated: () => undefined })))";
    const clusters = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const runs = await Promise.all(
      clusters.map((cluster) =>
        promisify(execFile)(process.execPath, ['-e', script], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, KEYSTORE: path, CLUSTER: cluster },
        }),
      ),
    );
    runs.forEach((run, index) => expect(JSON.parse(run.stdout)).toEqual(keysFromKeystore(path, { cluster: clusters[index] as string })));
    expect(keysFromKeystore(path, { cluster: 'first' })).toEqual(first);
    const shared = new Set(['first', ...clusters].map((cluster) => keysFromKeystore(path, { cluster }).shared));
    expect(shared.size).toBe(clusters.length + 1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['keystore.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
