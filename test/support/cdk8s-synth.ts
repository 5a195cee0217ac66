/**
 * Synthesizes a cdk8s chart the way `cdk8s synth` does (validations included) and returns its objects.
 */
import { createHash } from 'node:crypto';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { PxKeys } from '../../lib/core';

/** Keys for tests only: 64 characters each, distinct, never used anywhere real. */
export const TEST_KEYS: PxKeys = {
  system: 'c3lzdGVtLXRlc3Qta2V5LW9ubHktZm9yLXB4LXNlY3VyaXR5LWNvbnN0cnVjdHMtMDE',
  stork: 'c3RvcmstdGVzdC1rZXktb25seS1mb3ItcHgtc2VjdXJpdHktY29uc3RydWN0cy0wMDI',
  shared: 'c2hhcmVkLXRlc3Qta2V5LW9ubHktZm9yLXB4LXNlY3VyaXR5LWNvbnN0cnVjdHMtMDM',
};

/** 2026-01-15T00:00:00Z: a pinned clock (epoch milliseconds), never today. */
export const PINNED_NOW_MS = Date.UTC(2026, 0, 15);
export const pinnedClock = (): number => PINNED_NOW_MS;

/** Runs the app's validations and returns every object of `chart`, as a user's cluster would read them. */
export function synthObjects(app: App, chart: Chart): Record<string, unknown>[] {
  const yaml = app.synthYaml(); // validates like `cdk8s synth`
  expect(yaml.length).toBeGreaterThan(0);
  return chart.toJson() as Record<string, unknown>[];
}

/** The messages cdk8s reports when validation fails at synth ('' when it passes). */
export function synthErrors(app: App): string {
  try {
    app.synthYaml();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** Parses synthesized YAML (a file in dist/) back into objects. */
export function parseManifest(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Record<string, unknown> | null)
    .filter((o): o is Record<string, unknown> => o !== null);
}

/** Finds one object by kind and name (and namespace, if given); fails the test when it is not there once. */
export function findObject(objects: readonly Record<string, unknown>[], kind: string, name: string, namespace?: string): Record<string, any> {
  const found = objects.filter((o) => {
    const metadata = o.metadata as { name?: string; namespace?: string };
    return o.kind === kind && metadata.name === name && (namespace === undefined || metadata.namespace === namespace);
  });
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0] as Record<string, any>;
}

/** Decodes a Secret's base64 data. */
export function secretValues(secret: Record<string, any>): Record<string, string> {
  return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

/**
 * Objects safe for a snapshot a user might publish: each Secret value is replaced by its length and a short
 * SHA-256 prefix, so the snapshot still pins the value's stability without holding a key or a token.
 */
export function redactSecrets(objects: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return objects.map((object) => {
    if (object.kind !== 'Secret' || typeof object.data !== 'object' || object.data === null) return object;
    const data = Object.fromEntries(
      Object.entries(object.data as Record<string, string>).map(([key, value]) => {
        const raw = Buffer.from(value, 'base64');
        return [key, `<redacted: ${raw.length} bytes, sha256 ${createHash('sha256').update(raw).digest('hex').slice(0, 12)}>`];
      }),
    );
    return { ...object, data };
  });
}
