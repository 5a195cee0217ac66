/**
 * What Portworx and the operator silently ignore, reported: misspelled PORTWORX_AUTH_* names (DaemonSet and
 * StorageCluster), a literal key in a StorageCluster's spec.env, a guest access at another path or case, and a
 * guest access annotation that is no mode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditBundle, bundleFromTexts, Finding } from '../../../lib/audit';

const NOW = 1768435200;
const FIXTURES = join(__dirname, '../../fixtures/check');
const CLUSTER = readFileSync(join(FIXTURES, 'clean/cluster.yaml'), 'utf8');

async function audit(text: string): Promise<Finding[]> {
  return auditBundle(bundleFromTexts([{ file: 'bundle.yaml', text }]), { now: NOW, warnExpirySeconds: 0 });
}

const storageCluster = (spec: string): string =>
  `apiVersion: core.libopenstorage.org/v1\nkind: StorageCluster\nmetadata:\n  name: px-cluster\n  namespace: kube-system\nspec:\n  image: portworx/oci-monitor:2.13.0\n${spec}`;

test('a misspelled key variable in the portworx container is ENV_NAME_UNKNOWN with the name Portworx reads', async () => {
  const misspelled = CLUSTER.replace('- name: PORTWORX_AUTH_JWT_SHAREDSECRET', '- name: PORTWORX_AUTH_JWT_SHARED_SECRET');
  const finding = (await audit(misspelled)).find((candidate) => candidate.code === 'ENV_NAME_UNKNOWN');
  expect(finding).toMatchObject({
    severity: 'warning',
    object: 'DaemonSet kube-system/portworx',
    field: 'spec.template.spec.containers[portworx].env[PORTWORX_AUTH_JWT_SHARED_SECRET]',
    message:
      'PORTWORX_AUTH_JWT_SHARED_SECRET is no variable Portworx reads, so the setting it was meant for stays unset; did you mean PORTWORX_AUTH_JWT_SHAREDSECRET?',
  });
  // Other variables are none of this check's business.
  expect((await audit(CLUSTER.replace('- name: PORTWORX_AUTH_JWT_SHAREDSECRET', '- name: PX_HTTP_PROXY'))).map((f) => f.code)).not.toContain(
    'ENV_NAME_UNKNOWN',
  );
});

test("a literal key in a StorageCluster's spec.env is KEY_IN_PLAINTEXT_ENV, as in the DaemonSet form", async () => {
  const findings = await audit(
    storageCluster(`  security:\n    enabled: true\n  env:\n    - name: PORTWORX_AUTH_SYSTEM_APPS_KEY\n      value: "${'k'.repeat(64)}"\n`),
  );
  expect(findings.map((finding) => [finding.code, finding.field, finding.message])).toEqual([
    [
      'KEY_IN_PLAINTEXT_ENV',
      'spec.env[PORTWORX_AUTH_SYSTEM_APPS_KEY]',
      'PORTWORX_AUTH_SYSTEM_APPS_KEY is written as a literal value (64 characters): the key is in plaintext in the manifest, in the StorageCluster and in every pod spec the operator makes from it',
    ],
  ]);
});

test.each([
  ['spec.security.guestAccess', '  security:\n    enabled: true\n    guestAccess: Disabled\n'],
  ['spec.security.auth.GuestAccess', '  security:\n    enabled: true\n    auth:\n      GuestAccess: Disabled\n'],
  ['spec.security.auth.guest_access', '  security:\n    enabled: true\n    auth:\n      guest_access: Disabled\n'],
])('guestAccess at %s is GUEST_ACCESS_IGNORED', async (field, spec) => {
  const findings = await audit(storageCluster(spec));
  expect(findings.map((finding) => [finding.code, finding.field])).toEqual([['GUEST_ACCESS_IGNORED', field]]);
  expect(findings[0]?.message).toContain('guest access stays at its default, Enabled');
});

test('a guest access annotation that is no mode is GUEST_ACCESS_IGNORED on the keys Secret', async () => {
  const annotated = CLUSTER.replace(
    '  annotations: {stork.libopenstorage.org/skip-resource: "true"}',
    '  annotations: {stork.libopenstorage.org/skip-resource: "true", px-security-constructs/guest-access: disabled}',
  );
  const findings = await audit(annotated);
  expect(findings.map((finding) => [finding.code, finding.object, finding.message])).toEqual([
    [
      'GUEST_ACCESS_IGNORED',
      'Secret kube-system/pxkeys',
      'metadata.annotations["px-security-constructs/guest-access"] "disabled" is not a guest access mode: the field is case-sensitive (did you mean "Disabled"?), ' +
        "so the synth and pxsec check read no guest access declaration from it (Portworx's default, Enabled)",
    ],
  ]);
});
