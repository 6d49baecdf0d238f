// ESLint options for the lint-share table of `npm run bench`, as an options module so that ESLint's
// worker threads (`concurrency`) can load the plugin and parser themselves.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import { allLevelRules, CACHE_DIR, LINTED_FILES, loadPlugin, parserConfigs } from './corpus.mjs';

const plugin = loadPlugin();

export default {
  // ESLint ignores node_modules/ below its cwd even with `ignore: false`; from inside, the files are its own.
  cwd: join(CACHE_DIR, 'node_modules'),
  overrideConfigFile: true,
  overrideConfig: [
    { files: LINTED_FILES, ...js.configs.recommended },
    ...parserConfigs(tsParser),
    { plugins: { 'safe-requests': plugin }, rules: allLevelRules(plugin) },
  ],
  ignore: false,
  stats: true,
  concurrency: availableParallelism(),
};
