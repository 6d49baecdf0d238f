import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { indexRequests, type RequestCall } from '../../src/analysis/requests';
import { EMPTY_SETTINGS, readSettings, type SafeRequestsSettings } from '../../src/analysis/settings';

function requestsIn(code: string, settings: SafeRequestsSettings = EMPTY_SETTINGS): readonly RequestCall[] {
  const { ast, scopeManager } = parseForAnalysis(code, 'input.ts');
  return indexRequests({ ast, scopeManager, settings, text: code }).requests;
}

// Found by the corpus run (npm run corpus): @huggingface/inference reads base64 images with
// `fetch(`data:image/jpeg;base64,${data}`).then((res) => res.blob())`, which every rule reported.
describe('indexRequests: in-memory URLs are not requests', () => {
  it.each([
    ['a data: template', 'fetch(`data:image/jpeg;base64,${base64Data}`, { signal }).then((res) => res.blob());'],
    ['a data: string', `fetch('data:text/plain,hello');`],
    ['a blob: concatenation', `fetch('blob:' + id);`],
    ['an upper-case scheme', `fetch('DATA:text/plain,hi');`],
  ])('%s', (_name, code) => {
    expect(requestsIn(code)).toEqual([]);
  });

  it.each([
    ['an http URL', `fetch('https://api.example.com/data');`],
    ['a template starting with a variable', 'fetch(`${base}/data:latest`);'],
    ['a variable URL', 'fetch(url);'],
  ])('still finds %s', (_name, code) => {
    expect(requestsIn(code).map((request) => request.client)).toEqual(['fetch']);
  });
});

// Found by the corpus run: @sendgrid/client calls `axios(data)` where `data` is a whole config
// built elsewhere; require-timeout reported it as having no timeout.
describe('indexRequests: axios(x) with a lone argument that may be the config', () => {
  it('treats an unknown argument as both the URL and opaque options, with no known method', () => {
    const [request] = requestsIn(`import axios from 'axios';\nfunction send(data) { return axios(data); }`);
    const argument = (request!.node as { arguments: unknown[] }).arguments[0];
    expect(request!.url).toBe(argument);
    expect(request!.options).toBe(argument);
    expect(request!.method).toBeUndefined();
  });

  it('treats a const-bound config object the same way', () => {
    const [request] = requestsIn(`import axios from 'axios';\nconst config = { url: u, timeout: 5000 };\naxios(config);`);
    expect(request!.options?.type).toBe('Identifier');
    expect(request!.method).toBeUndefined();
  });

  it.each([
    ['a string', `axios('https://api.example.com/x');`],
    ['a template', 'axios(`${base}/x`);'],
    ['a concatenation', `axios(base + '/x');`],
    ['new URL()', `axios(new URL('/x', base));`],
    ['a const bound to a string', `const u = 'https://api.example.com/x';\naxios(u);`],
  ])('keeps %s as a URL with no options (GET)', (_name, call) => {
    const [request] = requestsIn(`import axios from 'axios';\n${call}`);
    expect(request!.options).toBeUndefined();
    expect(request!.method).toBe('GET');
  });

  it('reads a config object written inline', () => {
    const [request] = requestsIn(`import axios from 'axios';\naxios({ url: u, method: 'post' });`);
    expect(request!.url?.type).toBe('Identifier');
    expect(request!.method).toBe('POST');
  });
});

// The corpus bench showed the index dominating our rules' lint time; files that name no client
// now skip the reference tracker. These cases pin that the text test loses no request.
describe('indexRequests: the text test before the reference tracker', () => {
  it('finds requests reached through every kind of name', () => {
    const code = [
      `import got from 'got';`,
      `const https = require('node:https');`,
      `got('https://a.example');`,
      `https.get(u, (res) => res.resume()).on('error', log);`,
      `window.fetch(u).catch(log);`,
      `const xhr = new XMLHttpRequest();`,
    ].join('\n');
    expect(requestsIn(code).map((request) => request.client)).toEqual(['got', 'node-http', 'fetch', 'xhr']);
  });

  it('finds requests of a settings-declared client whose name is no built-in one', () => {
    const settings = readSettings({ clients: { '@acme/transport': ['send'] } });
    const requests = requestsIn(`import { send } from '@acme/transport';\nsend('/orders');`, settings);
    expect(requests.map((request) => request.label)).toEqual(['@acme/transport']);
  });

  it('gives an empty index, with the global scope, for a file that names no client', () => {
    const code = `export function add(a: number, b: number) { return a + b; }`;
    const { ast, scopeManager } = parseForAnalysis(code, 'input.ts');
    const index = indexRequests({ ast, scopeManager, settings: EMPTY_SETTINGS, text: code });
    expect(index.requests).toEqual([]);
    expect(index.factories.size).toBe(0);
    expect(index.globalScope.type).toBe('global');
  });
});

describe('readSettings: retryMethods', () => {
  it('takes member paths and refuses anything else by name', () => {
    expect(readSettings({ retryMethods: ['this.caller.call', '*.withRetry', 'client.retrying'] }).retryMethods).toEqual([
      'this.caller.call',
      '*.withRetry',
      'client.retrying',
    ]);
    expect(readSettings({}).retryMethods).toEqual([]);
    for (const bad of ['withRetry', ['withRetry'], ['a..b'], [1]]) {
      expect(() => readSettings({ retryMethods: bad })).toThrow("settings['safe-requests'].retryMethods must be an array of member paths");
    }
  });
});
