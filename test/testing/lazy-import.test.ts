/**
 * Importing px-security-constructs/testing loads neither cdk8s nor @pulumi/* (a Pulumi project has no cdk8s,
 * and the reverse): with every framework module made to throw when loaded, the entry still imports, and its
 * Pulumi mocks still work; only PxTesting.app() loads cdk8s.
 */
const FRAMEWORKS = ['cdk8s', 'constructs', 'cdk8s-plus-27', '@pulumi/pulumi', '@pulumi/random', '@pulumi/kubernetes'];

beforeEach(() => {
  jest.resetModules();
  for (const name of FRAMEWORKS) {
    jest.doMock(name, () => {
      throw new Error(`${name} was loaded`);
    });
  }
});

it('imports and makes Pulumi mocks without loading any framework', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const testing = require('../../lib/testing') as typeof import('../../lib/testing');
  expect(Object.keys(testing.TEST_KEYS)).toEqual(['system', 'stork', 'shared']);
  expect(testing.PxTesting.pulumiMocks().newResource({ type: 'x:y:Z', name: 'z', inputs: {} })).toEqual({ id: 'z_id', state: {} });
});

it('loads cdk8s only inside PxTesting.app()', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const testing = require('../../lib/testing') as typeof import('../../lib/testing');
  expect(() => testing.PxTesting.app()).toThrow('cdk8s was loaded');
});
