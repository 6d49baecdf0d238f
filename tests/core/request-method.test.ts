import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { indexRequests } from '../../src/analysis/requests';
import { EMPTY_SETTINGS } from '../../src/analysis/settings';

function methods(code: string): Array<string | undefined> {
  const { ast, scopeManager } = parseForAnalysis(code, 'file.ts');
  return indexRequests({ ast, scopeManager, settings: EMPTY_SETTINGS, text: code }).requests.map((r) => r.method);
}

describe('the HTTP method of a request', () => {
  it.each([
    ['fetch(u);', ['GET']],
    ["fetch(u, { method: 'post' });", ['POST']],
    ['fetch(u, { ...init });', [undefined]],
    ['fetch(u, init);', [undefined]],
    ["fetch(new Request(u, { method: 'POST' }));", [undefined]],
    ["const req = new Request(u, { method: 'POST' });\nfetch(req);", [undefined]],
    ["import axios from 'axios';\naxios.post(u, body);", ['POST']],
    ["import axios from 'axios';\naxios(config);", [undefined]],
    ["import axios from 'axios';\naxios({ url: u, method: 'delete' });", ['DELETE']],
    ["import request from 'superagent';\nrequest('PUT', u);", ['PUT']],
    ["import got from 'got';\ngot.stream.post(u);", ['POST']],
    ["const xhr = new XMLHttpRequest();\nxhr.open('PATCH', u);", ['PATCH']],
    // Pass-through wrappers: the caller decides the method, so it is unknown here.
    ['const myFetch = (...args) => fetch(...args);', [undefined]],
    ['function call(args) { return fetch(...args); }', [undefined]],
    ['const f = (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init);', [undefined]],
    ['const f = (input: Parameters<typeof fetch>[0]) => fetch(input);', [undefined]],
    ['const f = (input: RequestInfo) => fetch(input);', [undefined]],
    ["fetch(new Request(u), { headers: { a: 'b' } });", [undefined]],
    ['self.addEventListener("fetch", (event) => fetch(event.request));', [undefined]],
    // A URL parameter is still a GET, and a verb method keeps its method with spread arguments.
    ['const f = (url: string) => fetch(url);', ['GET']],
    ["import axios from 'axios';\naxios.post(...args);", ['POST']],
  ])('%s', (code, expected) => {
    expect(methods(code)).toEqual(expected);
  });
});
