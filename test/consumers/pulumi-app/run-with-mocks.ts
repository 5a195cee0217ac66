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
  // Let every registration settle, then check the components created what they should.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const type of [
    'kubernetes:core/v1:Secret',
    'kubernetes:apps/v1:DaemonSet',
    'kubernetes:storage.k8s.io/v1:StorageClass',
    'kubernetes:core/v1:Namespace',
  ]) {
    if (!types.includes(type)) throw new Error(`no ${type} was registered (registered: ${[...new Set(types)].join(', ')})`);
  }
  console.log(`pulumi program ran under mocks: ${types.length} resources, adminToken minted`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
