import requireErrorHandling from './require-error-handling';

/** Every rule of the plugin, by id without the `safe-requests/` prefix. */
export const rules = {
  'require-error-handling': requireErrorHandling,
};

export type RuleName = keyof typeof rules;
