import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { replayability } from '../../src/analysis/replayable-request';
import { indexRequests, type RequestCall } from '../../src/analysis/requests';
import { contextAt, logContextText, requestContext } from '../../src/rewrite/retry-context';
import { EMPTY_SETTINGS } from '../../src/analysis/settings';

/** The first request of a file, with what the codemod would write for it (`retried`: inside withRetry). */
function firstRequest(code: string, filePath = 'file.ts', retried = false) {
  const { ast, scopeManager } = parseForAnalysis(code, filePath);
  const index = indexRequests({ ast, scopeManager, settings: EMPTY_SETTINGS, text: code });
  const request = index.requests[0] as RequestCall;
  const context = requestContext(request, code, index.globalScope, retried);
  const tracked = context.tracked && code.slice(...context.tracked.range);
  return { request, context, scope: index.globalScope, log: logContextText(context, "'"), tracked };
}

describe('requestContext', () => {
  it.each([
    // A catch of a request withRetry does not wrap: the binding the URL is read from, never a copy of an expression.
    ['fetch(url)', "{ method: 'GET', endpoint: url }"],
    ['fetch(endpoint)', "{ method: 'GET', endpoint }"],
    ['fetch(url, init)', '{ endpoint: url }'],
    ['fetch(this.baseUrl + "/x")', "{ method: 'GET' }"],
    ["fetch(process.env.API_URL ?? 'https://api.example.com', { method: 'delete' })", "{ method: 'DELETE' }"],
    ['fetch(buildUrl(id))', "{ method: 'GET' }"],
    ["fetch(new Request('https://a.example.com', { method: 'POST' }))", undefined],
    // axios and got errors name their URL and method.
    ["import axios from 'axios'; axios.get(url)", undefined],
    ["import got from 'got'; got.post(url)", undefined],
  ])('%s → log context %s', (code, expected) => {
    expect(firstRequest(`declare const url: string, init: RequestInit, config: object, id: string;\n${code};\n`).log).toBe(expected);
  });

  it('inside withRetry the failure says it all: the log gets no context, and the URL argument goes through attempt.url()', () => {
    const retried = (code: string) => firstRequest(`declare const base: string;\n${code};\n`, 'file.ts', true);
    expect(retried('fetch(`${base}/users`)')).toMatchObject({ log: undefined, tracked: '`${base}/users`' });
    expect(retried("import ky from 'ky'; ky.post(base, { json: {} })")).toMatchObject({ log: undefined, tracked: 'base' });
    // axios reads its own config; a config object holds the URL as a property, not an argument.
    expect(retried("import axios from 'axios'; axios.post(base, {})").tracked).toBeUndefined();
  });

  it('sees the URL through attempt.url() of a previous run', () => {
    const { request } = firstRequest("declare const u: string;\nwithRetry((attempt) => fetch(attempt.url(u + '/x')));\n");
    expect(request.url?.type).toBe('BinaryExpression');
    // Not the helper's tracker: another parameter, a nested function.
    expect(firstRequest("declare const u: string;\nretry((a, attempt) => fetch(attempt.url(u)));\n").request.url?.type).toBe('CallExpression');
  });

  it('marks a statically present Idempotency-Key header, in any case, also through a const or new Headers()', () => {
    const idempotent = (code: string) => firstRequest(`${code}\n`).context.idempotent;
    expect(idempotent("fetch(u, { method: 'POST', headers: { 'Idempotency-Key': k } });")).toBe(true);
    expect(idempotent("const headers = new Headers({ 'idempotency-key': k }); fetch(u, { method: 'POST', headers });")).toBe(true);
    expect(idempotent("import axios from 'axios'; axios.post(u, body, { headers: { 'IDEMPOTENCY-KEY': k } });")).toBe(true);
    expect(idempotent("fetch(u, { method: 'POST', headers: { 'X-Request-Id': k } });")).toBe(false);
    expect(idempotent("fetch(u, { method: 'POST', headers });")).toBe(false);
  });

  it('drops the endpoint where its binding is out of scope or about to move into a try block', () => {
    const code = 'async function f(urls: string[]) {\n  const all = Promise.all(urls.map((url) => fetch(url)));\n  return all;\n}\n';
    const { context, request, scope } = firstRequest(code);
    const outer = request.node.parent!.parent!.parent!; // fetch → arrow → .map() → Promise.all()
    expect(contextAt(context, request.node, scope).endpoint).toBe('url');
    expect(outer.type === 'CallExpression' && code.slice(...outer.range).startsWith('Promise.all(')).toBe(true);
    expect(contextAt(context, outer, scope)).toEqual({ method: 'GET', idempotent: false, selfDescribing: false });
    const moved = firstRequest('async function g() {\n  const u = base();\n  await fetch(u);\n}\n');
    expect(contextAt(moved.context, moved.request.node, moved.scope, 0).endpoint).toBeUndefined();
    expect(contextAt(moved.context, moved.request.node, moved.scope).endpoint).toBe('u');
  });
});

describe('replayability', () => {
  const reason = (code: string, filePath = 'file.mjs') => {
    const { request, scope } = firstRequest(code, filePath);
    const result = replayability(request, scope);
    return result.replayable ? `wraps ${code.slice(...result.expression.range)}` : result.reason;
  };

  it.each([
    ["fetch(u, { method: 'PUT', body: JSON.stringify(data) })", "wraps fetch(u, { method: 'PUT', body: JSON.stringify(data) })"],
    ["fetch(u, { method: 'PUT', body: stream, duplex: 'half' })", 'stream-body'],
    ["import { createReadStream } from 'node:fs'; fetch(u, { method: 'PUT', body: createReadStream(p) })", 'stream-body'],
    ["const body = new ReadableStream(); fetch(u, { method: 'POST', body })", 'stream-body'],
    ["fetch(u, { method: 'POST', body: response.body })", 'stream-body'],
    ["import { Readable } from 'node:stream'; fetch(u, { body: Readable.from(chunks) })", 'stream-body'],
    ["import axios from 'axios'; import fs from 'node:fs'; axios.post(u, fs.createReadStream(p))", 'stream-body'],
    ['fetch(event.request)', 'request-object'],
    ["const request = new Request(u, { method: 'POST', body }); fetch(request)", 'request-object'],
    ['fetch(`${u}?n=${n++}`)', 'side-effects-in-arguments'],
    ["import http from 'node:http'; http.get(u)", 'callback-api'],
    ["import { stream } from 'undici'; stream(u, {}, () => sink)", 'callback-api'],
    ["import superagent from 'superagent'; superagent.post(u).send(data).end(callback)", 'callback-api'],
    ["import superagent from 'superagent'; superagent.post(u).set('A', 'b').send(data).then(done)", "wraps superagent.post(u).set('A', 'b').send(data)"],
    ['fetch(u, { body: items.map((item) => item.id).join() })', 'wraps fetch(u, { body: items.map((item) => item.id).join() })'],
  ])('%s → %s', (code, expected) => {
    expect(reason(`${code};\n`)).toBe(expected);
  });
});
