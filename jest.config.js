/**
 * Tests run against the built services (real processes, real HTTP, real databases).
 *
 * `npm test` runs Jest in two phases (scripts/run-tests.js): JEST_PHASE=suite runs everything but the
 * reliability tests, two files at a time; JEST_PHASE=reliability runs the load tests alone, one at a
 * time. Without JEST_PHASE (`npx jest …`), every test is selectable, as before.
 */
const RELIABILITY = '<rootDir>/test/reliability/';
const phase = process.env.JEST_PHASE;

module.exports = {
  testEnvironment: 'node',
  roots: [phase === 'reliability' ? RELIABILITY : '<rootDir>/test'],
  ...(phase === 'suite' ? { testPathIgnorePatterns: ['/node_modules/', RELIABILITY] } : {}),
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 120000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  setupFiles: [
    '<rootDir>/test/support/setupAuthEnvironment.ts',
    '<rootDir>/test/support/setupPropertyTests.ts',
  ],
};
