/**
 * One rule, one home: an app synthesizes if and only if `pxsec check` (the audit, in-process) on its output finds
 * no error, and when synth refuses, the audit of the same objects forced out (`chart.toJson()`, no validation)
 * reports the same codes. Over the example app, the fixture specs, and generated apps: seeded random tenants,
 * token Secrets, identities, StorageClasses and VolumeSnapshotClasses (per tenant, fixed or without auth; some
 * token Secrets and classes at the namespace and name of an earlier one, OBJECT_DUPLICATE) under
 * every guest access mode (Enabled, Disabled, Managed, unset) on a DaemonSet or an operator spec. The guest
 * access warnings (STORAGECLASS_NO_AUTH, VOLUMESNAPSHOTCLASS_NO_AUTH, GUEST_ACCESS_ENABLED) match too: the
 * cluster's synth warnings are the audit's warnings of those codes.
 *
 * Outside this property, by design: declaration rules a bundle cannot show (two PxTenants in one namespace, a
 * per-tenant class without a matching PxTenant, `tokenSecretExternal`), which the generator leaves out; and the
 * sub of a sealed or external token, which the audit cannot read: where the generator delivers a token sealed or
 * external, the audit may miss TOKEN_SUB_SHARED, and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { PxExampleChart } from '../../examples/cdk8s/app';
import { PxSecureCluster, PxStorageClass, PxTenant, PxVolumeSnapshotClass } from '../../lib/cdk8s';
import { GuestAccess, PortworxSpec, SecretDelivery, TokenReference } from '../../lib';
import { makeControllerKeys } from '../core/sealing/controller-keys';
import { auditBundle, bundleFromTexts } from '../../lib/audit';
import { seededRandom, SeededRandom } from '../core/spec/seeded-random';
import { TEST_CLOCK, TEST_NOW_MS } from '../../lib/testing';
import { SUITE_KEYS } from '../support/suite-keys';
import { defined } from '../support/defined';

const DAEMONSET_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const OPERATOR_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml'));
/** How many generated apps; PXSEC_PROPERTY_RUNS raises it (CI keeps the default). */
const RUNS = Number(process.env.PXSEC_PROPERTY_RUNS ?? 60);

/** The codes of the guest access rule that are warnings unless guest access is Disabled. */
const GUEST_CODES: readonly string[] = ['STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH', 'GUEST_ACCESS_ENABLED'];

/** Runs `run` with the synth's warnings on stderr swallowed (they are compared through `cluster.warnings()`). */
function quietly<T>(run: () => T): T {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return run();
  } finally {
    process.stderr.write = write;
  }
}

/** The codes synth refuses with (`[CODE] message` lines), sorted and distinct. */
function synthCodes(app: App): string[] {
  try {
    quietly(() => app.synthYaml());
    return [];
  } catch (error) {
    return distinct([...(error as Error).message.matchAll(/\[([A-Z][A-Z0-9_]+)\]/g)].map((match) => defined(match[1], 'the code in brackets')));
  }
}

/** The codes of the cluster's synth warnings, sorted and distinct. */
function synthWarningCodes(cluster: PxSecureCluster): string[] {
  return distinct(cluster.warnings().map((warning) => /^\[([A-Z][A-Z0-9_]+)\]/.exec(warning)?.[1] ?? warning));
}

/** The error codes the audit finds in the chart's objects, forced out without synth's validation. */
async function auditCodes(chart: Chart): Promise<string[]> {
  return (await auditFindings(chart)).errors;
}

/** The audit of the chart's objects, forced out without synth's validation: error codes, guest access warning codes. */
async function auditFindings(chart: Chart): Promise<{ errors: string[]; guestWarnings: string[] }> {
  // chart.toJson() would run the validations; each ApiObject's own toJson() does not.
  const text = chart.node
    .findAll()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject)
    .map((object) => stringify(object.toJson()))
    .join('---\n');
  const findings = await auditBundle(bundleFromTexts([{ file: 'app.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 30 * 86400 });
  return {
    errors: distinct(findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)),
    guestWarnings: distinct(findings.filter((finding) => finding.severity === 'warning' && GUEST_CODES.includes(finding.code)).map((finding) => finding.code)),
  };
}

function distinct(codes: readonly string[]): string[] {
  return [...new Set(codes)].sort();
}

async function expectParity(app: App, chart: Chart): Promise<{ synth: string[]; audit: string[] }> {
  const synth = synthCodes(app);
  const audit = await auditCodes(chart);
  expect({ synth, audit }).toEqual({ synth: audit, audit });
  return { synth, audit };
}

const NAMESPACES = ['portworx', 'kube-system', 'monitoring', 'tenant-a'] as const;
const TOKEN_NAMES = ['px-k8s-user', 'px-user-token', 'ops-token'] as const;
const SUBS = [undefined, undefined, 'owner-1', 'owner-2'] as const;
const TENANT_NAMESPACES = ['tenant-a', 'tenant-b', 'tenant-c'] as const;
const GUEST_ACCESS: readonly (GuestAccess | undefined)[] = [undefined, 'Enabled', 'Disabled', 'Managed'];

let work = '';
let certificatePem = '';
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'pxsec-parity-'));
  certificatePem = makeControllerKeys().certificatePem;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** How a generated token Secret is delivered: mostly plain, sometimes sealed or external (its sub hidden). */
function randomDelivery(random: SeededRandom): SecretDelivery {
  const roll = random.next();
  if (roll < 0.6) return { kind: 'plain' };
  if (roll < 0.8) return { kind: 'sealed', certificatePem, cacheFile: path.join(work, 'sealed-cache.json') };
  return { kind: 'external', storeName: 'vault' };
}

/** A random app on `spec`; returns the app and its chart, and whether some token's sub is hidden from the audit. */
function generatedApp(random: SeededRandom): {
  app: App;
  chart: Chart;
  cluster: PxSecureCluster;
  description: string;
  hiddenSubs: boolean;
  duplicateClasses: boolean;
} {
  const app = Testing.app();
  const chart = new Chart(app, 'gen');
  const spec = random.pick([DAEMONSET_SPEC, OPERATOR_SPEC]);
  const guestAccess = random.pick(GUEST_ACCESS);
  const cluster = new PxSecureCluster(chart, 'portworx', {
    spec,
    issuer: 'portworx.com',
    keys: SUITE_KEYS,
    clock: TEST_CLOCK,
    ...(guestAccess !== undefined ? { guestAccess } : {}),
  });
  const steps: string[] = [`${spec === OPERATOR_SPEC ? 'operator' : 'daemonset'} guestAccess=${guestAccess ?? 'unset'}`];
  const tenantSecretNames = new Set<string>();
  let hiddenSubs = false;
  let duplicateClasses = false;
  const tenants = [...TENANT_NAMESPACES].filter(() => random.next() < 0.4);
  for (const namespace of tenants) {
    const sub = random.pick(SUBS);
    const tokenSecretName = random.next() < 0.8 ? 'px-k8s-user' : 'tenant-token';
    tenantSecretNames.add(tokenSecretName);
    const secretDelivery = randomDelivery(random);
    hiddenSubs ||= secretDelivery.kind !== 'plain';
    new PxTenant(chart, `tenant-${namespace}`, { cluster, namespace, tokenSecretName, secretDelivery, ...(sub !== undefined ? { identity: { sub } } : {}) });
    steps.push(`tenant ${namespace} ${tokenSecretName} sub=${sub ?? '-'} ${secretDelivery.kind}`);
  }
  const tokenCount = random.int(4);
  for (let index = 0; index < tokenCount; index++) {
    const name = random.pick(TOKEN_NAMES);
    const namespace = random.pick(NAMESPACES);
    const sub = random.pick(SUBS);
    const identityName = random.pick(['ops', 'monitor', 'backup']);
    const secretDelivery = randomDelivery(random);
    hiddenSubs ||= secretDelivery.kind !== 'plain';
    cluster.addTokenSecret(`token-${index}`, {
      name,
      namespace,
      secretDelivery,
      identity: { name: identityName, roles: ['system.user'], ...(sub !== undefined ? { sub } : {}) },
    });
    steps.push(`token ${namespace}/${name} ${identityName} sub=${sub ?? '-'} ${secretDelivery.kind}`);
  }
  const perTenantFits = tenants.length > 0 && tenantSecretNames.size === 1 && tenantSecretNames.has('px-k8s-user');
  /** A class's token: per tenant (when the tenants' Secrets fit it), a fixed Secret, or none (the guest). */
  const randomToken = (): TokenReference => {
    const roll = random.next();
    if (roll < 0.2) return { kind: 'none' };
    if (perTenantFits && roll < 0.6) return { kind: 'per-tenant' };
    return { kind: 'fixed', secretName: random.pick(TOKEN_NAMES), namespace: random.pick(NAMESPACES) };
  };
  const tokenText = (token: TokenReference): string => (token.kind === 'fixed' ? `fixed ${token.namespace}/${token.secretName}` : token.kind);
  const classCount = random.int(3);
  for (let index = 0; index < classCount; index++) {
    const token = randomToken();
    // Sometimes the name of an earlier class: OBJECT_DUPLICATE on both sides.
    const name = index > 0 && random.next() < 0.25 ? `px-class-${random.int(index)}` : `px-class-${index}`;
    duplicateClasses ||= name !== `px-class-${index}`;
    new PxStorageClass(chart, `class-${index}`, { cluster, name, token });
    steps.push(`class ${name} ${tokenText(token)}`);
  }
  const snapshotClassCount = random.int(3);
  for (let index = 0; index < snapshotClassCount; index++) {
    const token = randomToken();
    const name = index > 0 && random.next() < 0.25 ? `px-snapshots-${random.int(index)}` : `px-snapshots-${index}`;
    duplicateClasses ||= name !== `px-snapshots-${index}`;
    new PxVolumeSnapshotClass(chart, `snapshot-class-${index}`, { cluster, name, token });
    steps.push(`snapshot class ${name} ${tokenText(token)}`);
  }
  return { app, chart, cluster, description: steps.join('; '), hiddenSubs, duplicateClasses };
}

test('the example app synthesizes and its output has no error finding', async () => {
  const app = Testing.app();
  const chart = new PxExampleChart(app, 'px-security', { keys: SUITE_KEYS, clock: TEST_CLOCK });
  expect(await expectParity(app, chart)).toEqual({ synth: [], audit: [] });
});

test.each([
  ['the DaemonSet spec', DAEMONSET_SPEC],
  ['the operator spec', OPERATOR_SPEC],
])('a cluster on %s with a tenant and a per-tenant class: clean on both sides', async (_name, spec) => {
  const app = Testing.app();
  const chart = new Chart(app, 'fixture');
  const cluster = new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  new PxStorageClass(chart, 'class', { cluster, name: 'px-storage' });
  expect(await expectParity(app, chart)).toEqual({ synth: [], audit: [] });
});

test("the issue's app: one identity in two token Secrets of different namespaces is refused by both (TOKEN_SUB_SHARED)", async () => {
  const app = Testing.app();
  const chart = new Chart(app, 'issue');
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: DAEMONSET_SPEC, issuer: 'portworx.com', keys: SUITE_KEYS, clock: TEST_CLOCK });
  const identity = { name: 'ops', roles: ['system.user'] };
  cluster.addTokenSecret('a', { identity, namespace: 'portworx' });
  cluster.addTokenSecret('b', { identity, namespace: 'monitoring' });
  expect(await expectParity(app, chart)).toEqual({ synth: ['TOKEN_SUB_SHARED'], audit: ['TOKEN_SUB_SHARED'] });
});

test.each(GUEST_ACCESS.map((mode) => [mode ?? 'unset', mode] as const))(
  'guest access %s with a StorageClass and a VolumeSnapshotClass without auth: the same errors and warnings on both sides',
  async (_name, guestAccess) => {
    const app = Testing.app();
    const chart = new Chart(app, 'guest');
    const cluster = new PxSecureCluster(chart, 'portworx', {
      spec: OPERATOR_SPEC,
      issuer: 'portworx.com',
      keys: SUITE_KEYS,
      clock: TEST_CLOCK,
      ...(guestAccess !== undefined ? { guestAccess } : {}),
    });
    new PxStorageClass(chart, 'class', { cluster, name: 'px-guest', token: { kind: 'none' } });
    new PxVolumeSnapshotClass(chart, 'snapshots', { cluster, name: 'px-guest-snapshots', token: { kind: 'none' } });
    const { synth, audit } = await expectParity(app, chart);
    const guestWarnings = synthWarningCodes(cluster);
    expect(guestWarnings).toEqual((await auditFindings(chart)).guestWarnings);
    const noAuth = ['STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH'];
    expect({ synth, audit, guestWarnings }).toEqual(
      guestAccess === 'Disabled'
        ? { synth: noAuth, audit: noAuth, guestWarnings: [] }
        : { synth: [], audit: [], guestWarnings: guestAccess === 'Managed' ? noAuth : ['GUEST_ACCESS_ENABLED', ...noAuth] },
    );
  },
);

test(`generated apps (${RUNS}, seeded): synth refuses exactly when the check finds an error, with the same codes`, async () => {
  const seen = new Set<string>();
  const seenWarnings = new Set<string>();
  let refused = 0;
  let hidden = 0;
  let classDuplicates = 0;
  for (let seed = 1; seed <= RUNS; seed++) {
    const { app, chart, cluster, description, hiddenSubs, duplicateClasses } = generatedApp(seededRandom(seed));
    const synth = synthCodes(app);
    const { errors: audit, guestWarnings } = await auditFindings(chart);
    // A sealed or external token hides its sub from the audit: then (only then) it may miss TOKEN_SUB_SHARED.
    const expected = hiddenSubs && !audit.includes('TOKEN_SUB_SHARED') ? synth.filter((code) => code !== 'TOKEN_SUB_SHARED') : synth;
    // Guest access warnings: the synth's (cluster.warnings()) are the audit's, whether or not synth refuses.
    expect({ seed, description, audit, guestWarnings }).toEqual({ seed, description, audit: expected, guestWarnings: synthWarningCodes(cluster) });
    if (hiddenSubs) hidden++;
    if (duplicateClasses) {
      expect({ seed, description, synth: synth.includes('OBJECT_DUPLICATE') }).toEqual({ seed, description, synth: true });
      classDuplicates++;
    }
    synth.forEach((code) => seen.add(code));
    guestWarnings.forEach((code) => seenWarnings.add(code));
    if (synth.length > 0) refused++;
  }
  // The generator reaches both outcomes and every shared rule.
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThan(RUNS);
  expect(hidden).toBeGreaterThan(0);
  expect(hidden).toBeLessThan(RUNS);
  expect(classDuplicates).toBeGreaterThan(0);
  expect([...seen].sort()).toEqual(
    expect.arrayContaining([
      'OBJECT_DUPLICATE',
      'STORAGECLASS_NO_AUTH',
      'STORAGECLASS_SECRET_MISSING',
      'TOKEN_SECRET_OPERATOR_OWNED',
      'TOKEN_SUB_SHARED',
      'VOLUMESNAPSHOTCLASS_NO_AUTH',
      'VOLUMESNAPSHOTCLASS_SECRET_MISSING',
    ]),
  );
  expect([...seenWarnings].sort()).toEqual(['GUEST_ACCESS_ENABLED', 'STORAGECLASS_NO_AUTH', 'VOLUMESNAPSHOTCLASS_NO_AUTH']);
}, 120_000);
