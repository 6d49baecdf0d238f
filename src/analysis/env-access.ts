import type { TSESTree } from '@typescript-eslint/types';
import { isStringLiteral, propertyName, type Node } from './ast';
import type { PackageRoot } from './package-root';
import { walk } from './requests';
import type { Quote } from '../fixes/source-text';

/**
 * How a file reads an environment variable. Bundlers replace only exact member expressions at
 * build time (Vite: `import.meta.env.VITE_*`, Next.js: `process.env.NEXT_PUBLIC_*`), so the
 * generated code must use exactly those forms.
 */

export const ENV_ACCESS_CHOICES = ['auto', 'process', 'vite', 'next-public'] as const;
export type EnvAccessChoice = (typeof ENV_ACCESS_CHOICES)[number];
export type EnvAccess = Exclude<EnvAccessChoice, 'auto'>;

/**
 * `??` keeps an empty variable (`X=""`), `||` replaces it with the default; `none` has no
 * default: an unset or empty variable throws where the value is read.
 */
export const ENV_FALLBACKS = ['??', '||', 'none'] as const;
export type EnvFallback = (typeof ENV_FALLBACKS)[number];

const PREFIXES: Readonly<Record<EnvAccess, string>> = { process: '', vite: 'VITE_', 'next-public': 'NEXT_PUBLIC_' };

const VITE_CONFIG = /^vite\.config\.[cm]?[jt]s$/;
// Build and tool configs run in Node, where `import.meta.env` does not exist.
const CONFIG_FILE = /(?:^|[\\/])[^\\/]*\.config\.[cm]?[jt]sx?$/;

export interface EnvAccessFile {
  readonly program: TSESTree.Program;
  readonly text: string;
  readonly filePath: string;
}

/** The access a file gets: `choice`, except that `vite` needs an ES module (`import.meta` is a syntax error in CommonJS). */
export function envAccessFor(choice: EnvAccessChoice, file: EnvAccessFile, root: PackageRoot | undefined): EnvAccess {
  if (choice === 'auto') return detectEnvAccess(file, root);
  return choice === 'vite' && !isEsModule(file) ? 'process' : choice;
}

/**
 * The access a file gets under `envAccess: 'auto'`:
 * - `next-public` for a `"use client"` file in a package depending on `next`;
 * - `vite` for an ES module in a package depending on `vite` or with a `vite.config.*` beside its
 *   package.json, unless the file is a `*.config.*` file or a shebang script (both run in Node);
 * - `process` otherwise.
 */
export function detectEnvAccess(file: EnvAccessFile, root: PackageRoot | undefined): EnvAccess {
  if (!root) return 'process';
  if (root.dependencies.has('next') && hasDirective(file.program, 'use client')) return 'next-public';
  const viteProject = root.dependencies.has('vite') || root.entries.some((entry) => VITE_CONFIG.test(entry));
  if (viteProject && isEsModule(file) && !CONFIG_FILE.test(file.filePath) && !hasShebang(file.text)) return 'vite';
  return 'process';
}

function hasDirective(program: TSESTree.Program, directive: string): boolean {
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

/** A module by its syntax: `import.meta` is a syntax error in CommonJS, so a file that merely parses as a module is not enough. */
function isEsModule({ program, text, filePath }: EnvAccessFile): boolean {
  if (program.sourceType !== 'module') return false;
  if (/\.m[jt]s$/i.test(filePath) || text.includes('import.meta')) return true;
  return program.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
}

function hasShebang(text: string): boolean {
  return text.startsWith('#!') || text.startsWith('\uFEFF#!');
}

/** The variable's full name for an access style: `VITE_` and `NEXT_PUBLIC_` are added unless present. */
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
 * `fullName` already carries its prefix. Bundlers replace only the dotted forms, so `vite` and
 * `next-public` always use them.
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
