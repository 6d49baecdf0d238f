import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { renderInlineRuntimeHelper, renderRuntimeHelper, RUNTIME_HELPER_BASENAME } from '../../src/runtime/runtime-helper';
import { refusedPort } from './loopback';

// The generated files are loaded as users load them and run against real loopback servers.

interface RetryOptions {
  method?: string;
  endpoint?: string | URL | { url: string };
  attempts?: number;
  budgetMs?: number;
  signal?: AbortSignal | null;
  idempotent?: boolean;
  random?: () => number;
}
interface RetryAttempt {
  number: number;
  url<U>(url: U): U;
}
interface RequestFailure {
  error: unknown;
  method: string | undefined;
  url: string | undefined;
  attempts: number;
  elapsedMs: number | undefined;
  retryInMs: number | undefined;
  message: string;
}
interface FailureContext {
  method?: string;
  endpoint?: string | URL | { url: string };
  attempt?: number;
  attempts?: number;
  retryInMs?: number;
}
interface Helper {
  withRetry<R>(operation: (attempt: RetryAttempt) => R, options?: RetryOptions): Promise<Awaited<R>>;
  logRequestFailure(error: unknown, context?: FailureContext): void;
  onRequestFailure(handler: ((failure: RequestFailure) => void) | undefined): void;
}

const FLAVOURS = ['esm', 'cjs'] as const;
const helpers = {} as Record<(typeof FLAVOURS)[number], Helper>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-requests-runtime-'));

beforeAll(async () => {
  const esm = path.join(dir, `${RUNTIME_HELPER_BASENAME}.mjs`);
  const cjs = path.join(dir, `${RUNTIME_HELPER_BASENAME}.cjs`);
  fs.writeFileSync(esm, renderRuntimeHelper('esm'));
  fs.writeFileSync(cjs, renderRuntimeHelper('cjs'));
  helpers.esm = (await import(pathToFileURL(esm).href)) as Helper;
  helpers.cjs = createRequire(cjs)(cjs) as Helper;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let logSpy: MockInstance<typeof console.error>;
beforeEach(() => {
  logSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

const servers: http.Server[] = [];
afterEach(async () => {
  helpers.esm.onRequestFailure(undefined);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

interface TestServer {
  url: string;
  /** Requests received, per method. */
  hits: Record<string, number>;
}

async function startServer(handler: http.RequestListener, port = 0): Promise<TestServer> {
  const hits: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    hits[req.method ?? '?'] = (hits[req.method ?? '?'] ?? 0) + 1;
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function logLines(): string[] {
  return logSpy.mock.calls.map((args) => args.map(String).join(' '));
}

const noJitter = { random: () => 0 };

describe.each(FLAVOURS)('%s flavour against a loopback server', (flavour) => {
  const helper = (): Helper => helpers[flavour];

  it('refused, then accepted: GET and POST both succeed after a retry', async () => {
    const port = await refusedPort();
    const url = `http://127.0.0.1:${port}/predict`;
    const late = new Promise<TestServer>((resolve) => setTimeout(() => resolve(startServer((_req, res) => res.end('ok'), port)), 200));
    const attemptsMade: Record<string, number> = {};
    const call = (method: 'GET' | 'POST') =>
      helper().withRetry(
        (attempt) => {
          attemptsMade[method] = attempt.number;
          return fetch(attempt.url(url), { method, body: method === 'POST' ? '{"input":"data"}' : undefined });
        },
        { method, random: () => 0.6 }, // backoff 300 ms, then 600 ms
      );
    const [get, post] = await Promise.all([call('GET'), call('POST')]);
    expect([await get.text(), await post.text()]).toEqual(['ok', 'ok']);
    expect(attemptsMade.GET).toBeGreaterThanOrEqual(2);
    expect(attemptsMade.POST).toBeGreaterThanOrEqual(2);
    expect((await late).hits).toEqual({ GET: 1, POST: 1 });
    // Refused: retried within the time budget, so the line names no attempt limit.
    expect(logLines()[0]).toMatch(new RegExp(` (GET|POST) ${url.replace(/\./g, '\\.')} failed: ECONNREFUSED \\(attempt 1, retrying in 300 ms\\)$`));
  });

  it('connection dropped after the request was read: GET is tried 3 times, POST once', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const errors: unknown[] = [];
    const call = (method: string) =>
      helper().withRetry(
        () =>
          fetch(server.url, { method, body: method === 'POST' ? 'x' : undefined }).catch((error: unknown) => {
            errors.push(error);
            throw error;
          }),
        { method, ...noJitter },
      );
    await expect(call('GET')).rejects.toThrow('fetch failed');
    const thrown = await call('POST').catch((error: unknown) => error);
    expect(thrown).toBe(errors.at(-1));
    expect(server.hits).toEqual({ GET: 3, POST: 1 });
    // A line per retried attempt; the final failures are left to whoever handles them.
    expect(logLines().map((line) => line.replace(/^.* failed: /, ''))).toEqual([
      'UND_ERR_SOCKET (attempt 1/3, retrying in 0 ms)',
      'UND_ERR_SOCKET (attempt 2/3, retrying in 0 ms)',
    ]);
    helper().logRequestFailure(thrown);
    expect(logLines().at(-1)).toMatch(/ POST request failed: UND_ERR_SOCKET$/);
  });

  it('503 with Retry-After: 120 is returned at once', async () => {
    const server = await startServer((_req, res) => res.writeHead(503, { 'Retry-After': '120' }).end('busy'));
    const started = Date.now();
    const res = await helper().withRetry(() => fetch(server.url), { method: 'GET' });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('busy');
    expect(Date.now() - started).toBeLessThan(500);
    expect(server.hits).toEqual({ GET: 1 });
  });

  it('a 503 to a POST is returned without a retry; a past Retry-After date retries at once', async () => {
    let hits = 0;
    const past = new Date(Date.now() - 60_000).toUTCString();
    const server = await startServer((_req, res) => {
      hits++;
      if (hits === 1 || hits === 2) res.writeHead(503, { 'Retry-After': past }).end();
      else res.end('ok');
    });
    expect((await helper().withRetry(() => fetch(server.url, { method: 'POST' }), { method: 'POST' })).status).toBe(503);
    const started = Date.now();
    const res = await helper().withRetry(() => fetch(server.url), { method: 'GET', random: () => 1 });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(400); // the 500 ms backoff was not used
    expect(server.hits).toEqual({ POST: 1, GET: 2 });
  });

  it("a hanging server and the caller's signal: aborts promptly with the abort reason, one hit", async () => {
    const server = await startServer(() => undefined);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    const call = helper().withRetry(() => fetch(server.url, { signal: controller.signal }), {
      method: 'GET',
      signal: controller.signal,
      ...noJitter,
    });
    await expect(call).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.hits).toEqual({ GET: 1 });
    expect(logLines()).toEqual([]);
  });

  it("a hanging server and each attempt's own AbortSignal.timeout: a GET is tried 3 times, a POST once, each failure logged", async () => {
    const server = await startServer(() => undefined);
    const get = helper().withRetry(() => fetch(server.url, { signal: AbortSignal.timeout(100) }), { method: 'GET', ...noJitter });
    await expect(get).rejects.toMatchObject({ name: 'TimeoutError' });
    const post = helper().withRetry(() => fetch(server.url, { method: 'POST', signal: AbortSignal.timeout(100) }), { method: 'POST', ...noJitter });
    const error = await post.catch((reason: unknown) => reason);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(server.hits).toEqual({ GET: 3, POST: 1 });
    helper().logRequestFailure(error);
    expect(logLines().filter((line) => line.includes(' POST '))).toHaveLength(1);
    expect(logLines().filter((line) => line.includes(' GET ') && line.includes('retry'))).toHaveLength(2);
  });

  it('a timeout signal shared by the attempts stops the retries once its reason comes back', async () => {
    const server = await startServer(() => undefined);
    const signal = AbortSignal.timeout(100);
    const call = helper().withRetry(() => fetch(server.url, { signal }), { method: 'GET', ...noJitter });
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    // The second attempt fails before sending: the signal has already fired.
    expect(server.hits).toEqual({ GET: 1 });
  });

  it("node:http's AbortError caused by an attempt's timeout is retried for a GET", async () => {
    const server = await startServer(() => undefined);
    const get = (): Promise<number> =>
      new Promise((resolve, reject) => {
        http.get(server.url, { signal: AbortSignal.timeout(100) }, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      });
    await expect(helper().withRetry(get, { method: 'GET', ...noJitter })).rejects.toMatchObject({ name: 'AbortError', cause: { name: 'TimeoutError' } });
    expect(server.hits).toEqual({ GET: 3 });
  });

  it('the backoff sleep ends as soon as the signal fires', async () => {
    const url = `http://127.0.0.1:${await refusedPort()}/`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    let attempts = 0;
    const started = Date.now();
    const call = helper().withRetry(
      () => {
        attempts++;
        return fetch(url);
      },
      { method: 'GET', signal: controller.signal, random: () => 1 }, // would sleep 500 ms
    );
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(400);
    expect(attempts).toBe(1);
  });

  it('never logs credentials or query values', async () => {
    const port = await refusedPort();
    const target = `http://127.0.0.1:${port}/predict?token=secret123&page=2`;
    const endpoint = `http://user:pw@127.0.0.1:${port}/predict?token=secret123&page=2#frag`;
    const once = { budgetMs: 0, ...noJitter };
    const refused = await helper().withRetry((attempt) => fetch(attempt.url(target), { method: 'POST' }), { method: 'post', endpoint, ...once }).catch((error: unknown) => error);
    // undici rejects a URL with credentials with a TypeError whose message holds the whole URL.
    const invalid = await helper().withRetry(() => fetch(endpoint), { method: 'GET', endpoint, ...once }).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(TypeError);
    helper().logRequestFailure(refused);
    helper().logRequestFailure(invalid);
    const lines = logLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        String.raw`^\[safe-requests\] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z POST http://127\.0\.0\.1:${port}/predict\?token=\*\*\*&page=\*\*\* ` +
          String.raw`failed: ECONNREFUSED$`,
      ),
    );
    expect(lines[1]).toMatch(/failed: TypeError: .*http:\/\/127\.0\.0\.1:\d+\/predict\?token=\*\*\*&page=\*\*\*/);
    for (const line of lines) expect(line).not.toMatch(/secret123|user|pw@|frag/);
  });

  it('rethrows the very error object of the last attempt', async () => {
    const url = `http://127.0.0.1:${await refusedPort()}/`;
    const errors: unknown[] = [];
    const call = helper().withRetry(
      () =>
        fetch(url).catch((error: unknown) => {
          errors.push(error);
          throw error;
        }),
      { method: 'GET', budgetMs: 100, random: () => 0.5 }, // waits 100 ms (what is left of the budget), then gives up
    );
    const thrown = await call.catch((error: unknown) => error);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(thrown).toBe(errors.at(-1));
    expect(new Set(errors).size).toBe(errors.length);
  });

  it('SAFE_REQUESTS_ATTEMPTS limits the attempts that may have reached the server; an explicit attempts option wins', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    vi.stubEnv('SAFE_REQUESTS_ATTEMPTS', '1');
    const call = (options: RetryOptions) => helper().withRetry(() => fetch(server.url), options).catch(() => undefined);
    await call({ method: 'GET', ...noJitter });
    expect(server.hits).toEqual({ GET: 1 });
    await call({ method: 'GET', attempts: 2, ...noJitter });
    expect(server.hits).toEqual({ GET: 3 });
  });

  it('SAFE_REQUESTS_BUDGET_MS=0 turns off the retries of refused connections; an explicit budgetMs wins', async () => {
    vi.stubEnv('SAFE_REQUESTS_BUDGET_MS', '0');
    const refused = errno('ECONNREFUSED');
    expect(await attemptsFor(helper(), refused, { method: 'GET' })).toBe(1);
    expect(await attemptsFor(helper(), refused, { method: 'GET', budgetMs: 60_000 })).toBe(FAILURES_BEFORE_SUCCESS + 1);
  });
});

describe('Retry-After within 30 s', () => {
  // Honoured means a real 1 s wait: run once, on one flavour.
  it('503 with Retry-After: 1, then 200: two hits, the 200 is returned', async () => {
    let hits = 0;
    const server = await startServer((_req, res) => {
      hits++;
      if (hits === 1) res.writeHead(503, { 'Retry-After': '1' }).end('busy');
      else res.end('ok');
    });
    const started = Date.now();
    const res = await helpers.esm.withRetry(() => fetch(server.url), { method: 'GET', ...noJitter });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.hits).toEqual({ GET: 2 });
    // The URL comes from the response.
    expect(logLines()).toEqual([expect.stringMatching(/ GET http:\/\/127\.0\.0\.1:\d+\/ failed: HTTP 503 \(attempt 1\/3, retrying in 1000 ms\)$/)]);
  });
});

describe('a restart of several seconds, with the default settings', () => {
  // The budget's reason to exist: a server that refuses for 5 s, then listens. One flavour, one run.
  it('a POST to a server that refuses for 5 s, then accepts, succeeds: sent once, one line per retried attempt', async () => {
    const port = await refusedPort();
    const url = `http://127.0.0.1:${port}/predict`;
    const received: string[] = [];
    const upAt = Date.now() + 5000;
    const late = new Promise<TestServer>((resolve) => {
      setTimeout(() => {
        resolve(
          startServer((req, res) => {
            let body = '';
            req.on('data', (chunk: Buffer) => (body += chunk.toString()));
            req.on('end', () => {
              received.push(body);
              res.end('{"prediction":0.87}');
            });
          }, port),
        );
      }, 5000);
    });
    const res = await helpers.esm.withRetry((attempt) => fetch(attempt.url(url), { method: 'POST', body: '{"input":"data"}' }), { method: 'POST' });
    expect(await res.json()).toEqual({ prediction: 0.87 });
    expect(Date.now()).toBeGreaterThanOrEqual(upAt - 50);
    await late;
    expect(received).toEqual(['{"input":"data"}']);
    const lines = logLines();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(new RegExp(` POST ${url.replace(/\./g, '\\.')} failed: ECONNREFUSED \\(attempt \\d+, retrying in \\d+ ms\\)$`));
  });

  it('a POST answered by a dropped connection is sent once, and its final line names the attempt', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const thrown = await helpers.esm
      .withRetry((attempt) => fetch(attempt.url(`${server.url}/orders`), { method: 'POST', body: '{}' }), { method: 'POST' })
      .catch((error: unknown) => error);
    expect(server.hits).toEqual({ POST: 1 });
    expect(logLines()).toEqual([]);
    helpers.esm.logRequestFailure(thrown, { method: 'POST' });
    expect(logLines()).toEqual([expect.stringMatching(/ POST http:\/\/127\.0\.0\.1:\d+\/orders failed: UND_ERR_SOCKET$/)]);
  });
});

// Constructed errors shaped like each client's, as measured in FIELD-NOTES.md.
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const axiosError = (props: object) => Object.assign(new Error('Network Error'), { name: 'AxiosError', isAxiosError: true, ...props });
const gotError = (name: string, code: string, props: object = {}) => Object.assign(new Error(code), { name, code, ...props });
const fetchError = (type: string, code?: string) => Object.assign(new Error('request to https://x.test/ failed'), { name: 'FetchError', type, code });

// An operation that fails this many times and then succeeds: a failure retried within the time
// budget gets past them, one retried for at most 3 attempts does not.
const FAILURES_BEFORE_SUCCESS = 4;
const BUDGET = FAILURES_BEFORE_SUCCESS + 1;

// [what, error, attempts for GET, attempts for POST]
const CLASSIFIED: [string, unknown, number, number][] = [
  ['undici: cause ECONNREFUSED', fetchFailed(errno('ECONNREFUSED')), BUDGET, BUDGET],
  ['undici: dual-stack AggregateError under cause', fetchFailed(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')])), BUDGET, BUDGET],
  ['undici: UND_ERR_CONNECT_TIMEOUT', fetchFailed(errno('UND_ERR_CONNECT_TIMEOUT')), BUDGET, BUDGET],
  ['undici: ENOTFOUND', fetchFailed(errno('ENOTFOUND')), BUDGET, BUDGET],
  ['undici: UND_ERR_SOCKET (other side closed)', fetchFailed(errno('UND_ERR_SOCKET')), 3, 1],
  ['undici: cause without a code', fetchFailed(new Error('unknown')), 3, 1],
  ['node:net AggregateError', new AggregateError([errno('ENETUNREACH'), errno('EHOSTUNREACH')]), BUDGET, BUDGET],
  ['axios http adapter: ECONNREFUSED, no response', axiosError({ code: 'ECONNREFUSED' }), BUDGET, BUDGET],
  ['axios http adapter: ECONNRESET', axiosError({ code: 'ECONNRESET' }), 3, 1],
  ['axios timeout: ECONNABORTED', axiosError({ code: 'ECONNABORTED' }), 3, 1],
  ['axios fetch adapter: ERR_NETWORK, cause ECONNREFUSED', axiosError({ code: 'ERR_NETWORK', cause: fetchFailed(errno('ECONNREFUSED')) }), BUDGET, BUDGET],
  ['axios in a browser: ERR_NETWORK', axiosError({ code: 'ERR_NETWORK' }), 3, 1],
  ['axios: 503 with a response', axiosError({ code: 'ERR_BAD_RESPONSE', response: { status: 503 } }), 1, 1],
  ['axios: 404 with a response', axiosError({ code: 'ERR_BAD_REQUEST', response: { status: 404 } }), 1, 1],
  ['axios: CanceledError', axiosError({ name: 'CanceledError', code: 'ERR_CANCELED' }), 1, 1],
  ['got: RequestError ECONNREFUSED', gotError('RequestError', 'ECONNREFUSED'), BUDGET, BUDGET],
  ['got: RequestError EAI_AGAIN', gotError('RequestError', 'EAI_AGAIN'), BUDGET, BUDGET],
  ['got: RequestError ECONNRESET', gotError('RequestError', 'ECONNRESET'), 3, 1],
  ['got: HTTPError', gotError('HTTPError', 'ERR_NON_2XX_3XX_RESPONSE', { response: { statusCode: 500 } }), 1, 1],
  ['got: TimeoutError (got retried already)', gotError('TimeoutError', 'ETIMEDOUT'), 1, 1],
  ['node-fetch: system EHOSTUNREACH', fetchError('system', 'EHOSTUNREACH'), BUDGET, BUDGET],
  ['node-fetch: system ECONNRESET', fetchError('system', 'ECONNRESET'), 3, 1],
  ['node-fetch: system, unlisted code', fetchError('system', 'EPROTO'), 3, 1],
  ['node-fetch: invalid-json', fetchError('invalid-json'), 1, 1],
  ['Chrome: Failed to fetch', new TypeError('Failed to fetch'), 3, 1],
  ['Safari: Load failed', new TypeError('Load failed'), 3, 1],
  ['Firefox: NetworkError', new TypeError('NetworkError when attempting to fetch resource.'), 3, 1],
  ['a bug: TypeError', new TypeError("Cannot read properties of undefined (reading 'json')"), 1, 1],
  ['res.json(): SyntaxError', new SyntaxError('Unexpected token < in JSON at position 0'), 1, 1],
  ['AbortError', new DOMException('This operation was aborted', 'AbortError'), 1, 1],
  ["ky: TimeoutError (ky's limit covers its retries)", Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }), 1, 1],
  ['AbortError whose cause is itself: a cancellation, and no endless walk', (() => {
    const error: Error = Object.assign(new Error('aborted'), { name: 'AbortError' });
    error.cause = error;
    return error;
  })(), 1, 1],
  ['a thrown string', 'boom', 1, 1],
  ['undefined', undefined, 1, 1],
];

async function attemptsFor(helper: Helper, error: unknown, options: RetryOptions): Promise<number> {
  let attempts = 0;
  const outcome = await helper
    .withRetry(() => {
      attempts++;
      return attempts <= FAILURES_BEFORE_SUCCESS ? Promise.reject(error) : Promise.resolve('ok');
    }, { ...noJitter, ...options })
    .then(
      (value) => value,
      (reason: unknown) => reason,
    );
  // Given up: the very error of the last attempt is rethrown.
  expect(outcome).toBe(attempts > FAILURES_BEFORE_SUCCESS ? 'ok' : error);
  return attempts;
}

describe.each(FLAVOURS)('%s flavour: which failures are retried', (flavour) => {
  it.each(CLASSIFIED)('%s', async (_what, error, get, post) => {
    const helper = helpers[flavour];
    expect([await attemptsFor(helper, error, { method: 'GET' }), await attemptsFor(helper, error, { method: 'POST' })]).toEqual([get, post]);
  });

  // Each attempt's own AbortSignal.timeout() fails with a reason of its own (the same one again means a shared signal).
  it.each<[string, () => unknown]>([
    ["AbortSignal.timeout's TimeoutError", () => new DOMException('The operation timed out.', 'TimeoutError')],
    [
      "node:http: AbortError caused by AbortSignal.timeout's TimeoutError",
      () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR', cause: new DOMException('The operation timed out.', 'TimeoutError') }),
    ],
  ])("%s, new at each attempt: retried as 'may have been delivered' (3 attempts for GET, 1 for POST)", async (_what, timeout) => {
    const attempts = async (method: string): Promise<number> => {
      let count = 0;
      await helpers[flavour].withRetry(() => {
        count++;
        return Promise.reject(timeout());
      }, { method, ...noJitter }).catch(() => undefined);
      return count;
    };
    expect([await attempts('GET'), await attempts('POST')]).toEqual([3, 1]);
  });

  it('decides idempotency from the method, case-insensitively, or from options.idempotent', async () => {
    const helper = helpers[flavour];
    const reset = errno('ECONNRESET');
    const refused = errno('ECONNREFUSED');
    expect(await attemptsFor(helper, reset, { method: 'get' })).toBe(3);
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS']) expect(await attemptsFor(helper, reset, { method })).toBe(3);
    expect(await attemptsFor(helper, reset, { method: 'PATCH' })).toBe(1);
    expect(await attemptsFor(helper, reset, {})).toBe(1);
    expect(await attemptsFor(helper, refused, {})).toBe(BUDGET);
    expect(await attemptsFor(helper, reset, { method: 'POST', idempotent: true })).toBe(3);
  });

  it('retries 408/429/5xx responses of idempotent requests, cancels discarded bodies, returns the last', async () => {
    const helper = helpers[flavour];
    const cancel = vi.fn(() => Promise.reject(new Error('locked')));
    const response = (status: number) => ({ status, headers: new Headers(), body: { cancel } });
    let calls = 0;
    const last = await helper.withRetry(() => Promise.resolve(response(500 + calls++)), { method: 'GET', ...noJitter });
    expect([last.status, calls, cancel.mock.calls.length]).toEqual([501, 2, 1]); // 501 Not Implemented is final
    calls = 0;
    const gaveUp = await helper.withRetry(() => Promise.resolve(response(429 + 0 * calls++)), { method: 'GET', ...noJitter });
    expect([gaveUp.status, calls, cancel.mock.calls.length]).toEqual([429, 3, 3]);
  });

  it('uses capped full-jitter backoff: random() × min(max delay, 500 × 2^(n−1)) ms, capped at 2 s when nothing was sent', async () => {
    const helper = helpers[flavour];
    const delays = () => logLines().flatMap((line) => /retrying in (\d+) ms/.exec(line)?.[1] ?? []);
    await attemptsFor(helper, errno('ECONNRESET'), { method: 'GET', attempts: 5, random: () => 0.01 });
    expect(delays()).toEqual(['5', '10', '20', '40']);
    logSpy.mockClear();
    await attemptsFor(helper, errno('ECONNREFUSED'), { method: 'GET', random: () => 0.01 });
    expect(delays()).toEqual(['5', '10', '20', '20']);
    logSpy.mockClear();
    vi.stubEnv('SAFE_REQUESTS_MAX_DELAY_MS', '700');
    await attemptsFor(helper, errno('ECONNRESET'), { method: 'GET', attempts: 5, random: () => 0.01 });
    expect(delays()).toEqual(['5', '7', '7', '7']);
  });

  it('retries a refused connection until the time budget is spent, the last wait cut to what is left', async () => {
    const helper = helpers[flavour];
    let attempts = 0;
    const started = Date.now();
    const refused = errno('ECONNREFUSED');
    const thrown = await helper
      .withRetry(() => {
        attempts++;
        return Promise.reject(refused);
      }, { method: 'POST', budgetMs: 300, random: () => 1 })
      .catch((error: unknown) => error);
    expect(thrown).toBe(refused);
    // 500 ms of backoff asked for, 300 ms allowed: two attempts, about 300 ms apart.
    expect(attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(logLines().map((line) => line.replace(/^.* failed: /, ''))).toEqual([expect.stringMatching(/^ECONNREFUSED \(attempt 1, retrying in (29\d|300) ms\)$/)]);
  });

  it('SAFE_REQUESTS_LOG=off silences the log', async () => {
    vi.stubEnv('SAFE_REQUESTS_LOG', 'off');
    await attemptsFor(helpers[flavour], errno('ECONNREFUSED'), { method: 'GET' });
    helpers[flavour].logRequestFailure(errno('ECONNREFUSED'));
    expect(logSpy).not.toHaveBeenCalled();
  });
});

describe('logRequestFailure', () => {
  const log = (error: unknown, context?: FailureContext): string => {
    logSpy.mockClear();
    helpers.cjs.logRequestFailure(error, context);
    expect(logSpy).toHaveBeenCalledTimes(1);
    return logLines()[0] ?? '';
  };
  const TIMESTAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

  it('writes the documented line', () => {
    const context = { method: 'POST', endpoint: 'https://model-serving.example.com/predict', attempt: 1, attempts: 3, retryInMs: 412 };
    expect(log(fetchFailed(errno('ECONNREFUSED')), context)).toMatch(
      new RegExp(`^\\[safe-requests\\] ${TIMESTAMP} POST https://model-serving\\.example\\.com/predict failed: ECONNREFUSED \\(attempt 1/3, retrying in 412 ms\\)$`),
    );
    expect(log(errno('ECONNREFUSED'))).toMatch(new RegExp(`^\\[safe-requests\\] ${TIMESTAMP} request failed: ECONNREFUSED$`));
  });

  it('names the status of responses and of errors that carry one', () => {
    expect(log({ status: 503, headers: new Headers() }, { method: 'GET' })).toMatch(/ GET request failed: HTTP 503$/);
    expect(log(axiosError({ code: 'ERR_BAD_REQUEST', response: { status: 404 } }))).toMatch(/failed: HTTP 404$/);
    expect(log(gotError('HTTPError', 'ERR_NON_2XX_3XX_RESPONSE', { response: { statusCode: 500 } }))).toMatch(/failed: HTTP 500$/);
  });

  it('redacts credentials, query values and fragments in endpoints of every shape and in messages', () => {
    const secret = 'https://user:p%40ss@api.example.com/v1/x?api_key=sk-123&flag&page=2#access_token=abc';
    const expected = 'https://api.example.com/v1/x?api_key=***&***&page=***';
    expect(log(errno('ENOTFOUND'), { endpoint: secret })).toContain(` ${expected} failed`);
    expect(log(errno('ENOTFOUND'), { endpoint: new URL(secret) })).toContain(` ${expected} failed`);
    expect(log(errno('ENOTFOUND'), { endpoint: { url: secret } })).toContain(` ${expected} failed`);
    expect(log(errno('ENOTFOUND'), { endpoint: '/api/items?cursor=abc' })).toContain(' /api/items?cursor=*** failed');
    // node-fetch: the message holds the full URL and there is no code.
    expect(log(new Error(`request to ${secret} failed, reason: socket hang up`))).toContain(`failed: Error: request to ${expected} failed, reason: socket hang up`);
  });

  it('never throws', () => {
    logSpy.mockImplementation(() => {
      throw new Error('stderr closed');
    });
    expect(() => helpers.esm.logRequestFailure(errno('ECONNREFUSED'))).not.toThrow();
    const hostile = Object.defineProperty({}, 'code', {
      get() {
        throw new Error('getter');
      },
    });
    expect(() => helpers.esm.logRequestFailure(hostile)).not.toThrow();
  });
});

describe('what is logged: retried attempts, and the final failure where nothing handles it', () => {
  const lines = () => logLines().map((line) => line.replace(/^\[safe-requests\] \S+ /, ''));

  it('withRetry writes no line when it gives up; the catch that ends the failure writes one, with the attempts and the time', async () => {
    const refused = errno('ECONNREFUSED');
    const thrown = await helpers.esm
      .withRetry(() => Promise.reject(refused), { method: 'GET', budgetMs: 100, random: () => 0.5 })
      .catch((error: unknown) => error);
    expect(lines()).toEqual([expect.stringMatching(/^GET request failed: ECONNREFUSED \(attempt 1, retrying in \d+ ms\)$/)]);
    helpers.esm.logRequestFailure(thrown, { method: 'GET' });
    helpers.esm.logRequestFailure(thrown, { method: 'GET' }); // an outer catch: already logged
    expect(lines()).toHaveLength(2);
    expect(lines()[1]).toMatch(/^GET request failed after 2 attempts over 0\.\d s: ECONNREFUSED$/);
  });

  it('names the URL the operation passed through attempt.url(), in the retry lines and the final one', async () => {
    const url = 'https://api.acme.io/v1/predict?key=SEKRET';
    const thrown = await helpers.cjs
      .withRetry((attempt) => Promise.reject(Object.assign(new Error(attempt.url(url)), { code: 'ECONNRESET' })), { method: 'PUT', ...noJitter })
      .catch((error: unknown) => error);
    helpers.cjs.logRequestFailure(thrown);
    expect(lines()).toEqual([
      'PUT https://api.acme.io/v1/predict?key=*** failed: ECONNRESET (attempt 1/3, retrying in 0 ms)',
      'PUT https://api.acme.io/v1/predict?key=*** failed: ECONNRESET (attempt 2/3, retrying in 0 ms)',
      expect.stringMatching(/^PUT https:\/\/api\.acme\.io\/v1\/predict\?key=\*\*\* failed after 3 attempts over 0\.\d s: ECONNRESET$/),
    ]);
  });

  it('learns the method and URL from what the client sent: axios config, got options, a Request, a Response', () => {
    const cases: Array<[unknown, string]> = [
      [axiosError({ code: 'ECONNREFUSED', config: { method: 'post', url: '/orders', baseURL: 'https://api.acme.io/v1/' } }), 'POST https://api.acme.io/v1/orders'],
      [axiosError({ code: 'ERR_BAD_RESPONSE', response: { status: 502, config: { method: 'get', url: 'https://api.acme.io/x' } } }), 'GET https://api.acme.io/x'],
      [gotError('RequestError', 'ECONNREFUSED', { options: { method: 'DELETE', url: new URL('https://api.acme.io/items/1?token=t') } }), 'DELETE https://api.acme.io/items/1?token=***'],
      [Object.assign(new Error('Request failed with status code 500'), { name: 'HTTPError', request: new Request('https://api.acme.io/y', { method: 'PATCH' }) }), 'PATCH https://api.acme.io/y'],
    ];
    for (const [error] of cases) helpers.cjs.logRequestFailure(error, { method: 'GET', endpoint: 'https://wrong.example/' });
    expect(lines().map((line) => line.replace(/ failed: .*$/, ''))).toEqual(cases.map(([, request]) => request));
  });

  it('nothing for aborts, for 4xx answers, or for retries a handler replaced', async () => {
    helpers.esm.logRequestFailure(new DOMException('This operation was aborted', 'AbortError'));
    helpers.esm.logRequestFailure(axiosError({ name: 'CanceledError', code: 'ERR_CANCELED' }));
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const aborted = helpers.esm.withRetry(() => {
      controller.abort(reason);
      return Promise.reject(reason);
    }, { signal: controller.signal });
    helpers.esm.logRequestFailure(await aborted.catch((error: unknown) => error));
    // A 4xx is the server's answer: returned (or thrown by axios) without a retry and without a line.
    const notFound = axiosError({ code: 'ERR_BAD_REQUEST', response: { status: 404 } });
    await expect(helpers.esm.withRetry(() => Promise.reject(notFound), { method: 'GET' })).rejects.toBe(notFound);
    const response = await helpers.esm.withRetry(() => Promise.resolve({ status: 404, headers: new Headers() }), { method: 'GET' });
    expect(response.status).toBe(404);
    expect(lines()).toEqual([]);
  });

  it('onRequestFailure sends every copy\'s events to the handler instead of the console; undefined restores it', async () => {
    const events: Array<{ message: string; attempts: number; retryInMs: number | undefined; url: string | undefined }> = [];
    helpers.esm.onRequestFailure((failure) => events.push({ message: failure.message, attempts: failure.attempts, retryInMs: failure.retryInMs, url: failure.url }));
    const refused = errno('ECONNREFUSED');
    // The CommonJS copy is another copy of the helper, as a library's pasted one is: it reports to the same handler.
    const thrown = await helpers.cjs
      .withRetry((attempt) => Promise.reject(attempt.url('http://127.0.0.1:9/x?api_key=k') && refused), { method: 'GET', budgetMs: 50, random: () => 1 })
      .catch((error: unknown) => error);
    helpers.cjs.logRequestFailure(thrown);
    expect(logSpy).not.toHaveBeenCalled();
    expect(events).toEqual([
      { message: expect.stringMatching(/ECONNREFUSED \(attempt 1, retrying in \d+ ms\)$/) as unknown as string, attempts: 1, retryInMs: expect.any(Number) as unknown as number, url: 'http://127.0.0.1:9/x?api_key=***' },
      { message: expect.stringMatching(/failed after 2 attempts/) as unknown as string, attempts: 2, retryInMs: undefined, url: 'http://127.0.0.1:9/x?api_key=***' },
    ]);
    helpers.esm.onRequestFailure(undefined);
    helpers.cjs.logRequestFailure(errno('ENOTFOUND'));
    expect(logSpy).toHaveBeenCalledTimes(1);
  });
});

describe('rendered for a published library, and with extra secret patterns', () => {
  /** The inline copy, as it runs pasted into a file. */
  const loadInline = (options: Parameters<typeof renderInlineRuntimeHelper>[1]): Pick<Helper, 'withRetry' | 'logRequestFailure'> =>
    new Function(`${renderInlineRuntimeHelper('cjs', options)}\nreturn { withRetry, logRequestFailure };`)() as Helper;

  it("a library's copy writes nothing to the console unless SAFE_REQUESTS_LOG=on, and reports to the application's handler", async () => {
    const library = loadInline({ audience: 'library' });
    const fail = () => library.withRetry(() => Promise.reject(errno('ECONNRESET')), { method: 'GET', attempts: 2, ...noJitter }).catch((error: unknown) => error);
    library.logRequestFailure(await fail());
    expect(logSpy).not.toHaveBeenCalled();
    vi.stubEnv('SAFE_REQUESTS_LOG', 'on');
    library.logRequestFailure(await fail());
    expect(logLines()).toHaveLength(2);
    vi.unstubAllEnvs();
    const events: string[] = [];
    helpers.esm.onRequestFailure((failure) => events.push(failure.message));
    await fail();
    expect(events).toEqual([expect.stringMatching(/ECONNRESET \(attempt 1\/2, retrying in 0 ms\)$/)]);
  });

  it("masks what settings['safe-requests'].redact names, besides credentials, query values and path tokens", () => {
    const helper = loadInline({ redact: ['tenant-[a-z0-9]+', 'key_[0-9]{6}'] });
    const endpoints = [
      'https://api.acme.io/tenant-4f2a/items?page=2',
      'https://api.acme.io/v1/key_123456/usage',
      'https://discord.com/api/v10/interactions/123456/aW50ZXJhY3Rpb246MTIz/callback',
      'https://api.telegram.org/file/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/photos/1.jpg',
      'https://app.acme.io/cart;jsessionid=8F3A2B1C9D/checkout',
      'https://admin:p@ss:w0rd@api.acme.io/v1',
    ];
    for (const endpoint of endpoints) helper.logRequestFailure(new Error('x'), { endpoint });
    expect(logLines().map((line) => line.split(' ')[2])).toEqual([
      'https://api.acme.io/***/items?page=***',
      'https://api.acme.io/v1/***/usage',
      'https://discord.com/api/v10/interactions/123456/***/callback',
      'https://api.telegram.org/file/***/photos/1.jpg',
      'https://app.acme.io/cart;jsessionid=***/checkout',
      'https://api.acme.io/v1',
    ]);
  });
});
