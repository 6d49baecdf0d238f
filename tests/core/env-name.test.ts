import { describe, expect, it } from 'vitest';
import { assignEnvNames, deriveEnvName, resolveEnvName, toUpperSnake, type EnvNameRequest } from '../../src/analysis/env-name';
import { parseEndpointUrl } from '../../src/analysis/url';

function nameFor(url: string, bindingName?: string): string {
  const parsed = parseEndpointUrl(url);
  if (parsed === null) throw new Error(`test URL does not parse: ${url}`);
  return deriveEnvName(parsed, bindingName === undefined ? {} : { bindingName });
}

describe('deriveEnvName from the URL', () => {
  it('names the seed endpoint MODEL_SERVING_ENDPOINT', () => {
    expect(nameFor('https://model-serving.example.com/predict')).toBe('MODEL_SERVING_ENDPOINT');
  });

  it.each([
    // generic leading labels are skipped
    ['https://api.openai.com/v1/chat/completions', 'OPENAI_ENDPOINT'],
    ['https://api.anthropic.com', 'ANTHROPIC_BASE_URL'],
    ['https://api.anthropic.com/', 'ANTHROPIC_BASE_URL'],
    ['https://www.example.com', 'EXAMPLE_BASE_URL'],
    ['https://api.prod.internal.acme.io/orders', 'ACME_ENDPOINT'],
    ['https://payments.api.acme.io/charge', 'PAYMENTS_ENDPOINT'],
    ['https://billing.eu-west-1.acme.io', 'BILLING_BASE_URL'],
    ['https://us-east-1.api.acme.io', 'ACME_BASE_URL'],
    ['https://v2.api.acme.io', 'ACME_BASE_URL'],
    // all labels generic: the registrable name stays
    ['https://api.staging.com', 'STAGING_BASE_URL'],
    ['https://api.com/x', 'API_ENDPOINT'],
    // a path of only generic segments is still a base URL
    ['https://api.openai.com/v1', 'OPENAI_BASE_URL'],
    ['https://api.acme.io/api/v2/', 'ACME_BASE_URL'],
    // public second-level suffixes
    ['https://api.bbc.co.uk/news', 'BBC_ENDPOINT'],
    ['https://shop.example.com.au', 'SHOP_BASE_URL'],
    ['https://www.rakuten.co.jp', 'RAKUTEN_BASE_URL'],
    ['https://mercado.com.br/api', 'MERCADO_BASE_URL'],
    // case, ports, queries
    ['HTTPS://API.OpenAI.COM/v1/models', 'OPENAI_ENDPOINT'],
    ['https://search.example.com:8443', 'SEARCH_BASE_URL'],
    ['https://www.example.com/?q=1', 'EXAMPLE_ENDPOINT'],
    ['https://geo.example.com?q=paris', 'GEO_ENDPOINT'],
    // IP literals and single-label hosts
    ['http://10.0.3.7:8080/metrics', 'METRICS_ENDPOINT'],
    ['http://10.0.3.7:8080/api/v1/metrics.json', 'METRICS_ENDPOINT'],
    ['http://10.0.3.7:8080/1234/3fa85f64a1', 'API_ENDPOINT'],
    ['http://10.0.3.7:8080', 'API_BASE_URL'],
    ['http://[::1]:3000/graphql', 'GRAPHQL_ENDPOINT'],
    ['http://[::1]:3000', 'API_BASE_URL'],
    ['http://localhost:5000/predict', 'PREDICT_ENDPOINT'],
    ['http://metrics-db:9090/api/v1/query', 'METRICS_DB_ENDPOINT'],
    ['http://redis_cache:6379', 'REDIS_CACHE_BASE_URL'],
    ['http://backend:8000/login', 'LOGIN_ENDPOINT'],
    // digits first, underscores and odd segments
    ['https://123movies.example', 'SERVICE_123MOVIES_BASE_URL'],
    ['https://my--weird__host.example.com', 'MY_WEIRD_HOST_BASE_URL'],
    // websockets: one URL, path included
    ['wss://stream.binance.com/ws', 'STREAM_WS_URL'],
    ['ws://localhost:8080', 'API_WS_URL'],
  ])('%s → %s', (url, expected) => {
    expect(nameFor(url)).toBe(expected);
  });
});

describe('deriveEnvName with a binding name', () => {
  it.each([
    ['USERS_API', 'USERS_API'],
    ['usersApi', 'USERS_API'],
    ['modelServingUrl', 'MODEL_SERVING_URL'],
    ['PAYMENTS_BASE_URL', 'PAYMENTS_BASE_URL'],
    ['github-api', 'GITHUB_API'],
    ['userServiceURL', 'USER_SERVICE_URL'],
    ['v2UsersApi', 'V2_USERS_API'],
  ])('specific binding %s wins → %s', (bindingName, expected) => {
    expect(nameFor('https://model-serving.example.com/predict', bindingName)).toBe(expected);
  });

  it.each([
    'url', 'URL', 'uri', 'endpoint', 'baseUrl', 'baseURL', 'BASE_URL', 'API_URL', 'apiUrl', 'api', 'host', 'href',
    'server', 'serverUrl', 'target', 'link', 'path', 'prefixUrl', 'url2', 'apiBaseUrl', 'defaultEndpoint', 'prodApiUrl', '',
  ])('generic binding %j falls back to the URL', (bindingName) => {
    expect(nameFor('https://model-serving.example.com/predict', bindingName)).toBe('MODEL_SERVING_ENDPOINT');
  });

  it('a binding whose only non-generic part is a leading digit still gives a valid name', () => {
    expect(nameFor('https://example.com', '3dModelsApi')).toBe('SERVICE_3D_MODELS_API');
  });
});

describe('every derived name is a valid environment variable', () => {
  it.each([
    'https://a.b.c.d.e.example.com/x',
    'http://127.0.0.1',
    'https://xn--bcher-kva.example/%E2%9C%93',
    'https://9.example.com/9/9',
    'http://_.example.com',
  ])('%s', (url) => {
    expect(nameFor(url)).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});

describe('toUpperSnake', () => {
  it.each([
    ['modelServingUrl', 'MODEL_SERVING_URL'],
    ['model-serving', 'MODEL_SERVING'],
    ['HTTPServer', 'HTTP_SERVER'],
    ['already_SNAKE', 'ALREADY_SNAKE'],
    ['a__b', 'A_B'],
  ])('%s → %s', (text, expected) => {
    expect(toUpperSnake(text)).toBe(expected);
  });
});

/** Deterministic Fisher–Yates so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

const requests = (values: readonly string[]): EnvNameRequest[] => values.map((value) => ({ value }));
const assign = (...args: Parameters<typeof assignEnvNames>): Record<string, string> => Object.fromEntries(assignEnvNames(...args));

describe('assignEnvNames: one variable per origin', () => {
  it('gives the only URL of its origin its own name, whole, however often it appears', () => {
    const url = 'https://model-serving.example.com/predict';
    expect(assign(requests([url, url, url]))).toEqual({ [url]: 'MODEL_SERVING_ENDPOINT' });
  });

  it('gives several URLs of one origin one base variable holding the origin', () => {
    const table = assignEnvNames(requests(['https://model-serving.example.com/predict', 'https://model-serving.example.com/v1/health']));
    expect(Object.fromEntries(table)).toEqual({ 'https://model-serving.example.com': 'MODEL_SERVING_BASE_URL' });
    expect(resolveEnvName(table, 'https://model-serving.example.com/predict')).toEqual({ name: 'MODEL_SERVING_BASE_URL', base: 'https://model-serving.example.com' });
  });

  it('keeps the generic segments every URL of the origin starts with in the base, and nothing named', () => {
    expect(assign(requests(['https://api.acme.io/v1/users', 'https://api.acme.io/v1/orders?page=2', 'https://api.acme.io/v1']))).toEqual({
      'https://api.acme.io/v1': 'ACME_BASE_URL',
    });
    expect(assign(requests(['https://api.acme.io/users/1', 'https://api.acme.io/users/2']))).toEqual({ 'https://api.acme.io': 'ACME_BASE_URL' });
    expect(assign(requests(['https://api.acme.io/v1/users', 'https://api.acme.io/v2/users']))).toEqual({ 'https://api.acme.io': 'ACME_BASE_URL' });
  });

  it('treats scheme and port as part of the origin', () => {
    expect(assign(requests(['https://search.acme.io/q', 'https://search.acme.io:8443/q', 'http://search.acme.io/q', 'wss://search.acme.io/live']))).toEqual({
      'http://search.acme.io/q': 'SEARCH_HTTP_ENDPOINT',
      'https://search.acme.io/q': 'SEARCH_ENDPOINT',
      'https://search.acme.io:8443/q': 'SEARCH_8443_ENDPOINT',
      'wss://search.acme.io/live': 'SEARCH_WS_URL',
    });
    expect(assign(requests(['wss://stream.acme.io/a', 'wss://stream.acme.io/b']))).toEqual({ 'wss://stream.acme.io': 'STREAM_WS_BASE_URL' });
  });

  it('tells apart hosts of one registrable name by their labels, registrable name first', () => {
    expect(assign(requests(['https://api.bilibili.com/x/web', 'https://api.live.bilibili.com/room', 'https://passport.bilibili.com/login']))).toEqual({
      'https://api.bilibili.com/x/web': 'BILIBILI_API_ENDPOINT',
      'https://api.live.bilibili.com/room': 'BILIBILI_LIVE_API_ENDPOINT',
      'https://passport.bilibili.com/login': 'PASSPORT_ENDPOINT',
    });
    expect(assign(requests(['https://www.bilibili.com', 'https://bilibili.com']))).toEqual({
      'https://bilibili.com': 'BILIBILI_BASE_URL',
      'https://www.bilibili.com': 'BILIBILI_WWW_BASE_URL',
    });
  });

  it('skips one-letter and phrase-like labels: i.instagram.com is INSTAGRAM', () => {
    expect(assign(requests(['https://i.instagram.com/api/v1/media/1/info', 'https://i.instagram.com/api/v1/users/2']))).toEqual({
      'https://i.instagram.com/api/v1': 'INSTAGRAM_BASE_URL',
    });
    expect(assign(requests(['https://open.feishu.cn/open-apis/im', 'https://is.example.org/check']))).toEqual({
      'https://is.example.org/check': 'EXAMPLE_ENDPOINT',
      'https://open.feishu.cn/open-apis/im': 'FEISHU_ENDPOINT',
    });
  });

  it('moves off a name the code already reads to a longer one from the host, not a number', () => {
    expect(assign(requests(['https://model-serving.example.com/predict']), new Map(), new Set(['MODEL_SERVING_ENDPOINT']))).toEqual({
      'https://model-serving.example.com/predict': 'EXAMPLE_MODEL_SERVING_ENDPOINT',
    });
  });

  it('numbers the short name when nothing in the host tells origins apart', () => {
    expect(assign(requests(['http://10.0.0.1/metrics', 'http://10.0.0.2/metrics']))).toEqual({
      'http://10.0.0.1/metrics': 'METRICS_ENDPOINT',
      'http://10.0.0.2/metrics': 'METRICS_ENDPOINT_2',
    });
  });

  it('uses a specific binding name for a whole value, and for a base only when the binding holds the base', () => {
    expect(assign([{ value: 'https://ml.acme.io/predict', bindingName: 'inferenceUrl' }])).toEqual({ 'https://ml.acme.io/predict': 'INFERENCE_URL' });
    expect(assign([{ value: 'https://ml.acme.io/v1', bindingName: 'ML_API' }, { value: 'https://ml.acme.io/v1/predict' }])).toEqual({
      'https://ml.acme.io/v1': 'ML_API',
    });
    expect(assign([{ value: 'https://ml.acme.io/predict', bindingName: 'PREDICT_URL' }, { value: 'https://ml.acme.io/health', bindingName: 'HEALTH_URL' }])).toEqual({
      'https://ml.acme.io': 'ML_BASE_URL',
    });
  });

  it('a binding name taken elsewhere gives way to the host name', () => {
    expect(assign([{ value: 'https://users.acme.io/v1', bindingName: 'USERS_API' }], new Map([['https://accounts.acme.io', 'USERS_API']]))).toEqual({
      'https://accounts.acme.io': 'USERS_API',
      'https://users.acme.io/v1': 'USERS_BASE_URL',
    });
  });

  it('names a bare host …_HOST, apart from the URLs of its origin', () => {
    expect(assign([{ value: 'payments.acme.io', hostOnly: true }, { value: 'https://payments.acme.io/charge' }])).toEqual({
      'https://payments.acme.io/charge': 'PAYMENTS_ENDPOINT',
      'payments.acme.io': 'PAYMENTS_HOST',
    });
  });
});

describe('assignEnvNames with fixed names (envNames option, variables the code reads)', () => {
  it('a fixed base takes every URL that extends it at a segment boundary; the longest wins', () => {
    const fixed = new Map([
      ['https://api.acme.io', 'ACME_URL'],
      ['https://api.acme.io/v2', 'ACME_V2_URL'],
    ]);
    const table = assignEnvNames(requests(['https://api.acme.io/v2/users', 'https://api.acme.io/v1/users']), fixed);
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(fixed));
    expect(resolveEnvName(table, 'https://api.acme.io/v2/users')).toEqual({ name: 'ACME_V2_URL', base: 'https://api.acme.io/v2' });
    expect(resolveEnvName(table, 'https://api.acme.io/v2x')).toEqual({ name: 'ACME_URL', base: 'https://api.acme.io' });
    expect(resolveEnvName(table, 'https://api.acme.iox/v2')).toBeUndefined();
  });

  it('a fixed whole endpoint is no base for longer URLs: those get their own variable', () => {
    const fixed = new Map([['https://ml.acme.io/predict', 'ML_ENDPOINT']]);
    expect(assign(requests(['https://ml.acme.io/predict/batch']), fixed)).toEqual({
      'https://ml.acme.io/predict': 'ML_ENDPOINT',
      'https://ml.acme.io/predict/batch': 'ACME_ML_ENDPOINT',
    });
  });

  it('does not depend on input order', () => {
    const urls = [
      'https://model-serving.example.com/predict',
      'https://model-serving.example.com/health',
      'https://model-serving.example.com/v2/predict',
      'https://www.example.com',
      'https://api.example.com',
      'https://api.openai.com/v1',
      'https://api.openai.com/v1/chat/completions',
      'https://api.openai.com/v1/embeddings',
      'http://10.0.3.7:8080/metrics',
      'http://10.0.3.8:8080/metrics',
      'wss://stream.example.com/ws',
      'https://api.anthropic.com',
      'https://billing.acme.io/v1/invoices',
    ];
    const entries = [...requests([...urls, ...urls.slice(0, 4)]), { value: 'https://api.anthropic.com', bindingName: 'claudeApi' }];
    const fixed = new Map([['https://billing.acme.io/v1', 'BILLING_URL']]);
    const reserved = new Set(['EXAMPLE_BASE_URL']);
    const expected = assign(entries, fixed, reserved);
    expect(new Set(Object.values(expected)).size).toBe(Object.keys(expected).length);
    for (let seed = 1; seed <= 20; seed++) expect(assign(shuffled(entries, seed), fixed, reserved)).toEqual(expected);
  });
});

describe('deriveEnvName for a bare host', () => {
  it.each([
    ['https://api.acme.io', undefined, 'ACME_HOST'],
    ['http://metrics-db:9090', undefined, 'METRICS_DB_HOST'],
    ['http://10.0.3.7', undefined, 'API_HOST'],
    ['https://api.acme.io', 'hostname', 'ACME_HOST'],
    ['https://api.acme.io', 'PAYMENTS_HOST', 'PAYMENTS_HOST'],
  ])('%s (binding %s) → %s', (url, bindingName, expected) => {
    expect(deriveEnvName(parseEndpointUrl(url)!, { hostOnly: true, ...(bindingName === undefined ? {} : { bindingName }) })).toBe(expected);
  });
});
