import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../lib/core/yaml/documents';
import { secureSpecText } from '../../lib/core/spec/secure-text';
import { runCaptured } from '../support/captured-io';

const OWN_SPECS = join(__dirname, '../fixtures/specs');
import { SHARED_SPECS_DIR as SHARED_SPECS, sharedSpecsAvailable } from '../support/shared-specs';
const SMALL_SPEC = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata:',
  '  name: portworx',
  '  namespace: kube-system',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      name: portworx',
  '  template:',
  '    metadata:',
  '      labels:',
  '        name: portworx',
  '    spec:',
  '      containers:',
  '        - name: portworx',
  '          image: portworx/oci-monitor:2.6.0',
  '          args: ["-c", "px-cluster", "-x", "kubernetes"]',
  '',
].join('\n');

let dir: string;
const at = (name: string): string => join(dir, name);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-patch-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fixture(name: string): string {
  copyFileSync(join(OWN_SPECS, name), at(name));
  return name;
}

describe('pxsec patch', () => {
  test('prints the secured spec on stdout and the report on stderr; SPEC is left as it was', async () => {
    const spec = fixture('01-daemonset-flow-args-lighthouse.yaml');
    const before = readFileSync(at(spec), 'utf8');
    const run = await runCaptured(['patch', spec, '--issuer', 'portworx.com'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(secureSpecText(before, spec, { issuer: 'portworx.com' }).text);
    expect(run.stderr).toContain('daemonset spec: 5 changes\n');
    expect(run.stderr).toContain('  added     DaemonSet kube-system/portworx spec.template.spec.containers[portworx].args: -jwt_issuer "portworx.com"\n');
    expect(run.stderr).toContain('  stork: patched\n');
    expect(readFileSync(at(spec), 'utf8')).toBe(before);
  });

  test('-o writes the secured spec atomically (no temporary file left), stdout stays empty', async () => {
    const spec = fixture('05-essentials-csi-no-final-newline.yaml');
    const run = await runCaptured(['patch', spec, '--issuer', 'portworx.com', '-o', 'secured.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('pxsec patch: wrote the secured spec to secured.yaml\n');
    const secured = readFileSync(at('secured.yaml'), 'utf8');
    expect(secured.endsWith('\n')).toBe(false);
    expect(parseSpec(secured, 'secured.yaml').objects).toHaveLength(5);
    expect(readdirSync(dir).sort()).toEqual([spec, 'secured.yaml']);
  });

  test('-o naming SPEC itself overwrites it, keeping its file mode', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC, { mode: 0o640 });
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '-o', 'spec.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(at('spec.yaml'), 'utf8')).toContain('["-c", "px-cluster", "-x", "kubernetes", "-jwt_issuer", "portworx.com"]');
    expect(statSync(at('spec.yaml')).mode & 0o777).toBe(0o640);
  });

  test('--diff prints a unified diff of the added lines', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '--diff'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '--- spec.yaml',
        '+++ spec.yaml (secured)',
        '@@ -15,4 +15,20 @@',
        '       containers:',
        '         - name: portworx',
        '           image: portworx/oci-monitor:2.6.0',
        '-          args: ["-c", "px-cluster", "-x", "kubernetes"]',
        '+          args: ["-c", "px-cluster", "-x", "kubernetes", "-jwt_issuer", "portworx.com"]',
        '+          env:',
        '+            - name: PORTWORX_AUTH_JWT_SHAREDSECRET',
        '+              valueFrom:',
        '+                secretKeyRef:',
        '+                  name: pxkeys',
        '+                  key: shared-secret',
        '+            - name: PORTWORX_AUTH_SYSTEM_KEY',
        '+              valueFrom:',
        '+                secretKeyRef:',
        '+                  name: pxkeys',
        '+                  key: system-secret',
        '+            - name: PORTWORX_AUTH_STORK_KEY',
        '+              valueFrom:',
        '+                secretKeyRef:',
        '+                  name: pxkeys',
        '+                  key: stork-secret',
        '',
      ].join('\n'),
    );
  });

  test('--check: exit 1 and nothing written when the spec is not secured yet; exit 0 once it is', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const unsecured = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '--check', '-o', 'out.yaml'], { cwd: dir });
    expect(unsecured.code).toBe(1);
    expect(unsecured.stdout).toBe('');
    expect(unsecured.stderr).toContain('pxsec patch --check: the spec is not secured as asked\n');
    expect(existsSync(at('out.yaml'))).toBe(false);
    await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '-o', 'spec.yaml'], { cwd: dir });
    const secured = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '--check'], { cwd: dir });
    expect(secured.code).toBe(0);
    expect(secured.stdout).toBe('');
    expect(secured.stderr).toContain('daemonset spec: already secured as asked, nothing to change\n');
    expect(secured.stderr).toContain('pxsec patch --check: the spec is secured as asked\n');
  });

  test('--check on a spec secured with another issuer: exit 1 showing both issuers', async () => {
    const spec = fixture('04-already-secured-duplicate-image.yaml');
    const run = await runCaptured(['patch', spec, '--issuer', 'portworx.com', '--check'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'pxsec: error SPEC_ALREADY_SECURED_DIFFERENTLY: DaemonSet kube-system/portworx: spec.template.spec.containers[portworx].args already holds -jwt_issuer "example-domain.com", not the asked -jwt_issuer "portworx.com": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds\n' +
        'pxsec patch --check: the spec is not secured as asked\n',
    );
    const replaced = await runCaptured(['patch', spec, '--issuer', 'portworx.com', '--replace'], { cwd: dir });
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('"-jwt_issuer", "portworx.com"]');
    expect(replaced.stderr).toContain(
      '  replaced  DaemonSet kube-system/portworx spec.template.spec.containers[portworx].args: -jwt_issuer "example-domain.com" replaced by -jwt_issuer "portworx.com"\n',
    );
  });

  test('invalid YAML: exit 2 with file, line and column, and -o writes nothing', async () => {
    const spec = fixture('07-INVALID-malformed.yaml');
    const run = await runCaptured(['patch', spec, '--issuer', 'portworx.com', '-o', 'out.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'pxsec: error SPEC_INVALID_YAML: 07-INVALID-malformed.yaml:12:8 is not valid YAML (a nested mapping where a single value was expected): correct the YAML at line 12, column 8 and run again\n',
    );
    expect(readdirSync(dir)).toEqual([spec]);
  });

  const sharedInvalid = join(SHARED_SPECS, '13-INVALID-px2038-katacoda-malformed.yaml');
  (sharedSpecsAvailable('the shared invalid spec test of pxsec patch') ? test : test.skip)(
    'the shared invalid spec: exit 2 naming line 6, column 8, and -o writes nothing',
    async () => {
      const run = await runCaptured(['patch', sharedInvalid, '--issuer', 'portworx.com', '-o', 'out.yaml'], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${sharedInvalid}:6:8 is not valid YAML`);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  test('SPEC "-" reads standard input', async () => {
    const run = await runCaptured(['patch', '-', '--issuer', 'portworx.com'], { cwd: dir, stdin: SMALL_SPEC });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(secureSpecText(SMALL_SPEC, '<stdin>', { issuer: 'portworx.com' }).text);
    expect(run.stderr).toContain('warning SPEC_STORK_ABSENT: <stdin> holds no stork Deployment');
  });

  test('OIDC, username claim, keys Secret, stork key env and public key flags', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const run = await runCaptured(
      [
        'patch',
        'spec.yaml',
        '--issuer',
        'portworx.com',
        '--keys-secret',
        'px-auth',
        '--stork-key-env',
        'PORTWORX_AUTH_SYSTEM_APPS_KEY',
        '--oidc-issuer',
        'https://idp.example.com',
        '--oidc-client-id',
        'portworx',
        '--oidc-custom-claim-namespace',
        'https://portworx.example.com/',
        '--username-claim',
        'email',
        '--public-key-path',
        '/etc/pwx/jwt/public.pem',
        '--public-key-from',
        'secret/px-jwt-public/public.pem',
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    const container = (
      parseSpec(run.stdout, 'out').objects[0] as { spec: { template: { spec: { containers: [Record<string, unknown>]; volumes: unknown[] } } } }
    ).spec.template.spec;
    expect(container.containers[0].args).toEqual([
      '-c',
      'px-cluster',
      '-x',
      'kubernetes',
      '-jwt_issuer',
      'portworx.com',
      '-oidc_issuer',
      'https://idp.example.com',
      '-oidc_client_id',
      'portworx',
      '-oidc_custom_claim_namespace',
      'https://portworx.example.com/',
      '-jwt_rsa_pubkey_file',
      '/etc/pwx/jwt/public.pem',
      '-username_claim',
      'email',
    ]);
    expect(container.containers[0].env).toContainEqual({
      name: 'PORTWORX_AUTH_SYSTEM_APPS_KEY',
      valueFrom: { secretKeyRef: { name: 'px-auth', key: 'stork-secret' } },
    });
    expect(container.volumes).toEqual([{ name: 'px-jwt-public-key', secret: { secretName: 'px-jwt-public' } }]);
  });

  test('operator flags on a StorageCluster spec', async () => {
    const spec = fixture('06-operator-storagecluster.yaml');
    const run = await runCaptured(
      ['patch', spec, '--issuer', 'portworx.com', '--token-lifetime', '12h', '--guest-access', 'Disabled', '--shared-secret-name', 'px-signing'],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '  security:\n    enabled: true\n    auth:\n      guestAccess: Disabled\n      selfSigned:\n        issuer: portworx.com\n        tokenLifetime: 12h\n        sharedSecret: px-signing\n',
    );
    expect(run.stderr).toContain("the shared-secret Secret must live in namespace kube-system (the StorageCluster's)");
  });

  test.each([
    [
      ['--oidc-issuer', 'https://idp.example.com'],
      'pxsec: error PATCH_FLAGS_INVALID: --oidc-issuer is given without its pair: give both --oidc-issuer and --oidc-client-id\n',
    ],
    [
      ['--oidc-custom-claim-namespace', 'ns/'],
      'pxsec: error PATCH_FLAGS_INVALID: --oidc-custom-claim-namespace is given without --oidc-issuer: give --oidc-issuer and --oidc-client-id too\n',
    ],
    [
      ['--public-key-path', '/etc/pwx/k.pem', '--public-key-from', 'vault/k'],
      'pxsec: error PATCH_FLAGS_INVALID: --public-key-from "vault/k" is not secret/NAME/KEY or configmap/NAME/KEY: name the Secret or ConfigMap and the key of the PEM file, such as secret/px-jwt-public/public.pem\n',
    ],
    [
      ['--token-lifetime', '1h30m'],
      'pxsec: error DURATION_INVALID: operatorTokenLifetime "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"\n',
    ],
  ])('bad flags %j: exit 2 with the fix', async (flags, stderr) => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', ...flags], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(stderr);
  });

  test('missing --issuer, or an unreadable SPEC: exit 2', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const noIssuer = await runCaptured(['patch', 'spec.yaml'], { cwd: dir });
    expect(noIssuer.code).toBe(2);
    expect(noIssuer.stderr).toContain("error: required option '--issuer <issuer>' not specified");
    const missing = await runCaptured(['patch', 'nowhere.yaml', '--issuer', 'portworx.com'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'pxsec: error SPEC_UNREADABLE: SPEC "nowhere.yaml" cannot be read (ENOENT): give the path of a Portworx install spec, or "-" to read standard input\n',
    );
  });

  test('a spec without Portworx is rejected: exit 1', async () => {
    writeFileSync(at('spec.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: portworx\n');
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pxsec: error SPEC_NO_PORTWORX: spec.yaml holds no portworx DaemonSet');
  });

  test('an -o path in a missing directory: exit 2, nothing written', async () => {
    writeFileSync(at('spec.yaml'), SMALL_SPEC);
    const run = await runCaptured(['patch', 'spec.yaml', '--issuer', 'portworx.com', '-o', 'missing/out.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pxsec: error OUTPUT_FILE_UNWRITABLE: --output "missing/out.yaml" cannot be written (ENOENT)');
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });
});
