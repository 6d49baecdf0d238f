import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderRuntimeHelper, RUNTIME_HELPER_BASENAME } from '../../src/runtime/runtime-helper';
import type { ProbeRequest, ProbeResult } from '../../src/cli/health/types';
import { answeringServer, getOnlyServer, hangingServer, selfSignedServer } from './health-servers';
import { refusedPort } from './loopback';

// checkEndpoint and waitForEndpoint from the generated helper (the .mjs users import), against
// real servers on 127.0.0.1 and an RFC 6761 `.invalid` name.

type CheckOptions = Partial<ProbeRequest> & { signal?: AbortSignal };
interface Helper {
  checkEndpoint(url: string | URL | { url: string }, options?: CheckOptions): Promise<ProbeResult>;
  waitForEndpoint(url: string, options?: CheckOptions & { waitMs?: number; random?: () => number }): Promise<ProbeResult>;
  logRequestFailure(error: unknown, context?: { endpoint?: string }): void;
}

let helper: Helper;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-requests-check-'));
beforeAll(async () => {
  const file = path.join(dir, `${RUNTIME_HELPER_BASENAME}.mjs`);
  fs.writeFileSync(file, renderRuntimeHelper('esm'));
  helper = (await import(pathToFileURL(file).href)) as Helper;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const SHORT = { timeoutMs: 300 };

describe('checkEndpoint in Node.js: DNS, TCP, TLS, HTTP', () => {
  it('a healthy server: HEAD answered, every stage timed, the address it connected to', async () => {
    const server = await answeringServer(200);
    const check = await helper.checkEndpoint(`${server.url}/predict`);
    expect(check).toMatchObject({ ok: true, stage: 'http', method: 'HEAD', status: 200, address: '127.0.0.1', url: `${server.url}/predict` });
    expect(check.code).toBeUndefined();
    expect(Object.keys(check.timings)).toEqual(['dns', 'tcp', 'http']);
    expect(server.hits).toEqual(['HEAD /predict']);
  });

  it('path probes that path on the origin; HEAD refused with 405 is asked again with GET', async () => {
    const server = await getOnlyServer();
    const check = await helper.checkEndpoint(`${server.url}/predict?x=1`, { path: '/v1/health' });
    expect(check).toMatchObject({ ok: true, method: 'GET', status: 200, url: `${server.url}/v1/health` });
    expect(server.hits).toEqual(['HEAD /v1/health', 'GET /v1/health']);
  });

  it('a refused connection stops at tcp with ECONNREFUSED', async () => {
    const check = await helper.checkEndpoint(`http://127.0.0.1:${await refusedPort()}/`);
    expect(check).toMatchObject({ ok: false, stage: 'tcp', code: 'ECONNREFUSED' });
    expect(check.status).toBeUndefined();
  });

  it('a server that never answers times out at http with ETIMEDOUT, on time', async () => {
    const server = await hangingServer();
    const check = await helper.checkEndpoint(server.url, SHORT);
    expect(check).toMatchObject({ ok: false, stage: 'http', code: 'ETIMEDOUT' });
    expect(check.latencyMs).toBeGreaterThanOrEqual(290);
    expect(check.latencyMs).toBeLessThan(1500);
    expect(server.hits).toEqual(['HEAD /']);
  });

  it('503 with Retry-After is unhealthy, says how long to wait, and is not asked again with GET', async () => {
    const server = await answeringServer(503, { 'Retry-After': '120' });
    const check = await helper.checkEndpoint(server.url);
    expect(check).toMatchObject({ ok: false, stage: 'http', status: 503, code: 'HTTP_503', retryAfterMs: 120_000, method: 'HEAD' });
    expect(server.hits).toEqual(['HEAD /']);
  });

  it('healthyStatus decides: a 404 on / counts when any answer below 500 will do', async () => {
    const server = await answeringServer(404);
    expect(await helper.checkEndpoint(server.url)).toMatchObject({ ok: false, status: 404, code: 'HTTP_404', method: 'GET' });
    expect(await helper.checkEndpoint(server.url, { healthyStatus: (status) => status < 500 })).toMatchObject({ ok: true, status: 404 });
  });

  it('a self-signed certificate fails at tls, unless insecure', async () => {
    const server = await selfSignedServer();
    const strict = await helper.checkEndpoint(server.url);
    expect(strict).toMatchObject({ ok: false, stage: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(server.hits).toEqual([]);
    const insecure = await helper.checkEndpoint(`https://localhost:${server.port}/`, { insecure: true });
    expect(insecure).toMatchObject({ ok: true, stage: 'http', status: 200 });
    expect(Object.keys(insecure.timings)).toEqual(['dns', 'tcp', 'tls', 'http']);
  });

  it('localhost reaches a server on 127.0.0.1 whichever address DNS gives first', async () => {
    const server = await answeringServer(204);
    expect(await helper.checkEndpoint(`http://localhost:${server.port}/`)).toMatchObject({ ok: true, status: 204, address: '127.0.0.1' });
  });

  it('a name that resolves nowhere stops at dns', async () => {
    const check = await helper.checkEndpoint('http://model-serving.invalid/health', SHORT);
    expect(check).toMatchObject({ ok: false, stage: 'dns' });
    expect(['ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT']).toContain(check.code);
  });

  it('never throws: not a URL, another scheme, an aborted signal', async () => {
    expect(await helper.checkEndpoint('model-serving:8080')).toMatchObject({ ok: false, stage: 'url', code: 'ERR_INVALID_URL' });
    expect(await helper.checkEndpoint('ftp://127.0.0.1/')).toMatchObject({ ok: false, stage: 'url', url: '(not an http or https URL)' });
    const server = await hangingServer();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const check = await helper.checkEndpoint(server.url, { signal: controller.signal });
    expect(check).toMatchObject({ ok: false, stage: 'http', code: 'ABORT_ERR' });
    expect(check.latencyMs).toBeLessThan(1000);
  });

  it('ws: is probed over http:, and a socket the server drops is ECONNRESET at http', async () => {
    const server = await answeringServer(200);
    expect(await helper.checkEndpoint({ url: `ws://127.0.0.1:${server.port}/feed` })).toMatchObject({ ok: true, url: `${server.url}/feed` });
    const dropper = net.createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    try {
      const check = await helper.checkEndpoint(`http://127.0.0.1:${(dropper.address() as net.AddressInfo).port}/`, SHORT);
      expect(check).toMatchObject({ ok: false, stage: 'http', code: 'ECONNRESET' });
    } finally {
      dropper.close();
    }
  });
});

describe('redaction: the same function as the failure log', () => {
  it('credentials, query values and tokens in the path are masked in the result', async () => {
    const server = await answeringServer(200);
    const secretUrl = `http://bot:hunter2@127.0.0.1:${server.port}/api/webhooks/123456/AbCdEfGh-token?api_key=SEKRET&page=2`;
    const check = await helper.checkEndpoint(secretUrl);
    expect(check.url).toBe(`${server.url}/api/webhooks/123456/***?api_key=***&page=***`);
    expect(JSON.stringify(check)).not.toMatch(/hunter2|SEKRET|AbCdEfGh/);
  });

  it('the retry log masks the same path tokens', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const endpoints = [
      'https://discord.com/api/webhooks/123/tokenpart',
      'https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage',
      'https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXX',
      'https://api.acme.io/v1/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig/items',
      'https://api.acme.io/keys/sk_live_4eC39HqLyjWDarjtT1zdp7dc/usage',
      'https://api.acme.io/users/3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b/orders/42',
    ];
    for (const endpoint of endpoints) helper.logRequestFailure(new Error('x'), { endpoint });
    expect(lines.map((line) => line.split(' ')[2])).toEqual([
      'https://discord.com/api/webhooks/123/***',
      'https://api.telegram.org/***/sendMessage',
      'https://hooks.slack.com/services/T0001/B0002/***',
      'https://api.acme.io/v1/***/items',
      'https://api.acme.io/keys/***/usage',
      'https://api.acme.io/users/3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b/orders/42',
    ]);
  });
});

describe('without node:net (browsers, Node.js before 20.16): fetch, stage http', () => {
  const original = process.getBuiltinModule;
  const setBuiltins = (value: typeof original | undefined) =>
    Object.defineProperty(process, 'getBuiltinModule', { value, configurable: true, writable: true });
  afterEach(() => setBuiltins(original));

  it('healthy, refused and hanging servers, all reported at http', async () => {
    setBuiltins(undefined);
    const healthy = await answeringServer(200);
    const hanging = await hangingServer();
    expect(await helper.checkEndpoint(healthy.url)).toMatchObject({ ok: true, stage: 'http', status: 200, timings: { http: expect.any(Number) } });
    expect(await helper.checkEndpoint(`http://127.0.0.1:${await refusedPort()}/`)).toMatchObject({ ok: false, stage: 'http', code: 'ECONNREFUSED' });
    expect(await helper.checkEndpoint(hanging.url, SHORT)).toMatchObject({ ok: false, stage: 'http', code: 'ETIMEDOUT' });
    expect(healthy.hits).toEqual(['HEAD /']);
  });
});

describe('waitForEndpoint: the startup gate', () => {
  it('waits through refused connections with backoff until the server is up', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const port = await refusedPort();
    setTimeout(() => void answeringServer(200, {}, port), 400);
    const started = Date.now();
    const check = await helper.waitForEndpoint(`http://127.0.0.1:${port}/health`, { waitMs: 10_000, random: () => 0.5 });
    expect(check).toMatchObject({ ok: true, status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(lines[0]).toMatch(/^\[safe-requests\] \S+ http:\/\/127\.0\.0\.1:\d+\/health failed: ECONNREFUSED \(attempt 1, retrying in 250 ms\)$/);
  });

  it('gives up after waitMs and returns the last check', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const started = Date.now();
    const check = await helper.waitForEndpoint(`http://127.0.0.1:${await refusedPort()}/`, { waitMs: 300, random: () => 1 });
    expect(check).toMatchObject({ ok: false, stage: 'tcp', code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
