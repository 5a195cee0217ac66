/**
 * One rule, one home: an app synthesizes if and only if `pxsec check` (the audit, in-process) on its output finds
 * no error, and when synth refuses, the audit of the same objects forced out (`chart.toJson()`, no validation)
 * reports the same codes. Over the example app, the fixture specs, and generated apps: seeded random tenants,
 * token Secrets, identities and StorageClasses on a DaemonSet or an operator spec.
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
import { PxSecureCluster, PxStorageClass, PxTenant } from '../../lib/cdk8s';
import { PortworxSpec, SecretDelivery } from '../../lib/core';
import { makeControllerKeys } from '../core/sealing/controller-keys';
import { auditBundle, bundleFromTexts } from '../../lib/core/audit';
import { seededRandom, SeededRandom } from '../core/spec/seeded-random';
import { TEST_CLOCK, TEST_KEYS, TEST_NOW_MS } from '../../lib/testing';

const DAEMONSET_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../../examples/cdk8s/px-spec.yaml'));
const OPERATOR_SPEC = PortworxSpec.fromFile(path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml'));
/** How many generated apps; PXSEC_PROPERTY_RUNS raises it (CI keeps the default). */
const RUNS = Number(process.env.PXSEC_PROPERTY_RUNS ?? 60);

/** The codes synth refuses with (`[CODE] message` lines), sorted and distinct. */
function synthCodes(app: App): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (error) {
    return distinct([...(error as Error).message.matchAll(/\[([A-Z][A-Z0-9_]+)\]/g)].map((match) => match[1]));
  }
}

/** The error codes the audit finds in the chart's objects, forced out without synth's validation. */
async function auditCodes(chart: Chart): Promise<string[]> {
  // chart.toJson() would run the validations; each ApiObject's own toJson() does not.
  const text = chart.node
    .findAll()
    .filter((construct): construct is ApiObject => construct instanceof ApiObject)
    .map((object) => stringify(object.toJson()))
    .join('---\n');
  const findings = await auditBundle(bundleFromTexts([{ file: 'app.yaml', text }]), { now: TEST_NOW_MS / 1000, warnExpirySeconds: 30 * 86400 });
  return distinct(findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code));
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
function generatedApp(random: SeededRandom): { app: App; chart: Chart; description: string; hiddenSubs: boolean } {
  const app = Testing.app();
  const chart = new Chart(app, 'gen');
  const spec = random.pick([DAEMONSET_SPEC, OPERATOR_SPEC]);
  const cluster = new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
  const steps: string[] = [spec === OPERATOR_SPEC ? 'operator' : 'daemonset'];
  const tenantSecretNames = new Set<string>();
  let hiddenSubs = false;
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
    cluster.addTokenSecret(`token-${index}`, { name, namespace, secretDelivery, identity: { name: identityName, roles: ['system.user'], ...(sub !== undefined ? { sub } : {}) } });
    steps.push(`token ${namespace}/${name} ${identityName} sub=${sub ?? '-'} ${secretDelivery.kind}`);
  }
  const classCount = random.int(3);
  for (let index = 0; index < classCount; index++) {
    const perTenantFits = tenants.length > 0 && tenantSecretNames.size === 1 && tenantSecretNames.has('px-k8s-user');
    if (perTenantFits && random.next() < 0.5) {
      new PxStorageClass(chart, `class-${index}`, { cluster, name: `px-class-${index}` });
      steps.push(`class per-tenant`);
    } else {
      const token = { kind: 'fixed', secretName: random.pick(TOKEN_NAMES), namespace: random.pick(NAMESPACES) } as const;
      new PxStorageClass(chart, `class-${index}`, { cluster, name: `px-class-${index}`, token });
      steps.push(`class fixed ${token.namespace}/${token.secretName}`);
    }
  }
  return { app, chart, description: steps.join('; '), hiddenSubs };
}

test('the example app synthesizes and its output has no error finding', async () => {
  const app = Testing.app();
  const chart = new PxExampleChart(app, 'px-security', { keys: TEST_KEYS, clock: TEST_CLOCK });
  expect(await expectParity(app, chart)).toEqual({ synth: [], audit: [] });
});

test.each([
  ['the DaemonSet spec', DAEMONSET_SPEC],
  ['the operator spec', OPERATOR_SPEC],
])('a cluster on %s with a tenant and a per-tenant class: clean on both sides', async (_name, spec) => {
  const app = Testing.app();
  const chart = new Chart(app, 'fixture');
  const cluster = new PxSecureCluster(chart, 'portworx', { spec, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
  new PxTenant(chart, 'tenant-a', { cluster, namespace: 'tenant-a' });
  new PxStorageClass(chart, 'class', { cluster, name: 'px-storage' });
  expect(await expectParity(app, chart)).toEqual({ synth: [], audit: [] });
});

test('the issue\'s app: one identity in two token Secrets of different namespaces is refused by both (TOKEN_SUB_SHARED)', async () => {
  const app = Testing.app();
  const chart = new Chart(app, 'issue');
  const cluster = new PxSecureCluster(chart, 'portworx', { spec: DAEMONSET_SPEC, issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
  const identity = { name: 'ops', roles: ['system.user'] };
  cluster.addTokenSecret('a', { identity, namespace: 'portworx' });
  cluster.addTokenSecret('b', { identity, namespace: 'monitoring' });
  expect(await expectParity(app, chart)).toEqual({ synth: ['TOKEN_SUB_SHARED'], audit: ['TOKEN_SUB_SHARED'] });
});

test(`generated apps (${RUNS}, seeded): synth refuses exactly when the check finds an error, with the same codes`, async () => {
  const seen = new Set<string>();
  let refused = 0;
  let hidden = 0;
  for (let seed = 1; seed <= RUNS; seed++) {
    const { app, chart, description, hiddenSubs } = generatedApp(seededRandom(seed));
    const synth = synthCodes(app);
    const audit = await auditCodes(chart);
    // A sealed or external token hides its sub from the audit: then (only then) it may miss TOKEN_SUB_SHARED.
    const expected = hiddenSubs && !audit.includes('TOKEN_SUB_SHARED') ? synth.filter((code) => code !== 'TOKEN_SUB_SHARED') : synth;
    expect({ seed, description, audit }).toEqual({ seed, description, audit: expected });
    if (hiddenSubs) hidden++;
    synth.forEach((code) => seen.add(code));
    if (synth.length > 0) refused++;
  }
  // The generator reaches both outcomes and every shared rule.
  expect(refused).toBeGreaterThan(0);
  expect(refused).toBeLessThan(RUNS);
  expect(hidden).toBeGreaterThan(0);
  expect(hidden).toBeLessThan(RUNS);
  expect([...seen].sort()).toEqual(expect.arrayContaining(['STORAGECLASS_SECRET_MISSING', 'TOKEN_SECRET_DUPLICATE', 'TOKEN_SECRET_OPERATOR_OWNED', 'TOKEN_SUB_SHARED']));
}, 120_000);
