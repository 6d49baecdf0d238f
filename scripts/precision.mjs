// `npm run precision -- <dir> [--json out.json]`: lints a project you did not write with the
// built plugin, as its users would (the recommended and strict configs, test files ignored), and
// prints every report as `rule config file:line:column message`, for judging by hand
// (docs/precision.md). --json also writes the reports, for sampling.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { EXCLUDED_DIR_GLOBS } from '../dist/src/analysis/file-kinds.js';
import { loadPlugin } from './lib/corpus.mjs';

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt === -1 ? undefined : args[jsonAt + 1];
const dir = args.find((arg, index) => !arg.startsWith('--') && index !== jsonAt + 1);
if (!dir) {
  console.error('usage: npm run precision -- <dir> [--json out.json]');
  process.exit(3);
}

const plugin = loadPlugin();
const FILES = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];
// require-error-handling runs twice in one pass: recommended, and strict under an alias plugin.
const STRICT = 'safe-requests-strict';
const rulesOf = (name) => plugin.configs[name].find((config) => config.rules).rules;
const strictRules = rulesOf('strict');
const base = [
  { ignores: [...EXCLUDED_DIR_GLOBS, '**/*.d.{ts,mts,cts}', '**/*.min.js'] },
  {
    files: FILES,
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
  },
  { files: ['**/*.{cjs,cts}'], languageOptions: { sourceType: 'commonjs' } },
];
const configs = [
  ...base,
  ...plugin.configs.recommended,
  {
    plugins: { [STRICT]: { rules: { 'require-error-handling': plugin.rules['require-error-handling'] } } },
    ignores: plugin.configs.strict.find((config) => config.rules).ignores,
    rules: {
      [`${STRICT}/require-error-handling`]: strictRules['safe-requests/require-error-handling'],
      'safe-requests/require-retry': strictRules['safe-requests/require-retry'],
    },
  },
];

const root = resolve(dir);
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configs, errorOnUnmatchedPattern: false });
const results = await eslint.lintFiles(FILES);
const reports = [];
let parseFailures = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) {
      parseFailures++;
      continue;
    }
    if (!message.ruleId) continue;
    const [prefix, rule] = message.ruleId.split('/');
    if (prefix !== 'safe-requests' && prefix !== STRICT) continue;
    const config = prefix === STRICT || rule === 'require-retry' ? 'strict' : 'recommended';
    reports.push({ rule, config, file: relative(root, result.filePath), line: message.line, column: message.column, message: message.message });
  }
}
for (const report of reports) console.log(`${report.rule} ${report.config} ${report.file}:${report.line}:${report.column} ${report.message}`);
const counts = new Map();
for (const { rule, config } of reports) counts.set(`${rule} (${config})`, (counts.get(`${rule} (${config})`) ?? 0) + 1);
console.error(`${results.length} files, ${parseFailures} parse failures; ${[...counts].map(([key, n]) => `${key}: ${n}`).join(', ') || 'no reports'}`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(reports, null, 1)}\n`);
