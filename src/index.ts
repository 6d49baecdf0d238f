import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index';
import { buildConfigs } from './configs';
import { PACKAGE_NAME, PACKAGE_VERSION } from './package-info';

interface SafeRequestsPlugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: ReturnType<typeof buildConfigs>;
}

const plugin = { meta: { name: PACKAGE_NAME, version: PACKAGE_VERSION }, rules } as SafeRequestsPlugin;
plugin.configs = buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin);

// `export =` so that both `require()` and `import plugin from` give the plugin object itself.
export = plugin;
