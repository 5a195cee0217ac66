/**
 * Property tests over mutated specs (seeded, so every run checks the same cases): documents removed,
 * duplicated and reordered; env and args missing or of the wrong type; random scalars swapped in anywhere.
 * Each case either gives a correct result (checked as in the fixtures test) or a PxSecurityError, never
 * another exception.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { isPxSecurityError } from '../../../lib/core/errors/errors';
import { parseSpec } from '../../../lib/core/yaml/documents';
import { secureSpecObjects } from '../../../lib/core/spec/secure-objects';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { SpecPatchSettings } from '../../../lib/core/cluster/security-settings';
import { expectSecured } from './spec-invariants';
import { isInvalidFixture, ownFixtures } from './spec-fixtures';
import { SeededRandom, seededRandom } from './seeded-random';
import { definedAt } from '../../support/defined';

/** Scales every loop: PXSEC_FUZZ_SCALE=10 runs ten times the CI default (1). */
const SCALE = Number(process.env.PXSEC_FUZZ_SCALE ?? 1);
const runs = (count: number): number => Math.max(1, Math.round(count * SCALE));

type Json = Record<string, unknown>;

const bases = ownFixtures().filter((fixture) => !isInvalidFixture(fixture) && fixture.text.length < 20000);
const SETTINGS: readonly SpecPatchSettings[] = [
  { issuer: 'portworx.com' },
  { issuer: 'example-domain.com' },
  { issuer: 'portworx.com', replace: true },
  {
    issuer: 'operator.portworx.io',
    oidc: { issuer: 'https://idp.example.com', clientId: 'px', customClaimNamespace: 'https://px.example.com/' },
    usernameClaim: 'email',
  },
  { issuer: 'portworx.com', storkKeyEnv: 'PORTWORX_AUTH_SYSTEM_APPS_KEY', keysSecretName: 'px-auth' },
  { issuer: 'portworx.com', publicKey: { algorithm: 'ES256', path: '/etc/pwx/jwt/ec.pem', from: { kind: 'ConfigMap', name: 'px-ec', key: 'ec.pem' } } },
];
const SCALARS: readonly unknown[] = [
  0,
  9001,
  -1.5,
  true,
  false,
  null,
  '',
  'x',
  '-jwt_issuer',
  'portworx/oci-monitor:2.6',
  '/stork',
  'PX_SHARED_SECRET',
  [],
  {},
  ['-jwt_issuer'],
  [7],
  [{ name: 5 }],
  { name: 'PORTWORX_AUTH_SYSTEM_KEY' },
];
const CONTAINER_FIELDS = ['args', 'env', 'command', 'image', 'name', 'volumeMounts'];

function podContainers(object: unknown): unknown[] | undefined {
  const containers = (object as { spec?: { template?: { spec?: { containers?: unknown } } } } | null)?.spec?.template?.spec?.containers;
  return Array.isArray(containers) ? containers : undefined;
}

/** Replaces a value at a random path (biased towards the containers) with a random scalar or shape. */
function swapRandomValue(object: unknown, random: SeededRandom): void {
  const containers = podContainers(object);
  let node: unknown = containers && random.next() < 0.6 ? random.pick(containers) : object;
  for (let depth = 0; depth < 1 + random.int(6); depth++) {
    if (typeof node !== 'object' || node === null) return;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) return;
    const key = random.pick(keys as (string | number)[]);
    const child = (node as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null || random.next() < 0.3) {
      (node as Record<string | number, unknown>)[key] = structuredClone(random.pick(SCALARS));
      return;
    }
    node = child;
  }
}

function mutateContainerField(objects: Json[], random: SeededRandom): void {
  const withContainers = objects.filter((object) => podContainers(object) !== undefined);
  if (withContainers.length === 0) return;
  const containers = podContainers(random.pick(withContainers)) as unknown[];
  const container = random.pick(containers);
  if (typeof container !== 'object' || container === null) return;
  const field = random.pick(CONTAINER_FIELDS);
  const roll = random.next();
  if (roll < 0.3) delete (container as Json)[field];
  else if (roll < 0.5 && Array.isArray((container as Json)[field])) ((container as Json)[field] as unknown[]).push(structuredClone(random.pick(SCALARS)));
  else (container as Json)[field] = structuredClone(random.pick(SCALARS));
}

function mutateObjects(objects: Json[], random: SeededRandom): Json[] {
  let mutated = structuredClone(objects);
  for (let step = 0; step < 1 + random.int(3); step++) {
    const roll = random.next();
    if (roll < 0.15 && mutated.length > 0) mutated.splice(random.int(mutated.length), 1);
    else if (roll < 0.3 && mutated.length > 0) mutated.splice(random.int(mutated.length + 1), 0, structuredClone(random.pick(mutated)));
    else if (roll < 0.4) mutated = shuffle(mutated, random);
    else if (roll < 0.75) mutateContainerField(mutated, random);
    else if (mutated.length > 0) swapRandomValue(random.pick(mutated), random);
  }
  return mutated;
}

function shuffle<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [copy[i], copy[j]] = [definedAt(copy, j), definedAt(copy, i)];
  }
  return copy;
}

/** Document-level mutations of the file's own text: its formatting and comments stay. */
function mutateDocumentsOfText(text: string, random: SeededRandom): string {
  let chunks = text.split(/^---[ \t]*$/m);
  const roll = random.next();
  if (roll < 0.33 && chunks.length > 1) chunks.splice(random.int(chunks.length), 1);
  else if (roll < 0.66) chunks.splice(random.int(chunks.length + 1), 0, random.pick(chunks));
  else chunks = shuffle(chunks, random);
  return chunks.map((chunk) => chunk.replace(/^\n/, '').replace(/([^\n])$/, '$1\n')).join('---\n');
}

function parsedObjects(text: string): unknown[] {
  return parseAllDocuments(text, { uniqueKeys: false })
    .map((document) => document.toJS() as unknown)
    .filter((object) => object !== null);
}

/** Runs `attempt`; a PxSecurityError is a fine outcome, any other exception fails the case. */
function correctOrPxSecurityError(label: string, attempt: () => void): 'secured' | 'rejected' {
  try {
    attempt();
    return 'secured';
  } catch (error) {
    if (isPxSecurityError(error)) return 'rejected';
    throw new Error(`${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

describe('property tests over mutated specs', () => {
  test('objects form: 300 mutated specs give a correct, idempotent result or a PxSecurityError', () => {
    const random = seededRandom(1);
    const outcomes = { secured: 0, rejected: 0 };
    for (let run = 0; run < runs(300); run++) {
      const base = random.pick(bases);
      const settings = random.pick(SETTINGS);
      const mutated = mutateObjects(parseSpec(base.text, base.name).objects as Json[], random);
      const outcome = correctOrPxSecurityError(`case ${run} (${base.name})`, () => {
        const secured = secureSpecObjects(mutated, settings, base.name);
        expectSecured(mutated, secured.objects, settings, base.name);
        const again = secureSpecObjects(secured.objects, settings, base.name);
        expect(again.objects).toEqual(secured.objects);
        expect(again.report.alreadySecured).toBe(true);
      });
      outcomes[outcome]++;
    }
    // Both outcomes must actually occur, or the mutations test nothing.
    expect(outcomes.secured).toBeGreaterThan(60);
    expect(outcomes.rejected).toBeGreaterThan(30);
  });

  test('text form: 250 mutated specs, re-written in block, flow or mixed style; text and objects agree', () => {
    const random = seededRandom(2);
    const outcomes = { secured: 0, rejected: 0 };
    for (let run = 0; run < runs(250); run++) {
      const base = random.pick(bases);
      const settings = random.pick(SETTINGS);
      const mutated = mutateObjects(parseSpec(base.text, base.name).objects as Json[], random);
      const style = random.pick(['any', 'block', 'flow'] as const);
      const text = mutated
        .map((object) => stringify(object, { collectionStyle: style, indent: random.pick([2, 4]), indentSeq: random.next() < 0.5 }))
        .join('---\n');
      const outcome = correctOrPxSecurityError(`case ${run} (${base.name}, ${style})`, () => {
        const secured = secureSpecText(text, base.name, settings);
        expect(parsedObjects(secured.text)).toEqual(secured.objects);
        expect(secured.objects).toEqual(secureSpecObjects(mutated, settings, base.name).objects);
        expectSecured(mutated, secured.objects, settings, base.name);
        expect(secureSpecText(secured.text, base.name, settings).text).toBe(secured.text);
      });
      outcomes[outcome]++;
    }
    expect(outcomes.secured).toBeGreaterThan(50);
    expect(outcomes.rejected).toBeGreaterThan(20);
  });

  test("text form: 150 specs with documents removed, duplicated or reordered in the file's own text", () => {
    const random = seededRandom(3);
    const outcomes = { secured: 0, rejected: 0 };
    for (let run = 0; run < runs(150); run++) {
      const base = random.pick(bases);
      const settings = random.pick(SETTINGS);
      const text = mutateDocumentsOfText(base.text, random);
      const outcome = correctOrPxSecurityError(`case ${run} (${base.name})`, () => {
        const secured = secureSpecText(text, base.name, settings);
        expect(parsedObjects(secured.text)).toEqual(secured.objects);
        expectSecured(parseSpec(text, base.name).objects, secured.objects, settings, base.name);
        expect(secureSpecText(secured.text, base.name, settings).text).toBe(secured.text);
      });
      outcomes[outcome]++;
    }
    expect(outcomes.secured).toBeGreaterThan(40);
    expect(outcomes.rejected).toBeGreaterThan(10);
  });
});
