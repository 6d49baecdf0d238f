import { ReferenceTracker } from '@eslint-community/eslint-utils';

/**
 * What each HTTP client library is, how its calls are shaped, and its resilience defaults.
 * Everything that recognises a request (rules, transforms, the CLI inventory) reads this table.
 */
export type ClientId =
  | 'fetch'
  | 'node-fetch'
  | 'cross-fetch'
  | 'isomorphic-fetch'
  | 'undici'
  | 'axios'
  | 'got'
  | 'ky'
  | 'superagent'
  | 'node-http'
  | 'xhr'
  | 'custom';

/** promise: rejects on failure; event: emits 'error' (crashes Node when nobody listens). */
export type RequestStyle = 'promise' | 'event';

/** Where the URL and the options object sit among a call's arguments. */
export type CallShape =
  | 'url-init' //           fetch(url, init), ky(url, opts), got(url | opts, opts), undici.request(url, opts)
  | 'url-config' //         axios.get(url, config)
  | 'url-data-config' //    axios.post(url, data, config)
  | 'config-or-url' //      axios(config) | axios(url, config), axios.request(config)
  | 'node-http' //          http.request(url | options, options?, callback?)
  | 'superagent' //         superagent.get(url) | superagent(method, url) | superagent(url)
  | 'xhr'; //               new XMLHttpRequest(): the URL arrives later in xhr.open()

export interface ClientTraits {
  readonly label: string;
  /** got and ky retry on their own (got: 2 retries, ky: 2 retries, never POST). */
  readonly retriesByDefault: boolean;
  /** Built-in overall timeout, or null when the library waits forever (axios, got, fetch, XHR). */
  readonly defaultTimeoutMs: number | null;
  /** Methods on the returned value that hand the same failure on (`ky(u).json()`). */
  readonly chainMethods: ReadonlySet<string>;
}

/** Methods got and ky retry by default (their `retry.methods`); POST and PATCH only when listed there. */
export const DEFAULT_RETRY_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE']);

const SUPERAGENT_CHAIN = new Set([
  'set', 'send', 'query', 'type', 'accept', 'auth', 'field', 'attach', 'timeout', 'retry', 'ok',
  'withCredentials', 'redirects', 'responseType', 'buffer', 'use', 'serialize', 'parse', 'ca', 'cert',
  'key', 'pfx', 'agent', 'unset', 'sortQuery', 'disableTLSCerts', 'trustLocalhost', 'http2', 'maxResponseSize',
]);

const NONE: ReadonlySet<string> = new Set();

export const CLIENTS: Readonly<Record<ClientId, ClientTraits>> = {
  fetch: { label: 'fetch', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  'node-fetch': { label: 'node-fetch', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  'cross-fetch': { label: 'cross-fetch', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  'isomorphic-fetch': { label: 'isomorphic-fetch', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  undici: { label: 'undici', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  axios: { label: 'axios', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  got: { label: 'got', retriesByDefault: true, defaultTimeoutMs: null, chainMethods: new Set(['json', 'text', 'buffer']) },
  ky: {
    label: 'ky',
    retriesByDefault: true,
    defaultTimeoutMs: 10_000,
    chainMethods: new Set(['json', 'text', 'blob', 'arrayBuffer', 'formData', 'bytes']),
  },
  superagent: { label: 'superagent', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: SUPERAGENT_CHAIN },
  'node-http': { label: 'node:http', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  xhr: { label: 'XMLHttpRequest', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
  custom: { label: 'request', retriesByDefault: false, defaultTimeoutMs: null, chainMethods: NONE },
};

/** What the tracker attaches to a traced call. */
export interface TracedCall {
  readonly kind: 'request';
  readonly client: ClientId;
  readonly style: RequestStyle;
  readonly shape: CallShape;
  /** HTTP method fixed by the function itself (`axios.post`), else read from the options. */
  readonly method?: string;
  /** For settings-declared clients: the module name, used in messages. */
  readonly moduleName?: string;
}

/** A call that returns a new client carrying its own defaults (`axios.create`, `got.extend`). */
export interface TracedFactory {
  readonly kind: 'factory';
  readonly client: ClientId;
}

export type TraceInfo = TracedCall | TracedFactory;
type TraceMap = { [key: string]: TraceMap; [ReferenceTracker.CALL]?: TraceInfo; [ReferenceTracker.CONSTRUCT]?: TraceInfo };

const { CALL, CONSTRUCT } = ReferenceTracker;

function call(client: ClientId, shape: CallShape, method?: string, style: RequestStyle = 'promise'): TraceMap {
  return { [CALL]: { kind: 'request', client, style, shape, method } };
}

function factory(client: ClientId): TraceMap {
  return { [CALL]: { kind: 'factory', client } };
}

const AXIOS_WITHOUT_DATA = ['get', 'delete', 'head', 'options'];
const AXIOS_WITH_DATA = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head'];

/** Trace map of an axios client (the default export and every `axios.create()` result). */
export const AXIOS_CLIENT: TraceMap = {
  ...call('axios', 'config-or-url'),
  request: call('axios', 'config-or-url'),
  ...Object.fromEntries(AXIOS_WITHOUT_DATA.map((m) => [m, call('axios', 'url-config', m.toUpperCase())])),
  ...Object.fromEntries(AXIOS_WITH_DATA.map((m) => [m, call('axios', 'url-data-config', m.replace('Form', '').toUpperCase())])),
  create: factory('axios'),
};

function verbClient(client: 'got' | 'ky'): TraceMap {
  return {
    ...call(client, 'url-init'),
    ...Object.fromEntries(VERBS.map((m) => [m, call(client, 'url-init', m.toUpperCase())])),
    extend: factory(client),
    ...(client === 'ky' ? { create: factory(client) } : {}),
  };
}

const GOT_STREAM: TraceMap = {
  ...call('got', 'url-init', undefined, 'event'),
  ...Object.fromEntries(VERBS.map((m) => [m, call('got', 'url-init', m.toUpperCase(), 'event')])),
};

export const GOT_CLIENT: TraceMap = { ...verbClient('got'), stream: GOT_STREAM };
export const KY_CLIENT: TraceMap = verbClient('ky');

const SUPERAGENT: TraceMap = {
  ...call('superagent', 'superagent'),
  ...Object.fromEntries(
    [...VERBS, 'del', 'options'].map((m) => [m, call('superagent', 'superagent', m === 'del' ? 'DELETE' : m.toUpperCase())]),
  ),
};

/** Instance maps by the factory's client: what `axios.create()`/`got.extend()`/`ky.create()` return. */
export const INSTANCE_MAPS: Partial<Record<ClientId, TraceMap>> = {
  axios: AXIOS_CLIENT,
  got: GOT_CLIENT,
  ky: KY_CLIENT,
  fetch: call('fetch', 'url-init'),
  // `superagentPromise(superagent, Promise)` wraps superagent so that `.end()` returns a promise:
  // the only factory of superagent requests (failure-flow.ts follows that `.end()` as a promise).
  superagent: SUPERAGENT,
};

const NODE_HTTP: TraceMap = {
  request: call('node-http', 'node-http', undefined, 'event'),
  get: call('node-http', 'node-http', 'GET', 'event'),
};

const fetchLike = (client: ClientId): TraceMap => ({ ...call(client, 'url-init'), fetch: call(client, 'url-init') });

/**
 * A module map whose `default` is itself (`require('axios').default`, `import()` namespaces), and
 * so is each export named in `selfNames` (got 12+ also exports `got`: `(await import('got')).got`).
 */
function withDefault(map: TraceMap, ...selfNames: string[]): TraceMap {
  const result: TraceMap = { ...map };
  for (const name of ['default', ...selfNames]) result[name] = result;
  return result;
}

/** Module specifier → trace map, for `import`, `require`, `import x = require()` and `await import()`. */
export const MODULE_MAPS: Readonly<Record<string, TraceMap>> = {
  axios: withDefault(AXIOS_CLIENT),
  got: withDefault(GOT_CLIENT, 'got'),
  ky: withDefault(KY_CLIENT),
  'ky-universal': withDefault(KY_CLIENT),
  superagent: withDefault(SUPERAGENT),
  'superagent-promise': withDefault(factory('superagent')),
  'node-fetch': withDefault(fetchLike('node-fetch')),
  'cross-fetch': withDefault(fetchLike('cross-fetch')),
  // `fetchRetry(fetch)` returns a retrying fetch: the only factory whose instances are plain fetch.
  'fetch-retry': withDefault(factory('fetch')),
  'isomorphic-fetch': withDefault(fetchLike('isomorphic-fetch')),
  undici: withDefault({
    fetch: call('undici', 'url-init'),
    request: call('undici', 'url-init'),
    stream: call('undici', 'url-init'),
  }),
  http: withDefault(NODE_HTTP),
  https: withDefault(NODE_HTTP),
  'node:http': withDefault(NODE_HTTP),
  'node:https': withDefault(NODE_HTTP),
};

/** Globals: `fetch`, `window.fetch`, `globalThis.fetch`, `self.fetch`, `new XMLHttpRequest()`. */
export const GLOBAL_MAP: TraceMap = {
  fetch: call('fetch', 'url-init'),
  XMLHttpRequest: { [CONSTRUCT]: { kind: 'request', client: 'xhr', style: 'event', shape: 'xhr' } },
};

/**
 * What a file's text must contain to hold a request or a client factory, tested before any
 * analysis (the request index, the CLI's pre-filter): a module is reached only through a specifier
 * string, so its name ends a quoted string (`'axios'`, `"node:http"`); a global only through an
 * identifier, so its name stands as a whole word. `http` in a comment's URL or `prefetch` do not count.
 */
export function mayMentionClient(text: string, clients: Readonly<Record<string, readonly string[]>>): boolean {
  return TRACKED_GLOBAL_WORD.test(text) || mayImport(text, Object.keys(MODULE_MAPS)) || mayImport(text, Object.keys(clients));
}

/** Whether one of `modules` may be imported or required: its name ends a quoted string. */
export function mayImport(text: string, modules: readonly string[]): boolean {
  if (modules.length === 0) return false;
  const key = modules.join('\n');
  let pattern = SPECIFIER_ENDS.get(key);
  if (!pattern) {
    // One scan of the text for all names (a regex alternation is several times faster than an includes() per name and quote).
    pattern = new RegExp(`(?:${modules.map(escapeRegExp).join('|')})['"\`]`);
    SPECIFIER_ENDS.set(key, pattern);
  }
  return pattern.test(text);
}

const SPECIFIER_ENDS = new Map<string, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches any of `names` as a whole word. */
export function wordPattern(names: readonly string[]): RegExp {
  return new RegExp(`\\b(?:${names.join('|')})\\b`);
}

const TRACKED_GLOBAL_WORD = wordPattern(Object.keys(GLOBAL_MAP));

/** Global names the tracker must see even when the ESLint config declares no such globals. */
export const TRACKED_GLOBAL_NAMES: ReadonlySet<string> = new Set([
  'fetch', 'XMLHttpRequest', 'window', 'globalThis', 'self', 'global', 'require',
]);

/** Builds the trace map of settings-declared clients (paths like `default` or `client.get`). */
export function customModuleMaps(clients: Readonly<Record<string, readonly string[]>>): Record<string, TraceMap> {
  const maps: Record<string, TraceMap> = {};
  for (const [moduleName, paths] of Object.entries(clients)) {
    const root: TraceMap = {};
    for (const path of paths) {
      const leaf: TraceMap = { [CALL]: { kind: 'request', client: 'custom', style: 'promise', shape: 'url-init', moduleName } };
      const keys = path.split('.');
      if (keys[0] === 'default') keys.shift();
      let cursor = root;
      for (const key of keys) cursor = cursor[key] ??= {};
      Object.assign(cursor, leaf);
    }
    maps[moduleName] = withDefault(root);
  }
  return maps;
}

export type { TraceMap };
