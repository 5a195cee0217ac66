/**
 * Test mode survives two loaded copies of the package (issue 17, item 3): a jest project may resolve
 * `px-security-constructs/testing` to one copy and the constructs under test to another. `jest.isolateModules`
 * loads a second, separate copy of every module of this package (its own module state, its own classes), while
 * cdk8s and constructs stay the one copy a project has (peer dependencies, deduplicated by npm): the factories
 * below hand the isolated registry the very modules already loaded, nothing is replaced.
 *
 * Before the fix the test apps were kept in a module-private WeakSet: the second copy's PxSecureCluster did not
 * see the first copy's mark, silently left test mode and opened (created) `.pxsec/keystore.json`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as cdk8sModule from 'cdk8s';
import * as constructsModule from 'constructs';
import { PxSecureCluster } from '../../lib/cdk8s';
import { PxSecureCluster as PulumiCluster } from '../../lib/pulumi';
import { PxTesting, TEST_KEYS, TEST_NOW_MS } from '../../lib/testing';
import { TEST_MODE_MARK } from '../../lib/core/keys/test-mode';
import { caughtPxSecurityError } from '../support/caught';

type TestingEntry = typeof import('../../lib/testing');

/** A second copy of `px-security-constructs/testing`, loaded apart from the one this file imports. */
function secondCopy(): TestingEntry {
  let entry: TestingEntry | undefined;
  jest.isolateModules(() => {
    jest.doMock('cdk8s', () => cdk8sModule);
    jest.doMock('constructs', () => constructsModule);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    entry = require('../../lib/testing') as TestingEntry;
  });
  if (entry === undefined) throw new Error('the second copy did not load');
  return entry;
}

/** Runs `make` with `dir` as the working directory (where a keystore would be created). */
function inDirectory<T>(dir: string, make: () => T): T {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return make();
  } finally {
    process.chdir(before);
  }
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'px-two-copies-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('two loaded copies of the package', () => {
  it('are really two copies: different classes, one registered mark symbol', () => {
    const other = secondCopy();
    expect(other.PxTesting).not.toBe(PxTesting);
    expect(Object.getOwnPropertySymbols(other.PxTesting.app())).toContain(TEST_MODE_MARK);
  });

  it("cdk8s: a cluster of this copy in the other copy's PxTesting.app() is in test mode: TEST_KEYS, TEST_CLOCK, no .pxsec/", () => {
    const other = secondCopy();
    const cluster = inDirectory(dir, () => new PxSecureCluster(new cdk8sModule.Chart(other.PxTesting.app(), 'test'), 'portworx', { issuer: 'portworx.com' }));
    expect(cluster.testMode).toBe(true);
    expect(cluster.plan.now).toBe(TEST_NOW_MS / 1000);
    const pxkeys = cluster.node.findAll().find((construct) => construct.node.id === 'keys') as cdk8sModule.ApiObject;
    expect(Buffer.from((pxkeys.toJson() as { data: Record<string, string> }).data['shared-secret'] ?? '', 'base64').toString('utf8')).toBe(TEST_KEYS.shared);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('Pulumi: a cluster of this copy under the mocks of the other copy accepts TEST_KEYS', async () => {
    const other = secondCopy();
    await pulumi.runtime.setMocks(other.PxTesting.pulumiMocks(), 'project', 'stack', false);
    const cluster = new PulumiCluster('portworx', { issuer: 'portworx.com', keys: TEST_KEYS });
    expect(cluster.program.testMode).toBe(true);
    await expect(cluster.validated()).resolves.toBeUndefined();
  });

  it('a mark that does not hold the test keys (another version, or made by hand) fails loudly', () => {
    const app = cdk8sModule.Testing.app();
    Object.defineProperty(app, TEST_MODE_MARK, { value: { keys: { system: 'a', stork: 'b', shared: 'c' }, clock: () => 0 } });
    const error = caughtPxSecurityError(() =>
      inDirectory(dir, () => new PxSecureCluster(new cdk8sModule.Chart(app, 'test'), 'portworx', { issuer: 'portworx.com' })),
    );
    expect(error.code).toBe('TESTING_MARK_INVALID');
    expect(error.field).toBe('the App of test/portworx');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
