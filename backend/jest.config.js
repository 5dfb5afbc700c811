/** Backend tests: real SQLite (default) or MariaDB (DB_TYPE=mysql), real ffmpeg, local HTTP stand-ins. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleNameMapper: { '^@app/shared$': '<rootDir>/../shared/src' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/cleanup.ts'],
  testTimeout: 60000,
  coveragePathIgnorePatterns: ['<rootDir>/test/'],
};
