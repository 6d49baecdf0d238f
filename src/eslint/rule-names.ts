/**
 * The rule ids without the `safe-requests/` prefix, written out instead of taken from `rules/index`
 * (which checks it defines exactly these): the published `index.d.ts` must not reach the rules'
 * typings, which need `@typescript-eslint/utils`, a package users do not install.
 */
export type RuleName = 'no-hardcoded-endpoint' | 'require-error-handling' | 'require-retry' | 'require-timeout';
