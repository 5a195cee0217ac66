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

/** @type {import('jest').Config} */
module.exports = {
  // Every core: jest's default (cores - 1) runs one test file at a time on a 2-core machine.
  maxWorkers: '100%',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/', '\\.slow\\.test\\.ts$'] },
    { ...shared, displayName: 'slow', testMatch: ['**/*.slow.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/'], globalSetup: '<rootDir>/test/support/build-once.ts' },
  ],
};
