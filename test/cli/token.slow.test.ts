/**
 * The real bin, in another process: `node build/lib/cli/main.js` (built once by the slow tier's global setup)
 * gives the same token bytes as the in-process run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCaptured } from '../support/captured-io';
import { BUILT_CLI, ROOT } from '../support/build-once';

const NOW = 1_700_000_000;
const SHARED_SECRET = 'known-shared-secret-Vq3xZ8pL1mN4bR7tY2wK9sD6fH0jG5cAe1Uo';
const ISSUER = 'portworx.com';
const CONFIG = join(ROOT, 'test/fixtures/auth-configs/storage-admin.yaml');

test('the built bin, in another process, gives the same bytes as the in-process run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-token-bin-'));
  try {
    writeFileSync(join(dir, 'shared-secret'), SHARED_SECRET, { mode: 0o600 });
    const args = ['token', 'generate', '--auth-config', CONFIG, '--issuer', ISSUER, '--token-duration', '1y'];
    const inProcess = await runCaptured([...args, '--shared-secret-file', join(dir, 'shared-secret')], { env: { SOURCE_DATE_EPOCH: String(NOW) }, cwd: dir });
    expect(inProcess.code).toBe(0);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUILT_CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SOURCE_DATE_EPOCH: String(NOW), PORTWORX_AUTH_SHARED_SECRET: SHARED_SECRET },
    });
    expect(stderr).toBe('');
    expect(stdout).toBe(inProcess.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
