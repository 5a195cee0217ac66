/**
 * The issue's "Must show" over real install specs: every valid spec of the shared corpus
 * (`../shared/fixtures/portworx-specs/`, skipped with a message where it is absent) and of the project's own
 * hand-written corpus (the same structural variants). Before patching, the audit says security is not enabled
 * (except on the specs that ship secured); after `secureSpecText` plus a keys Secret, it finds no error.
 */
import { stringify } from 'yaml';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';
import { generateKeys } from '../../../lib/core/keys/key-sources';
import { keysSecret } from '../../../lib/core/cluster/secrets';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { isInvalidFixture, ownFixtures, sharedFixtures, SpecFixture } from '../spec/spec-fixtures';

const NOW = 1768435200;
const THIRTY_DAYS = 30 * 86400;
const specs = [...ownFixtures(), ...sharedFixtures()].filter((fixture) => !isInvalidFixture(fixture));

/** The specs that ship with PX-Security on, and the issuer they trust. */
function shippedIssuer(fixture: SpecFixture): string | undefined {
  if (/already-secured|security-enabled/.test(fixture.name)) return 'example-domain.com';
  if (fixture.name.includes('operator-secured')) return 'operator.portworx.io';
  return undefined;
}

async function audit(file: string, text: string): Promise<Finding[]> {
  return auditBundle(bundleFromTexts([{ file, text }]), { now: NOW, warnExpirySeconds: THIRTY_DAYS });
}

test('the corpora are there: the own specs always, the shared ones where present', () => {
  expect(specs.filter((fixture) => fixture.corpus === 'own').length).toBeGreaterThanOrEqual(13);
});

describe.each(specs.map((fixture) => [`${fixture.corpus}/${fixture.name}`, fixture] as const))('%s', (_label, fixture) => {
  const issuer = shippedIssuer(fixture);

  test(issuer === undefined ? 'before patching: an error that security is not enabled' : 'as shipped: security is enabled', async () => {
    const notEnabled = (await audit(fixture.name, fixture.text)).filter((finding) => finding.code === 'SECURITY_NOT_ENABLED');
    if (issuer !== undefined) {
      expect(notEnabled).toEqual([]);
      return;
    }
    expect(notEnabled).toHaveLength(1);
    expect(notEnabled[0]).toMatchObject({ severity: 'error', location: { file: fixture.name } });
    expect(notEnabled[0]?.fix).toContain(`pxsec patch ${fixture.name} --issuer <issuer>`);
  });

  test('after pxsec patch plus a keys Secret: no error', async () => {
    const secured = secureSpecText(fixture.text, fixture.name, { issuer: issuer ?? 'portworx.com' });
    const bundle = `${secured.text.endsWith('\n') ? secured.text : `${secured.text}\n`}---\n${stringify(keysSecret(generateKeys()))}`;
    const errors = (await audit(fixture.name, bundle)).filter((finding) => finding.severity === 'error');
    expect(errors).toEqual([]);
  });
});
