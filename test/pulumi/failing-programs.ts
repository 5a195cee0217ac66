/**
 * Programs whose PX-Security model is wrong, run in-process under Pulumi's mocks the way the Pulumi language
 * host runs a program: an error thrown at the program's end, or a rejection left unhandled, fails the program
 * (the host reports each error object once). Each run records every one, so a test can show there is exactly one.
 */
import { programDone, registrations, startRun } from './mocks';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { PortworxSpec, isPxSecurityError } from '../../lib';
import { PxSecureCluster, PxStorageClass, PxTenant, PxValidationError } from '../../lib/pulumi';
import { TEST_CLOCK, TEST_KEYS } from '../../lib/testing';

/** What one failing program showed. */
export interface FailedProgram {
  /** The program's name. */
  readonly program: string;
  /** Every error thrown at the end or rejection left unhandled (the host reports each error object once), in order. */
  readonly reported: readonly {
    readonly name: string;
    readonly message: string;
    readonly hideStack: boolean;
    readonly onCluster: boolean;
    readonly errors: readonly { readonly code: string; readonly message: string }[];
  }[];
  /** What `cluster.validate()` threw when called at the end of the program (`[]`: nothing). */
  readonly validate: readonly { readonly code: string; readonly message: string }[];
  /** The Kubernetes resources the engine was asked to register. */
  readonly kubernetesResources: readonly string[];
  /** Whether the program still ended (every registration answered). */
  readonly ended: boolean;
}

const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');
const SHORT_KEY = 'short-key-never-shown';

/** The programs, by name; each returns its cluster. Names equal the cdk8s construct paths of validation.test.ts. */
export const FAILING_PROGRAMS: Readonly<Record<string, () => PxSecureCluster>> = {
  'a per-tenant class without tenants': () => {
    const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxStorageClass('test/px-storage', { cluster, name: 'px-storage', repl: 1 });
    return cluster;
  },
  'two tenants in one namespace and a token nobody makes': () => {
    const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant('test/tenant-a', { cluster, namespace: 'tenant-a' });
    new PxTenant('test/tenant-a-again', { cluster, namespace: 'tenant-a' });
    new PxStorageClass('test/px-storage-repl-1', {
      cluster,
      name: 'px-storage-repl-1',
      provisioner: 'in-tree',
      token: { kind: 'fixed', secretName: 'px-k8s-user', namespace: 'portworx' },
    });
    return cluster;
  },
  'a token Secret the operator owns': () => {
    const cluster = new PxSecureCluster('test/portworx', {
      spec: PortworxSpec.fromFile(OPERATOR_SPEC),
      issuer: 'portworx.com',
      keys: TEST_KEYS,
      clock: TEST_CLOCK,
    });
    cluster.addTokenSecret('user-token', { name: 'px-user-token', namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    return cluster;
  },
  'a token Secret named like the keys Secret': () => {
    const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    cluster.addTokenSecret('admin', { name: 'pxkeys', namespace: 'kube-system', identity: { name: 'Storage Administrator', roles: ['system.admin'] } });
    return cluster;
  },
  'a tenant whose token Secret is named pxkeys in kube-system, and two StorageClasses with one name': () => {
    const cluster = new PxSecureCluster('test/portworx', { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK });
    new PxTenant('test/system-tenant', { cluster, namespace: 'kube-system', tokenSecretName: 'pxkeys', createNamespace: false });
    new PxStorageClass('test/px-storage', { cluster, name: 'px-storage', repl: 1, token: { kind: 'per-tenant', secretName: 'pxkeys' } });
    new PxStorageClass('test/px-storage-again', { cluster, name: 'px-storage', repl: 2, token: { kind: 'per-tenant', secretName: 'pxkeys' } });
    return cluster;
  },
  "a plain token Secret while secretsInGit is 'forbid'": () => {
    const external = { kind: 'external', storeName: 'vault' } as const;
    const cluster = new PxSecureCluster('test/portworx', {
      issuer: 'portworx.com',
      keys: TEST_KEYS,
      clock: TEST_CLOCK,
      secretsInGit: 'forbid',
      secretDelivery: external,
    });
    new PxTenant('test/external-tenant', { cluster, namespace: 'tenant-a' });
    new PxTenant('test/plain-tenant', { cluster, namespace: 'tenant-b', secretDelivery: { kind: 'plain' } });
    return cluster;
  },
  'a short key that arrives as an Output': () => {
    const cluster = new PxSecureCluster('test/portworx', {
      issuer: 'portworx.com',
      keys: { system: TEST_KEYS.system, stork: TEST_KEYS.stork, shared: pulumi.secret(SHORT_KEY) },
      clock: TEST_CLOCK,
    });
    cluster.addTokenSecret('k8s-user', { namespace: 'portworx', identity: { name: 'Kubernetes', roles: ['system.user'] } });
    return cluster;
  },
};

function described(error: unknown): { readonly code: string; readonly message: string }[] {
  if (error instanceof PxValidationError) return error.errors.map((e) => ({ code: e.code, message: e.message }));
  if (isPxSecurityError(error)) return [{ code: error.code, message: error.message }];
  return [];
}

/** Runs one program (without asking `cluster.validated()`, as a real program does) and reports what it showed. */
export async function runFailingProgram(program: string, declare: () => PxSecureCluster): Promise<FailedProgram> {
  startRun();
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown): void => {
    unhandled.push(error);
  };
  // What the language host reports: an error thrown at the program's end (in a beforeExit listener, which
  // programDone emits; or a microtask) and any rejection left unhandled.
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const cluster = declare();
  let validate: FailedProgram['validate'] = [];
  try {
    cluster.validate();
  } catch (error) {
    validate = described(error);
  }
  const ended = await Promise.race([
    programDone().then(
      () => true,
      (error: unknown) => {
        onUnhandled(error);
        return false;
      },
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300)),
  ]);
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  return {
    program,
    reported: [...unhandled].map((error) => ({
      name: (error as Error).name,
      message: (error as Error).message,
      hideStack: (error as pulumi.ResourceError).hideStack === true,
      onCluster: (error as pulumi.ResourceError).resource === cluster,
      errors: described(error),
    })),
    validate,
    kubernetesResources: registrations.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.name),
    ended,
  };
}

async function main(): Promise<void> {
  const reports: FailedProgram[] = [];
  for (const [program, declare] of Object.entries(FAILING_PROGRAMS)) reports.push(await runFailingProgram(program, declare));
  process.stdout.write(`${JSON.stringify(reports)}\n`);
  process.exit(0);
}

if (require.main === module) void main();
