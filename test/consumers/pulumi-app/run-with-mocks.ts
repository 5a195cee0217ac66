// Runs index.ts as `pulumi up` would, with Pulumi's own mocks in place of the engine (no Pulumi CLI needed):
// the standard pattern, with the mocks px-security-constructs/testing provides.
import * as pulumi from '@pulumi/pulumi';
import { PxTesting } from 'px-security-constructs/testing';

// The mocks as Pulumi's testing guide writes them; PxTesting.pulumiMocks wraps them (RandomPassword and the
// components' own resources resolve) and hands every other resource and call to them.
const types: string[] = [];
const mocks: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: any } {
    types.push(args.type);
    return { id: `${args.name}_id`, state: args.inputs };
  },
  call(args: pulumi.runtime.MockCallArgs) {
    return args.inputs;
  },
};
pulumi.runtime.setMocks(PxTesting.pulumiMocks(mocks), 'project', 'stack', false);

process.on('unhandledRejection', (reason) => {
  console.error('unhandled rejection:', reason);
  process.exit(1);
});

async function main(): Promise<void> {
  const program = await import('./index');
  const token = await new Promise<string>((resolve) => program.adminToken.apply((value) => resolve(value)));
  if (token.split('.').length !== 3) throw new Error('adminToken is not a JWT');
  // As under `pulumi up`, the cluster checks the program and registers its Kubernetes resources when the program
  // has nothing left to do (Node's beforeExit): see what was registered when the process ends.
  process.on('exit', (code) => {
    if (code !== 0) return;
    const missing = [
      'kubernetes:core/v1:Secret',
      'kubernetes:apps/v1:DaemonSet',
      'kubernetes:storage.k8s.io/v1:StorageClass',
      'kubernetes:core/v1:Namespace',
    ].filter((type) => !types.includes(type));
    if (missing.length > 0) {
      console.error(`not registered: ${missing.join(', ')} (registered: ${[...new Set(types)].join(', ')})`);
      process.exitCode = 1;
      return;
    }
    console.log(`pulumi program ran under mocks: ${types.length} resources, adminToken minted`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
