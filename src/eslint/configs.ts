import type { ESLint, Linter } from 'eslint';
import type { RuleName } from './rule-names';
import { TEST_FILE_GLOBS } from '../analysis/file-kinds';

export type ConfigName = 'recommended' | 'strict' | 'all';

/** What each config turns on; every rule must appear here, so a new rule is a deliberate choice. */
/** A config that does not name a rule leaves it as the user set it. */
const LEVELS: Record<RuleName, Partial<Record<ConfigName, Linter.RuleEntry>>> = {
  'no-hardcoded-endpoint': { recommended: 'warn', strict: 'error', all: 'error' },
  'require-error-handling': {
    recommended: 'error',
    strict: ['error', { propagation: 'report' }],
    all: 'error',
  },
  'require-retry': { strict: 'error', all: 'error' },
  'require-timeout': { recommended: 'error', strict: 'error', all: 'error' },
};

/**
 * Two objects: the plugin for every file, and the rules for every file but tests and fixtures
 * (mocks match literal URLs; the test runner owns failures). The exclusion is the rules object's
 * own `ignores`, not a second object that turns rules off: `defineConfig` and typescript-eslint's
 * `config()` both keep it when the config is used under `extends` with other `files`.
 */
export function buildConfigs(plugin: ESLint.Plugin): Record<ConfigName, Linter.Config[]> {
  const build = (name: ConfigName): Linter.Config[] => {
    const rules = Object.fromEntries(
      Object.entries(LEVELS)
        .filter(([, levels]) => levels[name] !== undefined)
        .map(([rule, levels]) => [`safe-requests/${rule}`, levels[name]!]),
    );
    return [
      { name: 'safe-requests/plugin', plugins: { 'safe-requests': plugin } },
      { name: `safe-requests/${name}`, ignores: [...TEST_FILE_GLOBS], rules },
    ];
  };
  return { recommended: build('recommended'), strict: build('strict'), all: build('all') };
}
