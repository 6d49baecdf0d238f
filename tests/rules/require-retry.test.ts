import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-retry';

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

ruleTester.run('require-retry', rule, {
  valid: [
    // retry wrappers, through nested functions and in-file callers
    `import pRetry from 'p-retry'; pRetry(() => fetch(u), { retries: 3 });`,
    `const retry = require('async-retry'); retry(async (bail) => { const r = await fetch(u); return r.json(); });`,
    `import { backOff } from 'exponential-backoff'; backOff(() => fetch(u, { method: 'POST', body }));`,
    `import promiseRetry from 'promise-retry'; promiseRetry((again) => fetch(u).catch(again));`,
    `import pRetry from 'p-retry'; async function load(u) { return fetch(u); } pRetry(() => load(a));`,
    `import { withRetry } from './safe-requests-runtime.js'; withRetry(() => fetch(u), { method: 'GET', endpoint: 'API_URL' });`,
    {
      code: `import { retrying } from '@acme/retry'; retrying(() => fetch(u));`,
      settings: { 'safe-requests': { retryWrappers: { '@acme/retry': ['retrying'] } } },
    },
    // got and ky retry by default
    `import got from 'got'; got(u).json();`,
    `import ky from 'ky'; ky.get(u).json();`,
    `import got from 'got'; const api = got.extend({ prefixUrl: base }); api.get('x');`,
    `import got from 'got'; got.post(u, { json: body, retry: { limit: 2, methods: ['POST'] } });`,
    `import request from 'superagent'; request.get(u).retry(3).then(use);`,
    // axios-retry on the instance that makes the request
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; axiosRetry(axios, { retries: 3 }); axios.get(u);`,
    `import axios from 'axios'; import axiosRetry from 'axios-retry'; const api = axios.create(); axiosRetry(api); api.post('/x', body);`,
    // fetch-retry
    `import fetchRetry from 'fetch-retry'; const fetchWithRetry = fetchRetry(fetch); fetchWithRetry(u);`,
    // functions handed to TanStack Query and SWR
    `import { useQuery } from '@tanstack/react-query'; useQuery({ queryKey: ['todos'], queryFn: () => fetch('/todos').then((r) => r.json()) });`,
    `import { useMutation } from '@tanstack/react-query'; useMutation({ mutationFn: (b) => fetch('/todos', { method: 'POST', body: b }), retry: 3 });`,
    `import useSWR from 'swr'; const fetcher = (url) => fetch(url).then((r) => r.json()); function Profile() { const { data } = useSWR('/api/user', fetcher); return <p>{data.name}</p>; }`,
    // ignoreMethods skips those methods, and methods it cannot know
    { code: `fetch(u, { method: 'POST', body });`, options: [{ ignoreMethods: ['POST'] }] },
    { code: `import axios from 'axios'; axios.post(u, body);`, options: [{ ignoreMethods: ['POST', 'PATCH'] }] },
    { code: `fetch(u, init);`, options: [{ ignoreMethods: ['POST'] }] },
    // settings-declared clients may retry on their own; look-alikes are not requests
    {
      code: `import { get } from '@acme/http'; get(u);`,
      settings: { 'safe-requests': { clients: { '@acme/http': ['get'] } } },
    },
    `const api = { get() {} }; api.get('/x');`,
    // retry layers reached through members: declared methods, LangChain's AsyncCaller, cockatiel
    {
      code: `class Api { load(u) { return this.caller.call(() => fetch(u)); } }`,
      settings: { 'safe-requests': { retryMethods: ['this.caller.call'] } },
    },
    {
      code: `http.withRetry(() => fetch(u, { method: 'POST', body }));`,
      settings: { 'safe-requests': { retryMethods: ['*.withRetry'] } },
    },
    `import { ChatModel } from '@langchain/core/language_models/chat_models'; class Local extends ChatModel { _call(p) { return this.caller.call(async () => (await fetch(u, { method: 'POST', body: p })).json()); } }`,
    `import { retry, handleAll, ExponentialBackoff } from 'cockatiel'; const policy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }); policy.execute(() => fetch(u));`,
    // SDKs that retry the requests of the fetch they are given
    `import OpenAI from 'openai'; const client = new OpenAI({ fetch: (url, init) => fetch(url, init) });`,
    `import Anthropic from '@anthropic-ai/sdk'; const myFetch = (...args) => fetch(...args); new Anthropic({ fetch: myFetch });`,
    // polling: the next tick is the retry
    `setInterval(async () => { try { await fetch(u); } catch (e) { log(e); } }, 5000);`,
    `async function tick() { await fetch(u); } setInterval(tick, 1000);`,
    // hand-written retries: loops that go round again, catches that call again
    `async function f() { for (let attempt = 1; ; attempt++) { try { return await fetch(u); } catch (e) { if (attempt === 3) throw e; await sleep(500); } } }`,
    `async function connect() { try { await fetch(u); } catch { setTimeout(connect, 5000); } }`,
    `function load(u, n) { return fetch(u).catch((e) => (n > 0 ? load(u, n - 1) : Promise.reject(e))); }`,
    // a data: URL rendered by html-to-image is read from memory, not sent
    `import { toPng } from 'html-to-image';\nasync function download(node) {\n  const dataUrl = await toPng(node);\n  const blob = await (await fetch(dataUrl)).blob();\n  save(blob);\n}`,
    // an exported fetch replacement: its callers decide whether to retry, as with fetch itself
    `export function appFetch(url, options) {\n  return window.fetch(url, options);\n}`,
    // an XMLHttpRequest whose error handler sends it again
    `function send(url, attempt = 0) {\n  return new Promise((resolve, reject) => {\n    const xhr = new XMLHttpRequest();\n    const onError = (error) => {\n      if (attempt < 3) setTimeout(() => send(url, attempt + 1).then(resolve, reject), 300 * 2 ** attempt);\n      else reject(error);\n    };\n    xhr.onerror = () => onError(new Error('network'));\n    xhr.onload = () => resolve(xhr);\n    xhr.open('GET', url);\n    xhr.send();\n  });\n}`,
  ],
  invalid: [
    {
      name: 'a fetch replacement used only here, by callers that do not retry',
      code: `const apiFetch = (url, init) => fetch(url, init);\nexport async function save(body) {\n  return apiFetch('/save', { method: 'POST', body });\n}`,
      errors: [{ messageId: 'noRetry', line: 1, column: 33 }],
    },
    {
      name: 'an XMLHttpRequest whose error handler only reports',
      code: `function send(url) {\n  const xhr = new XMLHttpRequest();\n  xhr.onerror = () => report(url);\n  xhr.open('GET', url);\n  xhr.send();\n}`,
      errors: [{ messageId: 'noRetry', line: 2, column: 15 }],
    },
    {
      name: 'iteration over URLs is not a retry',
      code: `async function f(urls) {\n  for (const u of urls) {\n    try { await fetch(u); } catch (e) { log(e); }\n  }\n}`,
      errors: [{ messageId: 'noRetry', line: 3, column: 17 }],
    },
    {
      name: 'a loop whose catch breaks out is not a retry',
      code: `async function f() {\n  while (true) {\n    try { await fetch(u); } catch (e) { break; }\n  }\n}`,
      errors: [{ messageId: 'noRetry', line: 3, column: 17 }],
    },
    {
      name: 'a method not declared in settings',
      code: `class Api { load(u) { return this.queue.call(() => fetch(u)); } }`,
      settings: { 'safe-requests': { retryMethods: ['this.caller.call'] } },
      errors: [{ messageId: 'noRetry', line: 1, column: 52 }],
    },
    {
      name: '@octokit/core retries only with its retry plugin',
      code: `import { Octokit } from '@octokit/core';\nnew Octokit({ request: { fetch: (u, i) => fetch(u, i) } });`,
      errors: [{ messageId: 'noRetry', line: 2, column: 43 }],
    },
    {
      name: 'setTimeout runs once',
      code: `setTimeout(async () => {\n  await fetch(u);\n}, 10);`,
      errors: [{ messageId: 'noRetry', line: 2, column: 9 }],
    },
    {
      name: 'plain fetch',
      code: `const res = await fetch(u);`,
      errors: [{ messageId: 'noRetry', line: 1, column: 19, endColumn: 27 }],
    },
    {
      name: 'fetch outside the retry callback',
      code: `import pRetry from 'p-retry';\nconst data = await fetch(u);\nawait pRetry(() => fetch(v));`,
      errors: [{ messageId: 'noRetry', line: 2, column: 20 }],
    },
    {
      name: 'a function with one caller outside the retry',
      code: `import pRetry from 'p-retry';\nasync function load(u) { return fetch(u); }\npRetry(() => load(a));\nload(b);`,
      errors: [{ messageId: 'noRetry', line: 2, column: 33 }],
    },
    {
      name: 'got with retry disabled on the call',
      code: `import got from 'got';\ngot(u, { retry: { limit: 0 } });`,
      errors: [{ messageId: 'retryDisabled', line: 2, column: 1 }],
    },
    {
      name: 'ky with retry: 0',
      code: `import ky from 'ky';\nky.get(u, { retry: 0 }).json();`,
      errors: [{ messageId: 'retryDisabled', line: 2, column: 1 }],
    },
    {
      name: 'got instance with retry disabled',
      code: `import got from 'got';\nconst api = got.extend({ retry: { limit: 0 } });\napi.get('x');`,
      errors: [{ messageId: 'retryDisabled', line: 3, column: 1 }],
    },
    {
      name: 'got does not retry POST by default',
      code: `import got from 'got';\ngot.post(u, { json: body });`,
      errors: [{ messageId: 'methodNotRetried', line: 2, column: 1 }],
    },
    {
      name: 'axiosRetry on one instance but not the default',
      code: [
        `import axios from 'axios';`,
        `import axiosRetry from 'axios-retry';`,
        `const api = axios.create({ baseURL: base });`,
        `axiosRetry(api, { retries: 3 });`,
        `api.get('/users');`,
        `axios.get('/health');`,
      ].join('\n'),
      errors: [{ messageId: 'noRetry', line: 6, column: 1 }],
    },
    {
      name: 'axios-retry turned off',
      code: `import axios from 'axios';\nimport axiosRetry from 'axios-retry';\naxiosRetry(axios, { retries: 0 });\naxios.get(u);`,
      errors: [{ messageId: 'retryDisabled', line: 4, column: 1 }],
    },
    {
      name: 'useQuery with retry: false',
      code: `import { useQuery } from '@tanstack/react-query';\nuseQuery({ queryKey: ['t'], queryFn: () => fetch('/t'), retry: false });`,
      errors: [{ messageId: 'retryDisabled', line: 2, column: 44 }],
    },
    {
      name: 'useMutation does not retry by default',
      code: `import { useMutation } from '@tanstack/react-query';\nuseMutation({ mutationFn: (b) => fetch('/t', { method: 'POST', body: b }) });`,
      errors: [{ messageId: 'noRetry', line: 2, column: 34 }],
    },
    {
      name: 'superagent with retry(0)',
      code: `import request from 'superagent';\nrequest.get(u).retry(0).end(cb);`,
      errors: [{ messageId: 'retryDisabled', line: 2, column: 1 }],
    },
    {
      name: 'ignoreMethods keeps other methods',
      code: `import axios from 'axios';\naxios.post(u, body);\naxios.get(u);`,
      options: [{ ignoreMethods: ['POST'] }],
      errors: [{ messageId: 'noRetry', line: 3, column: 1 }],
    },
    {
      name: 'node http and XMLHttpRequest',
      code: `import http from 'node:http';\nhttp.get(u, onResponse).on('error', log);\nconst xhr = new XMLHttpRequest();`,
      errors: [
        { messageId: 'noRetry', line: 2, column: 1 },
        { messageId: 'noRetry', line: 3, column: 13 },
      ],
    },
  ],
});
