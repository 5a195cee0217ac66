/**
 * The example app run for real, twice, the way `npm run synth` runs it (a child process with tsx, as the
 * script does), to show byte-identical output and a reused keystore.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEST_NOW_MS } from '../../lib/testing';
import { findObject, parseManifest, secretValues } from '../support/cdk8s-synth';
import { verifyAllTokens } from './example-tokens';

const ROOT = path.join(__dirname, '../..');

describe('npm run synth, for real', () => {
  it('writes dist/ with a new keystore, and the same bytes again on a second run', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pxsec-synth-'));
    const run = () =>
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'examples/cdk8s/main.ts')], {
        cwd: work,
        env: { ...process.env, SOURCE_DATE_EPOCH: String(TEST_NOW_MS / 1000) },
        stdio: 'pipe',
      });
    run();
    const keystore = path.join(work, '.pxsec/keystore.json');
    expect(fs.statSync(keystore).mode & 0o777).toBe(0o600);
    const first = fs.readFileSync(path.join(work, 'dist/px-security.k8s.yaml'), 'utf8');
    run();
    expect(fs.readFileSync(path.join(work, 'dist/px-security.k8s.yaml'), 'utf8')).toBe(first);

    const objects = parseManifest(first);
    expect(await verifyAllTokens(objects, TEST_NOW_MS / 1000)).toHaveLength(3);
    // The keystore holds one entry per cluster, named by the spec's cluster name (-c px-cluster-3b5c1c3e).
    const keys = (JSON.parse(fs.readFileSync(keystore, 'utf8')) as { clusters: Record<string, Record<string, string>> }).clusters['px-cluster-3b5c1c3e'];
    expect(secretValues(findObject(objects, 'Secret', 'pxkeys', 'kube-system'))).toEqual(keys);
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);
});
