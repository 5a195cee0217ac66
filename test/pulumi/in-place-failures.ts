/**
 * Programs that install a Portworx spec which does not fit their cluster, secured in place by
 * `cluster.transformation`, run under Pulumi's mocks the way the language host runs a program: an error left
 * unhandled fails the program. in-place.slow.test.ts runs this file in a child process (jest would fail the
 * test on the first unhandled rejection) and reads one JSON report per program from stdout.
 */
import { programDone, registrations, startRun } from './mocks';
import * as path from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { PortworxSpec } from '../../lib';
import { PxSecureCluster, PxValidationError } from '../../lib/pulumi';
import { TEST_CLOCK, TEST_KEYS } from '../../lib/testing';

/** What one program showed. */
export interface InPlaceFailure {
  readonly program: string;
  /** Each error left unhandled: its codes and messages, and whether it names the cluster. */
  readonly reported: readonly { readonly onCluster: boolean; readonly errors: readonly string[] }[];
  /** The Kubernetes objects the engine was asked to register, as `Kind name`. */
  readonly registered: readonly string[];
}

const DAEMONSET_SPEC = path.join(__dirname, '../../examples/cdk8s/px-spec.yaml');
const OPERATOR_SPEC = path.join(__dirname, '../fixtures/cdk8s/storage-cluster.yaml');
const COMMON = { issuer: 'portworx.com', keys: TEST_KEYS, clock: TEST_CLOCK } as const;

/** The programs, by name; each returns its cluster. */
export const IN_PLACE_FAILURES: Readonly<Record<string, () => PxSecureCluster>> = {
  'a StorageCluster for a DaemonSet-form cluster': () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset' } });
    new k8s.yaml.ConfigFile('px-spec', { file: OPERATOR_SPEC, transformations: [cluster.transformation] });
    return cluster;
  },
  'a DaemonSet outside the declared namespace': () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset', namespace: 'portworx' } });
    new k8s.yaml.ConfigGroup('px-spec', { objs: [...PortworxSpec.fromFile(DAEMONSET_SPEC).objects], transformations: [cluster.transformation] });
    return cluster;
  },
  'two portworx DaemonSets in one ConfigGroup': () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: { form: 'daemonset' } });
    const objects = PortworxSpec.fromFile(DAEMONSET_SPEC).objects.map((object) => JSON.parse(JSON.stringify(object)) as Record<string, unknown>);
    const second = JSON.parse(
      JSON.stringify(objects.find((object) => object.kind === 'DaemonSet' && (object.metadata as { name: string }).name === 'portworx')),
    ) as { metadata: { name: string } };
    second.metadata.name = 'portworx-2';
    new k8s.yaml.ConfigGroup('px-spec', { objs: [...objects, second], transformations: [cluster.transformation] });
    return cluster;
  },
  'one spec through two ConfigFiles': () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: PortworxSpec.fromFile(DAEMONSET_SPEC) });
    new k8s.yaml.ConfigFile('px-spec', { file: DAEMONSET_SPEC, transformations: [cluster.transformation] });
    new k8s.yaml.ConfigFile('px-spec-again', { file: DAEMONSET_SPEC, resourcePrefix: 'again', transformations: [cluster.transformation] });
    return cluster;
  },
  'a ConfigGroup holding the keys Secret the cluster makes': () => {
    const cluster = new PxSecureCluster('portworx', { ...COMMON, include: PortworxSpec.fromFile(DAEMONSET_SPEC) });
    new k8s.yaml.ConfigFile('px-spec', { file: DAEMONSET_SPEC, transformations: [cluster.transformation] });
    const keys = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pxkeys', namespace: 'kube-system' }, type: 'Opaque' };
    new k8s.yaml.ConfigGroup('hand-made-keys', { objs: [keys], transformations: [cluster.transformation] });
    return cluster;
  },
};

async function run(program: string, declare: () => PxSecureCluster): Promise<InPlaceFailure> {
  startRun();
  const unhandled = new Set<unknown>();
  const onUnhandled = (error: unknown): void => {
    unhandled.add(error);
  };
  // What the language host reports: an error thrown at the program's end and any rejection left unhandled.
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const cluster = declare();
  await Promise.race([programDone().catch(onUnhandled), new Promise((resolve) => setTimeout(resolve, 1500))]);
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  return {
    program,
    reported: [...unhandled].map((error) => ({
      onCluster: (error as pulumi.ResourceError).resource === cluster,
      errors: error instanceof PxValidationError ? error.errors.map((e) => `[${e.code}] ${e.message}`) : [String(error)],
    })),
    registered: registrations
      .filter((r) => r.type.startsWith('kubernetes:') && typeof r.inputs.kind === 'string')
      .map((r) => `${String(r.inputs.kind)} ${String((r.inputs.metadata as { name?: unknown } | undefined)?.name)}`)
      .sort(),
  };
}

async function main(): Promise<void> {
  const reports: InPlaceFailure[] = [];
  for (const [program, declare] of Object.entries(IN_PLACE_FAILURES)) reports.push(await run(program, declare));
  process.stdout.write(`${JSON.stringify(reports)}\n`);
  process.exit(0);
}

if (require.main === module) void main();
