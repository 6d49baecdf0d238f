import picomatch from 'picomatch';

/**
 * What the plugin knows about endpoint URLs written in source text: parsing whole URLs and the
 * static heads of built ones, loopback hosts, allowed-host globs and secrets. Pure, no AST.
 */

export type EndpointScheme = 'http' | 'https' | 'ws' | 'wss';

export interface ParsedEndpointUrl {
  /** Lowercase. */
  readonly scheme: EndpointScheme;
  /** Lowercase; an IPv6 literal keeps its brackets (`[::1]`). */
  readonly hostname: string;
  /** Digits as written, '' when absent. */
  readonly port: string;
  /** Path as written, '/' when empty. */
  readonly pathname: string;
  /** Query without its '?', '' when absent. */
  readonly query: string;
  /** The path is more than '/', or there is a query. */
  readonly hasPath: boolean;
  /** `scheme://host[:port]` as written, without any userinfo (so it is safe to show). */
  readonly origin: string;
  /** Length of the leading text up to the end of the authority, userinfo included: cut this much to remove the origin. */
  readonly originLength: number;
  /** `user[:password]@` is present. */
  readonly hasCredentials: boolean;
  /** Query parameter names (decoded) that carry secrets, see `isSecretParamName`. */
  readonly secretParams: readonly string[];
  readonly isLoopback: boolean;
}

export interface ParsedUrlPrefix extends ParsedEndpointUrl {
  /**
   * False when the host is static but the port is not (`http://localhost:${port}`): `hostname`
   * and `isLoopback` hold, `origin`/`originLength` cover only `scheme://[userinfo@]host` and `port` is ''.
   */
  readonly originStatic: boolean;
}

const ENDPOINT_SCHEME = /^(https?|wss?):\/\//i;
const WHITESPACE = /\s/;
// ASCII names only: IDN and placeholder hosts (`<host>`, `{host}`) are not ours to judge.
const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/i;
const PORT = /^\d{1,5}$/;

interface Authority {
  readonly host: string;
  readonly port: string;
  readonly hasCredentials: boolean;
}

export function parseEndpointUrl(text: string): ParsedEndpointUrl | null {
  const schemeText = matchScheme(text);
  if (schemeText === null) return null;
  const authorityEnd = findAuthorityEnd(text, schemeText.length);
  const authority = readAuthority(text.slice(schemeText.length, authorityEnd));
  return authority && describeUrl(text, schemeText, authority, authorityEnd, true);
}

/**
 * Parses the static head of a template literal or `+` concatenation. `complete` says the head is
 * the whole string; otherwise dynamic text follows it, so a host that runs to the end of the head
 * could still grow (`https://api.` + domain) and yields null.
 */
export function parseUrlPrefix(head: string, { complete }: { complete: boolean }): ParsedUrlPrefix | null {
  if (complete) {
    const parsed = parseEndpointUrl(head);
    return parsed && { ...parsed, originStatic: true };
  }
  const schemeText = matchScheme(head);
  if (schemeText === null) return null;
  const authorityEnd = findAuthorityEnd(head, schemeText.length);
  if (authorityEnd < head.length) {
    const authority = readAuthority(head.slice(schemeText.length, authorityEnd));
    return authority && { ...describeUrl(head, schemeText, authority, authorityEnd, false), originStatic: true };
  }
  return parseOpenAuthority(head, schemeText);
}

/** The head ends inside the authority: only `host:` + digits or a closed `[ipv6]` pin the host down. */
function parseOpenAuthority(head: string, schemeText: string): ParsedUrlPrefix | null {
  const authorityText = head.slice(schemeText.length);
  const at = authorityText.lastIndexOf('@');
  const hostPort = authorityText.slice(at + 1);
  const portColon = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : hostPort.indexOf(':');
  const hostEnd = portColon <= 0 ? hostPort.length : portColon;
  const host = hostPort.slice(0, hostEnd);
  const rest = hostPort.slice(hostEnd);
  const hostIsClosed = rest.startsWith(':') ? /^:\d*$/.test(rest) : rest === '' && host.startsWith('[');
  if (!hostIsClosed || !isValidHost(host)) return null;
  const hostname = host.toLowerCase();
  return {
    scheme: schemeText.slice(0, -3).toLowerCase() as EndpointScheme,
    hostname,
    port: '',
    pathname: '',
    query: '',
    hasPath: true,
    origin: schemeText + host,
    originLength: schemeText.length + at + 1 + host.length,
    hasCredentials: at >= 0,
    secretParams: [],
    isLoopback: isLoopbackHost(hostname),
    originStatic: false,
  };
}

function matchScheme(text: string): string | null {
  if (WHITESPACE.test(text)) return null;
  return ENDPOINT_SCHEME.exec(text)?.[0] ?? null;
}

function findAuthorityEnd(text: string, from: number): number {
  const end = text.slice(from).search(/[/?#]/);
  return end === -1 ? text.length : from + end;
}

function readAuthority(authorityText: string): Authority | null {
  const at = authorityText.lastIndexOf('@');
  const hostPort = authorityText.slice(at + 1);
  const hostEnd = hostPort.startsWith('[') ? hostPort.indexOf(']') + 1 : hostPort.indexOf(':');
  const host = hostEnd <= 0 ? hostPort : hostPort.slice(0, hostEnd);
  const portPart = hostPort.slice(host.length);
  if (portPart !== '' && !(portPart.startsWith(':') && PORT.test(portPart.slice(1)))) return null;
  const port = portPart.slice(1);
  if (port !== '' && Number(port) > 65535) return null;
  if (!isValidHost(host)) return null;
  return { host, port, hasCredentials: at >= 0 };
}

function isValidHost(host: string): boolean {
  if (!HOST_NAME.test(host) && !IPV6_LITERAL.test(host)) return false;
  // WHATWG has the last word on IPv4/IPv6 literals (`999.1.1.1`, `[1::2::3]`).
  return URL.canParse(`http://${host}/`);
}

/** `whole` is false for a head followed by dynamic text: that text continues the path or query. */
function describeUrl(text: string, schemeText: string, authority: Authority, authorityEnd: number, whole: boolean): ParsedEndpointUrl {
  const tail = text.slice(authorityEnd).split('#')[0];
  const queryStart = tail.indexOf('?');
  const pathname = (queryStart === -1 ? tail : tail.slice(0, queryStart)) || '/';
  const query = queryStart === -1 ? '' : tail.slice(queryStart + 1);
  const hostname = authority.host.toLowerCase();
  return {
    scheme: schemeText.slice(0, -3).toLowerCase() as EndpointScheme,
    hostname,
    port: authority.port,
    pathname,
    query,
    hasPath: !whole || pathname !== '/' || query !== '',
    origin: schemeText + authority.host + (authority.port && `:${authority.port}`),
    originLength: authorityEnd,
    hasCredentials: authority.hasCredentials,
    secretParams: [...new Set(queryParamNames(query, whole).filter(isSecretParamName))],
    isLoopback: isLoopbackHost(hostname),
  };
}

/** In an unfinished query the last name may still be growing (`?api_` + rest), so it only counts once its '=' is seen. */
function queryParamNames(query: string, whole: boolean): string[] {
  const params = query.split('&').filter((param) => param !== '');
  const settled = whole || params.at(-1)?.includes('=') ? params : params.slice(0, -1);
  return settled.map((param) => decodeParam(param.split('=')[0]));
}

function decodeParam(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `localhost`, `*.localhost`, 127.0.0.0/8, `::1`, and the unspecified `0.0.0.0` / `::` that connect to this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '0.0.0.0') return true;
  const ipv4 = IPV4_LOOPBACK.exec(host);
  if (ipv4) return ipv4.slice(1).every((octet) => Number(octet) <= 255);
  if (!host.includes(':')) return false;
  const bracketed = host.startsWith('[') ? host : `[${host}]`;
  if (!URL.canParse(`http://${bracketed}/`)) return false;
  // WHATWG compresses `[0:0:0:0:0:0:0:1]` to `[::1]`.
  const normalized = new URL(`http://${bracketed}/`).hostname;
  return normalized === '[::1]' || normalized === '[::]';
}

const hostMatchers = new Map<string, (hostname: string) => boolean>();

/**
 * Allowed-host globs. Hostnames hold no '/', so `*` matches any run of one or more characters,
 * dots included: `*.example.com` covers `a.example.com` and `a.b.example.com` but not
 * `example.com` itself; `10.*` covers every `10.x.y.z`. Matching ignores case. A pattern
 * without `*`, `?` or braces compares literally, which keeps `[::1]` from reading as a class.
 */
export function matchesHostPattern(hostname: string, patterns: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return patterns.some((pattern) => hostMatcher(pattern)(host));
}

function hostMatcher(pattern: string): (hostname: string) => boolean {
  let matcher = hostMatchers.get(pattern);
  if (matcher === undefined) {
    const literal = pattern.toLowerCase();
    matcher = /[*?{]/.test(pattern) ? picomatch(pattern, { nocase: true }) : (hostname) => hostname === literal;
    hostMatchers.set(pattern, matcher);
  }
  return matcher;
}

/** Words of an identifier or parameter name, lowercase: `APIKey` → api key, `x-amz-signature` → x amz signature. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

// A name is judged by its last word (`client_secret`, `X-Amz-Signature`) or all words run together (`session_id`).
const SECRET_WORDS = new Set([
  'apikey',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'jwt',
  'passphrase',
  'passwd',
  'password',
  'pwd',
  'secret',
  'sessionid',
  'sig',
  'signature',
]);
// `key` is a secret alone (Google's `?key=`) or after one of these; `sort_key`, `idempotency_key` are not.
const SECRET_KEY_QUALIFIERS = new Set(['access', 'api', 'app', 'auth', 'client', 'consumer', 'developer', 'license', 'master', 'private', 'secret', 'signing', 'subscription']);
// Paging cursors end in `token` but grant nothing (`pageToken`, AWS `NextToken`).
const CURSOR_QUALIFIERS = new Set(['continuation', 'cursor', 'next', 'page', 'pagination', 'prev', 'previous', 'resume', 'sync']);

/**
 * Query parameter names that carry credentials. `code` is deliberately absent: outgoing request
 * URLs use it for country, error and zip codes far more often than for OAuth grants.
 */
export function isSecretParamName(name: string): boolean {
  const words = splitWords(name);
  const last = words.at(-1);
  if (last === undefined) return false;
  const qualifier = words.at(-2);
  if (last === 'key') return qualifier === undefined || SECRET_KEY_QUALIFIERS.has(qualifier);
  if (last === 'token') return qualifier === undefined || !CURSOR_QUALIFIERS.has(qualifier);
  return SECRET_WORDS.has(last) || SECRET_WORDS.has(words.join(''));
}

/**
 * Whether the text itself holds a secret: userinfo, or a secret query parameter with a value
 * written out. `?api_key=${key}` leaves the value to code, so its static head holds none.
 */
export function carriesSecret(url: ParsedEndpointUrl): boolean {
  if (url.hasCredentials) return true;
  return url.query.split('&').some((param) => {
    const eq = param.indexOf('=');
    return eq > 0 && eq < param.length - 1 && isSecretParamName(decodeParam(param.slice(0, eq)));
  });
}

const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;

/**
 * The URL for messages: userinfo removed, secret query values (and hash values, where OAuth
 * implicit flows put tokens) replaced by `***`. Path-embedded tokens cannot be told apart and stay.
 */
export function redactUrlForDisplay(text: string): string {
  const withoutCredentials = text.replace(USERINFO, '$1');
  const hashStart = withoutCredentials.indexOf('#');
  const beforeHash = hashStart === -1 ? withoutCredentials : withoutCredentials.slice(0, hashStart);
  const hash = hashStart === -1 ? '' : `#${redactParams(withoutCredentials.slice(hashStart + 1))}`;
  const queryStart = beforeHash.indexOf('?');
  if (queryStart === -1) return beforeHash + hash;
  return `${beforeHash.slice(0, queryStart + 1)}${redactParams(beforeHash.slice(queryStart + 1))}${hash}`;
}

function redactParams(params: string): string {
  return params
    .split('&')
    .map((param) => {
      const eq = param.indexOf('=');
      return eq > 0 && isSecretParamName(decodeParam(param.slice(0, eq))) ? `${param.slice(0, eq)}=***` : param;
    })
    .join('&');
}

/** `data:` and `blob:` URLs are read from memory: fetching one opens no connection. */
export function isInMemoryUrl(head: string): boolean {
  return /^\s*(?:data|blob):/i.test(head);
}
