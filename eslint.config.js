// Lint: the recommended TypeScript rules, with the few relaxations this codebase makes on purpose.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'dist/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'data/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', globalThis: 'readonly',
        window: 'readonly', document: 'readonly', navigator: 'readonly', self: 'readonly', caches: 'readonly', indexedDB: 'readonly',
        localStorage: 'readonly', sessionStorage: 'readonly', crypto: 'readonly', performance: 'readonly', Headers: 'readonly',
        AbortController: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly',
      },
    },
    rules: {
      // Tests and the web client's glue may be loose; the server and libs are typed (rows from the entities).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['src/**/*.ts', 'libs/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
