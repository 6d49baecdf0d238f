import type { TSESTree } from '@typescript-eslint/types';
import { isStringLiteral, propertyName, type Node } from './ast';
import { walk } from './requests';
import type { Quote } from '../fixes/source-text';

/**
 * How a file reads an environment variable. Bundlers replace only exact member expressions at
 * build time (Vite: `import.meta.env.VITE_*`, Next.js: `process.env.NEXT_PUBLIC_*`, Create React
 * App: `process.env.REACT_APP_*`), so the generated code must use exactly those forms. Which one a
 * file gets is decided by where it runs (runtime-environment.ts).
 */

export const ENV_ACCESS_CHOICES = ['auto', 'process', 'vite', 'next-public', 'react-app'] as const;
export type EnvAccessChoice = (typeof ENV_ACCESS_CHOICES)[number];
export type EnvAccess = Exclude<EnvAccessChoice, 'auto'>;

/**
 * `??` keeps an empty variable (`X=""`), `||` replaces it with the default; `none` has no
 * default: an unset or empty variable throws where the value is read.
 */
export const ENV_FALLBACKS = ['??', '||', 'none'] as const;
export type EnvFallback = (typeof ENV_FALLBACKS)[number];

const PREFIXES: Readonly<Record<EnvAccess, string>> = { process: '', vite: 'VITE_', 'next-public': 'NEXT_PUBLIC_', 'react-app': 'REACT_APP_' };

/** The variable's full name for an access style: `VITE_`, `NEXT_PUBLIC_` and `REACT_APP_` are added unless present. */
export function exposedEnvName(access: EnvAccess, name: string): string {
  const prefix = PREFIXES[access];
  return name.startsWith(prefix) ? name : prefix + name;
}

/** `name` without the access style's prefix, for comparing with unprefixed proposals. */
export function unexposedEnvName(access: EnvAccess, name: string): string {
  const prefix = PREFIXES[access];
  return prefix !== '' && name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * TypeScript's `noPropertyAccessFromIndexSignature` rejects `process.env.NAME` (an index
 * signature in @types/node), so TypeScript files under it read `process.env['NAME']`.
 */
export function needsBracketEnvAccess(filePath: string, compilerOptions: { noPropertyAccessFromIndexSignature?: boolean } | undefined): boolean {
  return /\.[cm]?tsx?$/i.test(filePath) && compilerOptions?.noPropertyAccessFromIndexSignature === true;
}

/**
 * `process.env.NAME`, `process.env['NAME']` (with `bracketQuote`), or `import.meta.env.NAME`;
 * `fullName` already carries its prefix. Bundlers replace only the dotted forms, so `vite`,
 * `next-public` and `react-app` always use them.
 */
export function envReadText(access: EnvAccess, fullName: string, bracketQuote?: Quote): string {
  if (access === 'vite') return `import.meta.env.${fullName}`;
  if (access === 'process' && bracketQuote !== undefined) return `process.env[${bracketQuote}${fullName}${bracketQuote}]`;
  return `process.env.${fullName}`;
}

export interface EnvExpressionParts {
  readonly access: EnvAccess;
  readonly fullName: string;
  readonly fallback: EnvFallback;
  /** Source text of the default (a string literal); unused with `fallback: 'none'`. */
  readonly defaultText: string;
  /** Quote for a bracketed read and for the error message of `fallback: 'none'`. */
  readonly quote: Quote;
  /** See needsBracketEnvAccess. */
  readonly bracketed: boolean;
}

/**
 * The expression that replaces a URL. With `fallback: 'none'` it needs no import and works in
 * any expression position: `process.env.X || (() => { throw new Error('Missing environment
 * variable X'); })()`, which TypeScript types as `string`.
 */
export function envExpressionText({ access, fullName, fallback, defaultText, quote, bracketed }: EnvExpressionParts): string {
  const read = envReadText(access, fullName, bracketed ? quote : undefined);
  if (fallback !== 'none') return `${read} ${fallback} ${defaultText}`;
  return `${read} || (() => { throw new Error(${quote}Missing environment variable ${fullName}${quote}); })()`;
}

/** The variable a member expression reads: `process.env.X`, `process.env['X']`, `import.meta.env.X`. */
export function envNameRead(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const object = node.object;
  if (object.type !== 'MemberExpression' || propertyName(object) !== 'env') return undefined;
  const root = object.object;
  const isProcess = root.type === 'Identifier' && root.name === 'process';
  const isImportMeta = root.type === 'MetaProperty' && root.meta.name === 'import' && root.property.name === 'meta';
  return isProcess || isImportMeta ? propertyName(node) : undefined;
}

export interface EnvReadsInFile {
  /** Every variable name the file reads. */
  readonly names: ReadonlySet<string>;
  /** `process.env.X ?? 'url'` (or `||`) already in the file: url → X, so the same URL keeps its variable. */
  readonly defaults: ReadonlyMap<string, string>;
}

export function envReadsIn(program: TSESTree.Program): EnvReadsInFile {
  const names = new Set<string>();
  const defaults = new Map<string, string>();
  walk(program, (node) => {
    const name = envNameRead(node);
    if (name !== undefined) names.add(name);
    if (node.type === 'LogicalExpression' && node.operator !== '&&' && isStringLiteral(node.right)) {
      const read = envNameRead(node.left);
      if (read !== undefined && !defaults.has(node.right.value)) defaults.set(node.right.value, read);
    }
  });
  return { names, defaults };
}
