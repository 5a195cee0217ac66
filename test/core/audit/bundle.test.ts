/**
 * Loading manifests into a bundle: directories read recursively and in a fixed order, multi-document YAML and
 * JSON Lists, line numbers, unreadable input and invalid YAML as usage errors, and the git work tree test behind
 * SECRET_PLAINTEXT_IN_GIT (with real git: bundle.slow.test.ts).
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBundle, bundleFromTexts, loadBundle, readManifests } from '../../../lib/audit';
import { definedAt } from '../../support/defined';
import { makeManifestsPrivate } from '../../support/private-files';

const NOW = 1768435200;
const CLEAN = join(__dirname, '../../fixtures/check/clean');
const INVALID_SPEC = join(__dirname, '../../fixtures/specs/07-INVALID-malformed.yaml');
const NAMESPACE = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'pxsec-bundle-')));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('a directory is read recursively, in code-point order, skipping hidden entries and other extensions', () => {
  mkdirSync(at('manifests', 'tenants'), { recursive: true });
  mkdirSync(at('manifests', '.git'));
  writeFileSync(at('manifests', 'b.yml'), NAMESPACE('b'));
  writeFileSync(at('manifests', 'a.yaml'), `${NAMESPACE('a1')}---\n${NAMESPACE('a2')}`);
  writeFileSync(at('manifests', 'Z.JSON'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'z' } }));
  writeFileSync(at('manifests', 'tenants', 'c.yaml'), NAMESPACE('c'));
  writeFileSync(at('manifests', 'notes.txt'), 'not a manifest');
  writeFileSync(at('manifests', '.hidden.yaml'), NAMESPACE('hidden'));
  writeFileSync(at('manifests', '.git', 'config.yaml'), NAMESPACE('git'));
  const bundle = loadBundle(['manifests'], dir);
  expect(bundle.files.map((file) => file.file)).toEqual(['manifests/Z.JSON', 'manifests/a.yaml', 'manifests/b.yml', 'manifests/tenants/c.yaml']);
  expect(bundle.objects.map((object) => [object.name, object.file, object.document, object.line])).toEqual([
    ['Namespace z', 'manifests/Z.JSON', 1, 1],
    ['Namespace a1', 'manifests/a.yaml', 1, 1],
    ['Namespace a2', 'manifests/a.yaml', 2, 6],
    ['Namespace b', 'manifests/b.yml', 1, 1],
    ['Namespace c', 'manifests/tenants/c.yaml', 1, 1],
  ]);
});

test('a file named explicitly is read whatever its extension; a path named twice (or through a link) is read once', () => {
  writeFileSync(at('spec.txt'), NAMESPACE('x'));
  symlinkSync(at('spec.txt'), at('link.yaml'));
  const bundle = loadBundle(['spec.txt', at('spec.txt'), 'link.yaml'], dir);
  expect(bundle.objects.map((object) => object.name)).toEqual(['Namespace x']);
});

test('a directory linked into itself is read once, without looping', () => {
  mkdirSync(at('m'));
  writeFileSync(at('m', 'a.yaml'), NAMESPACE('a'));
  symlinkSync(at('m'), at('m', 'loop'));
  expect(loadBundle(['m'], dir).objects.map((object) => object.name)).toEqual(['Namespace a']);
});

test('a List contributes its items, each with its own line; lineOf finds a field, or its nearest written parent', () => {
  const list = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: Secret',
    '    metadata:',
    '      name: px-k8s-user',
    '      namespace: tenant-a',
    '    data:',
    '      auth-token: dG9rZW4=',
    '  - apiVersion: v1',
    '    kind: Namespace',
    '    metadata:',
    '      name: tenant-a',
    '',
  ].join('\n');
  const bundle = bundleFromTexts([{ file: 'list.yaml', text: list }]);
  expect(bundle.objects).toHaveLength(2);
  const secret = definedAt(bundle.objects, 0, 'bundle objects');
  const namespace = definedAt(bundle.objects, 1, 'bundle objects');
  expect([secret.name, secret.line, namespace.name, namespace.line]).toEqual(['Secret tenant-a/px-k8s-user', 4, 'Namespace tenant-a', 11]);
  expect(secret.lineOf(['data', 'auth-token'])).toBe(10);
  expect(secret.lineOf(['data', 'missing-key'])).toBe(9);
  expect(secret.lineOf([])).toBe(4);
});

test('duplicate keys are notices on the object of their document', () => {
  const text = `${NAMESPACE('first')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: low\n  level: high\n`;
  const bundle = bundleFromTexts([{ file: 'dup.yaml', text }]);
  expect(bundle.notices).toEqual([expect.objectContaining({ code: 'SPEC_DUPLICATE_KEY', file: 'dup.yaml', line: 12, object: bundle.objects[1] })]);
});

test('a path that cannot be read is CHECK_INPUT_UNREADABLE naming it', () => {
  expect(() => loadBundle(['missing.yaml'], dir)).toThrow(
    expect.objectContaining({
      code: 'CHECK_INPUT_UNREADABLE',
      message: 'PATH "missing.yaml" cannot be read (ENOENT): give manifest files or directories you can read, or "-" for standard input',
    }),
  );
});

test('a directory without manifests is CHECK_NO_MANIFESTS', () => {
  mkdirSync(at('empty'));
  expect(() => readManifests(['empty'], dir)).toThrow(
    expect.objectContaining({
      code: 'CHECK_NO_MANIFESTS',
      message: 'PATH "empty" holds no .yaml, .yml, .json file: give the manifests to check (e.g. the dist/ directory "cdk8s synth" writes), or a file by name',
    }),
  );
});

test('invalid YAML is SPEC_INVALID_YAML naming file:line:column', () => {
  cpSync(INVALID_SPEC, at('broken.yaml'));
  expect(() => loadBundle(['broken.yaml'], dir)).toThrow(expect.objectContaining({ code: 'SPEC_INVALID_YAML', field: 'broken.yaml:12:8' }));
});

describe('plaintext Secrets in a git work tree', () => {
  test('a bundle beside a .git is in a work tree: its key and token Secrets are SECRET_PLAINTEXT_IN_GIT', async () => {
    // A .git that is no repository: git cannot say what it ignores, so nothing counts as ignored.
    mkdirSync(at('.git'));
    cpSync(CLEAN, at('dist'), { recursive: true });
    makeManifestsPrivate(at('dist'));
    const bundle = loadBundle(['dist'], dir);
    expect(new Set(bundle.files.map((file) => file.gitWorkTree))).toEqual(new Set([dir]));
    const findings = await auditBundle(bundle, { now: NOW, warnExpirySeconds: 0 });
    expect(findings.map((finding) => [finding.code, finding.severity, finding.object])).toEqual([
      ['SECRET_PLAINTEXT_IN_GIT', 'warning', 'Secret kube-system/pxkeys'],
      ['SECRET_PLAINTEXT_IN_GIT', 'warning', 'Secret portworx/px-k8s-user'],
      ['SECRET_PLAINTEXT_IN_GIT', 'warning', 'Secret tenant-a/px-k8s-user'],
      ['SECRET_PLAINTEXT_IN_GIT', 'warning', 'Secret tenant-b/px-k8s-user'],
    ]);
    expect(findings[0]).toMatchObject({
      field: '"system-secret", "stork-secret", "shared-secret"',
      message: `the Secret holds system-secret, stork-secret, shared-secret in plaintext (base64 is no encryption), in dist/cluster.yaml inside the git work tree ${dir}, which does not ignore it`,
      fix: 'seal the Secret ("pxsec seal") or deliver it with an ExternalSecret, and keep the plaintext out of git: e.g. "pxsec seal dist/cluster.yaml --cert <controller cert>", or add the file to .gitignore',
    });
  });

  test('outside a work tree nothing is flagged', () => {
    cpSync(CLEAN, at('dist'), { recursive: true });
    expect(readManifests(['dist'], dir).map((manifest) => manifest.gitWorkTree)).toEqual([undefined, undefined, undefined]);
  });
});

describe('plaintext Secrets in files others can read', () => {
  test('a key or token Secret in a file of mode 0644 is MANIFEST_PERMISSIONS naming the mode and chmod 600; mode 0600 is none', async () => {
    cpSync(CLEAN, at('dist'), { recursive: true });
    makeManifestsPrivate(at('dist'), ['cluster.yaml']);
    const findings = await auditBundle(loadBundle(['dist'], dir), { now: NOW, warnExpirySeconds: 0 });
    expect(findings.map((finding) => [finding.code, finding.severity, finding.object])).toEqual([
      ['MANIFEST_PERMISSIONS', 'warning', 'Secret kube-system/pxkeys'],
    ]);
    expect(findings[0]).toMatchObject({
      field: '"system-secret", "stork-secret", "shared-secret"',
      message:
        'the Secret holds system-secret, stork-secret, shared-secret in plaintext in dist/cluster.yaml, mode 0644: every user of this machine can read it',
      fix: 'deliver keys and tokens sealed or external (secretDelivery), or keep the file private: chmod 600 it, or synthesize under umask 077: e.g. "chmod 600 dist/cluster.yaml"',
    });
    chmodSync(at('dist', 'cluster.yaml'), 0o640);
    const group = await auditBundle(loadBundle(['dist'], dir), { now: NOW, warnExpirySeconds: 0 });
    expect(group.map((finding) => finding.message)).toEqual([expect.stringContaining('mode 0640: its group can read it')]);
    chmodSync(at('dist', 'cluster.yaml'), 0o600);
    expect(await auditBundle(loadBundle(['dist'], dir), { now: NOW, warnExpirySeconds: 0 })).toEqual([]);
  });

  test('a manifest without a mode (standard input) is no finding', async () => {
    cpSync(CLEAN, at('dist'), { recursive: true });
    makeManifestsPrivate(at('dist'), ['cluster.yaml', 'namespaces-and-tokens.yaml', 'storage-classes.json']);
    const read = readManifests(['dist'], dir);
    expect(read.map((manifest) => manifest.mode)).toEqual([0o644, 0o644, 0o644]);
    const bundle = bundleFromTexts(read.map(({ file, text }) => ({ file, text })));
    expect(await auditBundle(bundle, { now: NOW, warnExpirySeconds: 0 })).toEqual([]);
  });
});
