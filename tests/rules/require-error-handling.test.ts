import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-error-handling';
import { tempTree } from '../temp-tree';

// Express 4 ignores the promise a route handler returns; Express 5 passes its rejection to next().
const packages = tempTree('safe-requests-error-handling-');
packages.write('express4/package.json', JSON.stringify({ dependencies: { express: '^4.21.2' } }));
packages.write('express5/package.json', JSON.stringify({ dependencies: { express: '^5.1.0' } }));
packages.write('unknown/package.json', JSON.stringify({ dependencies: { express: 'latest' } }));
packages.write('app/package.json', JSON.stringify({ name: 'app', private: true }));
packages.write('library/package.json', JSON.stringify({ name: '@acme/client', version: '1.0.0', main: './dist/index.js', types: './dist/index.d.ts' }));
packages.write('next-app/package.json', JSON.stringify({ name: 'web', private: true, dependencies: { next: '^15.0.0' } }));
// Strict mode asks who a failure goes to: an application's module, or a published library's API.
const appFile = `${packages.root}/app/src/api.ts`;
const libraryFile = `${packages.root}/library/src/client.ts`;
const express4 = `${packages.root}/express4/server.js`;
const express5 = `${packages.root}/express5/server.js`;
const expressUnknown = `${packages.root}/unknown/server.js`;
const EXPRESS_APP = `import express from 'express';\nconst app = express();\n`;

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

const LOG = "(error) => console.error('Request failed:', error)";

/** A floating request of `client` at line:column whose statement expression is `expression`. */
function floating(client: string, code: string, line: number, column: number, expression: string) {
  return {
    name: `${client}: ${code.split('\n').at(-1)}`,
    code,
    errors: [
      {
        messageId: 'floating' as const,
        line,
        column,
        suggestions: [{ messageId: 'suggestCatch' as const, output: code.replace(`${expression};`, `${expression}.catch(${LOG});`) }],
      },
    ],
  };
}

/** propagation 'report': an awaited request outside try/catch at line:column, whose suggestion gives `output`. */
function uncaughtAwait(code: string, line: number, column: number, output: string, filename?: string) {
  return {
    code,
    options: [{ propagation: 'report' as const }] as [{ propagation: 'report' }],
    ...(filename ? { filename } : {}),
    errors: [{ messageId: 'uncaughtAwait' as const, line, column, suggestions: [{ messageId: 'suggestTryCatch' as const, output }] }],
  };
}

ruleTester.run('require-error-handling', rule, {
  valid: [
    // await inside try with a catch clause
    `async function f(u) { try { await fetch(u); } catch (error) { log(error); } }`,
    // a catch that rethrows still handles (logs, then propagates on purpose)
    `async function f(u) { try { await fetch(u); } catch (error) { log(error); throw error; } }`,
    `fetch(u).catch((error) => log(error));`,
    `fetch(u).then(ok, fail);`,
    `fetch(u).then((r) => r.json()).catch(report);`,
    // .catch before await
    `async function f(u) { const res = await fetch(u).catch(() => null); return res; }`,
    `async function f(a, b) { try { await Promise.all([fetch(a), fetch(b)]); } catch (e) { log(e); } }`,
    `Promise.allSettled([fetch(a), fetch(b)]);`,
    `async function f(urls) { try { await Promise.all(urls.map((u) => fetch(u))); } catch (e) { log(e); } }`,
    // a promise in a variable is handled by a later read
    `const p = fetch(u); p.catch(report);`,
    `async function f(u) { const p = fetch(u); try { return await p; } catch (e) { return null; } }`,
    // retry wrappers pass the failure on to their own promise
    `import pRetry from 'p-retry'; async function f(u) { try { await pRetry(() => fetch(u)); } catch (e) { log(e); } }`,
    `const retry = require('async-retry'); retry(async () => { const r = await fetch(u); return r.json(); }).catch(log);`,
    `import { backOff } from 'exponential-backoff'; backOff(() => fetch(u)).catch(log);`,
    `import { withRetry } from './safe-requests-runtime.js'; async function f(u) { try { return await withRetry(() => fetch(u), { method: 'GET' }); } catch (e) { throw e; } }`,
    // shadowed fetch and objects whose .get/.fetch are not requests
    `function f(fetch) { fetch(u); }`,
    `const fetch = makeFetcher(); fetch(u);`,
    `cache.get('key'); guild.members.fetch(); map.get(k); this.http.get('/x');`,
    `const api = { get() {} }; api.get('/x');`,
    `import { get } from 'lodash'; get(obj, 'a.b');`,
    // test runners and unknown callers (TanStack Query's queryFn) handle a callback's rejection
    `it('loads', async () => { await fetch(u); });`,
    `test('loads', () => fetch(u));`,
    `useQuery({ queryKey: ['todos'], queryFn: () => fetch('/todos') });`,
    `useQuery({ queryKey: ['todos'], queryFn: async () => { const r = await fetch('/todos'); return r.json(); } });`,
    // exported functions leave the failure to their callers by default
    `export async function load(u) { const r = await fetch(u); return r.json(); }`,
    `export function load(u) { return fetch(u); }`,
    `async function load(u) { return fetch(u); } module.exports = { load };`,
    `exports.load = async (u) => { await fetch(u); };`,
    `async function load(u) { await fetch(u); } export { load };`,
    // in-file caller that handles the propagated failure
    `async function load(u) { const r = await fetch(u); return r.json(); }
     async function main() { try { await load(u); } catch (e) { log(e); } }`,
    `const load = (u) => fetch(u); load(u).catch(log);`,
    // a function nobody uses
    `async function unused(u) { await fetch(u); }`,
    // callbacks with their own try/catch
    `setTimeout(async () => { try { await fetch(u); } catch (e) { log(e); } }, 10);`,
    `button.addEventListener('click', async () => { try { await fetch(u); } catch (e) { log(e); } });`,
    // React effect chain with .catch
    `useEffect(() => { fetch('/api').then((r) => r.json()).then(setData).catch(setError); }, []);`,
    `<button onClick={() => fetch('/api').catch(log)} />`,
    // globals through global objects
    `window.fetch(u).catch(log); globalThis.fetch(u).catch(log); self.fetch(u).catch(log);`,
    // library chains pass the failure on
    `import ky from 'ky'; ky(u).json().catch(log);`,
    `import got from 'got'; got(u).json().then(use, fail);`,
    // event-style requests with an 'error' listener
    `import http from 'node:http'; const req = http.request(u); req.on('error', log); req.end();`,
    `import https from 'https'; https.get(u, (res) => res.resume()).on('error', log);`,
    `const http = require('http'); http.get(u).on('response', use).once('error', log);`,
    `import got from 'got'; got.stream(u).on('error', log).pipe(out);`,
    `import got from 'got'; import { pipeline } from 'node:stream/promises'; pipeline(got.stream(u), out).catch(log);`,
    `const xhr = new XMLHttpRequest(); xhr.onerror = () => show('offline'); xhr.open('GET', u); xhr.send();`,
    `const xhr = new XMLHttpRequest(); xhr.addEventListener('error', fail); xhr.open('GET', u); xhr.send();`,
    `const xhr = new XMLHttpRequest(); xhr.onreadystatechange = () => { if (xhr.readyState === 4) done(xhr.status); }; xhr.send();`,
    // a synchronous XMLHttpRequest throws from send(): the failure is not silent, its callers see it
    `function loadConfig(u) {\n  const xhr = new XMLHttpRequest();\n  xhr.open('GET', u, false);\n  xhr.send();\n  return JSON.parse(xhr.responseText);\n}`,
    // superagent callback API with the error used
    `import request from 'superagent'; request.get(u).end((err, res) => { if (err) return fail(err); use(res); });`,
    `import request from 'superagent'; request.post(u).send(body).catch(log);`,
    // superagent-promise: the wrapped client's .end() returns the promise, handled by its .catch()
    `import superagent from 'superagent';\nimport superagentPromise from 'superagent-promise';\nconst agent = superagentPromise(superagent, Promise);\nagent('GET', u).end().then(use).catch(log);`,
    // CommonJS forms
    `const axios = require('axios'); axios.get(u).catch(log);`,
    `const { default: axios } = require('axios'); axios.post(u, body).catch(log);`,
    // propagation: 'allow' accepts a failure that leaves the function, unless it reaches a boundary
    {
      code: `async function load(u) { await fetch(u); } export async function main() { await load(u); }`,
      options: [{ propagation: 'allow' }],
    },
    // a catch that rethrows is local handling for 'report', and a caller that handles ends it
    {
      code: `async function load(u) { try { return await fetch(u); } catch (e) { log(e); throw e; } }
       export async function main() { try { await load(u); } catch (e) { report(e); } }`,
      options: [{ propagation: 'report' }],
    },
    // a caller's `return p` inside try passes the failure on to its own caller; only at the request is it the defect
    {
      code: `export class Notifier {\n  async post(body) {\n    return (await fetch('/hook', { method: 'POST', body })).ok;\n  }\n  async send(message) {\n    try {\n      return this.post(message);\n    } catch (error) {\n      throw wrap(error);\n    }\n  }\n}`,
      filename: appFile,
    },
    // strict: a caller in the same file that catches owns the failure (the helper behind a route)
    {
      code: `export async function handle(req) {\n  try { return await request(req); } catch (e) { return error(e); }\n}\nasync function request(req) {\n  try { return await fetch(target(req)); } finally { clearTimeout(timer); }\n}`,
      options: [{ propagation: 'report' }],
      filename: appFile,
    },
    // strict: a published library's exported functions and public methods reject to their users
    {
      code: `export async function forecast(city) {\n  const res = await fetch('/forecast?city=' + city);\n  return res.json();\n}\nexport class Client {\n  async get(path) { return (await fetch(path)).json(); }\n}`,
      options: [{ propagation: 'report' }],
      filename: libraryFile,
    },
    // strict: a Next.js route handler's thrown error becomes a 500 response
    {
      code: `export async function GET(req) {\n  const res = await fetch('https://api.acme.io/items');\n  return Response.json(await res.json());\n}`,
      options: [{ propagation: 'report' }],
      filename: `${packages.root}/next-app/app/api/items/route.ts`,
    },
    {
      code: `export default async function handler(req, res) {\n  res.json(await (await fetch('https://api.acme.io/items')).json());\n}`,
      options: [{ propagation: 'report' }],
      filename: `${packages.root}/next-app/pages/api/items.js`,
    },
    // strict: a function handed to an SDK as its fetch, and an exported fetch replacement, reject like fetch
    {
      code: `import OpenAI from 'openai';\nconst client = new OpenAI({ fetch: (input, init) => fetch(input, { ...init, keepalive: true }) });`,
      options: [{ propagation: 'report' }],
      filename: appFile,
    },
    {
      code: `function appFetch(url, options) {\n  if (window.__TAURI__) return tauriFetch(url, options);\n  return window.fetch(url, options);\n}\nexport function adapter(config) {\n  return appFetch(config.url, config).then(toAxiosResponse);\n}`,
      options: [{ propagation: 'report' }],
      filename: appFile,
    },
    // a rethrow at module top level fails the script on purpose (exit status 1)
    ...(['allow', 'intra-file', 'report'] as const).map((propagation) => ({
      code: `try { await fetch(u); } catch (e) { log(e); throw e; }`,
      options: [{ propagation }] as [{ propagation: typeof propagation }],
    })),
    // boundaries where the failure ends: log and stop, next(error), process.exitCode
    {
      code: `setInterval(async () => { try { await fetch(u); } catch (e) { log(e); } }, 1000);`,
      options: [{ propagation: 'report' }],
    },
    {
      code: `${EXPRESS_APP}app.get('/a', async (req, res, next) => { try { res.json(await (await fetch(u)).json()); } catch (error) { next(error); } });`,
      options: [{ propagation: 'report' }],
      filename: express4,
    },
    `fetch(u).catch((error) => { log(error); process.exitCode = 1; });`,
    // Express 5 catches a rejected handler promise; an unknown Express version is not reported
    { code: `${EXPRESS_APP}app.get('/a', async (req, res) => { res.json(await (await fetch(u)).json()); });`, filename: express5 },
    { code: `${EXPRESS_APP}app.get('/a', async (req, res) => { res.json(await (await fetch(u)).json()); });`, filename: expressUnknown },
    // settings-declared clients are recognised; unrelated modules are not
    {
      code: `import { request } from '@acme/http'; request(u).catch(log);`,
      settings: { 'safe-requests': { clients: { '@acme/http': ['request'] } } },
    },
    `import { request } from '@acme/http'; request(u);`,
    {
      code: `import { retrying } from '@acme/retry'; retrying(() => fetch(u)).catch(log);`,
      settings: { 'safe-requests': { retryWrappers: { '@acme/retry': ['retrying'] } } },
    },
  ],
  invalid: [
    // a failure that reaches an unhandled boundary is reported in every mode, through rethrowing catches
    ...(['allow', 'intra-file', 'report'] as const).map((propagation) => ({
      code: `setInterval(async () => {\n  try {\n    await fetch(u);\n  } catch (error) {\n    log(error);\n    throw error;\n  }\n}, 1000);`,
      options: [{ propagation }] as [{ propagation: typeof propagation }],
      errors: [
        { messageId: 'rethrown' as const, data: { client: 'fetch', fn: 'this function', how: 'passed to setInterval()', line: 1 }, line: 3, column: 11 },
      ],
    })),
    {
      // a top-level floating call is a boundary, also where failures may leave functions
      code: `async function load(u) { await fetch(u); }\nload(u);`,
      options: [{ propagation: 'allow' }],
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'load', how: 'called', line: 2 }, line: 1, column: 32 }],
    },
    {
      code: `async function tick() {\n  try { await fetch(u); } catch (e) { log(e); throw e; }\n}\nsetInterval(tick, 1000);`,
      options: [{ propagation: 'report' }],
      errors: [{ messageId: 'rethrown', data: { client: 'fetch', fn: 'tick', how: 'passed to setInterval()', line: 4 }, line: 2, column: 15 }],
    },
    {
      code: `async function load() {\n  try { return await fetch(u); } catch (e) { log(e); throw e; }\n}\nsetInterval(async () => { await load(); }, 1000);`,
      options: [{ propagation: 'report' }],
      errors: [{ messageId: 'rethrown', data: { client: 'fetch', fn: 'load', how: 'called', line: 4 }, line: 2, column: 22 }],
    },
    {
      code: `fetch(u).catch((error) => { log(error); throw error; });`,
      options: [{ propagation: 'report' }],
      errors: [{ messageId: 'floating', line: 1, column: 1, suggestions: [{ messageId: 'suggestCatch', output: `fetch(u).catch((error) => { log(error); throw error; }).catch(${LOG});` }] }],
    },
    {
      code: `<button onClick={async () => { try { await fetch('/save'); } catch (e) { log(e); throw e; } }} />;`,
      options: [{ propagation: 'report' }],
      errors: [{ messageId: 'rethrown', data: { client: 'fetch', fn: 'this function', how: 'used as the onClick handler', line: 1 }, line: 1, column: 44 }],
    },
    {
      code: `useEffect(() => {\n  fetch('/api').then(setData, (e) => Promise.reject(e));\n}, []);`,
      options: [{ propagation: 'report' }],
      errors: [
        {
          messageId: 'floating',
          line: 2,
          column: 3,
          suggestions: [{ messageId: 'suggestCatch', output: `useEffect(() => {\n  fetch('/api').then(setData, (e) => Promise.reject(e)).catch(${LOG});\n}, []);` }],
        },
      ],
    },
    // Express 4 async handlers: a rejected handler promise is an unhandled rejection
    {
      code: `${EXPRESS_APP}app.get('/a', async (req, res) => {\n  const r = await fetch(u);\n  res.json(await r.json());\n});`,
      filename: express4,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'this function', how: 'used as an Express 4 route handler', line: 3 }, line: 4, column: 19 }],
    },
    {
      code: `const express = require('express');\nconst router = express.Router();\nrouter.route('/a').get(auth).post(async (req, res) => {\n  try { res.send(await (await fetch(u, { method: 'POST' })).text()); } catch (e) { throw new Error('upstream'); }\n});`,
      options: [{ propagation: 'report' }],
      filename: express4,
      errors: [{ messageId: 'rethrown', data: { client: 'fetch', fn: 'this function', how: 'used as an Express 4 route handler', line: 3 }, line: 4, column: 31 }],
    },
    {
      code: `fetch(u);`,
      errors: [{ messageId: 'floating', line: 1, column: 1, endColumn: 9, suggestions: [{ messageId: 'suggestCatch', output: `fetch(u).catch(${LOG});` }] }],
    },
    {
      code: `fetch(u).then((r) => r.json());`,
      errors: [
        {
          messageId: 'floating',
          line: 1,
          column: 1,
          suggestions: [{ messageId: 'suggestCatch', output: `fetch(u).then((r) => r.json()).catch(${LOG});` }],
        },
      ],
    },
    {
      code: `fetch(u).catch();`,
      errors: [{ messageId: 'floating', line: 1, column: 1, suggestions: [{ messageId: 'suggestCatch', output: `fetch(u).catch().catch(${LOG});` }] }],
    },
    {
      code: `fetch(u).finally(done);`,
      errors: [{ messageId: 'floating', line: 1, column: 1, suggestions: [{ messageId: 'suggestCatch', output: `fetch(u).finally(done).catch(${LOG});` }] }],
    },
    {
      code: `void fetch(u);`,
      errors: [{ messageId: 'void', line: 1, column: 6, suggestions: [{ messageId: 'suggestCatch', output: `void fetch(u).catch(${LOG});` }] }],
    },
    {
      code: `async function f(u) {\n  try {\n    return fetch(u);\n  } catch (error) {\n    return null;\n  }\n}`,
      errors: [
        {
          messageId: 'returnWithoutAwait',
          line: 3,
          column: 12,
          suggestions: [
            {
              messageId: 'suggestReturnAwait',
              output: `async function f(u) {\n  try {\n    return await fetch(u);\n  } catch (error) {\n    return null;\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // an un-awaited chain inside try is not covered by the catch
      code: `async function f(u) { try { fetch(u).then((r) => r.json()); } catch (e) { log(e); } }`,
      errors: [
        {
          messageId: 'floating',
          line: 1,
          column: 29,
          suggestions: [
            { messageId: 'suggestCatch', output: `async function f(u) { try { fetch(u).then((r) => r.json()).catch(${LOG}); } catch (e) { log(e); } }` },
          ],
        },
      ],
    },
    {
      // try/finally without catch, then a floating caller
      code: `async function f(u) { try { await fetch(u); } finally { done(); } }\nf(u);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'f', how: 'called', line: 2 }, line: 1, column: 35 }],
    },
    {
      // code in a catch block is not covered by that try
      code: `async function f(u) { try { x(); } catch { await fetch(u); } }\nf(u);`,
      errors: [{ messageId: 'escapes', line: 1, column: 50 }],
    },
    {
      // a nested function is not covered by the outer try
      code: `try { urls.forEach(async (u) => { await fetch(u); }); } catch (e) { log(e); }`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'this function', how: 'passed to forEach()', line: 1 }, line: 1, column: 41 }],
    },
    {
      code: `async function load(u) {\n  const r = await fetch(u);\n  return r.json();\n}\nload(u);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'load', how: 'called', line: 5 }, line: 2, column: 19 }],
    },
    {
      code: `const load = (u) => fetch(u);\nload(u).then(use);`,
      errors: [{ messageId: 'escapes', line: 1, column: 21 }],
    },
    {
      code: `export async function load(u) { await fetch(u); }`,
      options: [{ exportedFunctions: 'report' }],
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'load', how: 'exported', line: 1 }, line: 1, column: 39 }],
    },
    {
      // exported, but also floated in this file: the in-file use decides
      code: `export async function load(u) { await fetch(u); }\nload(u);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'load', how: 'called', line: 2 }, line: 1, column: 39 }],
    },
    {
      code: `setTimeout(async () => {\n  await fetch(u);\n}, 10);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'this function', how: 'passed to setTimeout()', line: 1 }, line: 2, column: 9 }],
    },
    {
      code: `async function refresh() { await fetch('/api'); }\nbutton.addEventListener('click', refresh);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'refresh', how: 'passed to addEventListener()', line: 2 }, line: 1, column: 34 }],
    },
    {
      code: `Promise.all([fetch(a), fetch(b)]);`,
      errors: [
        { messageId: 'floating', line: 1, column: 14, suggestions: [{ messageId: 'suggestCatch', output: `Promise.all([fetch(a), fetch(b)]).catch(${LOG});` }] },
        { messageId: 'floating', line: 1, column: 24, suggestions: [{ messageId: 'suggestCatch', output: `Promise.all([fetch(a), fetch(b)]).catch(${LOG});` }] },
      ],
    },
    {
      code: `urls.map((u) => fetch(u));`,
      errors: [{ messageId: 'floating', line: 1, column: 17, suggestions: [{ messageId: 'suggestCatch', output: `urls.map((u) => fetch(u)).catch(${LOG});` }] }],
    },
    {
      code: `const p = fetch(u);`,
      errors: [{ messageId: 'neverRead', data: { client: 'fetch', name: 'p' }, line: 1, column: 11 }],
    },
    {
      code: `const res = await fetch(u);\nconsole.log(res.status);`,
      errors: [
        {
          messageId: 'topLevelAwait',
          line: 1,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestTryCatch',
              // the try covers the request, not the code after it
              output: `let res;\ntry {\n  res = await fetch(u);\n} catch (error) {\n  console.error('Request failed:', error);\n  throw error;\n}\nconsole.log(res.status);`,
            },
          ],
        },
      ],
    },
    {
      // The file's style: no semicolons, double quotes.
      code: `import { log } from "./log"\nconst res = await fetch(u)\nlog(res.status)`,
      errors: [
        {
          messageId: 'topLevelAwait',
          line: 2,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestTryCatch',
              output: `import { log } from "./log"\nlet res\ntry {\n  res = await fetch(u)\n} catch (error) {\n  console.error("Request failed:", error)\n  throw error\n}\nlog(res.status)`,
            },
          ],
        },
      ],
    },
    {
      // A try would re-indent the call's lines: the rethrowing catch goes on the promise instead.
      code: `const res = await fetch(u, {\n  method: 'POST',\n});\nconsole.log(res.status);`,
      errors: [
        {
          messageId: 'topLevelAwait',
          line: 1,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestCatch',
              output: `const res = await fetch(u, {\n  method: 'POST',\n}).catch((error) => { console.error('Request failed:', error); throw error; });\nconsole.log(res.status);`,
            },
          ],
        },
      ],
    },
    {
      code: `try { await fetch(u); } finally { done(); }`,
      errors: [
        {
          messageId: 'topLevelAwait',
          line: 1,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestTryCatch',
              // the try/finally stays; the awaited statement inside it gets its own catch
              output: `try { try {\n  await fetch(u);\n} catch (error) {\n  console.error('Request failed:', error);\n  throw error;\n} } finally { done(); }`,
            },
          ],
        },
      ],
    },
    {
      code: `useEffect(() => {\n  fetch('/api').then((r) => r.json()).then(setData);\n}, []);`,
      errors: [
        {
          messageId: 'floating',
          line: 2,
          column: 3,
          suggestions: [
            { messageId: 'suggestCatch', output: `useEffect(() => {\n  fetch('/api').then((r) => r.json()).then(setData).catch(${LOG});\n}, []);` },
          ],
        },
      ],
    },
    {
      code: `useEffect(async () => { setData(await (await fetch('/api')).json()); }, []);`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'this function', how: 'passed to useEffect()', line: 1 }, line: 1, column: 46 }],
    },
    {
      code: `<button onClick={async () => { await fetch('/api/save', { method: 'POST' }); }}>Save</button>;`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'this function', how: 'used as the onClick handler', line: 1 }, line: 1, column: 38 }],
    },
    {
      code: `window.fetch(u);`,
      errors: [{ messageId: 'floating', line: 1, column: 1, suggestions: [{ messageId: 'suggestCatch', output: `window.fetch(u).catch(${LOG});` }] }],
    },
    // every client
    floating('axios', `import axios from 'axios';\naxios.get(u);`, 2, 1, 'axios.get(u)'),
    floating('axios', `import axios from 'axios';\naxios({ url: u, method: 'post' });`, 2, 1, "axios({ url: u, method: 'post' })"),
    floating('axios', `import axios from 'axios';\nconst api = axios.create({ baseURL: b });\napi.post('/x', body);`, 3, 1, "api.post('/x', body)"),
    floating('axios', `const { get } = require('axios');\nget(u);`, 2, 1, 'get(u)'),
    floating('axios', `import axios = require('axios');\naxios.delete(u);`, 2, 1, 'axios.delete(u)'),
    floating('axios', `const { default: axios } = await import('axios');\naxios.put(u, b);`, 2, 1, 'axios.put(u, b)'),
    floating('axios', `import axios from 'axios';\nclass Api {\n  http = axios.create();\n  load() { this.http.get('/x'); }\n}`, 4, 12, "this.http.get('/x')"),
    floating('got', `import got from 'got';\ngot.post(u, { json: body });`, 2, 1, 'got.post(u, { json: body })'),
    floating('got', `import got from 'got';\nconst client = got.extend({ prefixUrl: p });\nclient('users').json();`, 3, 1, "client('users').json()"),
    floating('ky', `import ky from 'ky';\nky.post(u).json();`, 2, 1, 'ky.post(u).json()'),
    floating('ky', `import ky from 'ky';\nconst api = ky.create({ prefixUrl: p });\napi.get('x');`, 3, 1, "api.get('x')"),
    floating('superagent', `import superagent from 'superagent';\nsuperagent.get(u).set('Accept', 'json');`, 2, 1, "superagent.get(u).set('Accept', 'json')"),
    floating(
      'superagent',
      `const superagent = require('superagent');\nconst agent = require('superagent-promise')(superagent, Promise);\nagent.get(u).end();`,
      3,
      1,
      'agent.get(u).end()',
    ),
    floating('node-fetch', `import fetch from 'node-fetch';\nfetch(u);`, 2, 1, 'fetch(u)'),
    floating('cross-fetch', `const fetch = require('cross-fetch');\nfetch(u);`, 2, 1, 'fetch(u)'),
    floating('undici', `import { fetch } from 'undici';\nfetch(u);`, 2, 1, 'fetch(u)'),
    floating('undici', `import { request } from 'undici';\nrequest(u);`, 2, 1, 'request(u)'),
    floating('undici', `const { stream } = require('undici');\nstream(u, { method: 'GET' }, factory);`, 2, 1, "stream(u, { method: 'GET' }, factory)"),
    // event-style requests
    {
      code: `import http from 'node:http';\nconst req = http.request(u);\nreq.end();`,
      errors: [
        {
          messageId: 'noErrorListener',
          data: { client: 'node:http', consequence: 'crashes the process' },
          line: 2,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestErrorListener',
              output: `import http from 'node:http';\nconst req = http.request(u);\nreq.on('error', ${LOG});\nreq.end();`,
            },
          ],
        },
      ],
    },
    {
      code: `const https = require('https');\nhttps.get(u, (res) => res.resume());`,
      errors: [
        {
          messageId: 'noErrorListener',
          line: 2,
          column: 1,
          suggestions: [
            { messageId: 'suggestErrorListener', output: `const https = require('https');\nhttps.get(u, (res) => res.resume()).on('error', ${LOG});` },
          ],
        },
      ],
    },
    {
      code: `import got from 'got';\ngot.stream(u).pipe(out);`,
      errors: [{ messageId: 'noErrorListener', line: 2, column: 1, suggestions: [] }],
    },
    {
      code: `const xhr = new XMLHttpRequest();\nxhr.onload = () => done(xhr.response);\nxhr.open('GET', u);\nxhr.send();`,
      errors: [
        {
          messageId: 'noErrorListener',
          data: { client: 'XMLHttpRequest', consequence: 'fails silently' },
          line: 1,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestErrorListener',
              output: `const xhr = new XMLHttpRequest();\nxhr.addEventListener('error', () => console.error('Request failed: network error'));\nxhr.onload = () => done(xhr.response);\nxhr.open('GET', u);\nxhr.send();`,
            },
          ],
        },
      ],
    },
    {
      code: `import request from 'superagent';\nrequest.get(u).end((err, res) => use(res));`,
      errors: [{ messageId: 'errorIgnored', line: 2, column: 1 }],
    },
    // strict mode: every request handled where it is made, unless whoever the failure goes to handles it
    {
      code: `export async function load(u) {\n  return fetch(u);\n}\nasync function main() {\n  try { await load(u); } catch (e) { log(e); }\n}`,
      options: [{ propagation: 'report' }],
      filename: appFile,
      errors: [{ messageId: 'returned', line: 2, column: 10 }],
    },
    uncaughtAwait(`export async function load(u) {\n  const r = await fetch(u);\n  return r.json();\n}`, 2, 19, `export async function load(u) {\n  let r;\n  try {\n    r = await fetch(u);\n  } catch (error) {\n    console.error('Request failed:', error);\n    throw error;\n  }\n  return r.json();\n}`, appFile),
    // a caller in the file that drops the failure does not own it
    {
      code: `async function load(u) {\n  return fetch(u);\n}\nasync function main() {\n  await load(u);\n}\nmain();`,
      options: [{ propagation: 'report' }],
      filename: appFile,
      errors: [{ messageId: 'returned', line: 2, column: 10 }],
    },
    // an application's public method: its callers are out of sight, so strict asks for handling here
    uncaughtAwait(
      `export class Api {\n  async user(id) {\n    const res = await fetch('/users/' + id);\n    return res.json();\n  }\n}`,
      3,
      23,
      `export class Api {\n  async user(id) {\n    let res;\n    try {\n      res = await fetch('/users/' + id);\n    } catch (error) {\n      console.error('Request failed:', error);\n      throw error;\n    }\n    return res.json();\n  }\n}`,
      appFile,
    ),
    // a library's API with libraryExports: 'report'
    {
      ...uncaughtAwait(
        `export async function forecast(city) {\n  const res = await fetch('/forecast?city=' + city);\n  return res.json();\n}`,
        2,
        21,
        `export async function forecast(city) {\n  let res;\n  try {\n    res = await fetch('/forecast?city=' + city);\n  } catch (error) {\n    console.error('Request failed:', error);\n    throw error;\n  }\n  return res.json();\n}`,
        libraryFile,
      ),
      options: [{ propagation: 'report' as const, libraryExports: 'report' as const }] as [{ propagation: 'report'; libraryExports: 'report' }],
    },
    // a private method whose own class drops its failure in a JSX handler
    {
      code: `class Picker {\n  #done = async () => {\n    await fetch('/pick');\n  };\n  render() {\n    return <button onClick={this.#done} />;\n  }\n}`,
      filename: `${packages.root}/app/src/picker.jsx`,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'done', how: 'used as the onClick handler', line: 6 }, line: 3, column: 11 }],
    },
    // a method of the project's own client class, floated by this file
    {
      code: `class Client {\n  save(body) {\n    return fetch('/save', { method: 'POST', body });\n  }\n}\nconst client = new Client();\nclient.save(data);`,
      filename: appFile,
      errors: [{ messageId: 'escapes', data: { client: 'fetch', fn: 'save', how: 'called', line: 7 }, line: 3, column: 12 }],
    },
    // the suggestions end the failure where it is dropped, as the codemod does
    {
      code: `fetch(u).then(save);`,
      filename: 'update-data.mjs',
      errors: [
        {
          messageId: 'floating',
          line: 1,
          column: 1,
          suggestions: [
            { messageId: 'suggestCatch', output: `fetch(u).then(save).catch((error) => {\n  console.error('Request failed:', error);\n  process.exitCode = 1;\n});` },
          ],
        },
      ],
    },
    {
      code: `async function main() {\n  fetch(u).then(save);\n}\nmain();`,
      filename: 'update-data.mjs',
      errors: [
        {
          messageId: 'floating',
          line: 2,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestCatch',
              // Past the file's print width, the handler's body goes over lines.
              output: `async function main() {\n  fetch(u).then(save).catch((error) => {\n    console.error('Request failed:', error);\n    process.exitCode = 1;\n  });\n}\nmain();`,
            },
          ],
        },
      ],
    },
    {
      code: `document.body.onload = () => {\n  fetch(u).then(render);\n};`,
      filename: 'page.js',
      errors: [
        { messageId: 'floating', line: 2, column: 3, suggestions: [{ messageId: 'suggestCatch', output: `document.body.onload = () => {\n  fetch(u).then(render).catch(${LOG});\n};` }] },
      ],
    },
    uncaughtAwait(`setInterval(async () => {\n  const r = await fetch(u);\n  render(await r.json());\n}, 1000);`, 2, 19, `setInterval(async () => {\n  let r;\n  try {\n    r = await fetch(u);\n  } catch (error) {\n    console.error('Request failed:', error);\n    return;\n  }\n  render(await r.json());\n}, 1000);`, 'poll.mjs'),
    uncaughtAwait(`${EXPRESS_APP}app.get('/a', async (req, res) => {\n  const r = await fetch(u);\n  res.json(await r.json());\n});`, 4, 19, `${EXPRESS_APP}app.get('/a', async (req, res, next) => {\n  let r;\n  try {\n    r = await fetch(u);\n  } catch (error) {\n    console.error('Request failed:', error);\n    next(error);\n    return;\n  }\n  res.json(await r.json());\n});`, express4),
  ],
});
