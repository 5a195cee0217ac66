/**
 * Tests get timeouts sized for a loaded 2-core machine (issue 17, item 25): jest's 5 s default failed
 * test/pulumi/parity.test.ts at load average 20. A unit test that takes longer than 5 s of wall time, as a
 * program run does when the machine is loaded, still passes; the budget is ten times the idle default.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS jest config, as jest reads it
const config = require('../../jest.config.js') as { testTimeout?: number; projects: { displayName: string; setupFilesAfterEnv?: string[] }[] };

it('a unit test may outlast the idle default of 5 s (a sleeping wait: no CPU taken from the others)', async () => {
  await new Promise((resolve) => setTimeout(resolve, 5_500));
});

it('the whole run gets at least ten times the idle default, and the slow tier raises it further', () => {
  expect(config.testTimeout).toBeGreaterThanOrEqual(50_000);
  expect(config.projects.find((project) => project.displayName === 'slow')?.setupFilesAfterEnv).toEqual(['<rootDir>/test/support/slow-tier-timeout.ts']);
});
