import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The import-layer rules are CommonJS because dependency-cruiser loads its config that way.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Product code never reaches into the test kit (stand-ins, throwaway servers) or the benchmarks:
    // they are not compiled into dist/, and a stand-in must only ever be reached through configuration.
    files: ['src/**', 'commands/**', 'jobs/**', 'models/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/testkit/**', '**/bench/**', '**/test/**'],
              message: 'product code must not import test kit, tests or benchmarks',
            },
          ],
        },
      ],
    },
  },
);
