import { dirname, join, relative, resolve, sep } from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findVariable, isStringLiteral, propertyName, type Scope } from '../analysis/ast';
import { isTypeScriptFile } from '../analysis/file-kinds';
import { findPackageRoot } from '../analysis/package-root';
import { runtimeEnvironment } from '../analysis/runtime-environment';
import type { ParserChoice } from './parse';
import { isRuntimeHelperSpecifier, RUNTIME_HELPER_BASENAME, RUNTIME_HELPER_MARKER } from '../analysis/retry-wrappers';
import { inlineRuntimeHelperNames, renderInlineRuntimeHelper, RUNTIME_HELPER_EXPORTS, type HelperRenderOptions, type RuntimeHelperFlavour } from '../runtime/runtime-helper';
import { nearestCompilerOptions, nearestTsconfig, tsconfigCovers } from './ts-config';
import type { TsConfigResult } from 'get-tsconfig';
import { findPreambleEnd, insertTopLevelStatement } from './text-edits';
import { detectEol, quoteString, type Quote, type TextEdit } from '../fixes/source-text';
import { continuesPreviousLine, statement } from '../fixes/code-style';
import { skipTrivia, topLevelCommentHolds } from '../analysis/trivia';

/**
 * How a rewritten file reaches the generated helper: which flavour it needs, where the one copy
 * per package lives, the relative specifier that finds it, and the import/require (or the inline
 * copy) that brings `withRetry` and `logRequestFailure` into scope.
 */

export type HelperExport = (typeof RUNTIME_HELPER_EXPORTS)[number];

/**
 * TS files get the TypeScript helper (its `export =` form where the file is CommonJS under
 * verbatimModuleSyntax); `.mjs`/`.cjs` say what they are; a `.js`/`.jsx` file is ESM when it has
 * import/export declarations, CommonJS when it uses require/module/exports, and otherwise what the
 * nearest package.json's `"type"` says (CommonJS without one, as in Node).
 */
export function helperFlavour(filePath: string, ast: TSESTree.Program, globalScope: Scope, parserUsed: ParserChoice): RuntimeHelperFlavour {
  if (isTypeScriptFile(filePath)) return verbatimCommonJs(filePath, ast) ? 'cts' : 'ts';
  if (/\.mjs$/i.test(filePath)) return 'esm';
  if (/\.cjs$/i.test(filePath) || parserUsed.sourceType === 'commonjs') return 'cjs';
  if (ast.body.some((statement) => statement.type === 'ImportDeclaration' || statement.type.startsWith('Export'))) return 'esm';
  if (globalScope.through.some((reference) => ['require', 'module', 'exports'].includes(reference.identifier.name))) return 'cjs';
  return findPackageRoot(filePath)?.type === 'module' ? 'esm' : 'cjs';
}

/**
 * A TypeScript file that compiles to CommonJS with `verbatimModuleSyntax` on, where `import … from`
 * is TS1295 and only `import x = require()` and `export =` may be written: it says so itself
 * (it uses them), or nothing in it is ESM and its tsconfig and package.json make it CommonJS.
 */
function verbatimCommonJs(filePath: string, ast: TSESTree.Program): boolean {
  const options = nearestCompilerOptions(filePath);
  if (options?.verbatimModuleSyntax !== true) return false;
  if (ast.body.some((statement) => statement.type === 'TSImportEqualsDeclaration' || statement.type === 'TSExportAssignment')) return true;
  const esm = ast.body.some(
    (statement) =>
      (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') ||
      ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportAllDeclaration') && statement.exportKind !== 'type') ||
      statement.type === 'ExportDefaultDeclaration',
  );
  if (esm || /\.mts$/i.test(filePath)) return false;
  if (/\.cts$/i.test(filePath)) return true;
  const module = typeof options.module === 'string' ? options.module.toLowerCase() : undefined;
  if (module === 'commonjs') return true;
  return module !== undefined && NODE_STYLE_OPTION_VALUES.has(module) && findPackageRoot(filePath)?.type !== 'module';
}

const FLAVOUR_EXTENSION: Readonly<Record<RuntimeHelperFlavour, string>> = { ts: '.ts', cts: '.ts', esm: '.mjs', cjs: '.cjs' };

/**
 * One copy per package and flavour, whichever of its files asks: in the package's `src/` when it
 * has one (a tsconfig's `rootDir`/`include` usually covers `src/` only, and Create React App
 * refuses imports from outside it) and does not publish it, else beside its package.json; without a package.json, beside
 * the file. A TypeScript copy goes where the file's tsconfig.json compiles it (inside its
 * `rootDir`; else `src/`, the `include` entry that holds the file, or the package root, the first
 * the tsconfig covers), never outside the package.
 */
export function helperPathFor(filePath: string, flavour: RuntimeHelperFlavour): string {
  const absolute = resolve(filePath);
  const pkg = findPackageRoot(absolute);
  const root = pkg?.dir ?? dirname(absolute);
  const src = join(root, 'src');
  // A published package's src/ is what it ships: its own scripts keep their copy outside it.
  const fallback = absolute.startsWith(src + sep) || (pkg?.entries.includes('src') && !pkg.published) ? src : root;
  // A `.cts` file's helper must be CommonJS whatever the package's type.
  const basename = RUNTIME_HELPER_BASENAME + (flavour === 'cts' && /\.cts$/i.test(absolute) ? '.cts' : FLAVOUR_EXTENSION[flavour]);
  const tsconfig = flavour === 'ts' || flavour === 'cts' ? nearestTsconfig(absolute) : undefined;
  if (!tsconfig) return join(fallback, basename);
  const { rootDir, includes } = compiledDirs(tsconfig, absolute);
  const candidates = [...rootDir, fallback, ...includes, root].filter((dir) => (dir === root || dir.startsWith(root + sep)) && (rootDir.length === 0 || dir === rootDir[0] || dir.startsWith(rootDir[0] + sep)));
  const dir = candidates.find((candidate) => tsconfigCovers(tsconfig, join(candidate, basename))) ?? fallback;
  return join(dir, basename);
}

/** `rootDir`, and the static start of each `include` pattern that holds the file (`src/**` gives src). */
function compiledDirs(tsconfig: TsConfigResult, filePath: string): { rootDir: string[]; includes: string[] } {
  const base = dirname(tsconfig.path);
  const rootDir = tsconfig.config.compilerOptions?.rootDir;
  const includes = (tsconfig.config.include ?? []).map((pattern) => {
    const fixed = pattern.split('/');
    const wild = fixed.findIndex((segment) => /[*?{[]/.test(segment));
    const dir = resolve(base, (wild === -1 ? fixed : fixed.slice(0, wild)).join('/'));
    return /\.[cm]?[jt]sx?$/i.test(dir) ? dirname(dir) : dir;
  });
  const holds = (dir: string): boolean => filePath.startsWith(dir + sep);
  return { rootDir: rootDir === undefined ? [] : [resolve(base, rootDir)].filter(holds), includes: includes.filter(holds) };
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
  if (flavour !== 'ts' && flavour !== 'cts') return path;
  const aliased = aliasedPath(filePath, helperPath, ast);
  const style = tsExtensionStyle(filePath, ast);
  // TypeScript finds `x.cts` as `x.cjs`.
  return (aliased ?? path).replace(TS_EXTENSION, '') + (style === '.js' && /\.cts$/i.test(helperPath) ? '.cjs' : style);
}

/**
 * `@/safe-requests-runtime` rather than `../../safe-requests-runtime`: through a tsconfig `paths`
 * alias whose target holds the helper, when the file already imports through that alias (its own
 * imports show the style, and that its build resolves the alias at run time too).
 */
function aliasedPath(filePath: string, helperPath: string, ast: TSESTree.Program): string | undefined {
  const tsconfig = nearestTsconfig(filePath);
  const options = tsconfig?.config.compilerOptions;
  if (!tsconfig || !options?.paths) return undefined;
  const base = resolve(dirname(tsconfig.path), options.baseUrl ?? '.');
  const specifiers = moduleSpecifiers(ast);
  for (const [pattern, targets] of Object.entries(options.paths)) {
    const prefix = pattern.slice(0, -1);
    const target = targets[0];
    if (!pattern.endsWith('*') || prefix.includes('*') || !target?.endsWith('*')) continue;
    const dir = resolve(base, target.slice(0, -1));
    if (helperPath.startsWith(dir + sep) && specifiers.some((specifier) => specifier.startsWith(prefix))) {
      return prefix + relative(dir, helperPath).split(sep).join('/');
    }
  }
  return undefined;
}

function tsExtensionStyle(filePath: string, ast: TSESTree.Program): ExtensionStyle {
  const votes = new Map<ExtensionStyle, number>();
  for (const specifier of moduleSpecifiers(ast).filter((value) => value.startsWith('.'))) {
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

function moduleSpecifiers(ast: TSESTree.Program): string[] {
  const specifiers: string[] = [];
  for (const statement of ast.body) {
    const source =
      statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration'
        ? statement.source
        : undefined;
    if (source) specifiers.push(source.value);
    const required = statement.type === 'TSImportEqualsDeclaration' ? requiredSpecifier(statement) : undefined;
    if (required !== undefined) specifiers.push(required);
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
  // `import safeRequestsRuntime = require('./safe-requests-runtime.js')`: local name → specifier.
  const namespaces = new Map<string, string>();
  for (const statement of ast.body) {
    const specifier = statement.type === 'TSImportEqualsDeclaration' ? requiredSpecifier(statement) : undefined;
    if (statement.type === 'TSImportEqualsDeclaration' && specifier !== undefined && isRuntimeHelperSpecifier(specifier)) {
      namespaces.set(statement.id.name, specifier);
    }
  }
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
    const required = statement.type === 'VariableDeclaration' ? helperRequire(statement, namespaces) : undefined;
    if (required) return required;
  }
  if (!topLevelCommentHolds(text, ast, RUNTIME_HELPER_MARKER)) return undefined;
  const locals = new Map<HelperExport, string>();
  for (const statement of ast.body) {
    if (statement.type === 'FunctionDeclaration' && isHelperExport(statement.id?.name)) locals.set(statement.id.name, statement.id.name);
  }
  return locals.size > 0 ? { kind: 'inline', locals } : undefined;
}

/** `const { withRetry } = require('../safe-requests-runtime.cjs')`, or `= safeRequestsRuntime` after its `import … = require()`. */
function helperRequire(declaration: TSESTree.VariableDeclaration, namespaces: ReadonlyMap<string, string>): ExistingHelper | undefined {
  const [declarator] = declaration.declarations;
  const init = declarator?.init;
  if (declaration.declarations.length !== 1 || declarator?.id.type !== 'ObjectPattern') return undefined;
  const specifier = init?.type === 'Identifier' ? namespaces.get(init.name) : init?.type === 'CallExpression' ? requireCallSpecifier(init) : undefined;
  if (specifier === undefined || !isRuntimeHelperSpecifier(specifier)) return undefined;
  const locals = new Map<HelperExport, string>();
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.value.type !== 'Identifier') continue;
    const name = propertyName(property);
    if (isHelperExport(name)) locals.set(name, property.value.name);
  }
  return { kind: 'require', node: declarator.id, specifier, locals };
}

function requireCallSpecifier(call: TSESTree.CallExpression): string | undefined {
  const [argument] = call.arguments;
  return call.callee.type === 'Identifier' && call.callee.name === 'require' && isStringLiteral(argument) ? argument.value : undefined;
}

function requiredSpecifier(statement: TSESTree.TSImportEqualsDeclaration): string | undefined {
  const reference = statement.moduleReference;
  return reference.type === 'TSExternalModuleReference' && isStringLiteral(reference.expression) ? reference.expression.value : undefined;
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

/** The helper module's local name in a CommonJS TypeScript file (see verbatimCommonJs). */
export const CTS_NAMESPACE = 'safeRequestsRuntime';

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
  const eol = detectEol(text);
  // Without a semicolon, a next line starting with `(`, `[` or `` ` `` would call require()'s result (an import ends where it is).
  const semi = request.semi || (request.flavour !== 'ts' && request.flavour !== 'esm' && continuesPreviousLine(text.slice(skipTrivia(text, offset))));
  const destructured = `const { ${names.join(', ')} } = `;
  const load =
    request.flavour === 'cjs'
      ? statement(`${destructured}require(${specifier})`, { semi })
      : request.flavour === 'cts'
        ? `${statement(`import ${CTS_NAMESPACE} = require(${specifier})`, { semi: request.semi })}${eol}${statement(destructured + CTS_NAMESPACE, { semi })}`
        : statement(`import { ${names.join(', ')} } from ${specifier}`, { semi });
  // The first import or require of the file gets a blank line after it.
  const joinsLoads = ast.body.some((node) => node.range[1] <= offset && !(node.type === 'ExpressionStatement' && node.directive !== undefined));
  return insertTopLevelStatement(text, ast, joinsLoads ? load : load + eol);
}

/** The helper file an existing specifier points at (with the flavour's extension when it has none). */
export function helperPathFromSpecifier(filePath: string, specifier: string, flavour: RuntimeHelperFlavour): string {
  const target = resolve(dirname(resolve(filePath)), specifier);
  if (flavour === 'ts' || flavour === 'cts') return target.replace(/\.[cm]?[jt]s$/i, '') + (/\.c[jt]s$/i.test(target) ? '.cts' : '.ts');
  return /\.[cm]?js$/i.test(target) ? target : target + FLAVOUR_EXTENSION[flavour];
}
