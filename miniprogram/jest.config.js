/**
 * Unit tests: pure helpers run in node; component tests opt into jsdom with a docblock
 * (`@jest-environment jsdom`) and render Taro components through small DOM stand-ins
 * (test/mocks/components.tsx), so no Taro runtime is needed.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@app/shared$': '<rootDir>/../shared/src/index.ts',
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.tsx',
    '\\.(css|scss)$': '<rootDir>/test/mocks/style.ts',
  },
  clearMocks: true,
}
