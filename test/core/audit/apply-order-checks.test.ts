/**
 * APPLY_ORDER across the files of a directory, read as `kubectl apply -f DIR` reads them: in lexical order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBundle, loadBundle } from '../../../lib/audit';

const NOW = 1768435200;
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-x\ndata:\n  mode: quiet\n';
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-x\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pxsec-apply-order-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function applyOrder(): Promise<{ object: string; message: string; location: unknown }[]> {
  const findings = await auditBundle(loadBundle(['.'], dir), { now: NOW, warnExpirySeconds: 0 });
  return findings.filter((finding) => finding.code === 'APPLY_ORDER').map(({ object, message, location }) => ({ object, message, location }));
}

test('a file whose name sorts before the file of its Namespace is APPLY_ORDER, naming where the Namespace is', async () => {
  writeFileSync(join(dir, 'app.yaml'), CONFIG_MAP);
  writeFileSync(join(dir, 'namespaces.yaml'), NAMESPACE);
  expect(await applyOrder()).toEqual([
    {
      object: 'ConfigMap team-x/settings',
      message:
        'comes before Namespace team-x (namespaces.yaml:1), the namespace it goes into: a first "kubectl apply" in this order fails with namespaces "team-x" not found',
      location: { file: 'app.yaml', line: 5 },
    },
  ]);
});

test('the same objects with the Namespace file sorting first are no finding', async () => {
  writeFileSync(join(dir, '00-namespaces.yaml'), NAMESPACE);
  writeFileSync(join(dir, 'app.yaml'), CONFIG_MAP);
  expect(await applyOrder()).toEqual([]);
});
