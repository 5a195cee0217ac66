import { formatPatchReport } from '../../../lib/core/spec/report';
import { secureSpecObjects } from '../../../lib/core/spec/secure-objects';
import { SpecPatchSettings } from '../../../lib/core/cluster/security-settings';
import { container, keyEnv, portworxContainer, portworxDaemonSet, serviceAccount, storageCluster, storkDeployment, workload } from './spec-builders';
import { definedAt } from '../../support/defined';

type Json = Record<string, unknown>;

const DOCS_ENV = [
  keyEnv('PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret'),
  keyEnv('PORTWORX_AUTH_SYSTEM_KEY', 'system-secret'),
  keyEnv('PORTWORX_AUTH_STORK_KEY', 'stork-secret'),
];
const DS = 'DaemonSet kube-system/portworx';
const PX = 'spec.template.spec.containers[portworx]';

function containersOf(object: unknown): Json[] {
  return (object as { spec: { template: { spec: { containers: Json[] } } } }).spec.template.spec.containers;
}

function containerAt(object: unknown, index: number): Json {
  return definedAt(containersOf(object), index, 'containers');
}

function podSpecOf(object: unknown): Json {
  return (object as { spec: { template: { spec: Json } } }).spec.template.spec;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function secure(objects: Json[], settings: SpecPatchSettings): { objects: Json[]; report: ReturnType<typeof secureSpecObjects>['report'] } {
  return secureSpecObjects(objects, settings, 'spec.yaml');
}

/** The thrown error's message, for exact assertions. */
function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('expected an error');
}

describe('secureSpecObjects, DaemonSet form', () => {
  test('appends -jwt_issuer after the existing args, adds the three env entries and stork PX_SHARED_SECRET, as the docs do', () => {
    const { objects, report } = secure([serviceAccount(), portworxDaemonSet(), storkDeployment()], { issuer: 'portworx.com' });
    expect(containerAt(objects[1], 0)).toEqual({
      name: 'portworx',
      image: 'portworx/oci-monitor:2.6.0',
      args: ['-c', 'px-cluster', '-x', 'kubernetes', '-jwt_issuer', 'portworx.com'],
      env: DOCS_ENV,
    });
    expect(containerAt(objects[2], 0).env).toEqual([{ name: 'PX_SERVICE_NAME', value: 'portworx-api' }, keyEnv('PX_SHARED_SECRET', 'stork-secret')]);
    expect(report).toEqual({
      form: 'daemonset',
      stork: 'patched',
      alreadySecured: false,
      warnings: [],
      changes: [
        { object: DS, path: `${PX}.args`, action: 'added', detail: '-jwt_issuer "portworx.com"' },
        { object: DS, path: `${PX}.env`, action: 'added', detail: 'PORTWORX_AUTH_JWT_SHAREDSECRET from Secret pxkeys key shared-secret' },
        { object: DS, path: `${PX}.env`, action: 'added', detail: 'PORTWORX_AUTH_SYSTEM_KEY from Secret pxkeys key system-secret' },
        { object: DS, path: `${PX}.env`, action: 'added', detail: 'PORTWORX_AUTH_STORK_KEY from Secret pxkeys key stork-secret' },
        {
          object: 'Deployment kube-system/stork',
          path: 'spec.template.spec.containers[stork].env',
          action: 'added',
          detail: 'PX_SHARED_SECRET from Secret pxkeys key stork-secret',
        },
      ],
    });
    expect(formatPatchReport(report)).toBe(
      [
        'daemonset spec: 5 changes',
        `  added     ${DS} ${PX}.args: -jwt_issuer "portworx.com"`,
        `  added     ${DS} ${PX}.env: PORTWORX_AUTH_JWT_SHAREDSECRET from Secret pxkeys key shared-secret`,
        `  added     ${DS} ${PX}.env: PORTWORX_AUTH_SYSTEM_KEY from Secret pxkeys key system-secret`,
        `  added     ${DS} ${PX}.env: PORTWORX_AUTH_STORK_KEY from Secret pxkeys key stork-secret`,
        '  added     Deployment kube-system/stork spec.template.spec.containers[stork].env: PX_SHARED_SECRET from Secret pxkeys key stork-secret',
        '  stork: patched',
        '',
      ].join('\n'),
    );
  });

  test('pure: the input is never mutated, non-targets come back as the same values, targets as copies', () => {
    const input = deepFreeze([serviceAccount(), portworxDaemonSet(), storkDeployment(), storageClassObject()]);
    const snapshot = JSON.stringify(input);
    const { objects } = secure(input, { issuer: 'portworx.com' });
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(objects[0]).toBe(input[0]);
    expect(objects[3]).toBe(input[3]);
    expect(objects[1]).not.toBe(input[1]);
    expect(objects[2]).not.toBe(input[2]);
  });

  test('only the portworx container changes: the CSI registrar and telemetry keep their own args and env', () => {
    const registrar = container('csi-node-driver-registrar', 'quay.io/k8scsi/csi-node-driver-registrar:v1.1.0', {
      args: ['--v=5'],
      env: [{ name: 'ADDRESS', value: '/csi/csi.sock' }],
    });
    const telemetry = container('telemetry', 'purestorage/ccm-service:3.0.0', { args: ['-x', 'telemetry'] });
    const daemonSet = workload('DaemonSet', 'portworx', [registrar, portworxContainer(), telemetry]);
    const { objects } = secure([daemonSet], { issuer: 'portworx.com' });
    expect(containerAt(objects[0], 0)).toEqual(registrar);
    expect(containerAt(objects[0], 2)).toEqual(telemetry);
    expect(containerAt(objects[0], 1).args).toEqual(['-c', 'px-cluster', '-x', 'kubernetes', '-jwt_issuer', 'portworx.com']);
  });

  test("OIDC, username claim, keys Secret name and the operator's stork key env name, when asked", () => {
    const { objects } = secure([portworxDaemonSet(), storkDeployment()], {
      issuer: 'portworx.com',
      keysSecretName: 'px-auth-keys',
      storkKeyEnv: 'PORTWORX_AUTH_SYSTEM_APPS_KEY',
      oidc: { issuer: 'https://idp.example.com/realms/px', clientId: 'portworx', customClaimNamespace: 'https://portworx.example.com/' },
      usernameClaim: 'email',
    });
    expect(containerAt(objects[0], 0)).toMatchObject({
      args: [
        '-c',
        'px-cluster',
        '-x',
        'kubernetes',
        '-jwt_issuer',
        'portworx.com',
        '-oidc_issuer',
        'https://idp.example.com/realms/px',
        '-oidc_client_id',
        'portworx',
        '-oidc_custom_claim_namespace',
        'https://portworx.example.com/',
        '-username_claim',
        'email',
      ],
      env: [
        keyEnv('PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret', 'px-auth-keys'),
        keyEnv('PORTWORX_AUTH_SYSTEM_KEY', 'system-secret', 'px-auth-keys'),
        keyEnv('PORTWORX_AUTH_SYSTEM_APPS_KEY', 'stork-secret', 'px-auth-keys'),
      ],
    });
    expect(containerAt(objects[1], 0).env).toContainEqual(keyEnv('PX_SHARED_SECRET', 'stork-secret', 'px-auth-keys'));
  });

  test('a public key from a Secret is mounted at its path (subPath) and passed as -jwt_rsa_pubkey_file', () => {
    const { objects, report } = secure([portworxDaemonSet()], {
      issuer: 'portworx.com',
      publicKey: { algorithm: 'RS256', path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } },
    });
    const portworx = containerAt(objects[0], 0);
    expect(portworx.args).toEqual(['-c', 'px-cluster', '-x', 'kubernetes', '-jwt_issuer', 'portworx.com', '-jwt_rsa_pubkey_file', '/etc/pwx/jwt/public.pem']);
    expect(portworx.volumeMounts).toEqual([{ name: 'px-jwt-public-key', mountPath: '/etc/pwx/jwt/public.pem', subPath: 'public.pem', readOnly: true }]);
    expect(podSpecOf(objects[0]).volumes).toEqual([{ name: 'px-jwt-public-key', secret: { secretName: 'px-jwt-public' } }]);
    expect(report.changes.map((change) => change.detail)).toContain('mount px-jwt-public-key at "/etc/pwx/jwt/public.pem" (key "public.pem")');
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'SPEC_STORK_ABSENT' })]);
  });

  test('an ES256 public key from a ConfigMap uses -jwt_ecds_pubkey_file; existing mounts and volumes are kept', () => {
    const daemonSet = portworxDaemonSet({ volumeMounts: [{ name: 'etcpwx', mountPath: '/etc/pwx' }] });
    podSpecOf(daemonSet).volumes = [{ name: 'etcpwx', hostPath: { path: '/etc/pwx' } }];
    const { objects } = secure([daemonSet], {
      issuer: 'portworx.com',
      publicKey: { algorithm: 'ES256', path: '/etc/pwx/ec.pem', from: { kind: 'ConfigMap', name: 'px-ec', key: 'ec.pem' } },
    });
    const portworx = containerAt(objects[0], 0);
    expect((portworx.args as string[]).slice(-2)).toEqual(['-jwt_ecds_pubkey_file', '/etc/pwx/ec.pem']);
    expect(portworx.volumeMounts).toEqual([
      { name: 'etcpwx', mountPath: '/etc/pwx' },
      { name: 'px-jwt-public-key', mountPath: '/etc/pwx/ec.pem', subPath: 'ec.pem', readOnly: true },
    ]);
    expect(podSpecOf(objects[0]).volumes).toEqual([
      { name: 'etcpwx', hostPath: { path: '/etc/pwx' } },
      { name: 'px-jwt-public-key', configMap: { name: 'px-ec' } },
    ]);
  });

  test('a public key path another volume already mounts is an error', () => {
    const daemonSet = portworxDaemonSet({ volumeMounts: [{ name: 'other', mountPath: '/etc/pwx/jwt.pem' }] });
    expect(
      errorOf(() =>
        secure([daemonSet], {
          issuer: 'portworx.com',
          publicKey: { algorithm: 'RS256', path: '/etc/pwx/jwt.pem', from: { kind: 'Secret', name: 'k', key: 'k.pem' } },
        }),
      ),
    ).toEqual({
      code: 'SPEC_FIELD_INVALID',
      message: `${DS}: ${PX}.volumeMounts already mounts "other" at "/etc/pwx/jwt.pem": choose another publicKey.path`,
    });
  });

  test('args and env are created where missing or null; stork env too', () => {
    const { objects } = secure([portworxDaemonSet({ args: null }), storkDeployment({ env: undefined })], { issuer: 'portworx.com' });
    expect(containerAt(objects[0], 0)).toMatchObject({ args: ['-jwt_issuer', 'portworx.com'], env: DOCS_ENV });
    expect(containerAt(objects[1], 0).env).toEqual([keyEnv('PX_SHARED_SECRET', 'stork-secret')]);
  });

  test('idempotent: a secured spec comes back unchanged, every change "unchanged"', () => {
    const once = secure([portworxDaemonSet(), storkDeployment()], { issuer: 'portworx.com', oidc: { issuer: 'https://idp.example.com', clientId: 'px' } });
    const twice = secure(once.objects, { issuer: 'portworx.com', oidc: { issuer: 'https://idp.example.com', clientId: 'px' } });
    expect(twice.objects).toEqual(once.objects);
    expect(twice.report).toMatchObject({ alreadySecured: true, stork: 'already-secured', existingIssuer: 'portworx.com' });
    expect(twice.report.changes.every((change) => change.action === 'unchanged')).toBe(true);
    expect(formatPatchReport(twice.report).split('\n')[0]).toBe('daemonset spec: already secured as asked, nothing to change');
  });

  test('-jwt_issuer spelled --jwt_issuer or -jwt_issuer=value counts as present', () => {
    const double = secure([portworxDaemonSet({ args: ['-c', 'px', '--jwt_issuer', 'portworx.com'] })], { issuer: 'portworx.com' });
    expect(containerAt(double.objects[0], 0).args).toEqual(['-c', 'px', '--jwt_issuer', 'portworx.com']);
    const inline = secure([portworxDaemonSet({ args: ['-c', 'px', '-jwt_issuer=old.example.com'] })], { issuer: 'portworx.com', replace: true });
    expect(containerAt(inline.objects[0], 0).args).toEqual(['-c', 'px', '-jwt_issuer=portworx.com']);
    expect(inline.report.existingIssuer).toBe('old.example.com');
  });

  describe('a spec secured differently: an error showing both values, or replaced on request', () => {
    test('another issuer in the args', () => {
      const objects = [portworxDaemonSet({ args: ['-c', 'px', '-jwt_issuer', 'example-domain.com'] })];
      expect(errorOf(() => secure(objects, { issuer: 'portworx.com' }))).toEqual({
        code: 'SPEC_ALREADY_SECURED_DIFFERENTLY',
        message: `${DS}: ${PX}.args already holds -jwt_issuer "example-domain.com", not the asked -jwt_issuer "portworx.com": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
      });
      const replaced = secure(objects, { issuer: 'portworx.com', replace: true });
      expect(containerAt(replaced.objects[0], 0).args).toEqual(['-c', 'px', '-jwt_issuer', 'portworx.com']);
      expect(replaced.report.existingIssuer).toBe('example-domain.com');
    });

    test('another issuer in the env twin PORTWORX_AUTH_JWT_ISSUER', () => {
      const objects = [portworxDaemonSet({ env: [{ name: 'PORTWORX_AUTH_JWT_ISSUER', value: 'example-domain.com' }] })];
      expect(errorOf(() => secure(objects, { issuer: 'portworx.com' })).message).toBe(
        `${DS}: ${PX}.env already holds PORTWORX_AUTH_JWT_ISSUER = "example-domain.com", not the asked PORTWORX_AUTH_JWT_ISSUER = "portworx.com": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
      );
      const replaced = secure(objects, { issuer: 'portworx.com', replace: true });
      expect(containerAt(replaced.objects[0], 0).env).toEqual([{ name: 'PORTWORX_AUTH_JWT_ISSUER', value: 'portworx.com' }, ...DOCS_ENV]);
      expect(replaced.report.existingIssuer).toBe('example-domain.com');
    });

    test('an env twin read from elsewhere cannot be compared: a warning says so', () => {
      const objects = [
        portworxDaemonSet({ env: [{ name: 'PORTWORX_AUTH_JWT_ISSUER', valueFrom: { configMapKeyRef: { name: 'px-settings', key: 'issuer' } } }] }),
      ];
      expect(secure(objects, { issuer: 'portworx.com' }).report.warnings[0]).toEqual({
        code: 'SPEC_ENV_TWIN_UNCHECKED',
        message: `${DS}: ${PX}.env sets PORTWORX_AUTH_JWT_ISSUER from elsewhere; make sure it equals "portworx.com" (-jwt_issuer)`,
      });
    });

    test('another keys Secret', () => {
      const objects = [portworxDaemonSet({ env: [keyEnv('PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret', 'old-keys')] })];
      expect(errorOf(() => secure(objects, { issuer: 'portworx.com' })).message).toBe(
        `${DS}: ${PX}.env already holds PORTWORX_AUTH_JWT_SHAREDSECRET from Secret old-keys key shared-secret, not the asked PORTWORX_AUTH_JWT_SHAREDSECRET from Secret pxkeys key shared-secret: run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
      );
      expect(containerAt(secure(objects, { issuer: 'portworx.com', replace: true }).objects[0], 0).env).toEqual(DOCS_ENV);
    });

    test('a literal shared secret in env: the error and the report never show it', () => {
      const literal = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4';
      const objects = [portworxDaemonSet({ env: [{ name: 'PORTWORX_AUTH_JWT_SHAREDSECRET', value: literal }] })];
      const error = errorOf(() => secure(objects, { issuer: 'portworx.com' }));
      expect(error.message).toBe(
        `${DS}: ${PX}.env already holds PORTWORX_AUTH_JWT_SHAREDSECRET set to a literal value (64 characters), not the asked PORTWORX_AUTH_JWT_SHAREDSECRET from Secret pxkeys key shared-secret: run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
      );
      const replaced = secure(objects, { issuer: 'portworx.com', replace: true });
      expect(JSON.stringify(replaced.report)).not.toContain(literal);
      expect(formatPatchReport(replaced.report)).not.toContain(literal);
      expect(JSON.stringify(replaced.objects)).not.toContain(literal);
    });

    test('the stork key under the other env name', () => {
      const objects = [portworxDaemonSet({ env: [keyEnv('PORTWORX_AUTH_SYSTEM_APPS_KEY', 'stork-secret')] })];
      expect(errorOf(() => secure(objects, { issuer: 'portworx.com' })).message).toContain(
        'already holds PORTWORX_AUTH_SYSTEM_APPS_KEY from Secret pxkeys key stork-secret, not the asked PORTWORX_AUTH_STORK_KEY from Secret pxkeys key stork-secret',
      );
      expect(
        secure(objects, { issuer: 'portworx.com', storkKeyEnv: 'PORTWORX_AUTH_SYSTEM_APPS_KEY' }).report.changes.filter(
          (change) => change.action === 'unchanged',
        ),
      ).toHaveLength(1);
      expect(containerAt(secure(objects, { issuer: 'portworx.com', replace: true }).objects[0], 0).env).toEqual([
        keyEnv('PORTWORX_AUTH_STORK_KEY', 'stork-secret'),
        keyEnv('PORTWORX_AUTH_JWT_SHAREDSECRET', 'shared-secret'),
        keyEnv('PORTWORX_AUTH_SYSTEM_KEY', 'system-secret'),
      ]);
    });

    test('stork reading PX_SHARED_SECRET from another Secret', () => {
      const objects = [portworxDaemonSet(), storkDeployment({ env: [keyEnv('PX_SHARED_SECRET', 'stork-secret', 'old-keys')] })];
      expect(errorOf(() => secure(objects, { issuer: 'portworx.com' })).message).toBe(
        'Deployment kube-system/stork: spec.template.spec.containers[stork].env already holds PX_SHARED_SECRET from Secret old-keys key stork-secret, not the asked PX_SHARED_SECRET from Secret pxkeys key stork-secret: run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds',
      );
    });
  });

  test('a stork PX_JWT_ISSUER outside the allowed values is SPEC_STORK_ISSUER_INVALID; allowed and empty ones pass', () => {
    for (const value of ['', 'stork.openstorage.io', 'apps.portworx.io', 'operator.portworx.io']) {
      expect(secure([portworxDaemonSet(), storkDeployment({ env: [{ name: 'PX_JWT_ISSUER', value }] })], { issuer: 'portworx.com' }).report.stork).toBe(
        'patched',
      );
    }
    expect(
      errorOf(() => secure([portworxDaemonSet(), storkDeployment({ env: [{ name: 'PX_JWT_ISSUER', value: 'portworx.com' }] })], { issuer: 'portworx.com' })),
    ).toEqual({
      code: 'SPEC_STORK_ISSUER_INVALID',
      message:
        'Deployment kube-system/stork: spec.template.spec.containers[stork].env PX_JWT_ISSUER "portworx.com" is an issuer stork refuses at start-up: remove PX_JWT_ISSUER, or use one of "stork.openstorage.io", "apps.portworx.io", "operator.portworx.io"',
    });
  });

  describe('args and env of the wrong type: a clear SPEC_FIELD_INVALID', () => {
    test.each([
      [
        'args as a string',
        { args: '-c px -x kubernetes' },
        `${DS}: ${PX}.args is a string, not a list of strings: write the args as a list, such as ["-c", "px-cluster", "-x", "kubernetes"]`,
      ],
      [
        'a number in the args',
        { args: ['-c', 'px', '-p', 9001] },
        `${DS}: ${PX}.args[3] is a number (9001), not a string: quote it, so that every arg is a string`,
      ],
      [
        'a flag without value',
        { args: ['-c', 'px', '-jwt_issuer'] },
        `${DS}: ${PX}.args ends with -jwt_issuer without a value: give -jwt_issuer a value, or remove it`,
      ],
      ['a flag twice', { args: ['-jwt_issuer', 'a', '-jwt_issuer', 'b'] }, `${DS}: ${PX}.args holds -jwt_issuer 2 times: keep one -jwt_issuer`],
      [
        'env as a mapping',
        { env: { PX_TEMPLATE_VERSION: 'v4' } },
        `${DS}: ${PX}.env is a mapping, not a list: make it a list of entries with a name each, or remove it`,
      ],
      [
        'an env entry without name',
        { env: [{ value: 'x' }] },
        `${DS}: ${PX}.env[0] is a mapping without a name, not an entry with a name: give every entry a name, or remove it`,
      ],
      [
        'an env entry that is a string',
        { env: ['PX_TEMPLATE_VERSION=v4'] },
        `${DS}: ${PX}.env[0] is a string, not an entry with a name: give every entry a name, or remove it`,
      ],
      [
        'an env entry twice',
        { env: [keyEnv('PORTWORX_AUTH_SYSTEM_KEY', 'system-secret'), keyEnv('PORTWORX_AUTH_SYSTEM_KEY', 'system-secret')] },
        `${DS}: ${PX}.env holds PORTWORX_AUTH_SYSTEM_KEY 2 times: keep one PORTWORX_AUTH_SYSTEM_KEY entry`,
      ],
    ])('%s', (_case, extra, message) => {
      expect(errorOf(() => secure([portworxDaemonSet(extra)], { issuer: 'portworx.com' }))).toEqual({ code: 'SPEC_FIELD_INVALID', message });
    });
  });
});

describe('secureSpecObjects, operator form', () => {
  const SC = 'StorageCluster kube-system/px-cluster';

  test('a StorageCluster gets spec.security (enabled, selfSigned issuer, shared secret); the report says where the Secret lives', () => {
    const { objects, report } = secure([serviceAccount(), storageCluster()], { issuer: 'portworx.com' });
    expect(objects[1]).toEqual(
      storageCluster({
        image: 'portworx/oci-monitor:2.9.1',
        security: { enabled: true, auth: { selfSigned: { issuer: 'portworx.com', sharedSecret: 'px-shared-secret' } } },
      }),
    );
    expect(report).toEqual({
      form: 'operator',
      stork: 'absent',
      alreadySecured: false,
      storageClusterNamespace: 'kube-system',
      warnings: [],
      changes: [
        {
          object: SC,
          path: 'spec.security',
          action: 'added',
          detail: 'enabled: true, auth.selfSigned.issuer: "portworx.com", auth.selfSigned.sharedSecret: "px-shared-secret"',
        },
      ],
    });
    expect(formatPatchReport(report)).toBe(
      [
        'operator spec: 1 change',
        `  added     ${SC} spec.security: enabled: true, auth.selfSigned.issuer: "portworx.com", auth.selfSigned.sharedSecret: "px-shared-secret"`,
        "  the shared-secret Secret must live in namespace kube-system (the StorageCluster's)",
        '',
      ].join('\n'),
    );
  });

  test('guest access, token lifetime, shared secret name; OIDC, username claim and public key through spec.env and spec.volumes', () => {
    const cluster = storageCluster({
      image: 'portworx/oci-monitor:2.9.1',
      env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/pwx/gce/gcloud.json' }],
    });
    const { objects } = secure([cluster], {
      issuer: 'px.example.com',
      operatorTokenLifetime: '12h',
      guestAccess: 'Disabled',
      sharedSecretName: 'px-user-signing',
      oidc: { issuer: 'https://idp.example.com', clientId: 'portworx', customClaimNamespace: 'https://portworx.example.com/' },
      usernameClaim: 'name',
      publicKey: { algorithm: 'RS256', path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } },
    });
    expect((objects[0] as { spec: Json }).spec).toEqual({
      image: 'portworx/oci-monitor:2.9.1',
      env: [
        { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/etc/pwx/gce/gcloud.json' },
        { name: 'PORTWORX_AUTH_OIDC_ISSUER', value: 'https://idp.example.com' },
        { name: 'PORTWORX_AUTH_OIDC_CLIENTID', value: 'portworx' },
        { name: 'PORTWORX_AUTH_OIDC_CUSTOM_NAMESPACE', value: 'https://portworx.example.com/' },
        { name: 'PORTWORX_AUTH_JWT_RSA_PUBKEY', value: '/etc/pwx/jwt/public.pem' },
        { name: 'PORTWORX_AUTH_USERNAME_CLAIM', value: 'name' },
      ],
      security: {
        enabled: true,
        auth: { guestAccess: 'Disabled', selfSigned: { issuer: 'px.example.com', tokenLifetime: '12h', sharedSecret: 'px-user-signing' } },
      },
      volumes: [
        {
          name: 'px-jwt-public-key',
          mountPath: '/etc/pwx/jwt',
          readOnly: true,
          secret: { secretName: 'px-jwt-public', items: [{ key: 'public.pem', path: 'public.pem' }] },
        },
      ],
    });
  });

  test('spec null, security null, enabled false, metadata.annotations null: all handled', () => {
    const noSpec = secure([storageCluster(null, { name: 'px', namespace: 'portworx', annotations: null })], { issuer: 'portworx.com' });
    expect(noSpec.objects[0]).toEqual(
      storageCluster(
        { security: { enabled: true, auth: { selfSigned: { issuer: 'portworx.com', sharedSecret: 'px-shared-secret' } } } },
        { name: 'px', namespace: 'portworx', annotations: null },
      ),
    );
    expect(noSpec.report.storageClusterNamespace).toBe('portworx');
    const disabled = secure([storageCluster({ security: { enabled: false, auth: null } })], { issuer: 'portworx.com' });
    expect((disabled.objects[0] as { spec: Json }).spec.security).toEqual({
      enabled: true,
      auth: { selfSigned: { issuer: 'portworx.com', sharedSecret: 'px-shared-secret' } },
    });
    expect(disabled.report.changes[0]).toEqual({ object: SC, path: 'spec.security.enabled', action: 'replaced', detail: 'false replaced by true' });
  });

  test("secured with the operator's defaults: the same issuer adds the explicit fields, another is an error", () => {
    const secured = [storageCluster({ security: { enabled: true } })];
    const same = secure(secured, { issuer: 'operator.portworx.io' });
    expect(same.report.existingIssuer).toBe('operator.portworx.io');
    expect((same.objects[0] as { spec: Json }).spec.security).toEqual({
      enabled: true,
      auth: { selfSigned: { issuer: 'operator.portworx.io', sharedSecret: 'px-shared-secret' } },
    });
    expect(errorOf(() => secure(secured, { issuer: 'portworx.com' })).message).toBe(
      `${SC}: spec.security.auth.selfSigned.issuer already holds the operator's default "operator.portworx.io", not the asked "portworx.com": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
    );
    expect(secure(secured, { issuer: 'portworx.com', replace: true }).objects[0]).toMatchObject({
      spec: { security: { auth: { selfSigned: { issuer: 'portworx.com' } } } },
    });
  });

  test('an explicit issuer, shared secret or guest access that differs is an error; the same is unchanged', () => {
    const cluster = storageCluster({
      security: {
        enabled: true,
        auth: { guestAccess: 'Enabled', selfSigned: { issuer: 'example-domain.com', sharedSecret: 'px-shared-secret', tokenLifetime: '24h' } },
      },
    });
    const same = secure([cluster], { issuer: 'example-domain.com', guestAccess: 'Enabled', operatorTokenLifetime: '24h' });
    expect(same.report.alreadySecured).toBe(true);
    expect(same.objects[0]).toBe(cluster);
    expect(errorOf(() => secure([cluster], { issuer: 'example-domain.com', guestAccess: 'Managed' })).message).toBe(
      `${SC}: spec.security.auth.guestAccess already holds "Enabled", not the asked "Managed": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds`,
    );
    expect(errorOf(() => secure([cluster], { issuer: 'example-domain.com', sharedSecretName: 'other' })).message).toContain(
      'spec.security.auth.selfSigned.sharedSecret already holds "px-shared-secret", not the asked "other"',
    );
  });

  test('a StorageCluster without namespace: a warning; a stork Deployment beside it is left alone, with a warning', () => {
    const { report, objects } = secure([storageCluster({}, { name: 'px' }), storkDeployment()], { issuer: 'portworx.com', keysSecretName: 'pxkeys' });
    expect(objects[1]).toEqual(storkDeployment());
    expect(report.storageClusterNamespace).toBeUndefined();
    expect(report.warnings.map((warning) => warning.code)).toEqual(['SPEC_SETTING_IGNORED', 'SPEC_STORK_NOT_PATCHED', 'SPEC_NAMESPACE_MISSING']);
  });

  test('spec.security of the wrong type is SPEC_FIELD_INVALID', () => {
    expect(errorOf(() => secure([storageCluster({ security: 'on' })], { issuer: 'portworx.com' }))).toEqual({
      code: 'SPEC_FIELD_INVALID',
      message: `${SC}: spec.security is a string, not a mapping: make it a mapping (key: value lines) or remove it`,
    });
  });
});

describe('secureSpecObjects, spec-wide rules and settings', () => {
  test('a portworx DaemonSet and a StorageCluster in one spec: SPEC_FORMS_MIXED', () => {
    expect(errorOf(() => secure([portworxDaemonSet(), storageCluster()], { issuer: 'portworx.com' }))).toEqual({
      code: 'SPEC_FORMS_MIXED',
      message:
        'spec.yaml holds both a portworx DaemonSet (DaemonSet kube-system/portworx) and a StorageCluster (StorageCluster kube-system/px-cluster): secure the DaemonSet spec or the operator spec, one file at a time',
    });
  });

  test('warnings: operator-only settings on a DaemonSet spec, an https:// self-signed issuer, no stork', () => {
    const { report } = secure([portworxDaemonSet()], { issuer: 'https://portworx.com', operatorTokenLifetime: '24h', guestAccess: 'Disabled' });
    expect(report.warnings).toEqual([
      {
        code: 'ISSUER_LOOKS_LIKE_OIDC',
        message:
          'issuer "https://portworx.com" starts with https://, which Portworx reads as an OIDC issuer; self-signed issuers are usually a plain name such as "portworx.com"',
      },
      { code: 'SPEC_SETTING_IGNORED', message: 'setting operatorTokenLifetime applies to the operator form only; this spec does not use it' },
      { code: 'SPEC_SETTING_IGNORED', message: 'setting guestAccess applies to the operator form only; this spec does not use it' },
      {
        code: 'SPEC_STORK_ABSENT',
        message: 'spec.yaml holds no stork Deployment; where stork runs from another spec, give its container PX_SHARED_SECRET from the keys Secret too',
      },
    ]);
  });

  test.each([
    [
      { issuer: 'px', storkKeyEnv: 'STORK' },
      'storkKeyEnv "STORK" is not an env name Portworx reads the stork key from: use PORTWORX_AUTH_STORK_KEY or PORTWORX_AUTH_SYSTEM_APPS_KEY',
    ],
    [
      { issuer: 'px', oidc: { issuer: 'idp.example.com', clientId: 'px' } },
      'oidc.issuer "idp.example.com" is not valid here: use the provider\'s issuer URL, such as "https://accounts.example.com"',
    ],
    [{ issuer: 'px', usernameClaim: 'uid' }, 'usernameClaim "uid" is not a claim Portworx can use as user name: use one of sub, email, name'],
    [
      { issuer: 'px', guestAccess: 'enabled' },
      'guestAccess "enabled" is not a guest access mode: the field is case-sensitive (did you mean "Enabled"?): use one of Enabled, Disabled, Managed (case-sensitive)',
    ],
    [
      { issuer: 'px', publicKey: { algorithm: 'RS256', path: 'jwt.pem', from: { kind: 'Secret', name: 'k', key: 'k' } } },
      'publicKey.path "jwt.pem" is not an absolute file path inside a directory: use a path such as "/etc/pwx/jwt/public.pem"',
    ],
    [
      { issuer: 'px', publicKey: { algorithm: 'PS256', path: '/a/b', from: { kind: 'Secret', name: 'k', key: 'k' } } },
      'publicKey.algorithm "PS256" is not a public-key algorithm Portworx verifies: use "RS256" or "ES256"',
    ],
  ])('settings %j: SPEC_SETTING_INVALID', (settings, message) => {
    expect(errorOf(() => secure([portworxDaemonSet()], settings as SpecPatchSettings))).toEqual({ code: 'SPEC_SETTING_INVALID', message });
  });

  test.each([
    [
      { issuer: '' },
      'issuer "" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
    [
      { issuer: 'port worx' },
      'issuer "port worx" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
    [
      { issuer: 'portworx\u0007' },
      'issuer "portworx\\u0007" is empty or holds whitespace or control characters; tokens must carry exactly the issuer Portworx trusts: use one plain word, e.g. "portworx.com"',
    ],
  ])("settings %j: ISSUER_INVALID, the cluster's issuer rule", (settings, message) => {
    expect(errorOf(() => secure([portworxDaemonSet()], settings as SpecPatchSettings))).toEqual({ code: 'ISSUER_INVALID', message });
  });

  test("Secret names and the token lifetime follow the library's shared name and duration rules", () => {
    expect(errorOf(() => secure([portworxDaemonSet()], { issuer: 'px', keysSecretName: 'PX_KEYS' }))).toEqual({
      code: 'NAME_INVALID',
      message:
        'keysSecretName "PX_KEYS" is not a valid RFC 1123 subdomain (uppercase "P" at position 1; "_" at position 3 is not allowed): use at most 253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, such as "px-keys"',
    });
    expect(errorOf(() => secure([storageCluster()], { issuer: 'px', operatorTokenLifetime: '1h30m' }))).toEqual({
      code: 'DURATION_INVALID',
      message: 'operatorTokenLifetime "1h30m" is not an openstorage duration: use a whole number and one unit of s, m, h, d or y, such as "90m", "30d" or "1y"',
    });
  });
});

function storageClassObject(): Json {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'px-db' }, provisioner: 'pxd.portworx.com', parameters: { repl: '3' } };
}
