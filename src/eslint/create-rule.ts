import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE_URL = 'https://github.com/safe-requests/eslint-plugin-safe-requests/blob/main/docs/rules';

export interface SafeRequestsDocs {
  description: string;
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<SafeRequestsDocs>((name) => `${DOCS_BASE_URL}/${name}.md`);
