/**
 * Benchmark of the in-cluster token renewer: the script a cluster with `renewal: { mode: 'in-cluster' }` emits, for
 * 1000 tenants, run as the CronJob runs it (`node renew.js` with the in-cluster env, the service-account token and
 * CA) against the local HTTPS fake of the Kubernetes Secret API (test/support/fake-kube-api.ts, on 127.0.0.1).
 * Two figures: the first run (a GET and a POST per tenant) and a run with nothing to do (a GET per tenant), each the
 * wall time of the whole process (Node's start-up included), median of RUNS runs, the fake server in this process.
 *
 * Run alone: `npx tsx bench/renewer.ts` (or `node build/bench/renewer.js` after `npm run bench`).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveIdentity } from '../lib/core/token/identity';
import { KubeObject } from '../lib/core/kube/kube-object';
import { resolveRenewal } from '../lib/core/renewer/renewal';
import { renewerObjects } from '../lib/core/renewer/renewer-objects';
import { FakeKubeApi } from '../test/support/fake-kube-api';
import { median } from './measure';
import { BenchResult } from './result';

const TENANTS = 1000;
const RUNS = 3;
const BEARER = 'bench-service-account-token';
const SHARED = 'bench-shared-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP';

/** The ConfigMap's files written to `dir`, for a cluster with `tenants` tenants. */
function writeScript(dir: string, tenants: number): { keysNamespace: string; roles: KubeObject[] } {
  const renewal = resolveRenewal({ mode: 'in-cluster' }, 'renewal');
  if (renewal === undefined) throw new Error('in-cluster renewal resolves');
  const cluster = { issuer: 'portworx.com', keysSecret: { name: 'pxkeys', namespace: 'kube-system', keys: 'all' as const }, storkSkipResource: true };
  const tokens = Array.from({ length: tenants }, (_, index) => {
    const namespace = `tenant-${String(index).padStart(4, '0')}`;
    return { namespace, name: 'px-k8s-user', identity: resolveIdentity({ name: namespace, roles: ['system.user'] }) };
  });
  const objects = renewerObjects(cluster, renewal, tokens);
  for (const [file, text] of Object.entries(objects.configMap.data as Record<string, string>)) writeFileSync(join(dir, file), text);
  return { keysNamespace: cluster.keysSecret.namespace, roles: [objects.keysAccess[0], ...objects.tokenAccess.map((entry) => entry.objects[0])] };
}

function runScript(dir: string, api: FakeKubeApi): Promise<number> {
  const env = {
    PATH: process.env.PATH ?? '',
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(api.port),
    PX_RENEWER_SERVICE_ACCOUNT_DIR: join(dir, 'sa'),
  };
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, 'renew.js')], { env, encoding: 'utf8', timeout: 600_000 }, (error, _stdout, stderr) => {
      if (error !== null) reject(new Error(`the renewer failed: ${stderr.slice(0, 500)}`));
      else resolve(performance.now() - start);
    });
  });
}

export async function benchRenewer(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pxsec-bench-renewer-'));
  try {
    const { keysNamespace, roles } = writeScript(dir, TENANTS);
    mkdirSync(join(dir, 'sa'));
    writeFileSync(join(dir, 'sa', 'token'), BEARER, { mode: 0o600 });
    const first: number[] = [];
    const idle: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const api = await FakeKubeApi.start(dir, BEARER);
      try {
        writeFileSync(join(dir, 'sa', 'ca.crt'), api.caPem);
        for (const role of roles) api.bindRole(role as never);
        api.putSecret({ metadata: { name: 'pxkeys', namespace: keysNamespace }, data: { 'shared-secret': Buffer.from(SHARED).toString('base64') } });
        first.push(await runScript(dir, api));
        idle.push(await runScript(dir, api));
        if (api.writes.length !== TENANTS) throw new Error(`expected ${TENANTS} writes, saw ${api.writes.length}`);
      } finally {
        await api.stop();
      }
    }
    return [
      {
        name: `renewer script, first run: ${TENANTS} tenants created`,
        median_ms: median(first),
        runs: RUNS,
        note: 'node renew.js against the local API fake; GET+POST per tenant, process start included',
      },
      { name: `renewer script, nothing to renew: ${TENANTS} tenants`, median_ms: median(idle), runs: RUNS, note: 'GET per tenant, no write' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRenewer()
    .then((results) => {
      for (const result of results) process.stdout.write(`${result.median_ms.toFixed(3).padStart(10)} ms  ${result.name}  (${result.note ?? ''})\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
