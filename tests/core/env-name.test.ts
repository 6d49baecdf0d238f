import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/analysis/compare-text';
import { assignEnvNames, deriveEnvName, toUpperSnake } from '../../src/analysis/env-name';
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

function entriesFor(urls: readonly string[]): Array<{ url: string; proposed: string }> {
  return urls.map((url) => ({ url, proposed: nameFor(url) }));
}

function sortedEntries(names: Map<string, string>): Array<[string, string]> {
  return [...names].sort(([a], [b]) => compareText(a, b));
}

describe('assignEnvNames', () => {
  it('keeps names that do not collide', () => {
    const names = assignEnvNames(entriesFor(['https://api.openai.com/v1', 'https://api.anthropic.com']));
    expect(Object.fromEntries(names)).toEqual({
      'https://api.openai.com/v1': 'OPENAI_BASE_URL',
      'https://api.anthropic.com': 'ANTHROPIC_BASE_URL',
    });
  });

  it('gives the same URL the same name however often it appears', () => {
    const url = 'https://model-serving.example.com/predict';
    const names = assignEnvNames([...entriesFor([url, url, url])]);
    expect(Object.fromEntries(names)).toEqual({ [url]: 'MODEL_SERVING_ENDPOINT' });
  });

  it('settles differing proposals for one URL on the alphabetically first, in any order', () => {
    const url = 'https://model-serving.example.com/predict';
    const entries = [
      { url, proposed: 'PREDICTOR_URL' },
      { url, proposed: 'MODEL_SERVING_ENDPOINT' },
    ];
    expect(assignEnvNames(entries).get(url)).toBe('MODEL_SERVING_ENDPOINT');
    expect(assignEnvNames([...entries].reverse()).get(url)).toBe('MODEL_SERVING_ENDPOINT');
  });

  it('inserts the last named path segment when different URLs propose the same name', () => {
    const names = assignEnvNames(
      entriesFor(['https://model-serving.example.com/predict', 'https://model-serving.example.com/v1/health']),
    );
    expect(Object.fromEntries(names)).toEqual({
      'https://model-serving.example.com/predict': 'MODEL_SERVING_PREDICT_ENDPOINT',
      'https://model-serving.example.com/v1/health': 'MODEL_SERVING_HEALTH_ENDPOINT',
    });
  });

  it('appends the segment to a name without a known suffix, unless the name already holds it', () => {
    const names = assignEnvNames([
      { url: 'https://a.example.com/users', proposed: 'USERS_API' },
      { url: 'https://b.example.com/admin/users/list', proposed: 'USERS_API' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      'https://a.example.com/users': 'USERS_API',
      'https://b.example.com/admin/users/list': 'USERS_API_LIST',
    });
  });

  it('numbers names that are still equal in URL order', () => {
    const urls = ['https://www.example.com', 'https://api.example.com', 'https://app.example.com'];
    expect(Object.fromEntries(assignEnvNames(entriesFor(urls)))).toEqual({
      'https://api.example.com': 'EXAMPLE_BASE_URL',
      'https://app.example.com': 'EXAMPLE_BASE_URL_2',
      'https://www.example.com': 'EXAMPLE_BASE_URL_3',
    });
  });

  it('numbers URLs whose segments do not tell them apart', () => {
    const urls = ['https://ml.example.com/predict?model=b', 'https://ml.example.com/predict?model=a'];
    expect(Object.fromEntries(assignEnvNames(entriesFor(urls)))).toEqual({
      'https://ml.example.com/predict?model=a': 'ML_PREDICT_ENDPOINT',
      'https://ml.example.com/predict?model=b': 'ML_PREDICT_ENDPOINT_2',
    });
  });

  it('does not repeat a segment the name already ends with', () => {
    const urls = ['http://10.0.0.1/metrics', 'http://10.0.0.2/metrics'];
    expect(Object.fromEntries(assignEnvNames(entriesFor(urls)))).toEqual({
      'http://10.0.0.1/metrics': 'METRICS_ENDPOINT',
      'http://10.0.0.2/metrics': 'METRICS_ENDPOINT_2',
    });
  });

  it('treats reserved names as taken', () => {
    const names = assignEnvNames(
      entriesFor(['https://api.openai.com/v1/embeddings', 'https://api.anthropic.com']),
      new Set(['OPENAI_ENDPOINT', 'ANTHROPIC_BASE_URL']),
    );
    expect(Object.fromEntries(names)).toEqual({
      'https://api.openai.com/v1/embeddings': 'OPENAI_EMBEDDINGS_ENDPOINT',
      'https://api.anthropic.com': 'ANTHROPIC_BASE_URL_2',
    });
  });

  it('lets a plain proposal keep its name over a numbered one', () => {
    const names = assignEnvNames([
      { url: 'https://a.example.com', proposed: 'X' },
      { url: 'https://b.example.com', proposed: 'X' },
      { url: 'https://c.example.com', proposed: 'X_2' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      'https://a.example.com': 'X',
      'https://b.example.com': 'X_3',
      'https://c.example.com': 'X_2',
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
    ];
    const entries = entriesFor([...urls, ...urls.slice(0, 4)]);
    const reserved = new Set(['EXAMPLE_BASE_URL']);
    const expected = sortedEntries(assignEnvNames(entries, reserved));
    expect(new Set(expected.map(([, name]) => name)).size).toBe(urls.length);
    for (let seed = 1; seed <= 20; seed++) {
      expect(sortedEntries(assignEnvNames(shuffled(entries, seed), reserved))).toEqual(expected);
    }
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
