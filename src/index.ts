import type { ESLint, Linter, Rule } from 'eslint';
import { rules } from '../rules/index';
import { buildConfigs, type ConfigName } from './eslint/configs';
import type { RuleName } from './eslint/rule-names';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';

/** Typed with ESLint's own types, so `defineConfig`, `Linter.Config[]` and typescript-eslint's `config()` accept it. */
interface SafeRequestsPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: Record<ConfigName, Linter.Config[]>;
}

// typescript-eslint's rule type and ESLint's describe the same object with different AST typings.
const plugin = { meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION }, rules } as unknown as SafeRequestsPlugin;
plugin.configs = buildConfigs(plugin);

// `export =` so that both `require()` and `import plugin from` give the plugin object itself.
export = plugin;
