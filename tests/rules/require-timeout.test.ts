import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-timeout';

const ruleTester = new RuleTester();

const SIGNAL = 'signal: AbortSignal.timeout(10000)';

ruleTester.run('require-timeout', rule, {
  valid: [
    // fetch family: any signal in the init
    `fetch(u, { signal: AbortSignal.timeout(5000) });`,
    `fetch(u, { signal: AbortSignal.any([controller.signal, AbortSignal.timeout(5000)]) });`,
    `const controller = new AbortController(); fetch(u, { method: 'POST', body, signal: controller.signal });`,
    `async function load(u, signal) { return fetch(u, { signal }); }`,
    `fetch(new Request(u, { signal: AbortSignal.timeout(1000) }));`,
    `import fetch from 'node-fetch'; fetch(u, { signal: AbortSignal.timeout(5000) });`,
    // an init we cannot read is not reported by default
    `fetch(u, init);`,
    `fetch(u, { ...init, method: 'GET' });`,
    // data: and blob: URLs read memory: no connection to time out
    `const dataURL = canvas.toDataURL('image/png'); fetch(dataURL);`,
    `fetch(URL.createObjectURL(blob));`,
    // pass-through wrappers: the caller supplies the options
    `const get = (...args) => fetch(...args);`,
    `import axios from 'axios'; const call = (...args) => axios.get(...args);`,
    // options in a const object literal are read through the const
    `import axios from 'axios'; const config = { timeout: 5000 }; axios.get(a, config); axios.get(b, config);`,
    `const init = { signal: AbortSignal.timeout(5000) }; fetch(u, init);`,
    // ...unless something writes into that object, which makes it unreadable
    `import axios from 'axios'; const config = {}; config.timeout = 0; axios.get(u, config);`,
    `import axios from 'axios'; const config = {}; Object.assign(config, defaults); axios.get(u, config);`,
    // axios: call, instance, defaults
    `import axios from 'axios'; axios.get(u, { timeout: 5000 });`,
    `import axios from 'axios'; axios.post(u, body, { signal: AbortSignal.timeout(5000) });`,
    `import axios from 'axios'; const api = axios.create({ baseURL: b, timeout: 5000 }); api.get('/x');`,
    `import axios from 'axios'; axios.defaults.timeout = 5000; axios.get(u);`,
    `import axios from 'axios'; const api = axios.create(); api.defaults.timeout = 5000; api.post('/x', body);`,
    `const axios = require('axios'); axios({ url: u, timeout: 10 * 1000 });`,
    // ky has a 10 s timeout built in
    `import ky from 'ky'; ky.get(u).json();`,
    `import ky from 'ky'; ky.post(u, { timeout: 30000, json: body });`,
    // got: on the call or the instance
    `import got from 'got'; got(u, { timeout: { request: 5000 } });`,
    `import got from 'got'; const api = got.extend({ timeout: { request: 5000 } }); api.get('x');`,
    // node:http: option or setTimeout
    `import http from 'node:http'; http.get(u, { timeout: 5000 }, (res) => res.resume());`,
    `import https from 'https'; https.request({ host, signal: AbortSignal.timeout(5000) }).end();`,
    `import http from 'node:http'; const req = http.request(u, onResponse); req.setTimeout(5000, () => req.destroy()); req.end();`,
    // superagent and XMLHttpRequest
    `import request from 'superagent'; request.get(u).timeout({ response: 5000, deadline: 60000 }).end(cb);`,
    `const xhr = new XMLHttpRequest(); xhr.timeout = 5000; xhr.open('GET', u); xhr.send();`,
    // raced against a timer: the caller stops waiting when it fires
    `const timeout = (ms) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));\nasync function load(u) {\n  const res = await Promise.race([fetch(u), timeout(5000)]);\n  return res.json();\n}`,
    `import { setTimeout as sleep } from 'node:timers/promises';\nconst res = await Promise.race([fetch(u).then((r) => r.json()), sleep(5000)]);`,
    // a page cannot give a synchronous XMLHttpRequest a timeout (setting one throws)
    `const xhr = new XMLHttpRequest(); xhr.open('GET', u, false); xhr.send();`,
    // not requests, and settings-declared clients whose defaults are unknown
    `const fetch = makeFetcher(); fetch(u);`,
    `cache.get('key');`,
    {
      code: `import { get } from '@acme/http'; get(u);`,
      settings: { 'safe-requests': { clients: { '@acme/http': ['get'] } } },
      options: [{ unknownOptions: 'report' }],
    },
  ],
  invalid: [
    {
      name: 'two requests raced against each other: neither is a timer',
      code: `const res = await Promise.race([fetch(a), fetch(b)]);`,
      errors: [
        { messageId: 'missing', line: 1, column: 33, suggestions: [{ messageId: 'suggestSignal', output: `const res = await Promise.race([fetch(a, { signal: AbortSignal.timeout(10000) }), fetch(b)]);` }] },
        { messageId: 'missing', line: 1, column: 43, suggestions: [{ messageId: 'suggestSignal', output: `const res = await Promise.race([fetch(a), fetch(b, { signal: AbortSignal.timeout(10000) })]);` }] },
      ],
    },
    {
      name: 'fetch without init',
      code: `fetch(u);`,
      errors: [{ messageId: 'missing', line: 1, column: 1, endColumn: 9, suggestions: [{ messageId: 'suggestSignal', output: `fetch(u, { ${SIGNAL} });` }] }],
    },
    {
      name: 'fetch with an init but no signal',
      code: `await fetch(u, { method: 'POST', body });`,
      errors: [
        { messageId: 'missing', line: 1, column: 7, suggestions: [{ messageId: 'suggestSignal', output: `await fetch(u, { method: 'POST', body, ${SIGNAL} });` }] },
      ],
    },
    {
      name: 'multi-line init gets the signal on its own line',
      code: `fetch(u, {\n  method: 'POST',\n  body,\n});`,
      errors: [
        { messageId: 'missing', line: 1, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `fetch(u, {\n  method: 'POST',\n  body,\n  ${SIGNAL},\n});` }] },
      ],
    },
    {
      name: 'signal: null',
      code: `window.fetch(u, { signal: null });`,
      errors: [{ messageId: 'disabled', line: 1, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `window.fetch(u, { signal: AbortSignal.timeout(10000) });` }] }],
    },
    {
      name: 'opaque init with unknownOptions: report',
      code: `fetch(u, init);`,
      options: [{ unknownOptions: 'report' }],
      errors: [{ messageId: 'opaque', line: 1, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `fetch(u, { ...init, ${SIGNAL} });` }] }],
    },
    {
      name: 'defaultMs',
      code: `import fetch from 'node-fetch';\nfetch(u);`,
      options: [{ defaultMs: 2500 }],
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `import fetch from 'node-fetch';\nfetch(u, { signal: AbortSignal.timeout(2500) });` }] }],
    },
    {
      name: 'axios.get without config',
      code: `import axios from 'axios';\naxios.get(u);`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\naxios.get(u, { timeout: 10000 });` }] }],
    },
    {
      name: 'axios.post with data but no config',
      code: `import axios from 'axios';\naxios.post(u, body);`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\naxios.post(u, body, { timeout: 10000 });` }] }],
    },
    {
      name: 'axios.post with only a URL',
      code: `import axios from 'axios';\naxios.post(u);`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\naxios.post(u, undefined, { timeout: 10000 });` }] }],
    },
    {
      name: 'axios timeout: 0',
      code: `import axios from 'axios';\naxios.get(u, { timeout: 0 });`,
      errors: [{ messageId: 'disabled', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\naxios.get(u, { timeout: 10000 });` }] }],
    },
    {
      name: 'axios instance without timeout',
      code: `import axios from 'axios';\nconst api = axios.create({ baseURL: b });\napi.get('/x', { headers });`,
      errors: [
        { messageId: 'missing', line: 3, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\nconst api = axios.create({ baseURL: b });\napi.get('/x', { headers, timeout: 10000 });` }] },
      ],
    },
    {
      name: 'axios.defaults.timeout = 0',
      code: `import axios from 'axios';\naxios.defaults.timeout = 0;\naxios.get(u);`,
      errors: [{ messageId: 'disabled', line: 3, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\naxios.defaults.timeout = 10000;\naxios.get(u);` }] }],
    },
    {
      name: 'axios timeout: Infinity on the instance',
      code: `import axios from 'axios';\nconst api = axios.create({ timeout: Infinity });\napi.get(u);`,
      errors: [{ messageId: 'disabled', line: 3, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\nconst api = axios.create({ timeout: 10000 });\napi.get(u);` }] }],
    },
    {
      name: 'ky timeout: false',
      code: `import ky from 'ky';\nky.get(u, { timeout: false });`,
      errors: [{ messageId: 'disabled', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import ky from 'ky';\nky.get(u, { timeout: 10000 });` }] }],
    },
    {
      name: 'got without timeout',
      code: `import got from 'got';\nawait got(u).json();`,
      errors: [{ messageId: 'missing', line: 2, column: 7, suggestions: [{ messageId: 'suggestTimeout', output: `import got from 'got';\nawait got(u, { timeout: { request: 10000 } }).json();` }] }],
    },
    {
      name: 'got with timeout null',
      code: `import got from 'got';\ngot.post(u, { json: body, timeout: null });`,
      errors: [{ messageId: 'disabled', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import got from 'got';\ngot.post(u, { json: body, timeout: 10000 });` }] }],
    },
    {
      name: 'http.get with a callback only',
      code: `import http from 'node:http';\nhttp.get(\`\${base}/status\`, (res) => res.resume());`,
      errors: [
        { messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `import http from 'node:http';\nhttp.get(\`\${base}/status\`, { ${SIGNAL} }, (res) => res.resume());` }] },
      ],
    },
    {
      name: 'http.get with a named callback',
      code: `import http from 'node:http';\nconst u = new URL('/status', base);\nconst onResponse = (res) => res.resume();\nhttp.get(u, onResponse);`,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 1,
          suggestions: [{ messageId: 'suggestSignal', output: `import http from 'node:http';\nconst u = new URL('/status', base);\nconst onResponse = (res) => res.resume();\nhttp.get(u, { ${SIGNAL} }, onResponse);` }],
        },
      ],
    },
    {
      name: 'http.request with options but no timeout',
      code: `const https = require('https');\nconst req = https.request({ host, path });\nreq.end();`,
      errors: [
        { messageId: 'missing', line: 2, column: 13, suggestions: [{ messageId: 'suggestSignal', output: `const https = require('https');\nconst req = https.request({ host, path, ${SIGNAL} });\nreq.end();` }] },
      ],
    },
    {
      name: 'setTimeout(0) on the request',
      code: `import http from 'node:http';\nconst req = http.request(u);\nreq.setTimeout(0);`,
      errors: [{ messageId: 'disabled', line: 2, column: 13, suggestions: [{ messageId: 'suggestTimeout', output: `import http from 'node:http';\nconst req = http.request(u);\nreq.setTimeout(10000);` }] }],
    },
    {
      name: 'superagent without .timeout()',
      code: `import request from 'superagent';\nrequest.get(u).end(cb);`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestTimeout', output: `import request from 'superagent';\nrequest.get(u).timeout(10000).end(cb);` }] }],
    },
    {
      name: 'XMLHttpRequest without timeout',
      code: `function load(u) {\n  const xhr = new XMLHttpRequest();\n  xhr.open('GET', u);\n}`,
      errors: [
        { messageId: 'missing', line: 2, column: 15, suggestions: [{ messageId: 'suggestTimeout', output: `function load(u) {\n  const xhr = new XMLHttpRequest();\n  xhr.timeout = 10000;\n  xhr.open('GET', u);\n}` }] },
      ],
    },
    {
      name: 'XMLHttpRequest in a file without semicolons',
      code: `function load(u) {\n  const xhr = new XMLHttpRequest()\n  xhr.open('GET', u)\n}`,
      errors: [
        { messageId: 'missing', line: 2, column: 15, suggestions: [{ messageId: 'suggestTimeout', output: `function load(u) {\n  const xhr = new XMLHttpRequest()\n  xhr.timeout = 10000\n  xhr.open('GET', u)\n}` }] },
      ],
    },
    {
      name: 'CRLF file keeps its line ending in the suggestion',
      code: `const xhr = new XMLHttpRequest();\r\nxhr.send();`,
      errors: [{ messageId: 'missing', line: 1, column: 13, suggestions: [{ messageId: 'suggestTimeout', output: `const xhr = new XMLHttpRequest();\r\nxhr.timeout = 10000;\r\nxhr.send();` }] }],
    },
    {
      name: "got 12+'s named export, reached through a dynamic import assigned to an outer variable",
      code: `let got;\nexport async function init() { got = (await import('got')).got; }\nexport const load = () => got(u);`,
      errors: [{ messageId: 'missing', line: 3, column: 27, suggestions: [{ messageId: 'suggestTimeout', output: `let got;\nexport async function init() { got = (await import('got')).got; }\nexport const load = () => got(u, { timeout: { request: 10000 } });` }] }],
    },
    {
      name: 'spread arguments are reported as unreadable only on request, without a suggestion',
      code: `fetch(...args);`,
      options: [{ unknownOptions: 'report' }],
      errors: [{ messageId: 'opaque', line: 1, column: 1, suggestions: [] }],
    },
    {
      name: 'a const config object without a timeout is read, reported at each call, and spread there (not given one shared timeout)',
      code: `import axios from 'axios';\nconst config = { headers };\naxios.get(a, config);\naxios.post(b, data, config);`,
      errors: [
        {
          messageId: 'missing',
          line: 3,
          column: 1,
          suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\nconst config = { headers };\naxios.get(a, { ...config, timeout: 10000 });\naxios.post(b, data, config);` }],
        },
        {
          messageId: 'missing',
          line: 4,
          column: 1,
          suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\nconst config = { headers };\naxios.get(a, config);\naxios.post(b, data, { ...config, timeout: 10000 });` }],
        },
      ],
    },
    {
      name: 'a const init is spread at the call, so each call (and each retry attempt) gets its own signal',
      code: `const init = { method: 'POST' };\nfetch(u, init);`,
      errors: [{ messageId: 'missing', line: 2, column: 1, suggestions: [{ messageId: 'suggestSignal', output: `const init = { method: 'POST' };\nfetch(u, { ...init, ${SIGNAL} });` }] }],
    },
    {
      name: "http.get's first argument may be its options: no new argument after it (Node would take it for the callback)",
      code: `import http from 'node:http';\nconst options = { host };\nhttp.get(options);\nexport const status = (target, onResponse) => http.get(target, onResponse);`,
      errors: [
        { messageId: 'missing', line: 3, column: 1, suggestions: [] },
        { messageId: 'missing', line: 4, column: 47, suggestions: [] },
      ],
    },
    {
      name: 'a parameter typed string or URL is a URL',
      code: `import http from 'node:http';\nexport const status = (target: URL, onResponse: () => void) => http.get(target, onResponse);`,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 64,
          suggestions: [{ messageId: 'suggestSignal', output: `import http from 'node:http';\nexport const status = (target: URL, onResponse: () => void) => http.get(target, { ${SIGNAL} }, onResponse);` }],
        },
      ],
    },
    {
      name: "Node's fetch is said to wait 300 s, axios forever",
      code: `import axios from 'axios';\nfetch(u, { method: 'POST' });\naxios.get(u, { timeout: 0 });`,
      errors: [
        {
          messageId: 'missing',
          data: {
            client: 'fetch',
            wait: "a server that accepts the connection and never answers keeps it waiting 300 s in Node (undici's headers and body timeouts) and as long as the browser allows in a page",
            how: 'pass `signal: AbortSignal.timeout(ms)` in the init',
          },
          line: 2,
          column: 1,
          suggestions: [{ messageId: 'suggestSignal', output: `import axios from 'axios';\nfetch(u, { method: 'POST', ${SIGNAL} });\naxios.get(u, { timeout: 0 });` }],
        },
        {
          messageId: 'disabled',
          data: { client: 'axios', value: '0', wait: 'a server that accepts the connection and never answers leaves it waiting forever' },
          line: 3,
          column: 1,
          suggestions: [{ messageId: 'suggestTimeout', output: `import axios from 'axios';\nfetch(u, { method: 'POST' });\naxios.get(u, { timeout: 10000 });` }],
        },
      ],
    },
  ],
});
