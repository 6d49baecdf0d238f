import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, findVariable, innerValue, outerValue, type FunctionNode, type Node, type Scope } from './ast';
import { findPackageRoot, packageRelativePath } from './package-root';
import type { RequestCall, RequestIndex } from './requests';
import { runtimeEnvironment } from './runtime-environment';

/**
 * Who answers a failure that leaves a function, when it is not the function itself: a framework
 * that turns a thrown error into an error response, the users of a published library (its API
 * rejects on purpose), or the callers of a fetch replacement (rejecting is what fetch does).
 * require-error-handling's `propagation: 'report'` asks these before it reports.
 */

interface FileConvention {
  /** The dependency (in the nearest package.json) that makes the convention real. */
  readonly dependencies: readonly string[];
  /** Path relative to the package root. */
  readonly path: RegExp;
  /** Exported names the framework calls; 'default' for the default export. */
  readonly exports: ReadonlySet<string>;
}

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * File-convention frameworks answer a thrown error with a 500 response or their error page
 * (Next.js route handlers and pages, SvelteKit endpoints and loads, Remix / React Router
 * loaders and actions, Astro endpoints), so an export they call hands its failure to them.
 */
const CONVENTIONS: readonly FileConvention[] = [
  { dependencies: ['next'], path: /^(?:src\/)?app\/(?:.*\/)?route\.[cm]?[jt]sx?$/, exports: new Set(HTTP_METHODS) },
  { dependencies: ['next'], path: /^(?:src\/)?pages\/api\//, exports: new Set(['default']) },
  {
    dependencies: ['next'],
    path: /^(?:src\/)?app\/(?:.*\/)?(?:page|layout|template|default)\.[jt]sx?$/,
    exports: new Set(['default', 'generateMetadata', 'generateStaticParams']),
  },
  { dependencies: ['next'], path: /^(?:src\/)?pages\/(?!api\/)/, exports: new Set(['getServerSideProps', 'getStaticProps', 'getStaticPaths']) },
  { dependencies: ['@sveltejs/kit'], path: /^src\/routes\/(?:.*\/)?\+server\.[jt]s$/, exports: new Set([...HTTP_METHODS, 'fallback']) },
  { dependencies: ['@sveltejs/kit'], path: /^src\/routes\/(?:.*\/)?\+(?:page|layout)(?:\.server)?\.[jt]s$/, exports: new Set(['load']) },
  {
    dependencies: ['@remix-run/node', '@remix-run/react', '@remix-run/cloudflare', '@react-router/dev'],
    path: /^app\/(?:routes\/|root\.)/,
    exports: new Set(['loader', 'action', 'clientLoader', 'clientAction']),
  },
  { dependencies: ['astro'], path: /^src\/pages\/.*\.[jt]s$/, exports: new Set([...HTTP_METHODS, 'ALL']) },
];

const frameworkCache = new WeakMap<RequestIndex, readonly FileConvention[]>();

/** The conventions that apply to this file: its package depends on the framework and its path matches. */
function conventionsOf(index: RequestIndex): readonly FileConvention[] {
  let found = frameworkCache.get(index);
  if (!found) {
    const root = index.filePath ? findPackageRoot(index.filePath) : undefined;
    const relPath = root && index.filePath ? packageRelativePath(index.filePath, root) : undefined;
    found = relPath ? CONVENTIONS.filter((c) => c.path.test(relPath) && c.dependencies.some((d) => root!.dependencies.has(d))) : [];
    frameworkCache.set(index, found);
  }
  return found;
}

/** `fn` is exported under a name a file-convention framework calls, and answers its failure. */
export function frameworkAnswers(fn: FunctionNode, index: RequestIndex): boolean {
  const conventions = conventionsOf(index);
  if (conventions.length === 0) return false;
  const names = exportNames(fn, index.globalScope);
  return conventions.some((convention) => names.some((name) => convention.exports.has(name)));
}

/** `export function GET`, `export const GET = …`, `export default …`, `export { handler as GET }`. */
function exportNames(fn: FunctionNode, scope: Scope): string[] {
  const slot = outerValue(fn);
  const parent = slot.parent;
  if (parent?.type === 'ExportDefaultDeclaration') return ['default'];
  const id = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id : null;
  if (!id) return [];
  const names: string[] = [];
  const holder = fn.type === 'FunctionDeclaration' ? fn.parent : parent?.parent?.parent;
  if (holder?.type === 'ExportNamedDeclaration') names.push(id.name);
  if (holder?.type === 'ExportDefaultDeclaration') names.push('default');
  for (const reference of findVariable(scope, id)?.references ?? []) {
    const specifier = reference.identifier.parent;
    if (specifier?.type === 'ExportSpecifier' && specifier.exported.type === 'Identifier') names.push(specifier.exported.name);
    if (specifier?.type === 'ExportDefaultDeclaration') names.push('default');
  }
  return names;
}

const libraryCache = new WeakMap<RequestIndex, boolean>();

/** The file is shipped source of a published package (runtime-environment.ts): its exports are an API. */
export function isLibraryFile(index: RequestIndex): boolean {
  let library = libraryCache.get(index);
  if (library === undefined) {
    const program = index.globalScope.block as TSESTree.Program;
    library = index.filePath !== undefined && runtimeEnvironment({ program, globalScope: index.globalScope, text: index.text, filePath: index.filePath }).kind === 'library';
    libraryCache.set(index, library);
  }
  return library;
}

/**
 * The function the request is a pass-through of: it hands its own parameters to the request as the
 * URL and the options (`(input, init) => fetch(input, init)`, `{ ...init, x }`, `(...args) => fetch(...args)`).
 * Such a function is a fetch of its own (an SDK's `fetch` option, a Tauri or proxy wrapper): what it
 * does after a failure, retrying included, is its callers' choice, as it is for fetch itself.
 */
export function passThroughFunction(request: RequestCall, scope: Scope): FunctionNode | undefined {
  const fn = enclosingFunction(request.node);
  // fetch(input, init) and its kin: the URL first, the options second.
  if (!fn || request.shape !== 'url-init') return undefined;
  const [first, second] = request.node.arguments;
  const params = fn.params;
  if (first?.type === 'SpreadElement') return params.some((param) => param.type === 'RestElement' && isParam(first.argument, param.argument, scope)) ? fn : undefined;
  // Both the URL and the options pass through: a wrapper that drops the init is not a fetch of its own.
  if (!first || !second || !params[0] || !params[1] || !isParam(first, params[0], scope)) return undefined;
  const options = innerValue(second);
  if (isParam(options, params[1], scope)) return fn;
  const spreadsInit =
    options.type === 'ObjectExpression' && options.properties.some((property) => property.type === 'SpreadElement' && isParam(property.argument, params[1]!, scope));
  return spreadsInit ? fn : undefined;
}

/** `value` reads the parameter `param` (with or without a default or type annotation). */
function isParam(value: Node, param: TSESTree.Parameter | TSESTree.DestructuringPattern, scope: Scope): boolean {
  const name = param.type === 'AssignmentPattern' ? param.left : param;
  const read = innerValue(value);
  if (read.type !== 'Identifier' || name.type !== 'Identifier') return false;
  const variable = findVariable(scope, read);
  return variable !== undefined && variable.defs.some((definition) => definition.name === name);
}
