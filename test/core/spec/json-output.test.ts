/**
 * JSON in, JSON out: every fixture spec written as JSON (kubectl's 4-space form, 2 spaces, tabs, one line;
 * a List of all objects, and each target object alone) is secured into text that is still JSON and equals the
 * secured objects, with every byte outside the edits kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { secureSpecText } from '../../../lib/core/spec/secure-text';
import { defined } from '../../support/defined';

const OWN_SPECS = join(__dirname, '../../fixtures/specs');
const SPECS = readdirSync(OWN_SPECS).filter((name) => !name.includes('INVALID') && !name.startsWith('04-'));
const FORMATS: Readonly<Record<string, (value: unknown) => string>> = {
  'kubectl (4 spaces)': (value) => `${JSON.stringify(value, null, 4)}\n`,
  '2 spaces': (value) => JSON.stringify(value, null, 2),
  tabs: (value) => `${JSON.stringify(value, null, '\t')}\n`,
  'one line': (value) => JSON.stringify(value),
  CRLF: (value) => JSON.stringify(value, null, 2).replace(/\n/g, '\r\n'),
};

function objectsOf(name: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(join(OWN_SPECS, name), 'utf8'))
    .map((document) => document.toJS() as unknown)
    .filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null);
}

describe.each(Object.keys(FORMATS))('%s', (format) => {
  test.each(SPECS)('%s as a JSON List stays JSON, equal to the secured objects', (name) => {
    const text = defined(FORMATS[format], `format ${format}`)({ apiVersion: 'v1', kind: 'List', items: objectsOf(name) });
    const settings = {
      issuer: 'portworx.com',
      replace: true,
      ...(name.includes('operator') ? { operatorTokenLifetime: '24h', guestAccess: 'Disabled' as const } : {}),
    };
    const secured = secureSpecText(text, `${name}.json`, settings);
    expect(JSON.parse(secured.text)).toEqual(secured.objects[0]);
    expect(secured.report.changes.some((change) => change.action !== 'unchanged')).toBe(true);
    // Idempotent: securing the output again changes nothing.
    expect(secureSpecText(secured.text, `${name}.json`, settings).text).toBe(secured.text);
  });
});

test('a JSON DaemonSet with no env and no args gains them as JSON keys, the rest byte for byte', () => {
  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'portworx', namespace: 'kube-system', annotations: { big: 1 } },
    spec: { template: { spec: { containers: [{ name: 'portworx', image: 'portworx/oci-monitor:3.1.0' }] } } },
  };
  const text = JSON.stringify(daemonSet, null, 2).replace('"big": 1', '"big": 12345678901234567890');
  const secured = secureSpecText(text, 'ds.json', { issuer: 'portworx.com' });
  expect(JSON.parse(secured.text)).toEqual(secured.objects[0]);
  // A number beyond double precision is kept as written (re-serializing the JSON would have rounded it).
  expect(secured.text).toContain('"big": 12345678901234567890');
});
