/** Tests run against the built services (real processes, real HTTP, real databases). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 120000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  setupFiles: [
    '<rootDir>/test/support/setupAuthEnvironment.ts',
    '<rootDir>/test/support/setupPropertyTests.ts',
  ],
};
