/**
 * Issue 12 (I/O): each defect the adversarial pass found, through the command line, in-process.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { keysFromKeystore } from '../../lib/node/key-store-file';
import { caughtPxSecurityError } from '../support/caught';
import { runCaptured } from '../support/captured-io';
import { definedAt } from '../support/defined';

const CERT = join(__dirname, '../fixtures/sealing/example-sealing-cert.pem');
const DAEMONSET = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'portworx', namespace: 'kube-system' },
  spec: {
    selector: { matchLabels: { name: 'portworx' } },
    template: {
      metadata: { labels: { name: 'portworx' } },
      spec: { containers: [{ name: 'portworx', image: 'portworx/oci-monitor:3.1.0', args: ['-c', 'px-cluster', '-x', 'kubernetes'] }] },
    },
  },
};
const STORK = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'stork', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'stork', image: 'openstorage/stork:23.2.0', command: ['/stork', '--verbose'] }] } } },
};
const SPEC_YAML = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: portworx',
  '  namespace: kube-system',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: portworx',
  '          image: portworx/oci-monitor:3.1.0',
  '          args: ["-c", "px-cluster"]',
  '',
].join('\n');

let dir: string;
const at = (name: string): string => join(dir, name);
const run = (argv: string[], stdin?: string | Uint8Array): ReturnType<typeof runCaptured> =>
  runCaptured(argv, { cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'pxsec-io-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A workload of the secured output, as the tests read it (one container, the one patched). */
type DaemonSetShape = { spec: { template: { spec: { containers: [{ args?: string[]; env: { name: string }[] }] } } } };

describe('2. non-UTF-8 input is refused with its line, never rewritten', () => {
  // Line 6 is a comment in Latin-1: "  # Résumé" with é as the single byte 0xe9.
  const lines = SPEC_YAML.split('\n');
  const latin1 = Buffer.concat([
    Buffer.from(`${lines.slice(0, 5).join('\n')}\n  # R`),
    Buffer.from([0xe9]),
    Buffer.from('sum'),
    Buffer.from([0xe9]),
    Buffer.from(`\n${lines.slice(5).join('\n')}`),
  ]);

  test('pxsec patch SPEC -o SPEC: exit 2, INPUT_NOT_UTF8 with the line, SPEC byte-identical', async () => {
    fs.writeFileSync(at('spec.yaml'), latin1);
    const result = await run(['patch', 'spec.yaml', '--issuer', 'portworx.com', '-o', 'spec.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'pxsec: error INPUT_NOT_UTF8: SPEC "spec.yaml" is not UTF-8: line 6, byte 6 of that line starts an invalid byte sequence: save the file as UTF-8 (e.g. "iconv -f latin1 -t utf-8"); pxsec never rewrites bytes it cannot read\n',
    );
    expect(fs.readFileSync(at('spec.yaml')).equals(latin1)).toBe(true);
  });

  test('the same from standard input, and in check and seal', async () => {
    expect((await run(['patch', '-', '--issuer', 'portworx.com'], latin1)).stderr).toContain('INPUT_NOT_UTF8: SPEC "<stdin>" is not UTF-8: line 6');
    fs.writeFileSync(at('spec.yaml'), latin1);
    const check = await run(['check', 'spec.yaml']);
    expect([check.code, check.stderr]).toEqual([2, expect.stringContaining('INPUT_NOT_UTF8: PATH "spec.yaml" is not UTF-8: line 6')]);
    const seal = await run(['seal', '-', '--cert', CERT], latin1);
    expect([seal.code, seal.stderr]).toEqual([2, expect.stringContaining('INPUT_NOT_UTF8: SECRET_FILE "<stdin>" is not UTF-8: line 6')]);
  });
});

describe('3. JSON in, JSON out', () => {
  test.each([
    ['pretty (kubectl -o json)', (value: unknown) => `${JSON.stringify(value, null, 4)}\n`],
    ['compact', (value: unknown) => JSON.stringify(value)],
  ])('%s: the secured spec is JSON, equal to the secured objects', async (_case, render) => {
    const list = { apiVersion: 'v1', kind: 'List', items: [DAEMONSET, STORK] };
    fs.writeFileSync(at('spec.json'), render(list));
    const result = await run(['patch', 'spec.json', '--issuer', 'portworx.com', '-o', 'secured.json']);
    expect(result.code).toBe(0);
    const written = fs.readFileSync(at('secured.json'), 'utf8');
    expect(written.trimStart()[0]).toBe('{');
    const secured = JSON.parse(written) as { items: [DaemonSetShape, DaemonSetShape] };
    expect(secured.items[0].spec.template.spec.containers[0].args).toEqual(['-c', 'px-cluster', '-x', 'kubernetes', '-jwt_issuer', 'portworx.com']);
    expect(secured.items[0].spec.template.spec.containers[0].env.map((entry) => entry.name)).toEqual([
      'PORTWORX_AUTH_JWT_SHAREDSECRET',
      'PORTWORX_AUTH_SYSTEM_KEY',
      'PORTWORX_AUTH_STORK_KEY',
    ]);
    expect(secured.items[1].spec.template.spec.containers[0].env.map((entry) => entry.name)).toEqual(['PX_SHARED_SECRET']);
    // Patching the result again changes nothing.
    const again = await run(['patch', 'secured.json', '--issuer', 'portworx.com', '--check']);
    expect(again.code).toBe(0);
  });

  test('a single JSON DaemonSet with "env": null stays JSON', async () => {
    const daemonSet = structuredClone(DAEMONSET) as typeof DAEMONSET & { spec: { template: { spec: { containers: [Record<string, unknown>] } } } };
    daemonSet.spec.template.spec.containers[0].env = null;
    fs.writeFileSync(at('ds.json'), JSON.stringify(daemonSet, null, 2));
    const result = await run(['patch', 'ds.json', '--issuer', 'portworx.com']);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
  });
});

describe('5. kind: List documents are patched as check reads them', () => {
  test('a YAML List holding the DaemonSet and stork is secured, the items edited in place', async () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${[DAEMONSET, STORK].map((object) => `- ${JSON.stringify(object)}`).join('\n')}\n`;
    fs.writeFileSync(at('list.yaml'), list);
    const result = await run(['patch', 'list.yaml', '--issuer', 'portworx.com']);
    expect(result.stderr).not.toContain('holds no portworx DaemonSet');
    expect(result.code).toBe(0);
    const secured = definedAt(
      parseAllDocuments(result.stdout).map((document) => document.toJS() as { items: [DaemonSetShape, DaemonSetShape] }),
      0,
      'documents',
    );
    expect(secured.items[0].spec.template.spec.containers[0].env).toHaveLength(3);
    expect(secured.items[1].spec.template.spec.containers[0].env).toHaveLength(1);
  });
});

describe('8. YAML problems never echo the source text of a value', () => {
  const SECRET = 'S3cretValue9';
  const secretYaml = (value: string): string =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: pxkeys\n  namespace: kube-system\nstringData:\n  shared-secret: ${value}\n`;
  const cases = [`*${SECRET}`, `!${SECRET}`, `!!${SECRET}`, `!<${SECRET}>`, `|${SECRET}`, `>${SECRET}`, `"\\q${SECRET}"`, `'x'${SECRET}`];

  test.each(cases)('value %s: check (text, json, sarif), patch and seal name line and kind only', async (value) => {
    fs.writeFileSync(at('secret.yaml'), secretYaml(value));
    fs.writeFileSync(at('spec.yaml'), `${SPEC_YAML}---\n${secretYaml(value)}`);
    const runs = [
      await run(['check', 'secret.yaml']),
      await run(['check', 'secret.yaml', '--json']),
      await run(['check', 'secret.yaml', '--format', 'sarif']),
      await run(['patch', 'spec.yaml', '--issuer', 'portworx.com']),
      await run(['seal', 'secret.yaml', '--cert', CERT]),
    ];
    for (const [i, result] of runs.entries()) {
      // patch prints the secured spec itself on stdout when it succeeds (an unresolved tag is only a warning).
      expect(i === 3 && result.code === 0 ? result.stderr : `${result.stdout}${result.stderr}`).not.toContain(SECRET);
      expect(result.code).not.toBe(70);
    }
  });

  test('the message says where and what: file, line, column and the kind of problem', async () => {
    fs.writeFileSync(at('secret.yaml'), secretYaml(`*${SECRET}`));
    const result = await run(['check', 'secret.yaml']);
    expect(result.stderr).toBe(
      'pxsec: error SPEC_INVALID_YAML: secret.yaml:7:18 is not valid YAML (an alias to an anchor that is not defined before it (a value starting with * is a YAML alias: quote the value)): correct the YAML at line 7, column 18 and run again\n',
    );
  });
});

describe('9. pxsec seal on an alias is SEAL_INPUT_INVALID, exit 2 (not an internal error)', () => {
  test.each(['*S3cret', '[*S3cret]', '{a: *S3cret}'])('value %s', async (value) => {
    const result = await run(
      ['seal', '-', '--cert', CERT],
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n  token: ${value}\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^pxsec: error SEAL_INPUT_INVALID: -: document 1 is not valid YAML \(an alias to an anchor that is not defined before it .* at line 5, column \d+\)/,
    );
    expect(result.stderr).not.toContain('S3cret');
  });
});

describe('10. a dangling keystore symlink is a keystore error naming the path', () => {
  test('keysFromKeystore and pxsec keys generate --keystore', async () => {
    fs.symlinkSync('/nonexistent/k.json', at('ks.json'));
    const error = caughtPxSecurityError(() => keysFromKeystore(at('ks.json')));
    expect(error.code).toBe('KEYSTORE_UNREADABLE');
    expect(error.message).toBe(
      `keystore ${JSON.stringify(at('ks.json'))} is a symbolic link to a file that does not exist (a dangling link): restore the file the link points to, or remove the link to create a new keystore there`,
    );
    const result = await run(['keys', 'generate', '--keystore', 'ks.json']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain('pxsec: error KEYSTORE_UNREADABLE: keystore');
    expect(fs.existsSync('/nonexistent/k.json')).toBe(false);
  });
});

describe('11. the sealing cache: unwritable is a coded error (exit 2); readable by others is refused', () => {
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {token: abc}\n';

  test('a cache directory that cannot be created: SEAL_CACHE_UNWRITABLE, exit 2, nothing on stdout', async () => {
    fs.symlinkSync(at('gone'), at('.pxsec')); // a dangling link where the directory should be
    const result = await run(['seal', '-', '--cert', CERT, '--cache', '.pxsec/sealed-cache.json'], secret);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    // The fixture certificate is the repository's test certificate: pxsec seal warns about it first (SEAL_CERT_TEST_ONLY).
    expect(result.stderr).toMatch(
      /^pxsec: warning: SEAL_CERT_TEST_ONLY: [^\n]*\npxsec: error SEAL_CACHE_UNWRITABLE: sealing cache ".*sealed-cache.json" cannot be written \(E[A-Z]+\): .*; nothing was changed\n$/,
    );
  });

  test.each([0o644, 0o640, 0o604])('a cache with mode %o is refused with SEAL_CACHE_PERMISSIONS, like the keystore', async (mode) => {
    const first = await run(['seal', '-', '--cert', CERT, '--cache', 'cache.json'], secret);
    expect(first.code).toBe(0);
    expect(fs.statSync(at('cache.json')).mode & 0o777).toBe(0o600);
    fs.chmodSync(at('cache.json'), mode);
    const result = await run(['seal', '-', '--cert', CERT, '--cache', 'cache.json'], secret);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`SEAL_CACHE_PERMISSIONS: sealing cache ${JSON.stringify(at('cache.json'))} has mode 0${mode.toString(8)}`);
  });
});

describe('13. unbounded input is refused with a clear error', () => {
  test('pxsec check /dev/zero: INPUT_NOT_A_FILE at once, exit 2', async () => {
    const started = Date.now();
    const result = await run(['check', '/dev/zero']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('pxsec: error INPUT_NOT_A_FILE: PATH "/dev/zero" is a device') });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('--max-input-size bounds each file and standard input; the default takes a normal spec', async () => {
    fs.writeFileSync(at('spec.yaml'), SPEC_YAML);
    expect((await run(['patch', 'spec.yaml', '--issuer', 'portworx.com'])).code).toBe(0);
    const small = await run(['patch', 'spec.yaml', '--issuer', 'portworx.com', '--max-input-size', '100']);
    expect([small.code, small.stderr]).toEqual([2, expect.stringContaining('INPUT_TOO_LARGE: SPEC "spec.yaml" is larger than the limit of 100 bytes')]);
    const stdin = await run(['check', '-', '--max-input-size', '1k'], 'a: b\n'.repeat(400));
    expect([stdin.code, stdin.stderr]).toEqual([2, expect.stringContaining('INPUT_TOO_LARGE: PATH "<stdin>" is larger than the limit of 1 KiB')]);
    const seal = await run(['seal', '-', '--cert', CERT, '--max-input-size', '10'], 'apiVersion: v1\n');
    expect(seal.code).toBe(2);
    const invalid = await run(['check', 'spec.yaml', '--max-input-size', 'huge']);
    expect([invalid.code, invalid.stderr]).toEqual([2, expect.stringContaining('INPUT_LIMIT_INVALID: --max-input-size "huge" is not a size')]);
  });
});

describe('hostile YAML through every reader: a coded error naming the kind, exit 2, never an internal error', () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    ...'bcdefg'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
    '',
  ].join('\n');
  const deep = `a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`;

  test.each([
    ['an alias bomb', bomb, 'too many alias expansions (a possible alias bomb)'],
    ['deep nesting', deep, 'collections nested too deeply to read'],
  ])('%s', async (_case, text, kind) => {
    fs.writeFileSync(at('hostile.yaml'), text);
    const runs = [
      await run(['check', 'hostile.yaml']),
      await run(['patch', 'hostile.yaml', '--issuer', 'portworx.com']),
      await run(['seal', 'hostile.yaml', '--cert', CERT]),
      await run([
        'token',
        'generate',
        '--auth-config',
        'hostile.yaml',
        '--issuer',
        'portworx.com',
        '--shared-secret',
        'q7Vh2Lr9XcTz4Kp8Nw3Ys6Bd1Gf5Jm0Hs2Ax9Ce4Rt7Uv3Wn8Qk6Pz1Ly5Ob2Mi0',
      ]),
    ];
    for (const result of runs) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(kind);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('pxsec: error '))).toHaveLength(1);
    }
  });
});
