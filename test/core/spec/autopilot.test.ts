/**
 * Autopilot, as the operator wires it (issue 16, section 4): in the DaemonSet form, `pxsec patch` (text and
 * objects), the cdk8s construct, `include` in place and `pxsec check` give autopilot the key Portworx trusts for stork and the issuer
 * Portworx ties to it. Played over every spec of both corpora that holds an autopilot Deployment.
 */
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';
import { generateKeys } from '../../../lib/core/keys/key-sources';
import { keysSecret } from '../../../lib/core/cluster/secrets';
import { parseSpec } from '../../../lib/core/yaml/documents';
import { secureSpecObject } from '../../../lib/core/spec/secure-object';
import { secureSpecObjects } from '../../../lib/core/spec/secure-objects';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { SecuritySettings } from '../../../lib/core/cluster/security-settings';
import { isInvalidFixture, ownFixtures, sharedFixtures } from './spec-fixtures';
import { PxSecureCluster } from '../../../lib/cdk8s';
import { PortworxSpec } from '../../../lib';
import { keysDigest } from '../../../lib/core/spec/keys-rollout';
import { TEST_CLOCK } from '../../../lib/testing';
import { synthObjects } from '../../support/cdk8s-synth';
import { definedAt } from '../../support/defined';
import { autopilotAt } from './spec-invariants';

type Json = Record<string, unknown>;
const NOW = 1768435200;
const withAutopilot = [...ownFixtures(), ...sharedFixtures()].filter(
  (fixture) => !isInvalidFixture(fixture) && autopilotAt(parseSpec(fixture.text, fixture.name).objects) !== undefined,
);

function autopilotEnv(objects: readonly Json[], file: string): Json[] {
  const target = autopilotAt(objects);
  if (target === undefined) throw new Error(`${file}: no autopilot`);
  const containers = (definedAt(objects, target.index, 'objects') as { spec: { template: { spec: { containers: Json[] } } } }).spec.template.spec.containers;
  return (definedAt(containers, target.containerIndex, 'containers').env ?? []) as Json[];
}

async function audit(file: string, text: string): Promise<Finding[]> {
  return auditBundle(bundleFromTexts([{ file, text }]), { now: NOW, warnExpirySeconds: 30 * 86400 });
}

function withKeys(text: string): string {
  return `${text.endsWith('\n') ? text : `${text}\n`}---\n${stringify(keysSecret(generateKeys()))}`;
}

test('the corpora hold autopilot: the shared fixture 08 (where present) and the own fixture 15', () => {
  const names = withAutopilot.map((fixture) => fixture.name);
  expect(names).toContain('15-autopilot-flow-command-env.yaml');
  if (sharedFixtures().length > 0) expect(names).toContain('08-px251-essentials-csi-autopilot.yaml');
});

describe.each(withAutopilot.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
  const input = parseSpec(fixture.text, fixture.name).objects;

  test.each([
    ['PORTWORX_AUTH_STORK_KEY (default)', {}, 'stork.openstorage.io'],
    ['PORTWORX_AUTH_SYSTEM_APPS_KEY', { storkKeyEnv: 'PORTWORX_AUTH_SYSTEM_APPS_KEY' }, 'apps.portworx.io'],
  ] as const)('with %s: PX_SHARED_SECRET from stork-secret and the issuer Portworx ties to that key, as text and as objects', (_name, extra, issuer) => {
    const settings: SecuritySettings = { issuer: 'portworx.com', ...extra };
    const secured = secureSpecText(fixture.text, fixture.name, settings);
    const env = autopilotEnv(secured.objects, fixture.name);
    expect(env.filter((entry) => entry.name === 'PX_SHARED_SECRET')).toEqual([
      { name: 'PX_SHARED_SECRET', valueFrom: { secretKeyRef: { name: 'pxkeys', key: 'stork-secret' } } },
    ]);
    expect(env.filter((entry) => entry.name === 'PX_JWT_ISSUER')).toEqual([{ name: 'PX_JWT_ISSUER', value: issuer }]);
    const reparsed = parseAllDocuments(secured.text)
      .map((document) => document.toJS() as unknown)
      .filter((object) => object !== null);
    expect(reparsed).toEqual(secured.objects);
    expect(secureSpecObjects(input, settings, fixture.name).objects).toEqual(secured.objects);
    expect(secured.report.autopilot).toBe('patched');
    // Idempotent: a second patch changes nothing.
    expect(secureSpecText(secured.text, fixture.name, settings).report).toMatchObject({ alreadySecured: true, autopilot: 'already-secured' });
  });

  test('one object at a time (Pulumi transformation, cdk8s include) gives autopilot the same edits', () => {
    const settings: SecuritySettings = { issuer: 'portworx.com' };
    const whole = secureSpecObjects(input, settings, fixture.name).objects;
    const index = definedAt([autopilotAt(input)?.index], 0, 'autopilot index') as number;
    expect(secureSpecObject(definedAt(input, index, 'input'), settings, 'daemonset', fixture.name).object).toEqual(whole[index]);
    expect(secureSpecObject(definedAt(input, index, 'input'), settings, 'operator', fixture.name).object).toBe(input[index]);
  });

  test('pxsec check: an autopilot without the key is AUTOPILOT_KEY_MISSING; patched, no autopilot finding', async () => {
    const settings: SecuritySettings = { issuer: 'portworx.com' };
    const secured = secureSpecText(fixture.text, fixture.name, settings);
    const clean = await audit(fixture.name, withKeys(secured.text));
    expect(clean.filter((finding) => finding.code.startsWith('AUTOPILOT_'))).toEqual([]);
    // Portworx and stork secured, autopilot left as it was.
    const target = autopilotAt(input);
    const partly = secured.objects.map((object, i) => (i === target?.index ? definedAt(input, i, 'input') : object));
    const findings = await audit(fixture.name, withKeys(partly.map((object) => stringify(object)).join('---\n')));
    const missing = findings.filter((finding) => finding.code === 'AUTOPILOT_KEY_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'error', object: expect.stringMatching(/^Deployment .*autopilot$/) as unknown });
    expect(missing[0]?.message).toContain('autopilot has no PX_SHARED_SECRET while PX-Security is on');
  });
});

test('pxsec check: autopilot reading another key, or with the apps issuer beside PORTWORX_AUTH_STORK_KEY, is reported', async () => {
  const fixture = definedAt(
    withAutopilot.filter((candidate) => candidate.corpus === 'own'),
    0,
    'own autopilot fixtures',
  );
  const secured = secureSpecText(fixture.text, fixture.name, { issuer: 'portworx.com' });
  const otherKey = secured.text.replace(
    /(- name: PX_SHARED_SECRET\n(\s+)valueFrom:\n\s+secretKeyRef:\n\s+name: pxkeys\n\s+key: )stork-secret(\n\s+- name: PX_JWT_ISSUER)/,
    '$1system-secret$3',
  );
  expect(otherKey).not.toBe(secured.text);
  const findings = await audit(fixture.name, withKeys(otherKey));
  expect(findings.filter((finding) => finding.code === 'AUTOPILOT_KEY_MISSING').map((finding) => finding.message)).toEqual([
    'autopilot\'s PX_SHARED_SECRET comes from Secret portworx/pxkeys key "system-secret", but the portworx container\'s PORTWORX_AUTH_STORK_KEY comes from Secret portworx/pxkeys key "stork-secret": Portworx refuses autopilot\'s calls unless both are the same key',
  ]);
  const appsIssuer = secured.text.replace('value: stork.openstorage.io', 'value: apps.portworx.io');
  const mismatch = (await audit(fixture.name, withKeys(appsIssuer))).filter((finding) => finding.code === 'AUTOPILOT_ISSUER_MISMATCH');
  expect(mismatch).toHaveLength(1);
  expect(mismatch[0]).toMatchObject({ severity: 'warning' });
  expect(mismatch[0]?.message).toBe(
    'autopilot\'s PX_JWT_ISSUER is "apps.portworx.io", but the portworx container trusts its key (PORTWORX_AUTH_STORK_KEY) for the issuer "stork.openstorage.io": tokens autopilot signs with another issuer are refused',
  );
});

describe.each(withAutopilot.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s through the cdk8s construct', (_label, fixture) => {
  test('the synthesized autopilot has the key, the issuer and the keys digest, and pxsec check finds no autopilot problem', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'px');
    const keys = generateKeys();
    new PxSecureCluster(chart, 'cluster', { spec: PortworxSpec.fromText(fixture.text, fixture.name), issuer: 'portworx.com', keys, clock: TEST_CLOCK });
    const objects = synthObjects(app, chart) as Json[];
    const env = autopilotEnv(objects, fixture.name);
    expect(env.filter((entry) => entry.name === 'PX_SHARED_SECRET')).toEqual([
      { name: 'PX_SHARED_SECRET', valueFrom: { secretKeyRef: { name: 'pxkeys', key: 'stork-secret' } } },
    ]);
    expect(env.filter((entry) => entry.name === 'PX_JWT_ISSUER')).toEqual([{ name: 'PX_JWT_ISSUER', value: 'stork.openstorage.io' }]);
    const autopilot = definedAt(objects, definedAt([autopilotAt(objects)?.index], 0, 'autopilot') as number, 'objects') as {
      spec: { template: { metadata: { annotations: Record<string, string> } } };
    };
    expect(autopilot.spec.template.metadata.annotations['px-security-constructs/keys-digest']).toBe(keysDigest(keys, ['stork']));
    const findings = await audit('dist/px.k8s.yaml', app.synthYaml());
    expect(findings.filter((finding) => finding.code.startsWith('AUTOPILOT_') || finding.code.startsWith('STORK_'))).toEqual([]);
  });
});
