import { compareText } from './compare-text';
import { parseEndpointUrl, splitWords, type ParsedEndpointUrl } from './url';

/**
 * Environment-variable names for endpoints, shared by no-hardcoded-endpoint (its message and
 * suggestion) and the env-endpoints transform, so both always propose the same name.
 *
 * Shape: `<SERVICE>_<SUFFIX>`, where SUFFIX is
 * - `WS_URL` for ws/wss URLs (a socket has one URL; nothing is appended to it),
 * - `BASE_URL` for an origin, or an origin plus only generic segments (`/v1`, `/api/v2`),
 *   matching the SDK convention `OPENAI_BASE_URL=https://api.openai.com/v1`,
 * - `ENDPOINT` for anything with a named path segment or a query,
 * - `HOST` for a bare host name (`hostOnly`: node:http's `hostname` / `host` options).
 * SERVICE comes from the host: the most specific non-generic label once the TLD and public
 * second-level suffixes are gone. A single-label host names itself (`http://metrics-db:9090`,
 * a compose or Kubernetes service name). IP literals and generic single labels (`localhost`)
 * fall back to the first named path segment, then to `API`.
 */

export type EnvNameSuffix = 'ENDPOINT' | 'BASE_URL' | 'WS_URL' | 'HOST';

const SUFFIXES: readonly EnvNameSuffix[] = ['ENDPOINT', 'BASE_URL', 'WS_URL', 'HOST'];

// Host labels and path segments that say how a service is deployed, not which service it is.
const GENERIC_WORDS = new Set([
  'alpha', 'api', 'apis', 'app', 'apps', 'backend', 'beta', 'cloud', 'dev', 'development', 'edge',
  'endpoint', 'endpoints', 'ext', 'external', 'gateway', 'gw', 'int', 'internal', 'live', 'local',
  'localhost', 'm', 'preprod', 'private', 'prod', 'production', 'public', 'qa', 'rest', 'sandbox',
  'server', 'service', 'services', 'srv', 'stage', 'staging', 'stg', 'svc', 'test', 'testing', 'uat',
  'web', 'www',
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

export function deriveEnvName(url: ParsedEndpointUrl, options: { bindingName?: string; hostOnly?: boolean } = {}): string {
  const { bindingName, hostOnly = false } = options;
  if (bindingName !== undefined && !isGenericBinding(bindingName)) return asEnvName(toUpperSnake(bindingName));
  return asEnvName(`${toUpperSnake(serviceName(url))}_${hostOnly ? 'HOST' : suffixFor(url)}`);
}

/** `modelServingUrl` → `MODEL_SERVING_URL`, `model-serving` → `MODEL_SERVING`. */
export function toUpperSnake(text: string): string {
  return splitWords(text).join('_').toUpperCase();
}

function isGenericBinding(name: string): boolean {
  // `url2`, `apiUrl1`: trailing counters carry no meaning.
  const words = splitWords(name).map((word) => word.replace(/\d+$/, '')).filter((word) => word !== '');
  return words.every((word) => GENERIC_BINDING_WORDS.has(word) || isGenericWord(word));
}

function isGenericWord(word: string): boolean {
  return GENERIC_WORDS.has(word) || VERSION_WORD.test(word) || REGION_WORD.test(word) || /^\d+$/.test(word);
}

function serviceName(url: ParsedEndpointUrl): string {
  const { hostname } = url;
  const isIpLiteral = hostname.startsWith('[') || IPV4_LITERAL.test(hostname);
  if (!isIpLiteral && hostname.includes('.')) return mostSpecificLabel(registrableLabels(hostname));
  if (!isIpLiteral && !isGenericWord(hostname)) return hostname;
  return namedPathSegments(url.pathname)[0] ?? 'API';
}

/** Labels left of the public suffix: `api.bbc.co.uk` → api, bbc. */
function registrableLabels(hostname: string): string[] {
  const labels = hostname.split('.');
  const suffixLength = labels.length > 2 && PUBLIC_SUFFIXES.has(labels.slice(-2).join('.')) ? 2 : 1;
  return labels.slice(0, -suffixLength);
}

/** Leftmost non-generic label; when all are generic, the registrable name itself (`api.staging.com` → staging). */
function mostSpecificLabel(labels: readonly string[]): string {
  return labels.find((label) => /[a-z]/.test(label) && !isGenericWord(label)) ?? labels[labels.length - 1];
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

function suffixFor(url: ParsedEndpointUrl): EnvNameSuffix {
  if (url.scheme === 'ws' || url.scheme === 'wss') return 'WS_URL';
  return url.query === '' && isBasePath(url.pathname) ? 'BASE_URL' : 'ENDPOINT';
}

/** `/`, `/v1`, `/api/v2/`: a root that paths are appended to. */
function isBasePath(pathname: string): boolean {
  return pathname.split('/').every((segment) => segment === '' || isGenericWord(segment.toLowerCase()));
}

/** Forces /^[A-Z][A-Z0-9_]*$/: a name cannot start with a digit (`123movies.com` → SERVICE_123MOVIES_…). */
function asEnvName(name: string): string {
  const cleaned = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'API';
  return /^\d/.test(cleaned) ? `SERVICE_${cleaned}` : cleaned;
}

/**
 * Final names for a whole run; the result does not depend on the order of `entries`.
 * - One URL text gets one name; if its proposals differ (bindings in different files), the
 *   alphabetically first wins.
 * - URLs whose proposals clash with each other or with `reserved` (names the code already reads)
 *   get their last named path segment inserted before the suffix.
 * - Names still shared are numbered `_2`, `_3` in URL order, after every free plain name is kept.
 */
export function assignEnvNames(
  entries: ReadonlyArray<{ readonly url: string; readonly proposed: string }>,
  reserved: ReadonlySet<string> = new Set(),
): Map<string, string> {
  const proposedByUrl = new Map<string, string>();
  for (const { url, proposed } of entries) {
    const current = proposedByUrl.get(url);
    if (current === undefined || proposed < current) proposedByUrl.set(url, proposed);
  }
  const proposalCounts = new Map<string, number>();
  for (const proposed of proposedByUrl.values()) proposalCounts.set(proposed, (proposalCounts.get(proposed) ?? 0) + 1);

  const candidates = [...proposedByUrl].map(([url, proposed]) => {
    const clashes = reserved.has(proposed) || proposalCounts.get(proposed)! > 1;
    return { url, name: clashes ? withPathSegment(proposed, url) : proposed };
  });
  candidates.sort((a, b) => compareText(a.name, b.name) || compareText(a.url, b.url));

  const taken = new Set(reserved);
  const finalNames = new Map<string, string>();
  for (const { url, name } of candidates) {
    if (taken.has(name)) continue;
    taken.add(name);
    finalNames.set(url, name);
  }
  for (const { url, name } of candidates) {
    if (finalNames.has(url)) continue;
    let counter = 2;
    while (taken.has(`${name}_${counter}`)) counter++;
    taken.add(`${name}_${counter}`);
    finalNames.set(url, `${name}_${counter}`);
  }
  return finalNames;
}

/** `MODEL_SERVING_ENDPOINT` + `/predict` → `MODEL_SERVING_PREDICT_ENDPOINT`; unchanged when the name already holds the segment. */
function withPathSegment(name: string, url: string): string {
  const segment = namedPathSegments(parseEndpointUrl(url)?.pathname ?? '').at(-1);
  if (segment === undefined) return name;
  const word = toUpperSnake(segment);
  const suffix = SUFFIXES.find((candidate) => name.endsWith(`_${candidate}`));
  const stem = suffix === undefined ? name : name.slice(0, -(suffix.length + 1));
  if (`_${stem}_`.includes(`_${word}_`)) return name;
  return asEnvName(suffix === undefined ? `${stem}_${word}` : `${stem}_${word}_${suffix}`);
}
