import { ESLintUtils } from '@typescript-eslint/utils';
import { DOCS_ROOT_URL } from '../package-info';

export const DOCS_BASE_URL = `${DOCS_ROOT_URL}/rules`;

export interface SafeRequestsDocs {
  description: string;
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<SafeRequestsDocs>((name) => `${DOCS_BASE_URL}/${name}.md`);
