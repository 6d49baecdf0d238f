import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  CLIENTS,
  customModuleMaps,
  GLOBAL_MAP,
  INSTANCE_MAPS,
  mayMentionClient,
  MODULE_MAPS,
  TRACKED_GLOBAL_NAMES,
  type CallShape,
  type ClientId,
  type RequestStyle,
  type TraceInfo,
  type TraceMap,
  type TracedCall,
} from './clients';
import {
  calleeName,
  constInitializer,
  findProperty,
  findVariable,
  hasSpread,
  innerValue,
  instanceRoots,
  isFunction,
  propertyName,
  readReferences,
  staticString,
  type FunctionNode,
  type Node,
  type Scope,
  walk,
} from './ast';
import { methodRetryCalls } from './retry-callers';
import { isRuntimeHelperSpecifier, KNOWN_RETRY_WRAPPERS, RUNTIME_HELPER_MARKER, untrackedUrl } from './retry-wrappers';
import type { SafeRequestsSettings } from './settings';
import { topLevelCommentHolds } from './trivia';
import { isInMemoryUrl } from './url';

// Many modules take the walk from here; it lives with the other AST helpers.
export { walk };

/** One recognised HTTP request: the call (or `new XMLHttpRequest()`) that sends it. */
export interface RequestCall {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly client: ClientId;
  readonly style: RequestStyle;
  readonly shape: CallShape;
  /** Upper-case HTTP method when statically known. */
  readonly method: string | undefined;
  /** The expression that carries the URL (an argument, or a config object's `url`). */
  readonly url: Node | undefined;
  /** The options / init / config argument. */
  readonly options: Node | undefined;
  /** The `axios.create(...)` / `got.extend(...)` call this instance came from, if any. */
  readonly factory: TSESTree.CallExpression | undefined;
  /** Human name for messages: `axios`, `fetch`, or a settings-declared module. */
  readonly label: string;
}

export interface FileInput {
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager | null;
  readonly settings: SafeRequestsSettings;
  /** The file's text, for cheap checks that skip whole walks. */
  readonly text: string;
  /** Where the file lives, for what its package.json says (the Express major version). */
  readonly filePath?: string;
}

export interface RequestIndex {
  readonly requests: readonly RequestCall[];
  readonly byNode: ReadonlyMap<Node, RequestCall>;
  /** Factory calls (`axios.create(...)`) by the client they configure. */
  readonly factories: ReadonlyMap<TSESTree.CallExpression, ClientId>;
  /** Function arguments of retry wrappers, mapped to the wrapper call that carries their failure. */
  readonly retryCallbacks: ReadonlyMap<FunctionNode, TSESTree.CallExpression>;
  readonly globalScope: Scope;
  readonly filePath: string | undefined;
  /** The file's text, for what the runtime model reads from it (a shebang, `import.meta`). */
  readonly text: string;
}

const cache = new WeakMap<TSESTree.Program, { settings: SafeRequestsSettings; index: RequestIndex }>();

/** Every request in a file, found through imports, requires and globals; computed once per AST. */
export function indexRequests(input: FileInput): RequestIndex {
  const hit = cache.get(input.ast);
  if (hit && hit.settings === input.settings) return hit.index;
  const index = buildIndex(input);
  cache.set(input.ast, { settings: input.settings, index });
  return index;
}

function buildIndex({ ast, scopeManager, settings, text, filePath }: FileInput): RequestIndex {
  const realGlobal = scopeManager?.globalScope;
  if (!realGlobal) throw new Error('safe-requests: the parser gave no scope manager');
  const globalScope = withImplicitGlobals(realGlobal as Scope);
  // A file that mentions no client (most files of a project) skips the reference tracker: the
  // corpus run showed the index dominating our rules' share of lint time.
  if (!mayMentionClient(text, settings.clients)) {
    return { requests: [], byNode: new Map(), factories: new Map(), retryCallbacks: new Map(), globalScope, filePath, text };
  }
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const moduleMaps = { ...MODULE_MAPS, ...customModuleMaps(settings.clients) };
  const found: Array<{ node: Node; info: TraceInfo }> = [];
  const collect = (iterable: Iterable<{ node: unknown; info: unknown }>): void => {
    for (const { node, info } of iterable) found.push({ node: node as Node, info: info as TraceInfo });
  };

  collect(tracker.iterateGlobalReferences(GLOBAL_MAP as never));
  collect(tracker.iterateCjsReferences(moduleMaps as never));
  collect(tracker.iterateEsmReferences(moduleMaps as never));
  for (const { start, map } of nonStandardModuleRoots(ast, globalScope, moduleMaps, /\bimport\s*\(/.test(text))) {
    collect(tracker.iteratePropertyReferences(start as never, map as never));
  }

  const requests = new Map<Node, RequestCall>();
  const factories = new Map<TSESTree.CallExpression, ClientId>();
  const instanceOrigin = new Map<Node, TSESTree.CallExpression>();
  // Instances can make further instances (`got.extend().extend()`), so work through a queue.
  for (let i = 0; i < found.length; i++) {
    const { node, info } = found[i]!;
    if (info.kind === 'factory') {
      const factoryCall = node as TSESTree.CallExpression;
      if (factories.has(factoryCall)) continue;
      factories.set(factoryCall, info.client);
      const map = INSTANCE_MAPS[info.client];
      if (!map) continue;
      for (const start of instanceRoots(factoryCall)) {
        for (const { node: instanceNode, info: instanceInfo } of tracker.iteratePropertyReferences(start as never, map as never)) {
          found.push({ node: instanceNode as Node, info: instanceInfo as TraceInfo });
          instanceOrigin.set(instanceNode as Node, factoryCall);
        }
      }
      continue;
    }
    if (requests.has(node)) continue;
    const request = describeRequest(node as TSESTree.CallExpression | TSESTree.NewExpression, info, instanceOrigin.get(node), globalScope);
    if (!request.url || !readsMemory(request.url, globalScope)) requests.set(node, request);
  }

  const ordered = [...requests.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
  return {
    requests: ordered,
    byNode: requests,
    factories,
    retryCallbacks: findRetryCallbacks(ast, text, globalScope, tracker, settings),
    globalScope,
    filePath,
    text,
  };
}

/**
 * ESLint only resolves references to globals the config declares; most configs do not declare
 * `fetch`. Unresolved references to the names we track become synthetic global variables, so
 * the tracker sees them, while a local binding named `fetch` still shadows the global.
 */
export function withImplicitGlobals(globalScope: Scope, names: ReadonlySet<string> = TRACKED_GLOBAL_NAMES): Scope {
  const missing = new Map<string, TSESLint.Scope.Reference[]>();
  for (const reference of globalScope.through) {
    const name = reference.identifier.type === 'Identifier' ? reference.identifier.name : undefined;
    if (!name || !names.has(name) || globalScope.set.has(name)) continue;
    const list = missing.get(name) ?? [];
    list.push(reference);
    missing.set(name, list);
  }
  if (missing.size === 0) return globalScope;
  const set = new Map<string, unknown>(globalScope.set);
  for (const [name, references] of missing) {
    set.set(name, { name, references, defs: [], identifiers: [], scope: globalScope });
  }
  return Object.assign(Object.create(globalScope) as Scope, { set });
}

/** Module roots the tracker cannot see by itself: `import x = require('m')` and `await import('m')`. */
function* nonStandardModuleRoots(
  ast: TSESTree.Program,
  globalScope: Scope,
  maps: Record<string, TraceMap>,
  mayHaveDynamicImports: boolean,
): Generator<{ start: Node; map: TraceMap }> {
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (
      declaration?.type === 'TSImportEqualsDeclaration' &&
      declaration.moduleReference.type === 'TSExternalModuleReference'
    ) {
      const map = maps[String(declaration.moduleReference.expression.value)];
      const variable = map && findVariable(globalScope, declaration.id);
      for (const reference of variable ? readReferences(variable) : []) yield { start: reference.identifier, map: map! };
    }
  }
  for (const node of mayHaveDynamicImports ? dynamicImports(ast) : []) {
    const map = isStringLiteralSource(node.source) ? maps[node.source.value] : undefined;
    if (map && node.parent?.type === 'AwaitExpression') yield { start: node.parent, map };
  }
}

function isStringLiteralSource(node: Node): node is TSESTree.StringLiteral {
  return node.type === 'Literal' && typeof node.value === 'string';
}

/** Dynamic imports are rare, so this walk only runs when the text mentions `import(`. */
function dynamicImports(ast: TSESTree.Program): TSESTree.ImportExpression[] {
  const result: TSESTree.ImportExpression[] = [];
  walk(ast, (node) => {
    if (node.type === 'ImportExpression') result.push(node);
  });
  return result;
}

function describeRequest(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  info: TracedCall,
  factory: TSESTree.CallExpression | undefined,
  globalScope: Scope,
): RequestCall {
  const { url, options } = locateArguments(info.shape, node.arguments, globalScope);
  return {
    node,
    client: info.client,
    style: info.style,
    shape: info.shape,
    method: info.method ?? methodFromOptions(info, node, options, globalScope),
    url,
    options,
    factory,
    label: info.moduleName ?? CLIENTS[info.client].label,
  };
}

function locateArguments(
  shape: CallShape,
  args: readonly TSESTree.CallExpressionArgument[],
  globalScope: Scope,
): { url?: Node; options?: Node } {
  const [first, second, third] = args.map((arg) => (arg.type === 'SpreadElement' ? undefined : untrackedUrl(arg)));
  switch (shape) {
    case 'url-config':
      return { url: first, options: second };
    case 'url-data-config':
      return { url: first, options: third };
    case 'config-or-url':
    case 'url-init':
    case 'node-http':
      if (first && innerValue(first).type === 'ObjectExpression') {
        const config = innerValue(first) as TSESTree.ObjectExpression;
        return { url: findProperty(config, 'url')?.value, options: first };
      }
      // `axios(this.createRequest(data))`: a lone argument that is not visibly a URL may be the whole
      // config, so its settings (timeout, method, retry) are unknown rather than absent.
      if (shape === 'config-or-url' && first && !second && !isUrlExpression(constInitializer(first, globalScope))) {
        return { url: first, options: first };
      }
      return { url: first, options: second };
    case 'superagent':
      // superagent(method, url) when two arguments are given, else superagent(url).
      return args.length >= 2 ? { url: second } : { url: first };
    case 'xhr':
      return {};
  }
}

/** Producers of `data:` and `blob:` URLs: `canvas.toDataURL()`, `URL.createObjectURL(blob)`. */
const IN_MEMORY_URL_MAKERS = new Set(['toDataURL', 'createObjectURL']);

/** Libraries that render a DOM node to a `data:` URL, by module and export. */
const DATA_URL_MODULES: Readonly<Record<string, ReadonlySet<string>>> = {
  'html-to-image': new Set(['toPng', 'toJpeg', 'toSvg']),
  'dom-to-image': new Set(['toPng', 'toJpeg', 'toSvg']),
  'dom-to-image-more': new Set(['toPng', 'toJpeg', 'toSvg']),
  'modern-screenshot': new Set(['domToPng', 'domToJpeg', 'domToSvg', 'domToWebp', 'domToDataUrl']),
};

/**
 * `fetch('data:…')`, `fetch(canvas.toDataURL())`, `fetch(await toPng(node))` (html-to-image and
 * kin, through their import) or a const holding one reads memory, not the network: no connection
 * to refuse, time out or retry.
 */
function readsMemory(url: Node, globalScope: Scope): boolean {
  let value = constInitializer(url, globalScope);
  if (value.type === 'AwaitExpression') value = innerValue(value.argument);
  if (value.type === 'CallExpression' && (IN_MEMORY_URL_MAKERS.has(calleeName(value) ?? '') || isDataUrlRender(value, globalScope))) return true;
  const head = staticHead(value);
  return head !== undefined && isInMemoryUrl(head);
}

/** `toPng(node)` or `htmlToImage.toPng(node)` where the name comes from one of DATA_URL_MODULES. */
function isDataUrlRender(call: TSESTree.CallExpression, globalScope: Scope): boolean {
  const callee = innerValue(call.callee);
  const root = callee.type === 'MemberExpression' ? innerValue(callee.object) : callee;
  if (root.type !== 'Identifier') return false;
  const definition = findVariable(globalScope, root)?.defs[0];
  const declaration = definition?.type === 'ImportBinding' ? definition.parent : undefined;
  const exports = declaration?.type === 'ImportDeclaration' ? DATA_URL_MODULES[declaration.source.value] : undefined;
  if (!exports || !definition) return false;
  const specifier = definition.node;
  if (callee.type === 'MemberExpression') return specifier.type !== 'ImportSpecifier' && exports.has(propertyName(callee) ?? '');
  return specifier.type === 'ImportSpecifier' && exports.has(specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value);
}

/** Expressions that can only be a URL: strings, templates, concatenations, `new URL(…)`. */
export function isUrlExpression(node: Node): boolean {
  return (
    (node.type === 'Literal' && typeof node.value === 'string') ||
    node.type === 'TemplateLiteral' ||
    (node.type === 'BinaryExpression' && node.operator === '+') ||
    (node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'URL')
  );
}

/** The statically known start of a URL expression: a string, a template's first part, a concatenation's first operand. */
function staticHead(node: Node): string | undefined {
  const value = innerValue(node);
  if (value.type === 'Literal') return typeof value.value === 'string' ? value.value : undefined;
  if (value.type === 'TemplateLiteral') return value.quasis[0]!.value.cooked ?? undefined;
  if (value.type === 'BinaryExpression' && value.operator === '+') return staticHead(value.left);
  return undefined;
}

/**
 * The method when the call shows it; undefined when it cannot be known: spread arguments
 * (`(...args) => fetch(...args)`), opaque or spread options, a `Request` object or an opaque
 * axios config, which carry their own. Unknown counts as not idempotent everywhere.
 */
function methodFromOptions(
  info: TracedCall,
  node: RequestCall['node'],
  options: Node | undefined,
  globalScope: Scope,
): string | undefined {
  if (info.shape === 'superagent') {
    return node.arguments.length >= 2 ? staticString(node.arguments[0])?.toUpperCase() : 'GET';
  }
  if (info.shape === 'xhr') return xhrMethod(node);
  if (node.arguments.some((argument) => argument.type === 'SpreadElement')) return undefined;
  const first = node.arguments[0];
  if (first && (isRequestObject(first, globalScope) || isRequestTyped(first, globalScope))) return undefined;
  if (!options) return 'GET';
  const config = innerValue(options);
  if (config.type !== 'ObjectExpression') return undefined;
  const method = findProperty(config, 'method');
  if (method) return staticString(method.value)?.toUpperCase();
  return hasSpread(config) ? undefined : 'GET';
}

/**
 * `fetch(new Request(u, { method: 'POST' }))` (directly or through a const) or a fetch event's
 * `event.request`: the method and body travel inside the Request object.
 */
export function isRequestObject(url: Node, scope: Scope): boolean {
  const value = constInitializer(url, scope);
  if (value.type === 'NewExpression') return value.callee.type === 'Identifier' && value.callee.name === 'Request';
  return value.type === 'MemberExpression' && propertyName(value) === 'request';
}

/** A pass-through wrapper's parameter typed as what fetch takes (`input: RequestInfo | URL`, `Parameters<typeof fetch>[0]`). */
function isRequestTyped(first: Node, scope: Scope): boolean {
  const value = innerValue(first);
  if (value.type !== 'Identifier') return false;
  const definition = findVariable(scope, value)?.defs[0];
  const annotation = definition?.type === 'Parameter' ? (definition.name as TSESTree.Identifier).typeAnnotation : undefined;
  let mayBeRequest = false;
  if (annotation) {
    walk(annotation, (node) => {
      if (node.type === 'Identifier' && REQUEST_TYPE_NAMES.has(node.name)) mayBeRequest = true;
    });
  }
  return mayBeRequest;
}

const REQUEST_TYPE_NAMES = new Set(['Request', 'RequestInfo', 'fetch']);

/** `const xhr = new XMLHttpRequest(); xhr.open('POST', url)` → POST. */
function xhrMethod(node: RequestCall['node']): string | undefined {
  return staticString(xhrOpenCall(node)?.arguments[0])?.toUpperCase();
}

/** The first `xhr.open(…)` on the variable that holds `new XMLHttpRequest()`, in its block. */
function xhrOpenCall(node: RequestCall['node']): TSESTree.CallExpression | undefined {
  const parent = node.parent;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  let open: TSESTree.CallExpression | undefined;
  walkUpToBlock(parent, (candidate) => {
    if (
      !open &&
      candidate.type === 'CallExpression' &&
      candidate.callee.type === 'MemberExpression' &&
      candidate.callee.object.type === 'Identifier' &&
      candidate.callee.object.name === (parent.id as TSESTree.Identifier).name &&
      propertyName(candidate.callee) === 'open'
    ) {
      open = candidate;
    }
  });
  return open;
}

/**
 * `xhr.open(method, url, false)`: a synchronous request, whose `send()` throws on a network
 * failure instead of firing 'error' — and whose `timeout` a page cannot set (it throws).
 */
export function isSynchronousXhr(request: RequestCall): boolean {
  const async = request.client === 'xhr' ? xhrOpenCall(request.node)?.arguments[2] : undefined;
  return async?.type === 'Literal' && async.value === false;
}

function walkUpToBlock(node: Node, visit: (node: Node) => void): void {
  let block: Node | undefined = node.parent;
  while (block && block.type !== 'BlockStatement' && block.type !== 'Program') block = block.parent;
  if (block) walk(block, visit);
}

/** Finds retry-wrapper calls (p-retry, async-retry, backOff, our helper, settings, retrying methods) and their callbacks. */
function findRetryCallbacks(
  ast: TSESTree.Program,
  text: string,
  globalScope: Scope,
  tracker: ReferenceTracker,
  settings: SafeRequestsSettings,
): Map<FunctionNode, TSESTree.CallExpression> {
  const wrappers: Record<string, readonly string[]> = { ...KNOWN_RETRY_WRAPPERS, ...settings.retryWrappers };
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration' && isRuntimeHelperSpecifier(statement.source.value)) {
      wrappers[statement.source.value] = ['withRetry'];
    }
    // CommonJS files take the helper with `const { withRetry } = require('../safe-requests-runtime.cjs')`.
    for (const declarator of statement.type === 'VariableDeclaration' ? statement.declarations : []) {
      const init = declarator.init;
      const specifier = init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require'
        ? staticString(init.arguments[0])
        : undefined;
      if (specifier && isRuntimeHelperSpecifier(specifier)) wrappers[specifier] = ['withRetry'];
    }
  }
  const maps = customModuleMaps(wrappers);
  const callbacks = new Map<FunctionNode, TSESTree.CallExpression>();
  const wrapperCalls: TSESTree.CallExpression[] = [];
  for (const iterable of [tracker.iterateCjsReferences(maps as never), tracker.iterateEsmReferences(maps as never)]) {
    for (const { node } of iterable) wrapperCalls.push(node as unknown as TSESTree.CallExpression);
  }
  wrapperCalls.push(
    ...inlineHelperCalls(ast, text, globalScope),
    ...importEqualsHelperCalls(ast, globalScope),
    ...methodRetryCalls(ast, text, globalScope, tracker, settings),
  );
  for (const call of wrapperCalls) {
    for (const argument of call.arguments) {
      const fn = functionOf(argument, globalScope);
      if (fn) callbacks.set(fn, call);
    }
  }
  return callbacks;
}

/** With `helper: 'inline'` the generated `withRetry` is a declaration in the file itself. */
function inlineHelperCalls(ast: TSESTree.Program, text: string, globalScope: Scope): TSESTree.CallExpression[] {
  if (!topLevelCommentHolds(text, ast, RUNTIME_HELPER_MARKER)) return [];
  const declaration = ast.body.find(
    (statement) => statement.type === 'FunctionDeclaration' && statement.id?.name === 'withRetry',
  ) as TSESTree.FunctionDeclaration | undefined;
  const variable = declaration?.id && findVariable(globalScope, declaration.id);
  if (!variable) return [];
  return readReferences(variable)
    .map((reference) => reference.identifier.parent)
    .filter((parent): parent is TSESTree.CallExpression => parent?.type === 'CallExpression');
}

/**
 * CommonJS TypeScript under verbatimModuleSyntax takes the helper with
 * `import safeRequestsRuntime = require('./safe-requests-runtime.js')`, which the reference tracker
 * does not follow: `safeRequestsRuntime.withRetry(…)`, or `withRetry(…)` destructured from it.
 */
function importEqualsHelperCalls(ast: TSESTree.Program, globalScope: Scope): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const calledThrough = (identifier: TSESTree.Identifier): void => {
    const variable = findVariable(globalScope, identifier);
    for (const reference of variable ? readReferences(variable) : []) {
      const parent = reference.identifier.parent;
      if (parent?.type === 'CallExpression' && parent.callee === reference.identifier) calls.push(parent);
    }
  };
  for (const statement of ast.body) {
    const reference = statement.type === 'TSImportEqualsDeclaration' ? statement.moduleReference : undefined;
    if (statement.type !== 'TSImportEqualsDeclaration' || reference?.type !== 'TSExternalModuleReference') continue;
    if (!isRuntimeHelperSpecifier(staticString(reference.expression) ?? '')) continue;
    const namespace = findVariable(globalScope, statement.id);
    for (const read of namespace ? readReferences(namespace) : []) {
      const parent = read.identifier.parent;
      if (parent?.type === 'MemberExpression' && parent.object === read.identifier && propertyName(parent) === 'withRetry' && parent.parent?.type === 'CallExpression') {
        calls.push(parent.parent);
      }
      if (parent?.type !== 'VariableDeclarator' || parent.init !== read.identifier || parent.id.type !== 'ObjectPattern') continue;
      for (const property of parent.id.properties) {
        if (property.type === 'Property' && propertyName(property) === 'withRetry' && property.value.type === 'Identifier') calledThrough(property.value);
      }
    }
  }
  return calls;
}

/** The function an argument denotes: an inline function, or an identifier bound to one. */
export function functionOf(argument: Node, globalScope: Scope): FunctionNode | undefined {
  const value = innerValue(argument);
  if (isFunction(value)) return value;
  if (value.type !== 'Identifier') return undefined;
  const definition = findVariable(globalScope, value)?.defs[0];
  if (definition?.node && isFunction(definition.node as Node)) return definition.node as FunctionNode;
  if (definition?.node.type === 'VariableDeclarator' && definition.node.init && isFunction(definition.node.init)) {
    return definition.node.init as FunctionNode;
  }
  return undefined;
}
