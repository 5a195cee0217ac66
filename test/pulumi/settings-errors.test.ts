/**
 * Every spec setting of PxSecureCluster, given an invalid value, is refused when the cluster is declared, with
 * the construct's path in the field (`test/portworx.usernameClaim`, not `usernameClaim`) and the same code, in
 * cdk8s and in Pulumi, whether the cluster has a DaemonSet spec, an operator spec or none (a setting that does
 * not apply to the form is still checked: a typo must not wait for the day the spec changes).
 */
import * as path from 'node:path';
import { Chart } from 'cdk8s';
import * as cdk8s from '../../lib/cdk8s';
import { PortworxSpec, SecureClusterOptions } from '../../lib';
import { PxSecureCluster } from '../../lib/pulumi';
import { PxTesting, TEST_CLOCK, TEST_KEYS } from '../../lib/testing';
import { caughtPxSecurityError } from '../support/caught';
import { startRun } from './mocks';
import { caughtOnComponent } from './caught-on-component';

const DAEMONSET_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const OPERATOR_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/specs/06-operator-storagecluster.yaml'));
const PUBLIC_KEY = { algorithm: 'RS256', path: '/etc/pwx/jwt/public.pem', from: { kind: 'Secret', name: 'px-jwt-public', key: 'public.pem' } } as const;

/** One invalid value of a setting: the props that carry it, the field it must be reported under and the code. */
interface InvalidSetting {
  readonly props: Partial<SecureClusterOptions>;
  readonly field: string;
  readonly code: string;
}

const INVALID: readonly InvalidSetting[] = [
  { props: { issuer: ' portworx.com' }, field: 'issuer', code: 'ISSUER_INVALID' },
  { props: { keysSecretName: 'PX_KEYS' }, field: 'keysSecretName', code: 'NAME_INVALID' },
  { props: { storkKeyEnv: 'PORTWORX_AUTH_STORK' as 'PORTWORX_AUTH_STORK_KEY' }, field: 'storkKeyEnv', code: 'SPEC_SETTING_INVALID' },
  { props: { oidc: { issuer: 'accounts.example.com', clientId: 'px' } }, field: 'oidc.issuer', code: 'SPEC_SETTING_INVALID' },
  { props: { oidc: { issuer: 'https://accounts.example.com', clientId: 'p x' } }, field: 'oidc.clientId', code: 'SPEC_SETTING_INVALID' },
  {
    props: { oidc: { issuer: 'https://accounts.example.com', clientId: 'px', customClaimNamespace: 'a b' } },
    field: 'oidc.customClaimNamespace',
    code: 'SPEC_SETTING_INVALID',
  },
  { props: { publicKey: { ...PUBLIC_KEY, algorithm: 'HS256' as 'RS256' } }, field: 'publicKey.algorithm', code: 'SPEC_SETTING_INVALID' },
  { props: { publicKey: { ...PUBLIC_KEY, path: 'public.pem' } }, field: 'publicKey.path', code: 'SPEC_SETTING_INVALID' },
  {
    props: { publicKey: { ...PUBLIC_KEY, from: { ...PUBLIC_KEY.from, kind: 'Pod' as 'Secret' } } },
    field: 'publicKey.from.kind',
    code: 'SPEC_SETTING_INVALID',
  },
  { props: { publicKey: { ...PUBLIC_KEY, from: { ...PUBLIC_KEY.from, name: 'Px_Jwt' } } }, field: 'publicKey.from.name', code: 'NAME_INVALID' },
  { props: { publicKey: { ...PUBLIC_KEY, from: { ...PUBLIC_KEY.from, key: 'public pem' } } }, field: 'publicKey.from.key', code: 'SPEC_SETTING_INVALID' },
  { props: { usernameClaim: 'uid' as 'sub' }, field: 'usernameClaim', code: 'SPEC_SETTING_INVALID' },
  { props: { operatorTokenLifetime: '1h30m' }, field: 'operatorTokenLifetime', code: 'DURATION_INVALID' },
  { props: { sharedSecretName: 'Px_Shared' }, field: 'sharedSecretName', code: 'NAME_INVALID' },
  { props: { guestAccess: 'enabled' as 'Enabled' }, field: 'guestAccess', code: 'SPEC_SETTING_INVALID' },
];

const SPECS = [
  ['no spec', undefined],
  ['a DaemonSet spec', DAEMONSET_SPEC],
  ['an operator spec', OPERATOR_SPEC],
] as const;

const CASES = SPECS.flatMap(([specName, spec]) => INVALID.map((invalid) => [invalid.field, specName, invalid, spec] as const));

function propsOf(invalid: InvalidSetting, spec: PortworxSpec | undefined): SecureClusterOptions & { spec?: PortworxSpec } {
  return { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK, ...(spec !== undefined ? { spec } : {}), ...invalid.props } as SecureClusterOptions & {
    spec?: PortworxSpec;
  };
}

describe('an invalid spec setting names the construct path', () => {
  beforeAll(() => startRun());

  it('covers every setting of SecuritySettings', () => {
    const covered = new Set(INVALID.map((invalid) => invalid.field.split('.')[0]));
    const settings: (keyof import('../../lib').SecuritySettings)[] = [
      'issuer',
      'keysSecretName',
      'storkKeyEnv',
      'oidc',
      'publicKey',
      'usernameClaim',
      'operatorTokenLifetime',
      'sharedSecretName',
      'guestAccess',
    ];
    expect(settings.filter((setting) => !covered.has(setting))).toEqual([]);
  });

  it.each(CASES)('%s with %s: cdk8s', (_field, _spec, invalid, spec) => {
    const chart = new Chart(PxTesting.app(), 'test');
    const error = caughtPxSecurityError(() => new cdk8s.PxSecureCluster(chart, 'portworx', propsOf(invalid, spec)));
    expect({ code: error.code, field: error.field }).toEqual({ code: invalid.code, field: `test/portworx.${invalid.field}` });
    expect(error.message.startsWith(`test/portworx.${invalid.field} `)).toBe(true);
  });

  it.each(CASES)('%s with %s: Pulumi', (_field, _spec, invalid, spec) => {
    const error = caughtOnComponent(() => new PxSecureCluster('test/portworx', propsOf(invalid, spec)));
    expect({ code: error.code, field: error.field }).toEqual({ code: invalid.code, field: `test/portworx.${invalid.field}` });
    expect(error.message.startsWith(`test/portworx.${invalid.field} `)).toBe(true);
  });
});

describe('one name per meaning on the props', () => {
  it("operatorTokenLifetime is the StorageCluster's selfSigned.tokenLifetime; replace is pxsec patch's, not a prop", () => {
    const props: SecureClusterOptions = {
      issuer: 'portworx.com',
      operatorTokenLifetime: '12h',
      rotation: { lifetime: '1y', renewEvery: '30d' },
      // @ts-expect-error replace is a setting of pxsec patch (SpecPatchSettings), not of the constructs
      replace: true,
    };
    // @ts-expect-error the operator's token lifetime is operatorTokenLifetime; the constructs' own is rotation.lifetime
    const renamed: SecureClusterOptions = { issuer: 'portworx.com', tokenLifetime: '12h' };
    expect(renamed.issuer).toBe('portworx.com');
    const chart = new Chart(PxTesting.app(), 'test');
    new cdk8s.PxSecureCluster(chart, 'portworx', { ...props, spec: OPERATOR_SPEC, keys: TEST_KEYS, clock: TEST_CLOCK });
    const storageCluster = PxTesting.synth(chart).find((object) => object.kind === 'StorageCluster') as {
      spec: { security: { auth: { selfSigned: Record<string, unknown> } } };
    };
    expect(storageCluster.spec.security.auth.selfSigned.tokenLifetime).toBe('12h');
  });
});
