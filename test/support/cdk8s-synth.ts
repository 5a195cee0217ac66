/**
 * Synthesizes a cdk8s chart the way `cdk8s synth` does (validations included) and returns its objects.
 * The test keys, the pinned clock and the redaction of Secret values are the public ones of
 * `px-security-constructs/testing` (lib/testing), so these tests use what users use.
 */
import { App, Chart } from 'cdk8s';
import { PxSecurityError } from '../../lib/core/errors/errors';
import { PxTesting } from '../../lib/testing';
import { parseAllDocuments } from 'yaml';

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
 * What cdk8s reports for an app, as `[CODE] message` lines: a constructor's error, else the synth's ('' lines none).
 * The app is a `PxTesting.app()`, as the Pulumi programs it is compared with run under `PxTesting.pulumiMocks()`.
 */
export function cdk8sProblems(build: (chart: Chart) => void): string[] {
  const app: App = PxTesting.app();
  try {
    build(new Chart(app, 'test'));
    app.synthYaml();
  } catch (error) {
    if (error instanceof PxSecurityError) return [`[${error.code}] ${error.message}`];
    return (error as Error).message.split('\n').flatMap((line) => /\[[A-Z][A-Z_]+\] .*$/.exec(line) ?? []);
  }
  return [];
}
