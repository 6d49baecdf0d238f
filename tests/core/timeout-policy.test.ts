import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { indexRequests } from '../../src/analysis/requests';
import { EMPTY_SETTINGS } from '../../src/analysis/settings';
import { timeoutStatus, type TimeoutStatus } from '../../src/analysis/timeout-policy';

/** Status of every request, in source order, without the `at` node (checked separately). */
function statuses(code: string, settings = EMPTY_SETTINGS): Array<Omit<TimeoutStatus, 'at'>> {
  const { ast, scopeManager } = parseForAnalysis(code, 'input.ts');
  const index = indexRequests({ ast, scopeManager, settings, text: code });
  return index.requests.map((request) => {
    const status: Partial<TimeoutStatus> & { at?: unknown } = { ...timeoutStatus(request, index) };
    delete status.at;
    return status as Omit<TimeoutStatus, 'at'>;
  });
}

function disabledAt(code: string): string | undefined {
  const { ast, scopeManager } = parseForAnalysis(code, 'input.ts');
  const index = indexRequests({ ast, scopeManager, settings: EMPTY_SETTINGS, text: code });
  const status = timeoutStatus(index.requests[0]!, index);
  return !status.ok && status.at ? code.slice(status.at.range[0], status.at.range[1]) : undefined;
}

const ok = (by: string) => ({ ok: true, by });
const MISSING = { ok: false, reason: 'missing' };
const DISABLED = { ok: false, reason: 'disabled' };
const OPAQUE = { ok: false, reason: 'opaque' };

describe('timeoutStatus: fetch family', () => {
  it.each([
    ['AbortSignal.timeout', `fetch(u, { signal: AbortSignal.timeout(5000) });`, ok('signal')],
    ['AbortSignal.any', `fetch(u, { signal: AbortSignal.any([a.signal, AbortSignal.timeout(5000)]) });`, ok('signal')],
    ['controller signal', `const c = new AbortController();\nfetch(u, { method: 'POST', signal: c.signal });`, ok('signal')],
    ['shorthand', `fetch(u, { signal });`, ok('signal')],
    ['signal in a Request', `fetch(new Request(u, { signal: AbortSignal.timeout(1000) }));`, ok('signal')],
    ['signal in a Request held by a const', `const req = new Request(u, { signal: AbortSignal.timeout(1000) });\nfetch(req);`, ok('signal')],
    ['Request without init', `fetch(new Request(u));`, MISSING],
    ['service worker event.request', `self.addEventListener('fetch', (event) => event.respondWith(fetch(event.request)));`, OPAQUE],
    ['parameter typed Request', `function send(req: Request) { return fetch(req); }`, OPAQUE],
    ['untyped parameter is a URL', `function send(url) { return fetch(url); }`, MISSING],
    ['no init', `fetch(u);`, MISSING],
    ['init without signal', `fetch(u, { headers });`, MISSING],
    ['signal: null', `fetch(u, { signal: null });`, DISABLED],
    ['opaque init', `fetch(u, init);`, OPAQUE],
    ['spread without signal', `fetch(u, { ...init, method: 'GET' });`, OPAQUE],
    ['spread with signal', `fetch(u, { ...init, signal });`, ok('signal')],
    ['node-fetch', `import fetch from 'node-fetch';\nfetch(u);`, MISSING],
    ['undici request headersTimeout', `import { request } from 'undici';\nrequest(u, { headersTimeout: 5000 });`, ok('headersTimeout')],
    ['undici request', `import { request } from 'undici';\nrequest(u);`, MISSING],
    ['fetch-retry instance', `import fetchRetry from 'fetch-retry';\nconst f = fetchRetry(fetch);\nf(u);`, MISSING],
  ])('%s', (_name, code, expected) => {
    expect(statuses(code)).toEqual([expected]);
  });
});

describe('timeoutStatus: axios', () => {
  it.each([
    ['call timeout', `import axios from 'axios';\naxios.get(u, { timeout: 5000 });`, ok('timeout')],
    ['computed timeout', `import axios from 'axios';\naxios.get(u, { timeout: 10 * 1000 });`, ok('timeout')],
    ['call signal', `import axios from 'axios';\naxios.post(u, body, { signal: AbortSignal.timeout(5000) });`, ok('signal')],
    ['config object', `import axios from 'axios';\naxios({ url: u, method: 'post', timeout: 3000 });`, ok('timeout')],
    ['none', `import axios from 'axios';\naxios.get(u);`, MISSING],
    ['timeout: 0', `import axios from 'axios';\naxios.get(u, { timeout: 0 });`, DISABLED],
    ['timeout: 0 with a signal', `import axios from 'axios';\naxios.get(u, { timeout: 0, signal });`, ok('signal')],
    ['timeout: Infinity', `import axios from 'axios';\naxios.get(u, { timeout: Infinity });`, DISABLED],
    ['opaque config', `import axios from 'axios';\naxios.get(u, config);`, OPAQUE],
    ['instance with timeout', `import axios from 'axios';\nconst api = axios.create({ timeout: 5000 });\napi.get(u);`, ok('timeout')],
    ['instance without timeout', `import axios from 'axios';\nconst api = axios.create({ baseURL: b });\napi.get(u);`, MISSING],
    ['call overrides instance', `import axios from 'axios';\nconst api = axios.create({ timeout: 5000 });\napi.get(u, { timeout: 0 });`, DISABLED],
    ['opaque call, instance timeout', `import axios from 'axios';\nconst api = axios.create({ timeout: 5000 });\napi.get(u, config);`, ok('timeout')],
    ['axios.defaults.timeout', `import axios from 'axios';\naxios.defaults.timeout = 5000;\naxios.get(u);`, ok('defaults.timeout')],
    ['axios.defaults.timeout = 0', `const axios = require('axios');\naxios.defaults.timeout = 0;\naxios.get(u);`, DISABLED],
    ['instance.defaults.timeout', `import axios from 'axios';\nconst api = axios.create();\napi.defaults.timeout = 2500;\napi.get(u);`, ok('defaults.timeout')],
    ['instance inherits axios.defaults', `import axios from 'axios';\naxios.defaults.timeout = 2500;\nconst api = axios.create();\napi.get(u);`, ok('defaults.timeout')],
  ])('%s', (_name, code, expected) => {
    expect(statuses(code)).toEqual([expected]);
  });

  it('keeps instance defaults to their instance', () => {
    const code = `import axios from 'axios';\nconst api = axios.create();\napi.defaults.timeout = 2500;\napi.get(u);\naxios.get(u);`;
    expect(statuses(code)).toEqual([ok('defaults.timeout'), MISSING]);
  });

  it('points at the value that disables the timeout', () => {
    expect(disabledAt(`import axios from 'axios';\naxios.get(u, { timeout: 0 });`)).toBe('0');
    expect(disabledAt(`import ky from 'ky';\nky(u, { timeout: false });`)).toBe('false');
  });
});

describe('timeoutStatus: got and ky', () => {
  it.each([
    ['got number', `import got from 'got';\ngot(u, { timeout: 5000 });`, ok('timeout')],
    ['got phases', `import got from 'got';\ngot(u, { timeout: { request: 5000 } });`, ok('timeout')],
    ['got none', `import got from 'got';\ngot(u);`, MISSING],
    ['got phases all zero', `import got from 'got';\ngot(u, { timeout: { request: 0 } });`, DISABLED],
    ['got extend with timeout', `import got from 'got';\nconst api = got.extend({ timeout: { request: 5000 } });\napi.get(u);`, ok('timeout')],
    ['got extend without timeout', `import got from 'got';\nconst api = got.extend({ prefixUrl: p });\napi.get(u);`, MISSING],
    ['got signal', `import got from 'got';\ngot(u, { signal: AbortSignal.timeout(5000) });`, ok('signal')],
    ['ky default', `import ky from 'ky';\nky.get(u);`, ok("ky's default 10000 ms")],
    ['ky opaque options', `import ky from 'ky';\nky.get(u, options);`, ok("ky's default 10000 ms")],
    ['ky timeout: false', `import ky from 'ky';\nky.get(u, { timeout: false });`, DISABLED],
    ['ky create timeout: false', `import ky from 'ky';\nconst api = ky.create({ timeout: false });\napi.get(u);`, DISABLED],
  ])('%s', (_name, code, expected) => {
    expect(statuses(code)).toEqual([expected]);
  });
});

describe('timeoutStatus: node http, superagent, XMLHttpRequest, custom clients', () => {
  it.each([
    ['http.get with timeout', `import http from 'node:http';\nhttp.get(u, { timeout: 5000 }, (res) => res.resume());`, ok('timeout')],
    ['http.request options object', `import https from 'https';\nhttps.request({ host, path, signal: AbortSignal.timeout(5000) });`, ok('signal')],
    ['callback only', `import http from 'node:http';\nhttp.get(u, (res) => res.resume());`, MISSING],
    ['callback by name', `import http from 'node:http';\nfunction onResponse(res) { res.resume(); }\nhttp.get(u, onResponse);`, MISSING],
    ['options by name', `import http from 'node:http';\nhttp.get(u, options);`, OPAQUE],
    ['chained setTimeout', `import http from 'node:http';\nhttp.get(u, onResponse).setTimeout(5000);`, ok('.setTimeout()')],
    ['setTimeout on the variable', `import http from 'node:http';\nconst req = http.request(u);\nreq.setTimeout(5000, () => req.destroy());\nreq.end();`, ok('.setTimeout()')],
    ['setTimeout(0)', `import http from 'node:http';\nconst req = http.request(u);\nreq.setTimeout(0);`, DISABLED],
    ['superagent chain', `import request from 'superagent';\nrequest.get(u).set('A', 'b').timeout({ response: 5000 });`, ok('.timeout()')],
    ['superagent without', `import request from 'superagent';\nrequest.get(u).end(cb);`, MISSING],
    ['xhr.timeout', `const xhr = new XMLHttpRequest();\nxhr.timeout = 5000;\nxhr.open('GET', u);`, ok('xhr.timeout')],
    ['xhr without', `const xhr = new XMLHttpRequest();\nxhr.open('GET', u);`, MISSING],
    ['xhr.timeout = 0', `const xhr = new XMLHttpRequest();\nxhr.timeout = 0;`, DISABLED],
    ['xhr not in a variable', `this.xhr = new XMLHttpRequest();`, OPAQUE],
  ])('%s', (_name, code, expected) => {
    expect(statuses(code)).toEqual([expected]);
  });

  it('treats settings-declared clients as unknown', () => {
    const settings = { clients: { '@acme/http': ['get'] }, retryWrappers: {}, retryMethods: [] };
    expect(statuses(`import { get } from '@acme/http';\nget(u);`, settings)).toEqual([OPAQUE]);
  });
});
