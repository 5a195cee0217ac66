/**
 * Securing one object at a time (what a Pulumi transformation does) gives every object exactly what securing
 * the whole spec gives it, over this project's fixtures and the shared corpus of real specs.
 */
import { PortworxSpec, PxSecurityError } from '../../../lib';
import { planIncludedCluster, planSecureCluster, secureIncludedObject } from '../../../lib/model';
import { secureSpecObject, secureSpecObjects } from '../../../lib/spec';
import { isInvalidFixture, ownFixtures, sharedFixtures } from './spec-fixtures';
import { definedAt } from '../../support/defined';

const SETTINGS = { issuer: 'portworx.com' };
/** A pinned clock (2023-11-14T22:13:20Z): a rotation window needs a time after its backdate. */
const NOW = 1_700_000_000;

/** The fixtures that secure as a whole (valid YAML, one Portworx install, no conflict). */
function securable(): { name: string; objects: Record<string, unknown>[]; form: 'daemonset' | 'operator' }[] {
  return [...ownFixtures(), ...sharedFixtures()]
    .filter((fixture) => !isInvalidFixture(fixture))
    .flatMap((fixture) => {
      try {
        const objects = [...PortworxSpec.fromText(fixture.text, fixture.name).objects];
        const whole = secureSpecObjects(objects, SETTINGS, fixture.name);
        return [{ name: fixture.name, objects, form: whole.report.form }];
      } catch (error) {
        if (error instanceof PxSecurityError) return [];
        throw error;
      }
    });
}

const FIXTURES = securable();

describe('secureSpecObject', () => {
  it('covers specs of both forms', () => {
    expect(FIXTURES.filter((f) => f.form === 'daemonset').length).toBeGreaterThan(3);
    expect(FIXTURES.filter((f) => f.form === 'operator').length).toBeGreaterThan(0);
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))('%s: object by object equals the whole spec secured', (_name, fixture) => {
    const whole = secureSpecObjects(fixture.objects, SETTINGS, fixture.name).objects;
    const oneByOne = fixture.objects.map((object) => secureSpecObject(object, SETTINGS, fixture.form, fixture.name).object);
    expect(oneByOne).toEqual(whole);
    // Objects the patch leaves alone come back as the same value; the input is never changed.
    fixture.objects.forEach((object, index) => {
      if (whole[index] === object) expect(oneByOne[index]).toBe(object);
    });
  });

  it('leaves stork to the operator in the operator form', () => {
    const stork = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stork' },
      spec: { template: { spec: { containers: [{ name: 'stork', command: ['/stork'] }] } } },
    };
    expect(secureSpecObject(stork, SETTINGS, 'operator', 'spec')).toEqual({ object: stork, target: { kind: 'stork', containerIndex: 0 }, changed: false });
    expect(secureSpecObject(stork, SETTINGS, 'daemonset', 'spec').changed).toBe(true);
  });
});

describe('planIncludedCluster', () => {
  it('places the keys Secret as planSecureCluster does for a spec of that form', () => {
    const daemonSetSpec = definedAt(
      FIXTURES.filter((f) => f.form === 'daemonset'),
      0,
      'DaemonSet fixtures',
    );
    const fromSpec = planSecureCluster({ ...SETTINGS, specObjects: daemonSetSpec.objects, now: NOW }, { field: 'portworx' });
    const fromForm = planIncludedCluster({ ...SETTINGS, now: NOW }, { form: 'daemonset', namespace: fromSpec.keysSecret.namespace }, { field: 'portworx' });
    expect({ form: fromForm.form, keysSecret: fromForm.keysSecret }).toEqual({ form: fromSpec.form, keysSecret: fromSpec.keysSecret });
    expect(planIncludedCluster({ ...SETTINGS, now: NOW }, { form: 'operator', namespace: 'portworx' }, { field: 'portworx' })).toMatchObject({
      form: 'operator',
      keysSecret: { name: 'px-shared-secret', namespace: 'portworx', keys: 'shared' },
      operatorNamespace: 'portworx',
    });
  });

  it('refuses a keysSecretNamespace other than the install namespace', () => {
    expect(() => planIncludedCluster({ ...SETTINGS, now: NOW, keysSecretNamespace: 'portworx' }, { form: 'daemonset' }, { field: 'portworx' })).toThrow(
      expect.objectContaining({ code: 'KEYS_SECRET_NAMESPACE_MISMATCH' }) as Error,
    );
  });

  it('secures nothing for a cluster installed by other means', () => {
    const external = planSecureCluster({ ...SETTINGS, now: NOW }, { field: 'portworx' });
    const daemonSet = FIXTURES.find((f) => f.form === 'daemonset')?.objects.find((o) => o.kind === 'DaemonSet') ?? {};
    expect(secureIncludedObject(external, SETTINGS, daemonSet, { field: 'portworx' })).toBe(daemonSet);
  });
});
