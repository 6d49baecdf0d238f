import noHardcodedEndpoint from './no-hardcoded-endpoint';
import requireErrorHandling from './require-error-handling';
import requireRetry from './require-retry';
import requireTimeout from './require-timeout';
import type { RuleName } from '../src/eslint/rule-names';

/** Every rule of the plugin, by id without the `safe-requests/` prefix. */
export const rules = {
  'no-hardcoded-endpoint': noHardcodedEndpoint,
  'require-error-handling': requireErrorHandling,
  'require-retry': requireRetry,
  'require-timeout': requireTimeout,
} satisfies Record<RuleName, unknown>;
