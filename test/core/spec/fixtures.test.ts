/**
 * The "Must show", over every real spec of the shared corpus and every hand-written fixture.
 */
import { parseAllDocuments } from 'yaml';
import { isPxSecurityError } from '../../../lib/core/errors/errors';
import { findPortworxTargets } from '../../../lib/core/spec/targets';
import { parseSpec } from '../../../lib/core/yaml/documents';
import { secureSpecObjects } from '../../../lib/core/spec/secure-objects';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { SecuritySettings } from '../../../lib/core/cluster/security-settings';
import { autopilotAt, changesOutside, expectSecured, targetLineRanges } from './spec-invariants';
import { isInvalidFixture, ownFixtures, schemaProblem, sharedFixtures, SpecFixture } from './spec-fixtures';
import { definedAt } from '../../support/defined';

const fixtures = [...ownFixtures(), ...sharedFixtures()];
const validFixtures = fixtures.filter((fixture) => !isInvalidFixture(fixture));
const invalidFixtures = fixtures.filter(isInvalidFixture);
/** Where each invalid spec breaks (column 8 in both: `data:  policy.cfg: |-`). */
const INVALID_LINE: Record<string, number> = { '07-INVALID-malformed.yaml': 12, '13-INVALID-px2038-katacoda-malformed.yaml': 6 };

/** The already-secured specs carry `example-domain.com`; the operator one with `security.enabled` uses the operator's issuer. */
function issuerFor(fixture: SpecFixture): string {
  if (/already-secured|security-enabled/.test(fixture.name)) return 'example-domain.com';
  if (fixture.name.includes('operator-secured')) return 'operator.portworx.io';
  return 'portworx.com';
}

const withOidc = (issuer: string): SecuritySettings => ({
  issuer,
  oidc: { issuer: 'https://idp.example.com/realms/px', clientId: 'portworx', customClaimNamespace: 'https://portworx.example.com/' },
  usernameClaim: 'email',
});

function parseAllObjects(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: false })
    .map((document) => document.toJS() as unknown)
    .filter((object) => object !== null);
}

test('both corpora are there: 15 own fixtures (one per structural variant) and, where present, the shared ones', () => {
  expect(ownFixtures().map((fixture) => fixture.name)).toHaveLength(15);
  expect(validFixtures.length).toBeGreaterThanOrEqual(13);
});

test('the confinement check itself flags a change outside the targets', () => {
  const fixture = definedAt(ownFixtures(), 0, 'own fixtures');
  const objects = parseSpec(fixture.text, fixture.name).objects;
  const ranges = targetLineRanges(fixture.text, objects, fixture.name);
  expect(changesOutside(fixture.text, fixture.text.replace('  name: px-account\n', '  name: px-other\n'), ranges)).toEqual([22, 23]);
  expect(changesOutside(fixture.text, fixture.text, ranges)).toEqual([]);
});

describe.each(validFixtures.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
  const settings: SecuritySettings = { issuer: issuerFor(fixture) };
  const input = parseSpec(fixture.text, fixture.name).objects;
  const secured = secureSpecText(fixture.text, fixture.name, settings);

  test("the secured text parses, to exactly the objects form's output", () => {
    expect(parseAllObjects(secured.text)).toEqual(secured.objects);
    expect(secureSpecObjects(input, settings, fixture.name).objects).toEqual(secured.objects);
  });

  test('secured as asked: one -jwt_issuer, exactly the required env entries, stork PX_SHARED_SECRET, the rest deep-equal', () => {
    expectSecured(input, secured.objects, settings, fixture.name);
    const objectsForm = secureSpecObjects(input, settings, fixture.name);
    const untouched = input.filter((object, i) => objectsForm.objects[i] === object);
    const targets = findPortworxTargets(input, fixture.name);
    const patchedTargets =
      targets.storageCluster !== undefined ? 1 : [targets.daemonSet, targets.stork, autopilotAt(input)].filter((target) => target !== undefined).length;
    expect(untouched.length).toBeGreaterThanOrEqual(input.length - patchedTargets);
  });

  test('every object validates against the Kubernetes schema: the targets always, the others wherever the input did', () => {
    let validated = 0;
    secured.objects.forEach((object, i) => {
      const patched = JSON.stringify(object) !== JSON.stringify(input[i]);
      if (patched || schemaProblem(definedAt(input, i, 'input objects')) === undefined) {
        expect(schemaProblem(object)).toBeUndefined();
        validated++;
      }
    });
    expect(validated).toBeGreaterThan(0);
  });

  test('the text diff touches only the portworx, stork and autopilot containers (or the StorageCluster)', () => {
    expect(changesOutside(fixture.text, secured.text, targetLineRanges(fixture.text, input, fixture.name))).toEqual([]);
    expect(secured.text.endsWith('\n')).toBe(fixture.text.endsWith('\n'));
  });

  test('patching twice equals patching once, as text and as objects', () => {
    const again = secureSpecText(secured.text, fixture.name, settings);
    expect(again.text).toBe(secured.text);
    expect(again.report.alreadySecured).toBe(true);
    expect(again.report.changes.every((change) => change.action === 'unchanged')).toBe(true);
    const objectsAgain = secureSpecObjects(secured.objects, settings, fixture.name);
    expect(objectsAgain.objects).toEqual(secured.objects);
    expect(objectsAgain.report.alreadySecured).toBe(true);
  });

  test('with OIDC and a username claim too: confined, agreeing, idempotent', () => {
    const oidc = withOidc(settings.issuer);
    const patched = secureSpecText(fixture.text, fixture.name, oidc);
    expect(parseAllObjects(patched.text)).toEqual(patched.objects);
    expect(changesOutside(fixture.text, patched.text, targetLineRanges(fixture.text, input, fixture.name))).toEqual([]);
    expect(secureSpecText(patched.text, fixture.name, oidc).text).toBe(patched.text);
    const targets = findPortworxTargets(patched.objects, fixture.name);
    if (targets.daemonSet) {
      const { index, containerIndex } = targets.daemonSet;
      const args = definedAt(
        (patched.objects[index] as { spec: { template: { spec: { containers: { args: string[] }[] } } } }).spec.template.spec.containers,
        containerIndex,
        'containers',
      ).args;
      const pairs: [string, string][] = [
        ['-jwt_issuer', settings.issuer],
        ['-oidc_issuer', 'https://idp.example.com/realms/px'],
        ['-oidc_client_id', 'portworx'],
        ['-oidc_custom_claim_namespace', 'https://portworx.example.com/'],
        ['-username_claim', 'email'],
      ];
      for (const [flag, value] of pairs) {
        const at = args.flatMap((arg, i) => (arg === flag ? [i] : []));
        expect(at).toHaveLength(1);
        expect(args[definedAt(at, 0, `${flag} positions`) + 1]).toBe(value);
      }
    } else {
      const env = (patched.objects[targets.storageCluster?.index ?? 0] as { spec: { env: unknown[] } }).spec.env;
      expect(env).toEqual(
        expect.arrayContaining([
          { name: 'PORTWORX_AUTH_OIDC_ISSUER', value: 'https://idp.example.com/realms/px' },
          { name: 'PORTWORX_AUTH_OIDC_CLIENTID', value: 'portworx' },
          { name: 'PORTWORX_AUTH_OIDC_CUSTOM_NAMESPACE', value: 'https://portworx.example.com/' },
          { name: 'PORTWORX_AUTH_USERNAME_CLAIM', value: 'email' },
        ]),
      );
    }
  });
});

describe.each(invalidFixtures.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s (invalid YAML)', (_label, fixture) => {
  test('fails with SPEC_INVALID_YAML naming the file, line and column', () => {
    let caught: unknown;
    try {
      secureSpecText(fixture.text, fixture.name, { issuer: 'portworx.com' });
    } catch (error) {
      caught = error;
    }
    expect(isPxSecurityError(caught)).toBe(true);
    const error = caught as Error & { code: string };
    expect(error.code).toBe('SPEC_INVALID_YAML');
    const line = INVALID_LINE[fixture.name];
    expect(error.message).toBe(
      `${fixture.name}:${line}:8 is not valid YAML (a nested mapping where a single value was expected): correct the YAML at line ${line}, column 8 and run again`,
    );
  });
});

describe('already-secured specs (issuer example-domain.com)', () => {
  const secure = fixtures.filter((fixture) => /already-secured|security-enabled/.test(fixture.name));

  test.each(secure.map((fixture) => [fixture.name, fixture] as const))('%s: the same issuer changes nothing, byte for byte', (_name, fixture) => {
    const secured = secureSpecText(fixture.text, fixture.name, { issuer: 'example-domain.com' });
    expect(secured.text).toBe(fixture.text);
    expect(secured.report).toMatchObject({ alreadySecured: true, stork: 'already-secured', existingIssuer: 'example-domain.com' });
  });

  test.each(secure.map((fixture) => [fixture.name, fixture] as const))('%s: another issuer is an error showing both', (_name, fixture) => {
    expect(() => secureSpecText(fixture.text, fixture.name, { issuer: 'portworx.com' })).toThrow(
      'DaemonSet kube-system/portworx: spec.template.spec.containers[portworx].args already holds -jwt_issuer "example-domain.com", not the asked -jwt_issuer "portworx.com": run pxsec patch with --replace on the spec (replace: true for the /spec functions) to replace it, or ask for what the spec holds',
    );
  });

  test.each(secure.map((fixture) => [fixture.name, fixture] as const))('%s: with replace, only the issuer line changes', (_name, fixture) => {
    const secured = secureSpecText(fixture.text, fixture.name, { issuer: 'portworx.com', replace: true });
    const before = fixture.text.split('\n');
    const after = secured.text.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    const line = definedAt(changed, 0, 'changed lines');
    expect(after[line]).toBe(definedAt(before, line, 'lines before').replace('"example-domain.com"', '"portworx.com"'));
    expect(secured.report.changes.filter((change) => change.action === 'replaced')).toEqual([
      {
        object: 'DaemonSet kube-system/portworx',
        path: 'spec.template.spec.containers[portworx].args',
        action: 'replaced',
        detail: '-jwt_issuer "example-domain.com" replaced by -jwt_issuer "portworx.com"',
      },
    ]);
  });
});
