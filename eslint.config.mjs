// Lint for every part of the repository: typescript-eslint's recommended rules (syntax only, no type
// information, so it runs in seconds), React hooks rules for the mini-program, Node globals for scripts.
// `npm run lint` runs it; `npm test` runs it first.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-artifacts/**', 'miniprogram/.swc/**', 'backend/admin/vendor/**', '**/*.min.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.node } },
    rules: {
      // unused names are an error, except deliberate ones written `_name`
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import x = require('m')` is TypeScript's typed CommonJS import; a bare require() still needs a reason
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // CommonJS scripts (the two commands, e2e, benchmarks, backend bootstrap)
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // scripts name the module they use `crypto`, as Node's own docs do
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  {
    files: ['miniprogram/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['backend/admin/**/*.js', 'e2e/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/test/**', '**/test-cluster/**', '**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.jest } },
    // tests load modules afresh inside jest.isolateModules(), which takes require()
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
