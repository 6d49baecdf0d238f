import type { TSESLint } from '@typescript-eslint/utils';
import type { RuleName } from '../rules/index';
import { TEST_FILE_GLOBS } from './file-kinds';

type RuleEntry = TSESLint.SharedConfig.RuleEntry;
type ConfigName = 'recommended' | 'strict' | 'all';

/** What each config turns on; every rule must appear here, so a new rule is a deliberate choice. */
/** A config that does not name a rule leaves it as the user set it. */
const LEVELS: Record<RuleName, Partial<Record<ConfigName, RuleEntry>>> = {
  'no-hardcoded-endpoint': { recommended: 'warn', strict: 'error', all: 'error' },
  'require-error-handling': {
    recommended: 'error',
    strict: ['error', { propagation: 'report' }],
    all: 'error',
  },
  'require-retry': { strict: 'error', all: 'error' },
  'require-timeout': { recommended: 'error', strict: 'error', all: 'error' },
};

/** Test doubles must keep matching literal URLs, and tests do not need timeouts or retries. */
const OFF_IN_TESTS: readonly string[] = ['no-hardcoded-endpoint', 'require-timeout', 'require-retry'];

export function buildConfigs(plugin: TSESLint.FlatConfig.Plugin): Record<ConfigName, TSESLint.FlatConfig.ConfigArray> {
  const build = (name: ConfigName): TSESLint.FlatConfig.ConfigArray => {
    const rules = Object.fromEntries(
      Object.entries(LEVELS)
        .filter(([, levels]) => levels[name] !== undefined)
        .map(([rule, levels]) => [`safe-requests/${rule}`, levels[name]!]),
    );
    const testOverrides = Object.fromEntries(
      Object.keys(LEVELS)
        .filter((rule) => OFF_IN_TESTS.includes(rule))
        .map((rule) => [`safe-requests/${rule}`, 'off' as const]),
    );
    return [
      { name: `safe-requests/${name}`, plugins: { 'safe-requests': plugin }, rules },
      { name: `safe-requests/${name}/tests`, files: [...TEST_FILE_GLOBS], rules: testOverrides },
    ];
  };
  return { recommended: build('recommended'), strict: build('strict'), all: build('all') };
}
