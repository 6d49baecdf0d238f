import { dirname, join, relative, resolve, sep } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable, isStringLiteral, propertyName, type Scope } from '../analysis/ast';
import { isTypeScriptFile } from '../analysis/file-kinds';
import { findPackageRoot } from '../analysis/package-root';
import { runtimeEnvironment } from '../analysis/runtime-environment';
import type { ParserChoice } from './parse';
import { isRuntimeHelperSpecifier, RUNTIME_HELPER_BASENAME, RUNTIME_HELPER_MARKER } from '../analysis/retry-wrappers';
import { inlineRuntimeHelperNames, renderInlineRuntimeHelper, RUNTIME_HELPER_EXPORTS, type HelperRenderOptions, type RuntimeHelperFlavour } from '../runtime/runtime-helper';
import { nearestCompilerOptions } from './ts-config';
import { findPreambleEnd, insertTopLevelStatement } from './text-edits';
import { detectEol, quoteString, type Quote, type TextEdit } from '../fixes/source-text';
import { statement } from '../fixes/code-style';
import { skipTrivia, topLevelCommentHolds } from '../analysis/trivia';

/**
 * How a rewritten file reaches the generated helper: which flavour it needs, where the one copy
 * per package lives, the relative specifier that finds it, and the import/require (or the inline
 * copy) that brings `withRetry` and `logRequestFailure` into scope.
 */

export type HelperExport = (typeof RUNTIME_HELPER_EXPORTS)[number];

/**
 * TS files get the TypeScript helper; `.mjs`/`.cjs` say what they are; a `.js`/`.jsx` file is ESM
 * when it has import/export declarations, CommonJS when it uses require/module/exports, and
 * otherwise what the nearest package.json's `"type"` says (CommonJS without one, as in Node).
 */
export function helperFlavour(filePath: string, ast: TSESTree.Program, globalScope: Scope, parserUsed: ParserChoice): RuntimeHelperFlavour {
  if (isTypeScriptFile(filePath)) return 'ts';
  if (/\.mjs$/i.test(filePath)) return 'esm';
  if (/\.cjs$/i.test(filePath) || parserUsed.sourceType === 'commonjs') return 'cjs';
  if (ast.body.some((statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export'))) return 'esm';
  if (globalScope.through.some((reference) => ['require', 'module', 'exports'].includes(reference.identifier.name))) return 'cjs';
  return findPackageRoot(filePath)?.type === 'module' ? 'esm' : 'cjs';
}

const FLAVOUR_EXTENSION: Readonly<Record<RuntimeHelperFlavour, string>> = { ts: '.ts', esm: '.mjs', cjs: '.cjs' };

/**
 * One copy per package and flavour, beside the nearest package.json — or in its `src/` when the
 * file lives there, because a tsconfig's `rootDir`/`include` usually covers `src/` only.
 * Without a package.json, beside the file.
 */
export function helperPathFor(filePath: string, flavour: RuntimeHelperFlavour): string {
  const absolute = resolve(filePath);
  const root = findPackageRoot(absolute)?.dir ?? dirname(absolute);
  const src = join(root, 'src');
  const dir = absolute.startsWith(src + sep) ? src : root;
  return join(dir, RUNTIME_HELPER_BASENAME + FLAVOUR_EXTENSION[flavour]);
}

type ExtensionStyle = '.js' | '.ts' | '';

const JS_EXTENSION = /\.[cm]?jsx?$/i;
const TS_EXTENSION = /\.[cm]?tsx?$/i;
/** Relative imports of non-code files say nothing about how code is imported. */
const ASSET_EXTENSION = /\.(?:json|css|scss|sass|less|svg|png|jpe?g|gif|webp|avif|ico|html|md|txt|wasm|node|graphql|gql|ya?ml)$/i;

/**
 * The specifier the file imports the helper by. JS flavours name the `.mjs`/`.cjs` file as is
 * (Node needs the extension). A TS file follows its own relative imports — `./x.js` (NodeNext),
 * `./x.ts` (allowImportingTsExtensions) or `./x` (bundlers), by majority; without any, `.mts`/
 * `.cts` files and projects whose nearest tsconfig.json sets module or moduleResolution to
 * node16/nodenext use `.js`, Deno files `.ts`, the others none.
 */
export function helperSpecifier(filePath: string, helperPath: string, flavour: RuntimeHelperFlavour, ast: TSESTree.Program): string {
  let path = relative(dirname(resolve(filePath)), helperPath).split(sep).join('/');
  if (!path.startsWith('.')) path = `./${path}`;
  if (flavour !== 'ts') return path;
  return path.replace(TS_EXTENSION, '') + tsExtensionStyle(filePath, ast);
}

function tsExtensionStyle(filePath: string, ast: TSESTree.Program): ExtensionStyle {
  const votes = new Map<ExtensionStyle, number>();
  for (const specifier of relativeSpecifiers(ast)) {
    const style: ExtensionStyle | undefined = JS_EXTENSION.test(specifier)
      ? '.js'
      : TS_EXTENSION.test(specifier)
        ? '.ts'
        : ASSET_EXTENSION.test(specifier)
          ? undefined
          : '';
    if (style !== undefined) votes.set(style, (votes.get(style) ?? 0) + 1);
  }
  if (votes.size > 0) {
    const order: ExtensionStyle[] = ['.js', '.ts', ''];
    return order.reduce((best, style) => ((votes.get(style) ?? 0) > (votes.get(best) ?? 0) ? style : best));
  }
  if (/\.[cm]ts$/i.test(filePath)) return '.js';
  // Deno resolves a module by its full name only.
  if (runtimeEnvironment({ program: ast, filePath }).kind === 'deno') return '.ts';
  return nodeStyleTsconfig(filePath) ? '.js' : '';
}

function relativeSpecifiers(ast: TSESTree.Program): string[] {
  const specifiers: string[] = [];
  for (const statement of ast.body) {
    const source =
      statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration'
        ? statement.source
        : undefined;
    if (source && source.value.startsWith('.')) specifiers.push(source.value);
  }
  return specifiers;
}

// module node16/node18/node20/nodenext, or moduleResolution node16/nodenext; TypeScript reads option
// values case-insensitively.
const NODE_STYLE_OPTION_VALUES = new Set(['node16', 'node18', 'node20', 'nodenext']);

/** The nearest tsconfig.json asks for Node's own module resolution, where relative imports need extensions. */
function nodeStyleTsconfig(filePath: string): boolean {
  const options = nearestCompilerOptions(filePath);
  return [options?.module, options?.moduleResolution].some((value) => typeof value === 'string' && NODE_STYLE_OPTION_VALUES.has(value.toLowerCase()));
}

/** Where the helper's names already come from in this file. */
export type ExistingHelper =
  | { readonly kind: 'import'; readonly node: TSESTree.ImportDeclaration; readonly locals: ReadonlyMap<HelperExport, string> }
  | { readonly kind: 'require'; readonly node: TSESTree.ObjectPattern; readonly specifier: string; readonly locals: ReadonlyMap<HelperExport, string> }
  | { readonly kind: 'inline'; readonly locals: ReadonlyMap<HelperExport, string> };

/** The helper's import (named specifiers), its destructuring require, or its inline copy. */
export function existingHelper(ast: TSESTree.Program, text: string): ExistingHelper | undefined {
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type' && isRuntimeHelperSpecifier(statement.source.value)) {
      if (statement.specifiers.some((specifier) => specifier.type !== 'ImportSpecifier')) continue;
      const locals = new Map<HelperExport, string>();
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue;
        const name = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        if (isHelperExport(name)) locals.set(name, specifier.local.name);
      }
      return { kind: 'import', node: statement, locals };
    }
    const required = statement.type === 'VariableDeclaration' ? helperRequire(statement) : undefined;
    if (required) return required;
  }
  if (!topLevelCommentHolds(text, ast, RUNTIME_HELPER_MARKER)) return undefined;
  const locals = new Map<HelperExport, string>();
  for (const statement of ast.body) {
    if (statement.type === 'FunctionDeclaration' && isHelperExport(statement.id?.name)) locals.set(statement.id.name, statement.id.name);
  }
  return locals.size > 0 ? { kind: 'inline', locals } : undefined;
}

/** `const { withRetry } = require('../safe-requests-runtime.cjs')`. */
function helperRequire(declaration: TSESTree.VariableDeclaration): ExistingHelper | undefined {
  const [declarator] = declaration.declarations;
  const init = declarator?.init;
  if (declaration.declarations.length !== 1 || declarator?.id.type !== 'ObjectPattern' || init?.type !== 'CallExpression') return undefined;
  const [argument] = init.arguments;
  if (init.callee.type !== 'Identifier' || init.callee.name !== 'require' || !isStringLiteral(argument)) return undefined;
  if (!isRuntimeHelperSpecifier(argument.value)) return undefined;
  const locals = new Map<HelperExport, string>();
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
    const name = propertyName(property);
    if (isHelperExport(name)) locals.set(name, property.value.name);
  }
  return { kind: 'require', node: declarator.id, specifier: argument.value, locals };
}

function isHelperExport(name: string | undefined): name is HelperExport {
  return (RUNTIME_HELPER_EXPORTS as readonly string[]).includes(name ?? '');
}

/** Whether `call` calls the helper's `withRetry` (imported, required or inline), not a look-alike. */
export function isHelperRetryCall(call: TSESTree.CallExpression, helper: ExistingHelper | undefined, globalScope: Scope): boolean {
  const local = helper?.locals.get('withRetry');
  if (!local || call.callee.type !== 'Identifier' || call.callee.name !== local) return false;
  const definition = findVariable(globalScope, call.callee)?.defs[0];
  // The binding the helper's import, require or inline declaration makes at the top level.
  return (definition?.parent ?? definition?.node)?.parent?.type === 'Program';
}

/**
 * Names the file binds or reads as globals: the helper's names must not capture or shadow them.
 * Declarations the existing helper itself makes are not conflicts.
 */
export function takenNames(scopeManager: TSESLint.Scope.ScopeManager, wanted: readonly string[], helper: ExistingHelper | undefined): string[] {
  const own = new Set(helper?.locals.values());
  const taken = new Set<string>();
  for (const scope of scopeManager.scopes) {
    for (const name of wanted) {
      if (scope.set.has(name) && !own.has(name)) taken.add(name);
    }
  }
  for (const reference of scopeManager.globalScope?.through ?? []) {
    if (wanted.includes(reference.identifier.name)) taken.add(reference.identifier.name);
  }
  return [...taken];
}

/** Every name the inline copy declares. */
export const INLINE_HELPER_NAMES: readonly string[] = inlineRuntimeHelperNames();

export interface HelperImportRequest {
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly flavour: RuntimeHelperFlavour;
  readonly mode: 'file' | 'inline';
  readonly specifier: string;
  readonly existing: ExistingHelper | undefined;
  /** Helper names the new code uses, by their canonical export name. */
  readonly needed: ReadonlySet<HelperExport>;
  readonly quote: Quote;
  /** The file ends statements with `;`. */
  readonly semi: boolean;
  /** How an inline copy is rendered (a library's is silent on the console). */
  readonly render: HelperRenderOptions;
}

/** The edit that makes `needed` available: merge into the helper's import or require, or add one (or the inline copy). */
export function helperImportEdit(request: HelperImportRequest): TextEdit | undefined {
  const { text, ast, existing, needed } = request;
  const missing = RUNTIME_HELPER_EXPORTS.filter((name) => needed.has(name) && !existing?.locals.has(name));
  if (missing.length === 0) return undefined;
  if (existing?.kind === 'import' && existing.node.specifiers.length > 0) {
    const last = existing.node.specifiers.at(-1)!;
    return { start: last.range[1], end: last.range[1], text: missing.map((name) => `, ${name}`).join('') };
  }
  if (existing?.kind === 'require' && existing.node.properties.length > 0) {
    const last = existing.node.properties.at(-1)!;
    return { start: last.range[1], end: last.range[1], text: missing.map((name) => `, ${name}`).join('') };
  }
  if (request.mode === 'inline') {
    const eol = detectEol(text);
    const helper = renderInlineRuntimeHelper(request.flavour, request.render).trimEnd().split('\n').join(eol);
    // A blank line between the imports and the generated block.
    return insertTopLevelStatement(text, ast, findPreambleEnd(text, ast) > 0 ? `${eol}${helper}` : helper);
  }
  const names = RUNTIME_HELPER_EXPORTS.filter((name) => needed.has(name) || existing?.locals.has(name));
  const specifier = quoteString(request.specifier, request.quote);
  const offset = findPreambleEnd(text, ast);
  // Without a semicolon, a next line starting with `(`, `[` or `` ` `` would call require()'s result (an import ends where it is).
  const semi = request.semi || (request.flavour === 'cjs' && /^[([`+\-/]/.test(text.slice(skipTrivia(text, offset))));
  const load = statement(
    request.flavour === 'cjs' ? `const { ${names.join(', ')} } = require(${specifier})` : `import { ${names.join(', ')} } from ${specifier}`,
    { semi },
  );
  // The first import or require of the file gets a blank line after it.
  const joinsLoads = ast.body.some((node) => node.range[1] <= offset && !(node.type === 'ExpressionStatement' && node.directive !== undefined));
  return insertTopLevelStatement(text, ast, joinsLoads ? load : load + detectEol(text));
}

/** The helper file an existing specifier points at (with the flavour's extension when it has none). */
export function helperPathFromSpecifier(filePath: string, specifier: string, flavour: RuntimeHelperFlavour): string {
  const target = resolve(dirname(resolve(filePath)), specifier);
  if (flavour === 'ts') return target.replace(/\.[cm]?[jt]s$/i, '') + '.ts';
  return /\.[cm]?js$/i.test(target) ? target : target + FLAVOUR_EXTENSION[flavour];
}
