import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { renderRuntimeHelper, RUNTIME_HELPER_BASENAME } from '../../src/runtime/runtime-helper';
import { refusedPort } from './loopback';

// The generated files are loaded as users load them and run against real loopback servers.

interface RetryOptions {
  method?: string;
  endpoint?: string | URL | { url: string };
  attempts?: number;
  signal?: AbortSignal | null;
  idempotent?: boolean;
  random?: () => number;
}
interface FailureContext {
  method?: string;
  endpoint?: string | URL | { url: string };
  attempt?: number;
  attempts?: number;
  retryInMs?: number;
}
interface Helper {
  withRetry<T>(operation: (attempt: number) => Promise<T>, options?: RetryOptions): Promise<T>;
  logRequestFailure(error: unknown, context?: FailureContext): void;
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
          attemptsMade[method] = attempt;
          return fetch(url, { method, body: method === 'POST' ? '{"input":"data"}' : undefined });
        },
        { method, endpoint: url, random: () => 0.6 }, // backoff 300 ms, then 600 ms
      );
    const [get, post] = await Promise.all([call('GET'), call('POST')]);
    expect([await get.text(), await post.text()]).toEqual(['ok', 'ok']);
    expect(attemptsMade.GET).toBeGreaterThanOrEqual(2);
    expect(attemptsMade.POST).toBeGreaterThanOrEqual(2);
    expect((await late).hits).toEqual({ GET: 1, POST: 1 });
    expect(logLines()[0]).toMatch(/ failed: ECONNREFUSED \(attempt 1\/3, retrying in 300 ms\)$/);
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
    expect(logLines().at(-1)).toMatch(/POST request failed: UND_ERR_SOCKET \(attempt 1\/3, giving up\)$/);
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

  it('a TimeoutError from AbortSignal.timeout is not retried, even without options.signal', async () => {
    const server = await startServer(() => undefined);
    const call = helper().withRetry(() => fetch(server.url, { signal: AbortSignal.timeout(100) }), { method: 'GET', ...noJitter });
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(server.hits).toEqual({ GET: 1 });
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
    await expect(helper().withRetry(() => fetch(target, { method: 'POST' }), { method: 'post', endpoint, ...noJitter })).rejects.toThrow();
    // undici rejects a URL with credentials with a TypeError whose message holds the whole URL.
    await expect(helper().withRetry(() => fetch(endpoint), { method: 'GET', endpoint, ...noJitter })).rejects.toThrow(TypeError);
    const lines = logLines();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      new RegExp(
        String.raw`^\[safe-requests\] \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z POST http://127\.0\.0\.1:${port}/predict\?token=\*\*\*&page=\*\*\* ` +
          String.raw`failed: ECONNREFUSED \(attempt 1/3, retrying in 0 ms\)$`,
      ),
    );
    expect(lines[2]).toMatch(/\(attempt 3\/3, giving up\)$/);
    expect(lines[3]).toMatch(/failed: TypeError: .*http:\/\/127\.0\.0\.1:\d+\/predict\?token=\*\*\*&page=\*\*\*/);
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
      { method: 'GET', ...noJitter },
    );
    const thrown = await call.catch((error: unknown) => error);
    expect(errors).toHaveLength(3);
    expect(thrown).toBe(errors[2]);
    expect(new Set(errors).size).toBe(3);
  });

  it('SAFE_REQUESTS_ATTEMPTS=1 turns retries off; an explicit attempts option wins over it', async () => {
    vi.stubEnv('SAFE_REQUESTS_ATTEMPTS', '1');
    const url = `http://127.0.0.1:${await refusedPort()}/`;
    const count = async (options: RetryOptions): Promise<number> => {
      let attempts = 0;
      await helper()
        .withRetry(() => {
          attempts++;
          return fetch(url);
        }, options)
        .catch(() => undefined);
      return attempts;
    };
    expect(await count({ method: 'GET', ...noJitter })).toBe(1);
    expect(await count({ method: 'GET', attempts: 2, ...noJitter })).toBe(2);
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
    expect(logLines()).toEqual([expect.stringMatching(/GET request failed: HTTP 503 \(attempt 1\/3, retrying in 1000 ms\)$/)]);
  });
});

// Constructed errors shaped like each client's, as measured in FIELD-NOTES.md.
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
const axiosError = (props: object) => Object.assign(new Error('Network Error'), { name: 'AxiosError', isAxiosError: true, ...props });
const gotError = (name: string, code: string, props: object = {}) => Object.assign(new Error(code), { name, code, ...props });
const fetchError = (type: string, code?: string) => Object.assign(new Error('request to https://x.test/ failed'), { name: 'FetchError', type, code });

// [what, error, attempts for GET, attempts for POST]
const CLASSIFIED: [string, unknown, number, number][] = [
  ['undici: cause ECONNREFUSED', fetchFailed(errno('ECONNREFUSED')), 3, 3],
  ['undici: dual-stack AggregateError under cause', fetchFailed(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')])), 3, 3],
  ['undici: UND_ERR_CONNECT_TIMEOUT', fetchFailed(errno('UND_ERR_CONNECT_TIMEOUT')), 3, 3],
  ['undici: ENOTFOUND', fetchFailed(errno('ENOTFOUND')), 3, 3],
  ['undici: UND_ERR_SOCKET (other side closed)', fetchFailed(errno('UND_ERR_SOCKET')), 3, 1],
  ['undici: cause without a code', fetchFailed(new Error('unknown')), 3, 1],
  ['node:net AggregateError', new AggregateError([errno('ENETUNREACH'), errno('EHOSTUNREACH')]), 3, 3],
  ['axios http adapter: ECONNREFUSED, no response', axiosError({ code: 'ECONNREFUSED' }), 3, 3],
  ['axios http adapter: ECONNRESET', axiosError({ code: 'ECONNRESET' }), 3, 1],
  ['axios timeout: ECONNABORTED', axiosError({ code: 'ECONNABORTED' }), 3, 1],
  ['axios fetch adapter: ERR_NETWORK, cause ECONNREFUSED', axiosError({ code: 'ERR_NETWORK', cause: fetchFailed(errno('ECONNREFUSED')) }), 3, 3],
  ['axios in a browser: ERR_NETWORK', axiosError({ code: 'ERR_NETWORK' }), 3, 1],
  ['axios: 503 with a response', axiosError({ code: 'ERR_BAD_RESPONSE', response: { status: 503 } }), 1, 1],
  ['axios: 404 with a response', axiosError({ code: 'ERR_BAD_REQUEST', response: { status: 404 } }), 1, 1],
  ['axios: CanceledError', axiosError({ name: 'CanceledError', code: 'ERR_CANCELED' }), 1, 1],
  ['got: RequestError ECONNREFUSED', gotError('RequestError', 'ECONNREFUSED'), 3, 3],
  ['got: RequestError EAI_AGAIN', gotError('RequestError', 'EAI_AGAIN'), 3, 3],
  ['got: RequestError ECONNRESET', gotError('RequestError', 'ECONNRESET'), 3, 1],
  ['got: HTTPError', gotError('HTTPError', 'ERR_NON_2XX_3XX_RESPONSE', { response: { statusCode: 500 } }), 1, 1],
  ['got: TimeoutError (got retried already)', gotError('TimeoutError', 'ETIMEDOUT'), 1, 1],
  ['node-fetch: system EHOSTUNREACH', fetchError('system', 'EHOSTUNREACH'), 3, 3],
  ['node-fetch: system ECONNRESET', fetchError('system', 'ECONNRESET'), 3, 1],
  ['node-fetch: system, unlisted code', fetchError('system', 'EPROTO'), 3, 1],
  ['node-fetch: invalid-json', fetchError('invalid-json'), 1, 1],
  ['Chrome: Failed to fetch', new TypeError('Failed to fetch'), 3, 1],
  ['Safari: Load failed', new TypeError('Load failed'), 3, 1],
  ['Firefox: NetworkError', new TypeError('NetworkError when attempting to fetch resource.'), 3, 1],
  ['a bug: TypeError', new TypeError("Cannot read properties of undefined (reading 'json')"), 1, 1],
  ['res.json(): SyntaxError', new SyntaxError('Unexpected token < in JSON at position 0'), 1, 1],
  ['AbortError', new DOMException('This operation was aborted', 'AbortError'), 1, 1],
  ['TimeoutError', new DOMException('The operation timed out.', 'TimeoutError'), 1, 1],
  ['a thrown string', 'boom', 1, 1],
  ['undefined', undefined, 1, 1],
];

async function attemptsFor(helper: Helper, error: unknown, options: RetryOptions): Promise<number> {
  let attempts = 0;
  const thrown = await helper
    .withRetry(() => {
      attempts++;
      return Promise.reject(error);
    }, { ...noJitter, ...options })
    .then(
      () => 'resolved',
      (reason: unknown) => reason,
    );
  expect(thrown).toBe(error);
  return attempts;
}

describe.each(FLAVOURS)('%s flavour: which failures are retried', (flavour) => {
  it.each(CLASSIFIED)('%s', async (_what, error, get, post) => {
    const helper = helpers[flavour];
    expect([await attemptsFor(helper, error, { method: 'GET' }), await attemptsFor(helper, error, { method: 'POST' })]).toEqual([get, post]);
  });

  it('decides idempotency from the method, case-insensitively, or from options.idempotent', async () => {
    const helper = helpers[flavour];
    const reset = errno('ECONNRESET');
    const refused = errno('ECONNREFUSED');
    expect(await attemptsFor(helper, reset, { method: 'get' })).toBe(3);
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS']) expect(await attemptsFor(helper, reset, { method })).toBe(3);
    expect(await attemptsFor(helper, reset, { method: 'PATCH' })).toBe(1);
    expect(await attemptsFor(helper, reset, {})).toBe(1);
    expect(await attemptsFor(helper, refused, {})).toBe(3);
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

  it('uses capped full-jitter backoff: random() × min(max delay, 500 × 2^(n−1)) ms', async () => {
    const helper = helpers[flavour];
    const delays = () => logLines().flatMap((line) => /retrying in (\d+) ms/.exec(line)?.[1] ?? []);
    await attemptsFor(helper, errno('ECONNREFUSED'), { attempts: 5, random: () => 0.01 });
    expect(delays()).toEqual(['5', '10', '20', '40']);
    logSpy.mockClear();
    vi.stubEnv('SAFE_REQUESTS_MAX_DELAY_MS', '700');
    await attemptsFor(helper, errno('ECONNREFUSED'), { attempts: 5, random: () => 0.01 });
    expect(delays()).toEqual(['5', '7', '7', '7']);
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
