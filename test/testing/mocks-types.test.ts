/**
 * PxTesting.pulumiMocks() fits `pulumi.runtime.setMocks` both ways: it is a `pulumi.runtime.Mocks`, and it takes
 * one (a user's own mocks, typed with Pulumi's types) as the inner mocks. Type-checked by `tsc`; run by jest.
 */
import * as pulumi from '@pulumi/pulumi';
import { PxTesting } from '../../lib/testing';

it('is a pulumi.runtime.Mocks and wraps one', async () => {
  const mine: pulumi.runtime.Mocks = {
    newResource: (args: pulumi.runtime.MockResourceArgs) => ({ id: `${args.name}-mine`, state: args.inputs }),
    call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
  };
  const mocks: pulumi.runtime.Mocks = PxTesting.pulumiMocks(mine);
  await pulumi.runtime.setMocks(mocks, 'project', 'stack', false);
  expect(await mocks.newResource({ type: 'x:y:Z', name: 'z', inputs: { a: 1 }, custom: true })).toEqual({ id: 'z-mine', state: { a: 1 } });
});

it('takes inner mocks written inline, as the README and Pulumi docs write them (no annotations)', async () => {
  // As users write them: the parameter types come from PxTesting.pulumiMocks's own, the state and the call's
  // answer are the inputs as they are (Pulumi types them `any`).
  const mocks = PxTesting.pulumiMocks({
    newResource: (args) => ({ id: `${args.name}-inline`, state: args.inputs }),
    call: (args) => args.inputs,
  });
  const asPulumi: pulumi.runtime.Mocks = mocks;
  await pulumi.runtime.setMocks(asPulumi, 'project', 'stack', false);
  expect(await asPulumi.newResource({ type: 'x:y:Z', name: 'z', inputs: { a: 1 }, custom: true })).toEqual({ id: 'z-inline', state: { a: 1 } });
  expect(await asPulumi.call({ token: 'x:y:f', inputs: { b: 2 } })).toEqual({ b: 2 });
});
