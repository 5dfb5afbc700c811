/**
 * Backend instances as real child processes (the compiled app in dist/; scripts/test.js builds it first):
 * roles and graceful shutdown on SQLite, and the cluster test (three instances on one MariaDB database and Redis).
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test-cluster/**/*.test.ts'],
  moduleNameMapper: { '^@app/shared$': '<rootDir>/../shared/src' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 240000,
};
