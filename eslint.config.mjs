import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', 'tests/**/fixtures/', 'examples/', 'corpus/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      // RuleCreator takes the top-level `defaultOptions`, as in typescript-eslint's own plugin.
      'eslint-plugin/require-meta-default-options': 'off',
    },
  },
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The transforms and the CLI parse with oxc-parser (src/rewrite/parse.ts); typescript-estree is the tests' oracle.
    files: ['src/**/*.ts', 'rules/**/*.ts', 'transforms/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@typescript-eslint/typescript-estree', message: 'Parse with src/rewrite/parse.ts; type from @typescript-eslint/types.' }] }],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
