/**
 * Runs the in-cluster renewer from synthesized output as the CronJob's container would, against a FakeKubeApi:
 * shared by the renewer's end-to-end tests.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENEWER_MOUNT_PATH } from '../../lib/core/renewer/renewer-names';
import { findObject } from './cdk8s-synth';
import { FakeKubeApi } from './fake-kube-api';

type Objects = Record<string, any>[];

/** What one run of the renewer printed and returned. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the renewer as the CronJob's container would: the ConfigMap's files where the container mounts them (here
 * under a temporary root), the container's command and env, the service account's files, and a clock preloaded
 * (`node -r`) so the test can move time.
 */
export async function runRenewer(api: FakeKubeApi, dir: string, bearer: string, objects: Objects, nowSeconds: number): Promise<Run> {
  const cronJob = findObject(objects, 'CronJob', 'px-token-renewer', 'kube-system');
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  const container = pod.containers[0];
  const configMapName: string = pod.volumes[0].configMap.name;
  const configMap = findObject(objects, 'ConfigMap', configMapName, 'kube-system');
  const root = mkdtempSync(join(dir, 'pod-'));
  const mount = join(root, container.volumeMounts[0].mountPath as string);
  mkdirSync(mount, { recursive: true });
  for (const [file, text] of Object.entries(configMap.data as Record<string, string>)) writeFileSync(join(mount, file), text);
  const serviceAccount = join(root, 'serviceaccount');
  mkdirSync(serviceAccount);
  writeFileSync(join(serviceAccount, 'token'), `${bearer}\n`, { mode: 0o600 });
  writeFileSync(join(serviceAccount, 'ca.crt'), api.caPem);
  const clock = join(root, 'clock.js');
  writeFileSync(clock, `Date.now = () => ${nowSeconds * 1000};\n`);
  const [program, script] = container.command as [string, string];
  expect(program).toBe('node');
  expect(script.startsWith(`${RENEWER_MOUNT_PATH}/`)).toBe(true);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(((container.env ?? []) as { name: string; value: string }[]).map((entry) => [entry.name, entry.value])),
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(api.port),
    PX_RENEWER_SERVICE_ACCOUNT_DIR: serviceAccount,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', clock, join(root, script)], { env, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}
