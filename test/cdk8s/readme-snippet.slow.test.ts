/**
 * The README's cdk8s program, verbatim (only its package imports pointed at this repository's sources), run as a
 * user runs it (a child process, in a fresh directory, `px-spec.yaml` beside it), with every real spec of
 * ../shared/fixtures/portworx-specs: the synth and `pxsec check dist/` agree (no error from either), and a first
 * `kubectl apply -f dist/` in file order finds every Namespace and Secret before the object that needs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBundle, loadBundle } from '../../lib/audit';
import { TEST_NOW_MS } from '../../lib/testing';
import { parseManifest } from '../support/cdk8s-synth';
import { firstApplyFailures } from '../support/first-apply';
import { SHARED_SPECS_DIR, sharedSpecsAvailable } from '../support/shared-specs';

const ROOT = join(__dirname, '../..');
const NOW = TEST_NOW_MS / 1000;

/** The ```ts block of the README's "## cdk8s" section, its imports of the package pointed at lib/. */
function readmeCdk8sProgram(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## cdk8s\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md has no ```ts block under "## cdk8s"');
  return block
    .replace("from 'px-security-constructs/cdk8s'", `from ${JSON.stringify(join(ROOT, 'lib/cdk8s'))}`)
    .replace("from 'px-security-constructs'", `from ${JSON.stringify(join(ROOT, 'lib'))}`)
    .replace("from 'cdk8s'", `from ${JSON.stringify(join(ROOT, 'node_modules/cdk8s'))}`);
}

const specs = sharedSpecsAvailable('the README snippet with every real spec') ? readdirSync(SHARED_SPECS_DIR).filter((file) => file.endsWith('.yaml')) : [];
const program = readmeCdk8sProgram();

/** Runs the README program in a fresh directory holding `spec` as px-spec.yaml. */
function runProgram(spec: string): { work: string; status: number | null; stderr: string } {
  const work = mkdtempSync(join(tmpdir(), 'pxsec-readme-'));
  copyFileSync(join(SHARED_SPECS_DIR, spec), join(work, 'px-spec.yaml'));
  const main = join(work, 'main.ts');
  writeFileSync(main, program);
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [main], { cwd: work, env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW) }, encoding: 'utf8' });
  return { work, status: run.status, stderr: run.stderr };
}

/**
 * Specs the program refuses, by design, with the code saying why: invalid YAML, and a spec already secured with
 * another issuer than the README's `portworx.com` (the fix names `pxsec patch --replace`).
 */
const REFUSED: Readonly<Record<string, string>> = {
  '07-px232-security-enabled-csi-dupkey.yaml': 'SPEC_ALREADY_SECURED_DIFFERENTLY',
  '13-INVALID-px2038-katacoda-malformed.yaml': 'SPEC_INVALID_YAML',
};
const validSpecs = specs.filter((spec) => REFUSED[spec] === undefined);
const refusedSpecs = specs.filter((spec) => REFUSED[spec] !== undefined);

(validSpecs.length > 0 ? describe : describe.skip)('the README cdk8s program', () => {
  test.each(validSpecs)(
    'with %s: synth and pxsec check dist/ agree, and a first apply in file order finds every Namespace and Secret in time',
    async (spec) => {
      const { work, status, stderr } = runProgram(spec);
      try {
        expect({ status, stderr: stderr.split('\n').filter((line) => !line.startsWith('warning: ') && !line.includes('keystore') && line !== '') }).toEqual({
          status: 0,
          stderr: [],
        });
        const findings = await auditBundle(loadBundle(['dist'], work), { now: NOW, warnExpirySeconds: 0 });
        expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
        const ordering = ['APPLY_ORDER', 'TOKEN_SECRET_NAMESPACE_UNKNOWN', 'OBJECT_DUPLICATE'];
        expect(findings.filter((finding) => ordering.includes(finding.code))).toEqual([]);
        // cdk8s synth writes with the umask: the plaintext keys and tokens are readable by others, and check says so.
        expect(findings.some((finding) => finding.code === 'MANIFEST_PERMISSIONS')).toBe(true);
        const files = readdirSync(join(work, 'dist')).sort();
        const objects = files.flatMap((file) => parseManifest(readFileSync(join(work, 'dist', file), 'utf8')));
        expect(firstApplyFailures(objects)).toEqual([]);
        expect(objects.filter((object) => object.kind === 'Namespace' && (object.metadata as { name?: string }).name === 'portworx')).toHaveLength(1);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

(refusedSpecs.length > 0 ? describe : describe.skip)('the README cdk8s program, refused', () => {
  test.each(refusedSpecs)(
    'with %s: the synth fails with its code, and writes nothing',
    (spec) => {
      const { work, status, stderr } = runProgram(spec);
      try {
        expect(status).not.toBe(0);
        expect(stderr).toContain(REFUSED[spec]);
        expect(() => readdirSync(join(work, 'dist'))).toThrow();
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
