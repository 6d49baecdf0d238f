import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  constInitializer,
  enclosingFunction,
  findProperty,
  findVariable,
  innerValue,
  outerValue,
  propertyName,
  readReferences,
  staticString,
  type FunctionNode,
  type Node,
  type Scope,
  walk,
} from './ast';
import { CLIENTS, DEFAULT_RETRY_METHODS, type TraceMap } from './clients';
import { passThroughFunction } from './failure-owners';
import { functionBinding, isCommonJsExport, isExportedDeclaration } from './function-uses';
import {
  axiosInstanceOf,
  DEFAULT_INSTANCE,
  lookupOption,
  methodCallOnRequest,
  optionLayers,
  staticValue,
  type AxiosInstance,
  type OptionLookup,
} from './request-options';
import { functionOf, withImplicitGlobals, type RequestCall, type RequestIndex } from './requests';
import { AXIOS_RETRY_MODULE, RETRYING_HOOKS, SDK_FETCH_OPTIONS, type RetryingHookKind } from './retry-wrappers';

/**
 * What makes a request run again after a refused connection. `library-default`: the client's own
 * retry (got and ky by default, superagent when `.retry()` is chained); `sdk`: an SDK that retries
 * the requests of the function it was given (`new OpenAI({ fetch })`); `polling`: a setInterval
 * callback, whose next tick is the retry; `hand-written`: a loop that goes round again after the
 * failure, or a catch (or an emitter's error handler) that calls the function again; `callers`:
 * an exported fetch replacement, whose callers in other modules decide, as with fetch itself.
 */
export type RetrySource =
  | 'wrapper'
  | 'library-default'
  | 'axios-retry'
  | 'fetch-retry'
  | 'query-library'
  | 'sdk'
  | 'polling'
  | 'hand-written'
  | 'callers';

export type RetryCoverage =
  | { readonly covered: true; readonly by: RetrySource }
  | {
      readonly covered: false;
      /** An option we can read turns a retry off: got/ky `retry: 0` or `{ limit: 0 }`, TanStack `retry: false`, … */
      readonly disabledByOption: boolean;
      /** got/ky retry by default, but not this method (POST, PATCH) unless `retry.methods` lists it. */
      readonly unretriedMethod?: string;
    };

const NOT_COVERED: RetryCoverage = { covered: false, disabledByOption: false };
const DISABLED: RetryCoverage = { covered: false, disabledByOption: true };
const covered = (by: RetrySource): RetryCoverage => ({ covered: true, by });

/**
 * Whether something retries this request: a retry wrapper around it (through nested functions and
 * in-file callers), the library's own retry (got, ky), axios-retry on its instance, fetch-retry,
 * or a data-fetching hook (TanStack Query, SWR) that runs it. Unknown options count as covered.
 */
export function retryCoverage(request: RequestCall, index: RequestIndex): RetryCoverage {
  let analysis = analyses.get(index);
  if (!analysis) {
    analysis = new RetryAnalysis(index);
    analyses.set(index, analysis);
  }
  return analysis.coverage(request);
}

const analyses = new WeakMap<RequestIndex, RetryAnalysis>();

class RetryAnalysis {
  /** Functions run under a retry (or explicitly without one) by a wrapper or a data-fetching hook. */
  private readonly regions = new Map<FunctionNode, RetryCoverage>();
  private readonly axiosRetried = new Map<AxiosInstance, RetryCoverage>();
  private readonly callerMemo = new Map<FunctionNode, RetryCoverage | undefined>();
  private readonly scope: Scope;

  constructor(private readonly index: RequestIndex) {
    this.scope = index.globalScope;
    for (const fn of index.retryCallbacks.keys()) this.regions.set(fn, covered('wrapper'));
    const tracker = new ReferenceTracker(index.globalScope as never, { mode: 'legacy' });
    for (const { node, info } of trackCalls<RetryingHookKind>(tracker, HOOK_MAPS)) this.addHook(node, info);
    if (index.requests.some((request) => request.client === 'axios')) {
      for (const { node } of trackCalls(tracker, { [AXIOS_RETRY_MODULE]: callMap(true) })) this.addAxiosRetry(node);
    }
    for (const { node, info } of trackNews<string>(tracker, SDK_MAPS)) {
      const option = optionAt(node.arguments[0], info, this.scope);
      if (option) this.addRegion(option, covered('sdk'));
    }
    const timers = new ReferenceTracker(withImplicitGlobals(index.globalScope, TIMER_GLOBALS) as never, { mode: 'legacy' });
    const intervals = [...timers.iterateGlobalReferences(INTERVAL_MAP as never), ...trackCalls(timers, TIMER_MODULES)];
    for (const { node } of intervals) {
      const callback = (node as unknown as TSESTree.CallExpression).arguments[0];
      if (callback) this.addRegion(callback, covered('polling'));
    }
  }

  coverage(request: RequestCall): RetryCoverage {
    if (request.style === 'event' && this.errorHandlers(request).some((handler) => retriesFrom(handler, request.node, this.scope))) {
      return covered('hand-written');
    }
    const enclosing = this.enclosingCoverage(request.node);
    if (enclosing?.covered) return enclosing;
    const library = this.libraryCoverage(request);
    if (library?.covered) return library;
    const passThrough = passThroughFunction(request, this.scope);
    if (passThrough && (isExportedDeclaration(passThrough) || isCommonJsExport(passThrough))) return covered('callers');
    return enclosing ?? library ?? NOT_COVERED;
  }

  /**
   * The functions an event-style request reports its failure to: `xhr.onerror = f`,
   * `xhr.addEventListener('error', f)`, `req.on('error', f)` on the variable holding it.
   */
  private errorHandlers(request: RequestCall): Node[] {
    const declarator = outerValue(request.node).parent;
    if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return [];
    const variable = findVariable(this.scope, declarator.id);
    const handlers: Node[] = [];
    for (const reference of variable ? readReferences(variable) : []) {
      const member = reference.identifier.parent;
      if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) continue;
      const name = propertyName(member);
      const use = member.parent;
      if (use?.type === 'AssignmentExpression' && use.left === member && (name === 'onerror' || name === 'onloadend')) handlers.push(use.right);
      if (use?.type === 'CallExpression' && use.callee === member && ERROR_LISTENERS.has(name ?? '') && staticString(use.arguments[0]) === 'error' && use.arguments[1]) {
        handlers.push(use.arguments[1]);
      }
    }
    return handlers;
  }

  /** The innermost covering function around `node`; else a region that turned retries off. */
  private enclosingCoverage(node: Node): RetryCoverage | undefined {
    if (handWrittenRetry(node, this.scope)) return covered('hand-written');
    let disabled: RetryCoverage | undefined;
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      const coverage = this.regions.get(fn) ?? this.callerCoverage(fn);
      if (coverage?.covered) return coverage;
      disabled ??= coverage;
    }
    return disabled;
  }

  /**
   * A named function whose every use is a call made under retry is itself under retry
   * (`queryFn: () => loadTodos(page)`). Exported functions have callers we cannot see.
   */
  private callerCoverage(fn: FunctionNode): RetryCoverage | undefined {
    if (this.callerMemo.has(fn)) return this.callerMemo.get(fn);
    this.callerMemo.set(fn, undefined); // recursion ends here
    const binding = functionBinding(fn);
    const variable = binding && !isExportedDeclaration(fn) ? findVariable(this.scope, binding) : undefined;
    const uses = variable ? readReferences(variable) : [];
    let result: RetryCoverage | undefined;
    for (const use of uses) {
      const call = outerValue(use.identifier).parent;
      const callCoverage =
        call?.type === 'CallExpression' && innerValue(call.callee) === use.identifier ? this.enclosingCoverage(call) : undefined;
      if (!callCoverage?.covered) {
        result = undefined;
        break;
      }
      result ??= callCoverage;
    }
    this.callerMemo.set(fn, result);
    return result;
  }

  private libraryCoverage(request: RequestCall): RetryCoverage | undefined {
    switch (request.client) {
      case 'got':
      case 'ky':
        return this.builtInRetry(request);
      case 'axios': {
        const perCall = request.options ? lookupOption([request.options], AXIOS_RETRY_MODULE) : undefined;
        if (perCall?.kind === 'set' && this.turnsOff(perCall.value, 'retries')) return DISABLED;
        return this.axiosRetried.get(request.factory ?? DEFAULT_INSTANCE);
      }
      case 'superagent': {
        // `.retry(n)` in the chain; without a count it retries once.
        const retry = methodCallOnRequest(request, 'retry', this.scope);
        const count = retry?.arguments[0];
        if (!retry) return undefined;
        return count && count.type !== 'SpreadElement' && staticValue(count, this.scope)?.value === 0 ? DISABLED : covered('library-default');
      }
      case 'fetch':
        // fetchRetry(fetch) is the only factory of plain fetch (see clients.ts).
        if (!request.factory) return undefined;
        return this.isZero(lookupOption(optionLayers(request, this.index), 'retries')) ? DISABLED : covered('fetch-retry');
      default:
        return undefined;
    }
  }

  /** got and ky retry idempotent methods by default; got streams leave retrying to the caller. */
  private builtInRetry(request: RequestCall): RetryCoverage | undefined {
    if (!CLIENTS[request.client].retriesByDefault || request.style === 'event') return undefined;
    const layers = optionLayers(request, this.index);
    const retry = lookupOption(layers, 'retry');
    if (retry.kind === 'opaque') return covered('library-default');
    if (retry.kind === 'set') {
      const value = retry.value;
      if (value.type !== 'ObjectExpression') return this.isZero(retry) ? DISABLED : covered('library-default');
      if (this.turnsOff(value, 'limit')) return DISABLED;
    }
    const methods = this.retryMethods(retry);
    const method = request.method;
    if (!methods || !method || methods.has(method)) return covered('library-default');
    return { covered: false, disabledByOption: false, unretriedMethod: method };
  }

  /** `retry.methods` when written out, the library default when absent, undefined when unreadable. */
  private retryMethods(retry: OptionLookup): ReadonlySet<string> | undefined {
    if (retry.kind !== 'set' || retry.value.type !== 'ObjectExpression') return DEFAULT_RETRY_METHODS;
    const methods = findProperty(retry.value, 'methods');
    if (!methods) return DEFAULT_RETRY_METHODS;
    const list = innerValue(methods.value);
    if (list.type !== 'ArrayExpression') return undefined;
    const names = list.elements.map((element) => (element ? staticString(element, this.scope)?.toUpperCase() : undefined));
    return names.every((name) => name !== undefined) ? new Set(names as string[]) : undefined;
  }

  private isZero(lookup: OptionLookup): boolean {
    return lookup.kind === 'set' && staticValue(lookup.value, this.scope)?.value === 0;
  }

  /** `{ [key]: 0 }` or `{ [key]: false }`: axios-retry `retries`, got `limit`, SWR `shouldRetryOnError`/`errorRetryCount`. */
  private turnsOff(options: Node, key: string): boolean {
    const value = innerValue(options);
    if (value.type !== 'ObjectExpression') return false;
    const property = findProperty(value, key);
    const known = property && staticValue(property.value, this.scope);
    return known !== undefined && (known.value === 0 || known.value === false);
  }

  private addHook(call: TSESTree.CallExpression, kind: RetryingHookKind): void {
    const args = call.arguments;
    switch (kind) {
      case 'query': {
        const options = optionsObject(args[0]);
        if (options) this.addQuery(options, 'queryFn', true);
        // v3/v4 positional form: useQuery(key, fn, options)
        else if (args[1]) this.addRegion(args[1], queryRetry(args[2], true, this.scope));
        return;
      }
      case 'queries': {
        const options = optionsObject(args[0]);
        const queries = options && findProperty(options, 'queries');
        for (const query of queries ? objectsIn(queries.value) : []) this.addQuery(query, 'queryFn', true);
        return;
      }
      case 'mutation': {
        const options = optionsObject(args[0]);
        if (options) this.addQuery(options, 'mutationFn', false);
        else if (args[0]) this.addRegion(args[0], queryRetry(args[1], false, this.scope));
        return;
      }
      case 'swr': {
        // useSWR(key, fetcher, config) or useSWR(key, config) with a `fetcher` in the config.
        const config = objectLiteral(args[2]) ?? objectLiteral(args[1]);
        const fetcher = args[1] && !objectLiteral(args[1]) ? args[1] : config && findProperty(config, 'fetcher')?.value;
        const off = config && (this.turnsOff(config, 'shouldRetryOnError') || this.turnsOff(config, 'errorRetryCount'));
        if (fetcher) this.addRegion(fetcher, off ? DISABLED : covered('query-library'));
        return;
      }
    }
  }

  private addQuery(options: TSESTree.ObjectExpression, functionKey: string, retriesByDefault: boolean): void {
    const fn = findProperty(options, functionKey);
    if (fn) this.addRegion(fn.value, queryRetry(options, retriesByDefault, this.scope));
  }

  private addRegion(argument: Node, coverage: RetryCoverage | undefined): void {
    const fn = coverage && functionOf(argument, this.scope);
    if (fn && !this.regions.has(fn)) this.regions.set(fn, coverage);
  }

  private addAxiosRetry(call: TSESTree.CallExpression): void {
    const target = call.arguments[0];
    const instance = target && axiosInstanceOf(target, this.index);
    if (!instance) return;
    const options = call.arguments[1];
    this.axiosRetried.set(instance, options && this.turnsOff(options, 'retries') ? DISABLED : covered('axios-retry'));
  }
}

/** TanStack's `retry`: false or 0 turns it off; absent means the default (queries on, mutations off). */
function queryRetry(options: Node | undefined, retriesByDefault: boolean, scope: Scope): RetryCoverage | undefined {
  const object = optionsObject(options);
  const retry = object && findProperty(object, 'retry');
  if (!retry) return retriesByDefault ? covered('query-library') : undefined;
  const known = staticValue(retry.value, scope);
  return known && (known.value === false || known.value === 0) ? DISABLED : covered('query-library');
}

/** A TanStack options object, also when a function returns it (`createQuery(() => ({ ... }))`). */
function optionsObject(node: Node | undefined): TSESTree.ObjectExpression | undefined {
  const value = node && innerValue(node);
  return value?.type === 'ArrowFunctionExpression' && value.body.type !== 'BlockStatement' ? objectLiteral(value.body) : objectLiteral(value);
}

function objectLiteral(node: Node | undefined): TSESTree.ObjectExpression | undefined {
  const value = node && innerValue(node);
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/** Objects of `queries: [{ ... }, { ... }]` or `queries: ids.map((id) => ({ ... }))`. */
function objectsIn(node: Node): TSESTree.ObjectExpression[] {
  const value = innerValue(node);
  if (value.type === 'ArrayExpression') {
    return value.elements.flatMap((element) => {
      const object = element && optionsObject(element);
      return object ? [object] : [];
    });
  }
  if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression' && propertyName(value.callee) === 'map') {
    const object = optionsObject(value.arguments[0]);
    return object ? [object] : [];
  }
  return [];
}


/**
 * A hand-written retry around `node` (a request, or a call of a function that makes one): a catch
 * (or `.catch()`) that calls an enclosing function again, directly or through a timer; or a loop
 * whose catch lets it go round again while it sends the same request (no loop variable in the
 * call: `for (const u of urls)` is iteration, not retry).
 */
function handWrittenRetry(node: Node, scope: Scope): boolean {
  const fn = enclosingFunction(node);
  let child: Node = node;
  for (let current = node.parent; current && current !== fn; child = current, current = current.parent) {
    const handlers = failureHandlersAt(current, child);
    if (handlers.some(({ body }) => callsEnclosingFunction(body, node, scope))) return true;
    // A finally block (or .finally()) lets the failure go on, out of the loop.
    const catches = handlers.filter(({ kind }) => kind === 'catch');
    const loop = catches.length > 0 ? innermostLoop(current, fn) : undefined;
    if (loop && catches.some(({ body }) => !leavesLoop(body)) && sameRequestEachTime(node, loop, scope)) return true;
  }
  return false;
}

interface FailureHandler {
  readonly kind: 'catch' | 'finally';
  readonly body: Node;
}

/** What runs after a failure thrown or rejected from `child`: catch and finally blocks, `.catch`/`.then`/`.finally` callbacks. */
function failureHandlersAt(current: Node, child: Node): FailureHandler[] {
  if (current.type === 'TryStatement' && current.block === child) {
    const handlers: FailureHandler[] = [];
    if (current.handler) handlers.push({ kind: 'catch', body: current.handler.body });
    if (current.finalizer) handlers.push({ kind: 'finally', body: current.finalizer });
    return handlers;
  }
  const call = current.parent;
  if (current.type !== 'MemberExpression' || current.object !== child || call?.type !== 'CallExpression' || call.callee !== current) return [];
  const method = propertyName(current);
  const handler = method === 'catch' || method === 'finally' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
  return handler ? [{ kind: method === 'finally' ? 'finally' : 'catch', body: handler }] : [];
}

/** The handler names an enclosing function (`setTimeout(poll, 1000)`, `return load(u, n - 1)`) or method (`this.load()`). */
function callsEnclosingFunction(handler: Node, node: Node, scope: Scope): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const binding = functionBinding(fn);
    const variable = binding && findVariable(scope, binding);
    if (variable?.references.some((reference) => reference.isRead() && within(reference.identifier, handler))) return true;
    const method = fn.parent?.type === 'MethodDefinition' && !fn.parent.computed ? propertyName(fn.parent as never) : undefined;
    let found = false;
    if (method) {
      walk(handler, (inner) => {
        if (inner.type === 'MemberExpression' && inner.object.type === 'ThisExpression' && propertyName(inner) === method) found = true;
      });
    }
    if (found) return true;
  }
  return false;
}

const ERROR_LISTENERS = new Set(['on', 'once', 'addEventListener']);

/**
 * An error handler that sends the request again: it calls an enclosing function, itself or through
 * a function declared beside the request (`const onError = (e) => { … setTimeout(() => load(n + 1)) }`).
 */
function retriesFrom(handler: Node, request: Node, scope: Scope): boolean {
  if (callsEnclosingFunction(handler, request, scope)) return true;
  let found = false;
  walk(handler, (node) => {
    if (found || node.type !== 'CallExpression') return;
    const local = functionOf(node.callee, scope);
    if (local && local !== handler && enclosingFunction(local) === enclosingFunction(request) && callsEnclosingFunction(local, request, scope)) found = true;
  });
  return found;
}

function innermostLoop(node: Node, fn: FunctionNode | undefined): Node | undefined {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (LOOPS.has(current.type)) return current;
  }
  return undefined;
}

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** A catch block that ends in `throw`, `return` or `break` leaves the loop on the first failure. */
function leavesLoop(handler: Node): boolean {
  if (handler.type !== 'BlockStatement') return false;
  return handler.body.some((statement) => ['ThrowStatement', 'ReturnStatement', 'BreakStatement'].includes(statement.type));
}

/** The call's arguments read nothing the loop declares or changes. */
function sameRequestEachTime(node: Node, loop: Node, scope: Scope): boolean {
  const call = node as TSESTree.CallExpression;
  let same = true;
  for (const argument of call.arguments) {
    walk(argument, (inner) => {
      if (!same || inner.type !== 'Identifier') return;
      const variable = findVariable(scope, inner);
      if (!variable) return;
      const declaredInLoop = variable.defs.some((definition) => within(definition.name, loop));
      const changedInLoop = variable.references.some((reference) => reference.isWrite() && within(reference.identifier, loop));
      if (declaredInLoop || changedInLoop) same = false;
    });
  }
  return same;
}

function within(node: Node, container: Node): boolean {
  return container.range[0] <= node.range[0] && node.range[1] <= container.range[1];
}

/** `new OpenAI({ fetch })`: the value at `path` (`request.fetch`) in the constructor's options. */
function optionAt(options: Node | undefined, path: string, scope: Scope): Node | undefined {
  let value: Node | undefined = options;
  for (const key of path.split('.')) {
    const object = value && constInitializer(value, scope);
    value = object?.type === 'ObjectExpression' ? findProperty(object, key)?.value : undefined;
  }
  return value;
}

function callMap<T>(info: T): TraceMap {
  return { [ReferenceTracker.CALL]: info as never };
}

/** Trace maps of the data-fetching hooks, from the table in retry-wrappers.ts. */
function hookMaps(): Record<string, TraceMap> {
  const maps: Record<string, TraceMap> = {};
  for (const [moduleName, exports] of Object.entries(RETRYING_HOOKS)) {
    const root: TraceMap = {};
    for (const [name, kind] of Object.entries(exports)) {
      if (name === 'default') Object.assign(root, callMap(kind), { default: callMap(kind) });
      else root[name] = callMap(kind);
    }
    maps[moduleName] = root;
  }
  return maps;
}

const HOOK_MAPS = hookMaps();

/** Constructors of SDKs that retry, from the table in retry-wrappers.ts; `info` is the option path. */
const SDK_MAPS: Record<string, TraceMap> = Object.fromEntries(
  Object.entries(SDK_FETCH_OPTIONS).map(([moduleName, exports]) => {
    const root: TraceMap = {};
    for (const [name, path] of Object.entries(exports)) {
      const construct: TraceMap = { [ReferenceTracker.CONSTRUCT]: path as never };
      if (name === 'default') Object.assign(root, construct, { default: construct });
      else root[name] = construct;
    }
    return [moduleName, root];
  }),
);

const INTERVAL_MAP: TraceMap = { setInterval: callMap(true) };
const TIMER_MODULES: Record<string, TraceMap> = { timers: INTERVAL_MAP, 'node:timers': INTERVAL_MAP };
/** ESLint configs without browser or Node globals leave setInterval unresolved; the tracker must still see it. */
const TIMER_GLOBALS: ReadonlySet<string> = new Set(['setInterval', 'window', 'globalThis', 'self', 'global']);

function* trackNews<T>(tracker: ReferenceTracker, maps: Record<string, TraceMap>): Generator<{ node: TSESTree.NewExpression; info: T }> {
  for (const { node, info } of trackCalls<T>(tracker, maps)) yield { node: node as unknown as TSESTree.NewExpression, info };
}

function* trackCalls<T>(tracker: ReferenceTracker, maps: Record<string, TraceMap>): Generator<{ node: TSESTree.CallExpression; info: T }> {
  for (const iterable of [tracker.iterateCjsReferences(maps as never), tracker.iterateEsmReferences(maps as never)]) {
    for (const { node, info } of iterable) yield { node: node as unknown as TSESTree.CallExpression, info: info as T };
  }
}
