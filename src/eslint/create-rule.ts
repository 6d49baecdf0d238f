import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';
import { DOCS_ROOT_URL } from '../package-info';

export const DOCS_BASE_URL = `${DOCS_ROOT_URL}/rules`;

export interface SafeRequestsDocs {
  description: string;
  recommended?: boolean;
}

type RuleDefinition<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  ESLintUtils.RuleWithMetaAndName<Options, MessageIds, SafeRequestsDocs>
>;

/**
 * typescript-eslint's `ESLintUtils.RuleCreator` contract, kept to the letter: the docs URL comes from
 * the rule name and `create` receives `defaultOptions` deep-merged with the user's options.
 * Written here because installing `@typescript-eslint/utils` installs TypeScript too (a peer of
 * typescript-estree), and a lint plugin must not carry or load a compiler; only its types are used.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  defaultOptions,
  create,
}: RuleDefinition<Options, MessageIds>): TSESLint.RuleModule<MessageIds, Options, SafeRequestsDocs> & { name: string } {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as Options;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE_URL}/${name}.md` } },
    defaultOptions: defaults,
    create: (context) => create(context, applyDefault(defaults, context.options)),
  };
}

/** Each user option replaces its default, except that plain objects are merged key by key, deeply. */
function applyDefault<Options extends readonly unknown[]>(defaults: Options, user: readonly unknown[]): Options {
  return defaults.map((value, index) => (index < user.length && user[index] !== undefined ? merge(value, user[index]) : structuredClone(value))) as unknown as Options;
}

function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? merge(base[key], value) : value;
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
