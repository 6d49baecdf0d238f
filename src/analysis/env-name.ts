import { compareText } from './compare-text';
import { parseEndpointUrl, splitWords, type ParsedEndpointUrl } from './url';

/**
 * Environment-variable names for endpoints: one variable per origin (scheme + host + port),
 * shared by no-hardcoded-endpoint (its message and suggestion), the env-endpoints transform and
 * the CLI's run-wide naming, so all of them give the same code the same names.
 *
 * Shape: `<SERVICE>_<SUFFIX>`, where SUFFIX is
 * - `ENDPOINT` for the one URL of its origin, when it has a named path segment or a query,
 * - `BASE_URL` for an origin, or an origin plus only generic segments (`/v1`, `/api/v2`),
 *   matching the SDK convention `OPENAI_BASE_URL=https://api.openai.com/v1`; also the base that
 *   several URLs of one origin share (their paths stay in the code),
 * - `WS_URL` for the one ws/wss URL of its origin, `WS_BASE_URL` for a base several share,
 * - `HOST` for a bare host name (node:http's `hostname` / `host` options).
 * SERVICE comes from the host's meaningful labels: the TLD and public second-level suffixes go,
 * and so do `www`, `api`, one-letter labels and other generic words; the leftmost label left
 * names the service. Two origins that would share a name take their port and a plain-text scheme,
 * then more of their labels (registrable name first: BILIBILI_API, BILIBILI_LIVE_API), then the
 * TLD, and only then a number. A single-label host names itself (`http://metrics-db:9090`, a compose or Kubernetes
 * service name). IP literals and generic single labels (`backend`) fall back to the first named
 * path segment, then to `API`.
 */

export type EnvNameSuffix = 'ENDPOINT' | 'BASE_URL' | 'WS_URL' | 'WS_BASE_URL' | 'HOST';

// Host labels and path segments that say how a service is deployed, not which service it is.
const GENERIC_WORDS = new Set([
  'alpha', 'api', 'apis', 'app', 'apps', 'backend', 'beta', 'cloud', 'dev', 'development', 'edge',
  'endpoint', 'endpoints', 'ext', 'external', 'gateway', 'gw', 'int', 'internal', 'live', 'local',
  'localhost', 'm', 'open', 'openapi', 'preprod', 'private', 'prod', 'production', 'public', 'qa',
  'rest', 'sandbox', 'server', 'service', 'services', 'srv', 'stage', 'staging', 'stg', 'svc', 'test',
  'testing', 'uat', 'web', 'www',
]);
const VERSION_WORD = /^v\d+$/;
const REGION_WORD = /^(af|ap|ca|eu|il|me|mx|sa|us)-[a-z]+-\d+$/;

// Binding names made only of these (plus GENERIC_WORDS) say "a URL" and nothing about the service.
const GENERIC_BINDING_WORDS = new Set([
  'addr', 'address', 'base', 'default', 'fetch', 'full', 'host', 'hostname', 'href', 'http', 'https',
  'input', 'link', 'location', 'my', 'origin', 'path', 'prefix', 'remote', 'req', 'request', 'resource',
  'root', 'route', 'src', 'str', 'string', 'target', 'u', 'uri', 'url',
]);

// Second-level registries under country TLDs: `bbc.co.uk` is named `bbc`, not `co`.
const PUBLIC_SUFFIXES = new Set([
  'ac.jp', 'ac.uk', 'co.id', 'co.il', 'co.in', 'co.jp', 'co.kr', 'co.nz', 'co.uk', 'co.za', 'com.ar',
  'com.au', 'com.br', 'com.cn', 'com.hk', 'com.mx', 'com.my', 'com.ph', 'com.sg', 'com.tr', 'com.tw',
  'com.ua', 'com.vn', 'gov.au', 'gov.uk', 'ne.jp', 'net.au', 'net.br', 'net.cn', 'or.jp', 'org.au',
  'org.br', 'org.nz', 'org.uk',
]);

const IPV4_LITERAL = /^\d+(\.\d+){3}$/;
// Hex runs with a digit are ids or hashes (`/jobs/3fa85f64`), not names.
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i;
const NAME_SEGMENT = /^[a-z][a-z0-9_-]*$/i;

export interface EnvNameOptions {
  /** The binding the URL initialises (`const USERS_API = '…'`): its name wins unless it is generic. */
  readonly bindingName?: string;
  /** A bare host (node:http's `hostname`), named `…_HOST`. */
  readonly hostOnly?: boolean;
  /** The URL is the base that several URLs of its origin share. */
  readonly shared?: boolean;
}

/** The name `url` gets when nothing else in the file or run claims it. */
export function deriveEnvName(url: ParsedEndpointUrl, options: EnvNameOptions = {}): string {
  return nameChoices(url, options)[0]!;
}

/** `modelServingUrl` → `MODEL_SERVING_URL`, `model-serving` → `MODEL_SERVING`. */
export function toUpperSnake(text: string): string {
  return splitWords(text).join('_').toUpperCase();
}

/** Names for `url` from the preferred one on; later ones tell apart origins the earlier ones do not. */
function nameChoices(url: ParsedEndpointUrl, { bindingName, hostOnly = false, shared = false }: EnvNameOptions): string[] {
  const suffix = hostOnly ? 'HOST' : suffixFor(url, shared);
  const fromHost = serviceChoices(url).map((service) => asEnvName(`${toUpperSnake(service)}_${suffix}`));
  const fromBinding = bindingName !== undefined && !isGenericBinding(bindingName) ? [asEnvName(toUpperSnake(bindingName))] : [];
  return [...fromBinding, ...fromHost];
}

function isGenericBinding(name: string): boolean {
  // `url2`, `apiUrl1`: trailing counters carry no meaning.
  const words = splitWords(name).map((word) => word.replace(/\d+$/, '')).filter((word) => word !== '');
  return words.every((word) => GENERIC_BINDING_WORDS.has(word) || isGenericWord(word));
}

function isGenericWord(word: string): boolean {
  return GENERIC_WORDS.has(word) || VERSION_WORD.test(word) || REGION_WORD.test(word) || /^\d+$/.test(word);
}

// Short words that make hosts read as phrases (`am.i.mullvad.net`, `is.example.org`, `go.microsoft.com`).
const HOST_STOP_WORDS = new Set(['am', 'get', 'go', 'is', 'my', 'the']);

/** A label that names a service: not generic, not a digit run, longer than one letter (`i.instagram.com`). */
function isMeaningfulLabel(label: string): boolean {
  return label.length > 1 && /[a-z]/.test(label) && !isGenericWord(label) && !HOST_STOP_WORDS.has(label);
}

/**
 * Service names for a host, shortest first: the leftmost meaningful label, then with the port and
 * a plain-text scheme (`http`, `ws`); the registrable name with every meaningful label; every
 * label; every label and the TLD. A host without a feature repeats the shorter name at that step,
 * so when two origins move on together, only the one that has it takes it (SEARCH, SEARCH_8443).
 */
function serviceChoices(url: ParsedEndpointUrl): string[] {
  const { hostname, port, scheme } = url;
  const qualified = (service: string): string => [service, port, scheme === 'http' || scheme === 'ws' ? scheme : ''].filter((part) => part !== '').join('_');
  const isIpLiteral = hostname.startsWith('[') || IPV4_LITERAL.test(hostname);
  if (isIpLiteral || !hostname.includes('.')) {
    const service = !isIpLiteral && !isGenericWord(hostname) ? hostname : (namedPathSegments(url.pathname)[0] ?? 'API');
    return [service, port === '' ? service : `${service}_${port}`, qualified(service)];
  }
  const labels = registrableLabels(hostname);
  const registrable = labels[labels.length - 1]!;
  // Registrable name first, so one service's variables sort together (BILIBILI_API, BILIBILI_LIVE).
  const domainOrder = (picked: readonly string[]): string => [...new Set([registrable, ...[...picked].reverse()])].join('_');
  const meaningful = labels.filter(isMeaningfulLabel);
  const first = meaningful[0] ?? registrable;
  const all = domainOrder(labels);
  return [
    first,
    port === '' ? first : `${first}_${port}`,
    qualified(first),
    qualified(domainOrder(meaningful)),
    qualified(all),
    qualified([all, ...hostname.split('.').slice(labels.length)].join('_')),
  ];
}

/** Labels left of the public suffix: `api.bbc.co.uk` → api, bbc. */
function registrableLabels(hostname: string): string[] {
  const labels = hostname.split('.');
  const suffixLength = labels.length > 2 && PUBLIC_SUFFIXES.has(labels.slice(-2).join('.')) ? 2 : 1;
  return labels.slice(0, -suffixLength);
}

/** Path segments that name something, file extensions dropped, in path order. */
function namedPathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .map((segment) => decodeSegment(segment).replace(/\.[a-z0-9]+$/i, ''))
    .filter((segment) => NAME_SEGMENT.test(segment) && !HEX_ID.test(segment) && !isGenericWord(segment.toLowerCase()));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function suffixFor(url: ParsedEndpointUrl, shared: boolean): EnvNameSuffix {
  if (url.scheme === 'ws' || url.scheme === 'wss') return shared ? 'WS_BASE_URL' : 'WS_URL';
  return shared || isBaseUrl(url) ? 'BASE_URL' : 'ENDPOINT';
}

/** `https://h`, `https://h/v1`, `https://h/api/v2/`: a root that paths are appended to. */
function isBaseUrl(url: ParsedEndpointUrl): boolean {
  return url.query === '' && url.pathname.split('/').every((segment) => segment === '' || isGenericWord(segment.toLowerCase()));
}

/** Forces /^[A-Z][A-Z0-9_]*$/: a name cannot start with a digit (`123movies.com` → SERVICE_123MOVIES_…). */
function asEnvName(name: string): string {
  const cleaned = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'API';
  return /^\d/.test(cleaned) ? `SERVICE_${cleaned}` : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Assignment: one name per origin over a file or a whole run.

/** A text that moves to the environment: a whole URL, an origin cut from a longer string, or a bare host. */
export interface EnvNameRequest {
  readonly value: string;
  readonly hostOnly?: boolean;
  /** See EnvNameOptions. */
  readonly bindingName?: string;
}

/** The variable a value reads, and what the variable holds: `value` itself, or a base the code appends the rest of `value` to. */
export interface EnvAssignment {
  readonly name: string;
  readonly base: string;
}

/**
 * Where a value goes in a name table (what the variable holds → its name): the entry for the value
 * itself, else the longest base URL (an origin plus generic segments) it extends at a `/`, `?` or `#`.
 */
export function resolveEnvName(table: ReadonlyMap<string, string>, value: string): EnvAssignment | undefined {
  const exact = table.get(value);
  if (exact !== undefined) return { name: exact, base: value };
  let found: EnvAssignment | undefined;
  for (const [base, name] of table) {
    if (value.startsWith(base) && '/?#'.includes(value[base.length] ?? '') && (found === undefined || base.length > found.base.length) && isSharedBase(base)) {
      found = { name, base };
    }
  }
  return found;
}

function isSharedBase(text: string): boolean {
  const url = parseEndpointUrl(text);
  return url !== null && !text.includes('#') && isBaseUrl(url);
}

interface OriginGroup {
  readonly values: string[];
  readonly bindings: Map<string, string[]>;
  readonly hostOnly: boolean;
  /** The written origin every value starts with; '' for a bare host or a value that does not parse. */
  readonly origin: string;
}

/**
 * The name table for a file or a run: `fixed` (value or base → name: the envNames option, then
 * variables the code already reads with that default) plus one entry per origin of the requests
 * that `fixed` does not resolve. An origin with one value gets it whole; with several, the origin
 * and the generic segments all of them start with (`https://api.acme.io/v1`). Names are kept clear
 * of `reserved` (names the code reads), of `fixed`, and of each other. The result does not depend
 * on the order of `requests`.
 */
export function assignEnvNames(
  requests: readonly EnvNameRequest[],
  fixed: ReadonlyMap<string, string> = new Map(),
  reserved: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const groups = new Map<string, OriginGroup>();
  for (const request of requests) {
    if (resolveEnvName(fixed, request.value) !== undefined) continue;
    const url = request.hostOnly ? null : parseEndpointUrl(request.value);
    const origin = url !== null && request.value.startsWith(url.origin) ? url.origin : '';
    const key = `${request.hostOnly ? 'host' : 'url'} ${origin || request.value}`;
    const group: OriginGroup = groups.get(key) ?? { values: [], bindings: new Map(), hostOnly: request.hostOnly === true, origin };
    groups.set(key, group);
    if (!group.values.includes(request.value)) group.values.push(request.value);
    if (request.bindingName !== undefined) group.bindings.set(request.value, [...(group.bindings.get(request.value) ?? []), request.bindingName]);
  }

  const candidates = [...groups].map(([key, group]) => {
    const base = group.values.length === 1 ? group.values[0]! : sharedBase(group.origin, group.values);
    const parsed = parseEndpointUrl(group.hostOnly ? `http://${base}` : base);
    const bindingName = [...(group.bindings.get(base) ?? [])].sort(compareText).find((name) => !isGenericBinding(name));
    const options = { hostOnly: group.hostOnly, shared: group.values.length > 1, ...(bindingName === undefined ? {} : { bindingName }) };
    return { key, base, choices: parsed === null ? ['API'] : nameChoices(parsed, options), level: 0 };
  });
  const taken = new Set([...reserved, ...fixed.values()]);
  const nameOf = (candidate: (typeof candidates)[number]): string => candidate.choices[candidate.level]!;
  const clashing = (): typeof candidates => {
    const counts = new Map<string, number>();
    for (const candidate of candidates) counts.set(nameOf(candidate), (counts.get(nameOf(candidate)) ?? 0) + 1);
    return candidates.filter((candidate) => taken.has(nameOf(candidate)) || counts.get(nameOf(candidate))! > 1);
  };
  // Origins that share a name, or want one already taken, move on to a longer name together.
  const movable = (): typeof candidates => clashing().filter((candidate) => candidate.level < candidate.choices.length - 1);
  for (let next = movable(); next.length > 0; next = movable()) {
    for (const candidate of next) candidate.level++;
  }
  // Nothing in the host tells these apart: a number on the short name reads better than one on the longest.
  for (const candidate of clashing()) candidate.level = 0;

  // Names still shared are numbered `_2`, `_3` in key order, after every free plain name is kept.
  candidates.sort((a, b) => compareText(nameOf(a), nameOf(b)) || compareText(a.key, b.key));
  const table = new Map(fixed);
  const numbered: typeof candidates = [];
  for (const candidate of candidates) {
    if (taken.has(nameOf(candidate))) {
      numbered.push(candidate);
      continue;
    }
    taken.add(nameOf(candidate));
    table.set(candidate.base, nameOf(candidate));
  }
  for (const candidate of numbered) {
    let counter = 2;
    while (taken.has(`${nameOf(candidate)}_${counter}`)) counter++;
    taken.add(`${nameOf(candidate)}_${counter}`);
    table.set(candidate.base, `${nameOf(candidate)}_${counter}`);
  }
  return new Map([...table].sort(([a], [b]) => compareText(a, b)));
}

/** The origin plus the leading generic path segments every value has: `/v1/users`, `/v1/orders` → `/v1`. */
function sharedBase(origin: string, values: readonly string[]): string {
  const paths = values.map((value) => value.slice(origin.length).split(/[?#]/)[0]!.split('/').slice(1));
  const first = paths[0]!;
  let count = 0;
  while (
    count < first.length &&
    first[count] !== '' &&
    isGenericWord(first[count]!.toLowerCase()) &&
    paths.every((path) => path.length > count && path[count] === first[count])
  ) {
    count++;
  }
  return origin + first.slice(0, count).map((segment) => `/${segment}`).join('');
}
