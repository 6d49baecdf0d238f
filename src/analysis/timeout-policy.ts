import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, findVariable, innerValue, outerValue, propertyName, readReferences, type Node, type Scope } from './ast';
import { CLIENTS } from './clients';
import {
  axiosInstanceOf,
  DEFAULT_INSTANCE,
  lookupOption,
  methodCallOnRequest,
  optionLayers,
  staticValue,
  type AxiosInstance,
} from './request-options';
import { functionOf, isSynchronousXhr, walk } from './requests';
import { untrackedUrl } from './retry-wrappers';
import type { RuntimeEnvironment, RuntimeReview } from './runtime-environment';
import type { RequestCall, RequestIndex } from './requests';

/**
 * Whether a request can hang forever, per library: axios, got, fetch, node:http, superagent and
 * XMLHttpRequest wait indefinitely unless told otherwise; ky gives up after 10 s by default.
 */
/** The timeout the rule's suggestions and the timeouts transform write unless told otherwise (ky's own default). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Why the codemod gives no timeout to the requests of a file, where a human should choose one: a
 * published library's default timeout is behaviour its users cannot change, and a classic script is
 * often kept for browsers older than AbortSignal.timeout() (2022). Elsewhere undefined.
 */
export function timeoutRefusal(environment: RuntimeEnvironment): RuntimeReview | undefined {
  switch (environment.kind) {
    case 'library':
      return {
        reason: 'published-library',
        message: `This file is the source of a published library (${environment.evidence}): a timeout written here would bind every application using it; take one as an option, or the caller's signal, instead.`,
      };
    case 'browser-script':
      return {
        reason: 'classic-script',
        message: `This file is a classic browser script (${environment.evidence}), often kept for browsers older than AbortSignal.timeout() (2022): give the request a timeout that fits the browsers it serves.`,
      };
    default:
      return undefined;
  }
}

/** How a client is given a timeout: an AbortSignal (fetch and its kin, undici, node:http) or its own option. */
export function timeoutStyle(request: RequestCall): 'signal' | 'timeout' {
  return request.client === 'axios' || request.client === 'got' || request.client === 'ky' || request.client === 'superagent' || request.client === 'xhr'
    ? 'timeout'
    : 'signal';
}

/**
 * `const response = await fetch(…)` whose `response.body` the code reads: a stream (server-sent
 * events, a streamed completion) that a total timeout would cut off in the middle, so the codemod
 * leaves the choice of an idle timeout to a person.
 */
export function streamedResponseReview(request: RequestCall, index: RequestIndex): RuntimeReview | undefined {
  if (timeoutStyle(request) !== 'signal') return undefined;
  const { globalScope } = index;
  const awaited = promiseOf(request.node, index).parent;
  const holder = awaited?.type === 'AwaitExpression' ? outerValue(awaited).parent : undefined;
  const binding =
    holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier'
      ? holder.id
      : holder?.type === 'AssignmentExpression' && holder.left.type === 'Identifier'
        ? holder.left
        : undefined;
  const variable = binding && findVariable(globalScope, binding);
  const readsBody = variable
    ? readReferences(variable).some(({ identifier }) => {
        const parent = identifier.parent;
        return parent?.type === 'MemberExpression' && parent.object === identifier && propertyName(parent) === 'body';
      })
    : false;
  if (!readsBody) return undefined;
  return {
    reason: 'streamed-response',
    message: `No timeout was added to this ${request.label} request: its response body is read as a stream, which a total timeout would cut off mid-way; abort it by hand when no chunk arrives for a while.`,
  };
}

/**
 * A POST (or another method that does work) to a path of the page's own origin (`fetch('/generate')`):
 * the app's backend runs it as long as its work takes (an image generation, a job), so a default
 * timeout would break it; a person chooses one. GETs of the same origin get the default.
 */
export function ownBackendOperationReview(request: RequestCall): RuntimeReview | undefined {
  if (request.method === undefined || request.method === 'GET' || request.method === 'HEAD' || !request.url) return undefined;
  const url = innerValue(untrackedUrl(request.url));
  const start = url.type === 'Literal' && typeof url.value === 'string' ? url.value : url.type === 'TemplateLiteral' ? url.quasis[0]!.value.cooked : undefined;
  if (start === undefined || start === null || !start.startsWith('/') || start.startsWith('//')) return undefined;
  return {
    reason: 'own-backend-operation',
    message: `No timeout was added to this ${request.method} to the app's own backend (${start.split(/[?#]/)[0]}): it runs as long as the server's work takes; choose its timeout by hand.`,
  };
}

/** What the code awaits for a request: through a retry wrapper's arrow (`withRetry(() => fetch(…))`) and `.catch()`/`.finally()`. */
function promiseOf(node: Node, index: RequestIndex): Node {
  let value = outerValue(node);
  for (;;) {
    const parent = value.parent;
    const wrapper = parent?.type === 'ArrowFunctionExpression' && parent.body === value ? index.retryCallbacks.get(parent) : undefined;
    if (wrapper) {
      value = outerValue(wrapper);
    } else if (parent?.type === 'MemberExpression' && parent.object === value && ['catch', 'finally'].includes(propertyName(parent) ?? '') && parent.parent?.type === 'CallExpression') {
      value = outerValue(parent.parent);
    } else {
      return value;
    }
  }
}

export type TimeoutStatus =
  | { readonly ok: true; readonly by: string }
  | {
      readonly ok: false;
      /** missing: nothing sets a timeout; disabled: 0, Infinity, null or false; opaque: options we cannot read. */
      readonly reason: 'missing' | 'disabled' | 'opaque';
      /** The value that turns the timeout off (for `disabled`). */
      readonly at?: Node;
    };

const MISSING: TimeoutStatus = { ok: false, reason: 'missing' };
const OPAQUE: TimeoutStatus = { ok: false, reason: 'opaque' };

/** The option keys each family reads; the first that is set decides. */
const FETCH_KEYS = ['signal'];
const UNDICI_KEYS = ['signal', 'headersTimeout', 'bodyTimeout'];
const TIMEOUT_OR_SIGNAL = ['timeout', 'signal'];
/** Clients whose timeout travels in the call's arguments (superagent chains it, XHR assigns it). */
const OPTIONS_IN_ARGUMENTS: ReadonlySet<RequestCall['client']> = new Set(['fetch', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici', 'axios', 'got', 'ky', 'node-http']);

export function timeoutStatus(request: RequestCall, index: RequestIndex): TimeoutStatus {
  const scope = index.globalScope;
  if (racesATimer(request.node, scope)) return { ok: true, by: 'Promise.race with a timer' };
  // `(...args) => fetch(...args)`: the caller supplies the options, so they are unknown here.
  if (OPTIONS_IN_ARGUMENTS.has(request.client) && request.node.arguments.some((arg) => arg.type === 'SpreadElement')) return OPAQUE;
  switch (request.client) {
    case 'fetch':
    case 'node-fetch':
    case 'cross-fetch':
    case 'isomorphic-fetch':
      return fromOptions(fetchLayers(request, index), FETCH_KEYS, scope);
    case 'undici':
      return fromOptions(fetchLayers(request, index), UNDICI_KEYS, scope);
    case 'axios':
      return axiosStatus(request, index);
    case 'got':
      return fromOptions(optionLayers(request, index), TIMEOUT_OR_SIGNAL, scope);
    case 'ky': {
      const status = fromOptions(optionLayers(request, index), ['timeout'], scope);
      return status.ok || status.reason === 'disabled' ? status : { ok: true, by: `ky's default ${CLIENTS.ky.defaultTimeoutMs} ms` };
    }
    case 'node-http': {
      // http.get(url, callback): the second argument is the callback, not options.
      const options = request.options && !functionOf(request.options, scope) ? [request.options] : [];
      const status = fromOptions(options, TIMEOUT_OR_SIGNAL, scope);
      return status.ok ? status : (calledOnRequest(request, 'setTimeout', scope) ?? status);
    }
    case 'superagent':
      return calledOnRequest(request, 'timeout', scope) ?? MISSING;
    case 'xhr':
      // A page cannot set a synchronous request's timeout (it throws InvalidAccessError): nothing to ask for.
      return isSynchronousXhr(request) ? { ok: true, by: 'synchronous XMLHttpRequest' } : xhrStatus(request, scope);
    case 'custom':
      // A team's own client: its defaults are unknown.
      return OPAQUE;
  }
}

/**
 * Reads `keys` through the option layers (call, then instance); the nearest layer that sets one
 * decides, and any real limit there wins over a disabled one (`{ timeout: 0, signal }`). A later
 * layer's limit still counts when an earlier layer is unreadable: unknown means "don't report".
 */
function fromOptions(layers: readonly Node[], keys: readonly string[], scope: Scope): TimeoutStatus {
  let opaque = false;
  for (const layer of layers) {
    let disabled: Node | undefined;
    for (const key of keys) {
      const lookup = lookupOption([layer], key);
      if (lookup.kind === 'opaque') opaque = true;
      if (lookup.kind !== 'set') continue;
      disabled = disablingValue(lookup.value, scope);
      if (!disabled) return { ok: true, by: key };
    }
    if (disabled) return opaque ? OPAQUE : { ok: false, reason: 'disabled', at: disabled };
  }
  return opaque ? OPAQUE : MISSING;
}

/** `0`, `Infinity`, `null`, `false` (and negative numbers) switch a timeout off; got's `{ request: 0 }` too. */
function disablingValue(node: Node, scope: Scope): Node | undefined {
  const value = innerValue(node);
  if (value.type === 'ObjectExpression') {
    // got: `timeout: { request: 0 }`; the object counts when any phase has a real limit.
    if (value.properties.some((property) => property.type !== 'Property')) return undefined;
    return value.properties.every((phase) => disablingValue((phase as TSESTree.Property).value, scope)) ? value : undefined;
  }
  if (value.type === 'Identifier' && value.name === 'undefined') return value;
  const known = staticValue(value, scope);
  if (!known) return undefined;
  const v = known.value;
  const off = v === null || v === false || v === undefined || (typeof v === 'number' && (v <= 0 || !Number.isFinite(v)));
  return off ? value : undefined;
}

/** fetch(url, init); a Request as the first argument carries its own signal. */
function fetchLayers(request: RequestCall, index: RequestIndex): Node[] {
  const layers = optionLayers(request, index);
  const first = request.node.arguments[0];
  const requestLayer = first && first.type !== 'SpreadElement' ? requestInit(first, index.globalScope) : undefined;
  if (requestLayer) layers.push(requestLayer);
  return layers;
}

/**
 * What a Request argument adds: the init of `new Request(url, init)` (also through a const), or the
 * argument itself, unreadable, for a Request we cannot see into (`event.request`, `req: Request`).
 */
function requestInit(argument: Node, scope: Scope): Node | undefined {
  let value = innerValue(argument);
  if (value.type === 'Identifier') {
    const definition = findVariable(scope, value)?.defs[0];
    if (definition?.type === 'Parameter') return isRequestType(definition.name) ? argument : undefined;
    const init = definition?.node.type === 'VariableDeclarator' ? definition.node.init : null;
    if (init) value = innerValue(init);
  }
  if (value.type === 'NewExpression' && value.callee.type === 'Identifier' && value.callee.name === 'Request') {
    const init = value.arguments[1];
    return init && init.type !== 'SpreadElement' ? init : undefined;
  }
  return value.type === 'MemberExpression' && propertyName(value) === 'request' ? argument : undefined;
}

/** `req: Request` on a parameter. */
function isRequestType(name: Node): boolean {
  const annotation = name.type === 'Identifier' ? name.typeAnnotation?.typeAnnotation : undefined;
  return annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && annotation.typeName.name === 'Request';
}

/**
 * Nearest first: the call's config, `instance.defaults.timeout = n`, the `axios.create()` config,
 * then `axios.defaults.timeout = n` (instances created after it inherit it).
 */
function axiosStatus(request: RequestCall, index: RequestIndex): TimeoutStatus {
  const scope = index.globalScope;
  const layers = optionLayers(request, index);
  const ownConfig = request.options ? layers.slice(0, 1) : [];
  const factoryLayers = layers.slice(ownConfig.length);
  const assigned = defaultsAssignments(index);
  const own = fromOptions(ownConfig, TIMEOUT_OR_SIGNAL, scope);
  if (own.ok || own.reason === 'disabled') return own;
  const instanceDefault = request.factory && assigned.get(request.factory);
  if (instanceDefault) return fromAssignment(instanceDefault, scope);
  const created = fromOptions(factoryLayers, TIMEOUT_OR_SIGNAL, scope);
  if (created.ok || created.reason === 'disabled') return created;
  const axiosDefault = assigned.get(DEFAULT_INSTANCE);
  if (axiosDefault) return fromAssignment(axiosDefault, scope);
  return own.reason === 'opaque' ? own : created;
}

function fromAssignment(value: Node, scope: Scope): TimeoutStatus {
  const disabled = disablingValue(value, scope);
  return disabled ? { ok: false, reason: 'disabled', at: disabled } : { ok: true, by: 'defaults.timeout' };
}

const assignmentCache = new WeakMap<RequestIndex, Map<AxiosInstance, Node>>();

/** `<instance>.defaults.timeout = value` anywhere in the file, by axios instance (the last one wins). */
function defaultsAssignments(index: RequestIndex): Map<AxiosInstance, Node> {
  let found = assignmentCache.get(index);
  if (found) return found;
  found = new Map();
  walk(index.globalScope.block, (node) => {
    if (node.type !== 'AssignmentExpression' || node.left.type !== 'MemberExpression' || propertyName(node.left) !== 'timeout') return;
    const defaults = innerValue(node.left.object);
    if (defaults.type !== 'MemberExpression' || propertyName(defaults) !== 'defaults') return;
    const instance = axiosInstanceOf(defaults.object, index);
    if (instance) found!.set(instance, node.right);
  });
  assignmentCache.set(index, found);
  return found;
}

/** `.timeout(ms)` (superagent) or `.setTimeout(ms)` (node:http) on the request. */
function calledOnRequest(request: RequestCall, method: string, scope: Scope): TimeoutStatus | undefined {
  const call = methodCallOnRequest(request, method, scope);
  if (!call) return undefined;
  const limit = call.arguments[0];
  const disabled = limit && limit.type !== 'SpreadElement' ? disablingValue(limit, scope) : undefined;
  return disabled ? { ok: false, reason: 'disabled', at: disabled } : { ok: true, by: `.${method}()` };
}

/**
 * `Promise.race([fetch(u), timeout(5000)])`: the caller stops waiting when the timer settles. The
 * request (or a `.then` chain on it) is one element; another is a timer promise: `new Promise`
 * whose executor calls setTimeout, a function of this file returning one, or `setTimeout(ms)` of
 * `timers/promises`.
 */
function racesATimer(request: Node, scope: Scope): boolean {
  let node = outerValue(request);
  while (node.parent?.type === 'MemberExpression' && node.parent.object === node && CHAIN.has(propertyName(node.parent) ?? '')) {
    const call = outerValue(node.parent).parent;
    if (call?.type !== 'CallExpression') return false;
    node = outerValue(call);
  }
  const array = node.parent;
  const race = array?.type === 'ArrayExpression' ? outerValue(array).parent : undefined;
  if (race?.type !== 'CallExpression' || dottedName(race.callee)?.join('.') !== 'Promise.race') return false;
  return (array as TSESTree.ArrayExpression).elements.some((element) => element !== null && element !== node && isTimerPromise(element, scope));
}

const CHAIN = new Set(['then', 'catch', 'finally']);
const TIMER_PROMISE_MODULES = new Set(['timers/promises', 'node:timers/promises']);

function isTimerPromise(element: Node, scope: Scope): boolean {
  const value = innerValue(element);
  if (value.type === 'NewExpression') return isTimerExecutor(value);
  if (value.type !== 'CallExpression') return false;
  const callee = innerValue(value.callee);
  const definition = callee.type === 'Identifier' ? findVariable(scope, callee)?.defs[0] : undefined;
  const declaration = definition?.type === 'ImportBinding' ? definition.parent : undefined;
  if (declaration?.type === 'ImportDeclaration') {
    const specifier = definition!.node;
    const imported = specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier' ? specifier.imported.name : undefined;
    return TIMER_PROMISE_MODULES.has(declaration.source.value) && imported === 'setTimeout';
  }
  const fn = functionOf(value.callee, scope);
  let found = false;
  if (fn) {
    walk(fn.body, (node) => {
      if (node.type === 'NewExpression' && isTimerExecutor(node)) found = true;
    });
  }
  return found;
}

/** `new Promise((resolve, reject) => setTimeout(…))`. */
function isTimerExecutor(construct: TSESTree.NewExpression): boolean {
  if (construct.callee.type !== 'Identifier' || construct.callee.name !== 'Promise' || !construct.arguments[0]) return false;
  let found = false;
  walk(construct.arguments[0], (node) => {
    if (node.type === 'CallExpression' && calleeName(node) === 'setTimeout') found = true;
  });
  return found;
}

/** `xhr.timeout = n` on the variable holding `new XMLHttpRequest()`. */
function xhrStatus(request: RequestCall, scope: Scope): TimeoutStatus {
  const declarator = outerValue(request.node).parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return OPAQUE;
  const variable = findVariable(scope, declarator.id);
  for (const reference of variable ? readReferences(variable) : []) {
    const member = reference.identifier.parent;
    const assignment = member?.parent;
    if (
      member?.type === 'MemberExpression' &&
      propertyName(member) === 'timeout' &&
      assignment?.type === 'AssignmentExpression' &&
      assignment.left === member
    ) {
      const disabled = disablingValue(assignment.right, scope);
      return disabled ? { ok: false, reason: 'disabled', at: disabled } : { ok: true, by: 'xhr.timeout' };
    }
  }
  return MISSING;
}
