/**
 * Two tiers. `npm test` runs the unit tier (in-process tests, a fast loop); `npm run test:slow` the slow tier
 * (`*.slow.test.ts`: child processes, external tools such as go, python3 and patch, interop, long fuzz loops),
 * which builds the library once first (test/support/build-once.ts) so child processes run `node build/...`.
 */
// jose 6 ships only ES modules: let ts-jest turn it into CommonJS for jest's module system.
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // test/consumers holds consumer projects that `npm run test:consumers` installs and tests outside the repository.
  modulePathIgnorePatterns: ['<rootDir>/test/consumers/'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

/**
 * Timeouts sized for a loaded 2-core machine, for every test and hook (a test that gives its own replaces it).
 * jest's default of 5 s is sized for an idle machine: at load average 20 on 2 cores each runnable process gets
 * about a tenth of a core, so a unit test that runs a Pulumi program under mocks or synthesizes the example app
 * (about 3.5 s each at load average 15: test/pulumi/parity.test.ts) needs ten times the idle budget. Set for the
 * whole run rather than per test, so that no test that runs a program is left out, including the next one
 * written; the slow tier (child processes, go, python3) raises it in test/support/slow-tier-timeout.ts.
 * (`testTimeout` is a global option in jest 29: a project cannot set its own.)
 */
const TEST_TIMEOUT_MS = 60_000;

/** @type {import('jest').Config} */
module.exports = {
  // Every core: jest's default (cores - 1) runs one test file at a time on a 2-core machine.
  maxWorkers: '100%',
  testTimeout: TEST_TIMEOUT_MS,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/', '\\.slow\\.test\\.ts$'],
    },
    {
      ...shared,
      displayName: 'slow',
      testMatch: ['**/*.slow.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/'],
      globalSetup: '<rootDir>/test/support/build-once.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-tier-timeout.ts'],
    },
  ],
};
