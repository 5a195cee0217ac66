/**
 * Optional peer packages: a missing one is named with its install command (not Node's bare "Cannot find module"),
 * an installed one loads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from '../../lib/pulumi/peer-package';
import { loadRandom } from '../../lib/pulumi/loaders/random';
import { caughtPxSecurityError } from '../support/caught';

const USE = {
  field: 'portworx.keys',
  neededFor: 'the keys are generated as its RandomPasswords when none are given',
  instead: 'pass keys: { system, stork, shared }',
};

test('a package that is not installed is PEER_DEPENDENCY_MISSING naming it, why it is needed and npm install', () => {
  const error = caughtPxSecurityError(() =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader's require, of a package that is not installed
    requirePeer('@px-security-constructs-test/not-installed', USE, () => require('@px-security-constructs-test/not-installed') as unknown),
  );
  expect(error.code).toBe('PEER_DEPENDENCY_MISSING');
  expect(error.message).toBe(
    'portworx.keys "@px-security-constructs-test/not-installed" is not installed, and the keys are generated as its RandomPasswords when none are given: ' +
      'install it beside px-security-constructs (npm install @px-security-constructs-test/not-installed), or pass keys: { system, stork, shared }',
  );
});

test('the @pulumi/random loader loads the installed package', () => {
  expect(typeof loadRandom(USE).RandomPassword).toBe('function');
});

test('a package that is there but misses a module of its own is not reported as missing itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-peer-'));
  try {
    writeFileSync(join(dir, 'index.js'), "require('@px-security-constructs-test/dependency-not-installed');\n");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader's require, of a package that misses a module
    expect(() => requirePeer(dir, USE, () => require(dir) as unknown)).toThrow(
      expect.objectContaining({ code: 'MODULE_NOT_FOUND', message: expect.stringContaining('dependency-not-installed') }),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
    expect(() => requirePeer(dir, USE, () => require(dir) as unknown)).toThrow(expect.not.objectContaining({ code: 'PEER_DEPENDENCY_MISSING' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
