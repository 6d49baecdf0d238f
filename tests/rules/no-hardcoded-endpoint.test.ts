import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import rule from '../../rules/no-hardcoded-endpoint';
import { tempTree } from '../temp-tree';

const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

const SEED = `import axios from 'axios';

export async function predict(payload) {
  const response = await axios.post('https://model-serving.example.com/predict', payload);
  return response.data;
}`;

ruleTester.run('no-hardcoded-endpoint', rule, {
  valid: [
    // public platforms' hosts are the same for every deployment (thirdPartyHosts: 'ignore')
    'const res = await fetch(`https://i.instagram.com/api/v1/media/${id}/info/`);',
    `import got from 'got';\nconst drive = got.extend({ prefixUrl: 'https://www.googleapis.com/drive/v3' });`,
    // relative URLs
    `fetch('/api/users');`,
    // a helper's parameter that is reassigned may hold anything by the time it is sent
    `function get(url) {\n  url = normalize(url);\n  return fetch(url);\n}\nget('https://users.acme.io/v1');`,
    // a field the class changes outside its constructor is not the constructor's value
    `class Client {\n  constructor(base) { this.base = base; }\n  use(base) { this.base = base; }\n  get(p) { return fetch(this.base + p); }\n}\nnew Client('https://api.acme.io');`,
    `import axios from 'axios'; axios.get('users/1');`,
    // templates and concatenations whose host is dynamic
    'fetch(`https://${host}/users`);',
    'fetch(`https://api.${domain}/users`);',
    `fetch('https://api.' + domain + '/users');`,
    'fetch(`${window.location.origin}/api/users`);',
    'fetch(`https://user:${password}@api.acme.io/x`);',
    // loopback is allowed by default
    `fetch('http://localhost:3000/api'); fetch('http://127.0.0.1:8080/x'); fetch('http://[::1]:4000/graphql');`,
    `new WebSocket('ws://app.localhost:5173/hmr'); fetch('http://0.0.0.0:9000');`,
    `import http from 'node:http'; http.get({ hostname: 'localhost', port: 8080 });`,
    // a JSX footer full of links and namespaces reaches no request
    `const DOCS_URL = 'https://docs.acme.io';
export function Footer() {
  return (
    <footer>
      <a href="https://github.com/acme/app">GitHub</a>
      <a href={DOCS_URL}>Docs</a>
      <img src="https://cdn.acme.io/logo.png" alt="" />
      <script src="https://cdn.acme.io/analytics.js" />
      <svg xmlns="http://www.w3.org/2000/svg" xmlnsXlink="http://www.w3.org/1999/xlink">
        <use href="https://cdn.acme.io/icons.svg#logo" />
      </svg>
      <p>Status: https://status.acme.io</p>
    </footer>
  );
}`,
    // window.open, location assignments, XML namespaces
    `window.open('https://acme.io/help', '_blank');`,
    `location.href = 'https://acme.io/login'; window.location.assign('https://acme.io/logout');`,
    `document.createElementNS('http://www.w3.org/2000/svg', 'svg');`,
    // import specifiers
    `import confetti from 'https://esm.sh/canvas-confetti'; confetti();`,
    `const mod = await import('https://cdn.skypack.dev/lodash'); fetch(mod.url);`,
    // JSON-schema $schema / $id
    `const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://acme.io/user.json' }; validate(schema);`,
    // URLs inside messages
    `fetch(url).catch(() => { throw new Error('Could not reach https://api.acme.io, see https://status.acme.io'); });`,
    'console.log(`Fetching https://api.acme.io/users`);',
    // object keys and case labels
    `const aliases = { 'https://api.acme.io/v1': '/v1' }; fetch(aliases['https://api.acme.io/v1']);`,
    `function route(url) { switch (url) { case 'https://api.acme.io/a': return fetch(url); default: return null; } }`,
    // type positions
    `type Endpoint = 'https://api.acme.io/users'; function load(url: Endpoint) { return fetch(url); }`,
    `declare const e: 'https://api.acme.io/users'; fetch(e);`,
    // a URL that reaches no request, or a binding written more than once
    `const API = 'https://api.acme.io'; console.log(API);`,
    `const u = new URL('/v2', 'https://api.acme.io'); console.log(u.href);`,
    `let url = 'https://a.acme.io/x'; if (beta) url = other; fetch(url);`,
    // a local function named fetch is not a request
    `function load(fetch) { return fetch('https://api.acme.io'); }`,
    // env lookups with a fallback are allowed by default, the transform's output included
    `fetch(process.env.API_URL ?? 'https://api.acme.io/users');`,
    `fetch(process.env.API_URL || 'https://api.acme.io/users');`,
    `fetch(import.meta.env.VITE_API_URL ?? 'https://api.acme.io');`,
    `fetch(Deno.env.get('API_URL') ?? 'https://api.acme.io');`,
    `fetch(Bun.env.API_URL ?? 'https://api.acme.io');`,
    `const USERS_API = process.env.USERS_API ?? 'https://users.acme.io'; fetch(USERS_API);`,
    "fetch(`${process.env.USERS_BASE_URL ?? 'https://users.acme.io'}/users/${id}`);",
    `fetch((process.env.USERS_BASE_URL ?? 'https://users.acme.io') + '/users/' + id);`,
    {
      code: `fetch(process.env.API_URL ?? 'http://localhost:3000');`,
      options: [{ envFallback: 'local-only' }],
    },
    // allowedHosts: exact names and globs
    { code: `fetch('https://api.acme.io/users');`, options: [{ allowedHosts: ['api.acme.io'] }] },
    { code: `fetch('https://api.acme.io/x'); fetch('https://eu.cdn.acme.io/y');`, options: [{ allowedHosts: ['*.acme.io'] }] },
    { code: `fetch('http://10.0.3.7:8080/metrics');`, options: [{ allowedHosts: ['10.*'] }] },
    // ignore patterns
    { code: `fetch('https://status.acme.io/health');`, options: [{ ignore: ['https://status.acme.io/**'] }] },
    { code: 'fetch(`https://status.acme.io/checks/${id}`);', options: [{ ignore: ['https://status.acme.io/checks/**'] }] },
  ],
  invalid: [
    {
      name: "a public platform's host with thirdPartyHosts: 'report'",
      code: `fetch('https://api.github.com/user/repos');`,
      options: [{ thirdPartyHosts: 'report' }],
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'api.github.com', sink: 'fetch', name: 'GITHUB_ENDPOINT' },
          line: 1,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              data: { read: 'process.env.GITHUB_ENDPOINT', what: 'URL' },
              output: `fetch(process.env.GITHUB_ENDPOINT ?? 'https://api.github.com/user/repos');`,
            },
          ],
        },
      ],
    },
    {
      name: 'model APIs are repointed per deployment (OPENAI_BASE_URL), so they are not public platforms here',
      code: `fetch('https://api.openai.com/v1/models');`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          line: 1,
          column: 7,
          suggestions: [{ messageId: 'suggestEnv', output: `fetch(process.env.OPENAI_ENDPOINT ?? 'https://api.openai.com/v1/models');` }],
        },
      ],
    },
    {
      name: "a secret in a public platform's URL is still reported",
      code: `fetch('https://maps.googleapis.com/maps/api/geocode/json?address=Paris&key=AIzaSyD3');`,
      errors: [{ messageId: 'secretInUrl', line: 1, column: 7 }],
    },
    {
      name: 'a URL a same-file helper receives as its argument',
      code: `async function getJson(url) {\n  const res = await fetch(url);\n  return res.json();\n}\nconst users = await getJson('https://users.acme.io/v1/users');`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'users.acme.io', sink: 'fetch', name: 'USERS_ENDPOINT' },
          line: 5,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `async function getJson(url) {\n  const res = await fetch(url);\n  return res.json();\n}\nconst users = await getJson(process.env.USERS_ENDPOINT ?? 'https://users.acme.io/v1/users');`,
            },
          ],
        },
      ],
    },
    {
      name: 'a URL a same-file helper receives as a property of its options',
      code: `import axios from 'axios';\nconst send = (options) => axios.post(options.endpoint, options.body);\nsend({ endpoint: 'https://orders.acme.io/orders', body });`,
      errors: [{ messageId: 'hardcodedEndpoint', data: { host: 'orders.acme.io', sink: 'axios.post', name: 'ORDERS_ENDPOINT' }, line: 3, column: 18, suggestions: [{ messageId: 'suggestEnv', output: `import axios from 'axios';\nconst send = (options) => axios.post(options.endpoint, options.body);\nsend({ endpoint: process.env.ORDERS_ENDPOINT ?? 'https://orders.acme.io/orders', body });` }] }],
    },
    {
      name: "a base URL the project's own client class keeps from its constructor",
      code: `class ApiClient {\n  constructor(baseUrl) {\n    this.baseUrl = baseUrl;\n  }\n  get(path) {\n    return fetch(\`\${this.baseUrl}\${path}\`);\n  }\n}\nexport const api = new ApiClient('https://api.acme.io');`,
      errors: [{ messageId: 'hardcodedEndpoint', data: { host: 'api.acme.io', sink: 'fetch', name: 'ACME_BASE_URL' }, line: 9, column: 34, suggestions: [{ messageId: 'suggestEnv', output: `class ApiClient {\n  constructor(baseUrl) {\n    this.baseUrl = baseUrl;\n  }\n  get(path) {\n    return fetch(\`\${this.baseUrl}\${path}\`);\n  }\n}\nexport const api = new ApiClient(process.env.ACME_BASE_URL ?? 'https://api.acme.io');` }] }],
    },
    // the seed
    {
      code: SEED,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'model-serving.example.com', sink: 'axios.post', name: 'MODEL_SERVING_ENDPOINT' },
          line: 4,
          column: 37,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'suggestEnv',
              data: { read: 'process.env.MODEL_SERVING_ENDPOINT', what: 'URL' },
              output: SEED.replace(
                `'https://model-serving.example.com/predict'`,
                `process.env.MODEL_SERVING_ENDPOINT ?? 'https://model-serving.example.com/predict'`,
              ),
            },
          ],
        },
      ],
    },
    // a private IP
    {
      code: `const metrics = await fetch('http://10.0.3.7:8080/metrics');`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: '10.0.3.7:8080', sink: 'fetch', name: 'METRICS_ENDPOINT' },
          line: 1,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `const metrics = await fetch(process.env.METRICS_ENDPOINT ?? 'http://10.0.3.7:8080/metrics');`,
            },
          ],
        },
      ],
    },
    // node:http hostname / host options
    {
      code: `import https from 'node:https';\nconst req = https.request({ hostname: 'api.acme.io', path: '/v1/users', method: 'POST' });`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'api.acme.io', sink: 'https.request', name: 'ACME_HOST' },
          line: 2,
          column: 39,
          suggestions: [
            {
              messageId: 'suggestEnv',
              data: { read: 'process.env.ACME_HOST', what: 'host' },
              output: `import https from 'node:https';\nconst req = https.request({ hostname: process.env.ACME_HOST ?? 'api.acme.io', path: '/v1/users', method: 'POST' });`,
            },
          ],
        },
      ],
    },
    {
      code: `const http = require('http');\nconst options = { host: 'metrics.acme.io', port: 9100 };\nhttp.get(options, onResponse);`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          line: 2,
          column: 25,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `const http = require('http');\nconst options = { host: process.env.METRICS_HOST ?? 'metrics.acme.io', port: 9100 };\nhttp.get(options, onResponse);`,
            },
          ],
        },
      ],
    },
    // a const used in a template inside another function: reported once, at the declaration
    {
      code: 'const USERS_API = "https://users.acme.io";\n\nexport function getUser(id) {\n  return fetch(`${USERS_API}/users/${id}`);\n}\nexport function listUsers() {\n  return fetch(USERS_API + "/users");\n}',
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'users.acme.io', sink: 'fetch', name: 'USERS_API' },
          line: 1,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output:
                'const USERS_API = process.env.USERS_API ?? "https://users.acme.io";\n\nexport function getUser(id) {\n  return fetch(`${USERS_API}/users/${id}`);\n}\nexport function listUsers() {\n  return fetch(USERS_API + "/users");\n}',
            },
          ],
        },
      ],
    },
    // the base of new URL(path, base)
    {
      code: `const base = 'https://api.acme.io';\nconst res = await fetch(new URL('/v2/items', base));`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'api.acme.io', sink: 'fetch', name: 'ACME_BASE_URL' },
          line: 1,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `const base = process.env.ACME_BASE_URL ?? 'https://api.acme.io';\nconst res = await fetch(new URL('/v2/items', base));`,
            },
          ],
        },
      ],
    },
    // navigator.sendBeacon, also through window
    {
      code: `navigator.sendBeacon('https://collect.acme.io/beacon', payload);\nwindow.navigator.sendBeacon('https://rum.acme.io/v1', payload);`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'collect.acme.io', sink: 'navigator.sendBeacon', name: 'COLLECT_ENDPOINT' },
          line: 1,
          column: 22,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `navigator.sendBeacon(process.env.COLLECT_ENDPOINT ?? 'https://collect.acme.io/beacon', payload);\nwindow.navigator.sendBeacon('https://rum.acme.io/v1', payload);`,
            },
          ],
        },
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'rum.acme.io', sink: 'window.navigator.sendBeacon', name: 'RUM_BASE_URL' },
          line: 2,
          column: 29,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `navigator.sendBeacon('https://collect.acme.io/beacon', payload);\nwindow.navigator.sendBeacon(process.env.RUM_BASE_URL ?? 'https://rum.acme.io/v1', payload);`,
            },
          ],
        },
      ],
    },
    // a secret query parameter: its own message, redacted, no suggestion
    {
      code: `fetch('https://maps.acme.io/geocode?address=Paris&api_key=AIzaSyD3');`,
      errors: [
        {
          messageId: 'secretInUrl',
          data: {
            sink: 'fetch',
            secret: "a secret ('api_key')",
            url: 'https://maps.acme.io/geocode?address=Paris&api_key=***',
            name: 'MAPS_ENDPOINT',
          },
          line: 1,
          column: 7,
          suggestions: [],
        },
      ],
    },
    // credentials, even on a loopback host
    {
      code: `import axios from 'axios';\naxios.get('http://admin:hunter2@localhost:5984/orders');`,
      errors: [
        {
          messageId: 'secretInUrl',
          data: { sink: 'axios.get', secret: 'credentials', url: 'http://localhost:5984/orders', name: 'ORDERS_ENDPOINT' },
          line: 2,
          column: 11,
          suggestions: [],
        },
      ],
    },
    // credentials in a template head: the display stops at the static head
    {
      code: 'fetch(`https://admin:s3cret@api.acme.io/users/${id}`);',
      errors: [
        {
          messageId: 'secretInUrl',
          data: { sink: 'fetch', secret: 'credentials', url: 'https://api.acme.io/users/…', name: 'ACME_BASE_URL' },
          line: 1,
          column: 7,
          suggestions: [],
        },
      ],
    },
    // envFallback: 'local-only' and 'report'
    {
      code: `fetch(process.env.API_URL ?? 'https://api.acme.io');\nfetch(process.env.DEV_URL ?? 'http://localhost:3000');`,
      options: [{ envFallback: 'local-only' }],
      errors: [{ messageId: 'fallbackNotLocal', data: { host: 'api.acme.io', name: 'API_URL', sink: 'fetch' }, line: 1, column: 30, suggestions: [] }],
    },
    {
      code: `fetch(process.env.API_URL ?? 'https://api.acme.io');\nfetch(process.env.DEV_URL || 'http://localhost:3000');`,
      options: [{ envFallback: 'report' }],
      errors: [
        { messageId: 'fallbackNotAllowed', data: { host: 'api.acme.io', name: 'API_URL', sink: 'fetch' }, line: 1, column: 30, suggestions: [] },
        { messageId: 'fallbackNotAllowed', data: { host: 'localhost:3000', name: 'DEV_URL', sink: 'fetch' }, line: 2, column: 30, suggestions: [] },
      ],
    },
    // one variable per origin: two URLs of one host share its base, as env-endpoints writes them
    {
      code: `fetch('https://model-serving.example.com/predict');\nfetch('https://model-serving.example.com/health');`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'model-serving.example.com', sink: 'fetch', name: 'MODEL_SERVING_BASE_URL' },
          line: 1,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              data: { read: 'process.env.MODEL_SERVING_BASE_URL', what: 'URL' },
              output: "fetch(`${process.env.MODEL_SERVING_BASE_URL ?? 'https://model-serving.example.com'}/predict`);\nfetch('https://model-serving.example.com/health');",
            },
          ],
        },
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'model-serving.example.com', sink: 'fetch', name: 'MODEL_SERVING_BASE_URL' },
          line: 2,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: "fetch('https://model-serving.example.com/predict');\nfetch(`${process.env.MODEL_SERVING_BASE_URL ?? 'https://model-serving.example.com'}/health`);",
            },
          ],
        },
      ],
    },
    // a suggestion applied already: the next URL of the origin takes the variable the file reads, as its base
    {
      code: `const base = process.env.MODEL_SERVING_BASE_URL ?? 'https://model-serving.example.com';\nfetch(\`\${base}/predict\`);\nfetch('https://model-serving.example.com/health');`,
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'model-serving.example.com', sink: 'fetch', name: 'MODEL_SERVING_BASE_URL' },
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `const base = process.env.MODEL_SERVING_BASE_URL ?? 'https://model-serving.example.com';\nfetch(\`\${base}/predict\`);\nfetch(\`\${process.env.MODEL_SERVING_BASE_URL ?? 'https://model-serving.example.com'}/health\`);`,
            },
          ],
        },
      ],
    },
    // allowedHosts globs do not cover the apex or other domains; two hosts of one name get two names
    {
      code: `fetch('https://acme.io/x');\nfetch('https://api.acme.io/x');\nfetch('https://acme.dev/x');`,
      options: [{ allowedHosts: ['*.acme.io'] }],
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'acme.io', sink: 'fetch', name: 'ACME_IO_ENDPOINT' },
          line: 1,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `fetch(process.env.ACME_IO_ENDPOINT ?? 'https://acme.io/x');\nfetch('https://api.acme.io/x');\nfetch('https://acme.dev/x');`,
            },
          ],
        },
        {
          messageId: 'hardcodedEndpoint',
          data: { host: 'acme.dev', sink: 'fetch', name: 'ACME_DEV_ENDPOINT' },
          line: 3,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `fetch('https://acme.io/x');\nfetch('https://api.acme.io/x');\nfetch(process.env.ACME_DEV_ENDPOINT ?? 'https://acme.dev/x');`,
            },
          ],
        },
      ],
    },
    // ignore patterns only skip what they match
    {
      code: `fetch('https://status.acme.io/health');\nfetch('https://api.acme.io/health');`,
      options: [{ ignore: ['https://status.acme.io/**'] }],
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          line: 2,
          column: 7,
          suggestions: [
            { messageId: 'suggestEnv', output: `fetch('https://status.acme.io/health');\nfetch(process.env.ACME_ENDPOINT ?? 'https://api.acme.io/health');` },
          ],
        },
      ],
    },
    // every sink
    ...sinkCases(),
    // every flow
    ...flowCases(),
  ],
});

/** One case per sink: `ENDPOINT` marks where the URL goes; reported at `line`:`column`. */
function sinkCases() {
  const url = `'https://api.acme.io/v1/items'`;
  const cases: Array<[string, number, number, string]> = [
    [`import axios from 'axios';\naxios({ method: 'post', url: ENDPOINT, data });`, 2, 30, 'axios'],
    [`import axios from 'axios';\nconst config = { url: ENDPOINT };\naxios.request(config);`, 2, 23, 'axios.request'],
    [`import axios from 'axios';\naxios.get('/items', { baseURL: ENDPOINT });`, 2, 32, 'axios.get'],
    [`import axios from 'axios';\nconst api = axios.create({ baseURL: ENDPOINT });`, 2, 37, 'axios.create'],
    [`import got from 'got';\nconst client = got.extend({ prefixUrl: ENDPOINT });`, 2, 40, 'got.extend'],
    [`import ky from 'ky';\nconst api = ky.create({ prefixUrl: ENDPOINT });`, 2, 36, 'ky.create'],
    [`import got from 'got';\nawait got.post(ENDPOINT, { json });`, 2, 16, 'got.post'],
    [`import ky from 'ky';\nawait ky.get(ENDPOINT).json();`, 2, 14, 'ky.get'],
    [`import request from 'superagent';\nrequest.get(ENDPOINT).end(done);`, 2, 13, 'request.get'],
    [`import { request } from 'undici';\nawait request(ENDPOINT);`, 2, 15, 'request'],
    [`import fetch from 'node-fetch';\nawait fetch(ENDPOINT);`, 2, 13, 'fetch'],
    [`const https = require('https');\nhttps.get(ENDPOINT, onResponse);`, 2, 11, 'https.get'],
    [`const xhr = new XMLHttpRequest();\nxhr.open('GET', ENDPOINT);\nxhr.send();`, 2, 17, 'xhr.open'],
    [`const socket = new WebSocket(ENDPOINT);`, 1, 30, 'new WebSocket'],
    [`import WebSocket from 'ws';\nconst socket = new WebSocket(ENDPOINT);`, 2, 30, 'new WebSocket'],
    [`const events = new EventSource(ENDPOINT);`, 1, 32, 'new EventSource'],
    [`import { EventSource } from 'eventsource';\nconst events = new EventSource(ENDPOINT);`, 2, 32, 'new EventSource'],
  ];
  return cases.map(([template, line, column, sink]) => {
    const isSocket = sink === 'new WebSocket';
    const written = isSocket ? `'wss://api.acme.io/v1/items'` : url;
    const name = isSocket ? 'ACME_WS_URL' : 'ACME_ENDPOINT';
    const code = template.replace('ENDPOINT', written);
    return {
      name: `sink ${sink}: ${template.split('\n').at(-1)}`,
      code,
      errors: [
        {
          messageId: 'hardcodedEndpoint' as const,
          data: { host: 'api.acme.io', sink, name },
          line,
          column,
          suggestions: [{ messageId: 'suggestEnv' as const, output: template.replace('ENDPOINT', `process.env.${name} ?? ${written}`) }],
        },
      ],
    };
  });
}

/** One case per flow, each with the suggestion's exact output. */
function flowCases() {
  const cases: Array<{ name: string; code: string; line: number; column: number; output: string; envName: string; host: string }> = [
    {
      name: 'template literal with a static origin',
      code: 'fetch(`https://orders.acme.io/orders/${id}?expand=items`);',
      line: 1,
      column: 7,
      output: "fetch(`${process.env.ORDERS_BASE_URL ?? 'https://orders.acme.io'}/orders/${id}?expand=items`);",
      envName: 'ORDERS_BASE_URL',
      host: 'orders.acme.io',
    },
    {
      name: 'template in a double-quoted file takes the file quote',
      code: 'const kind = "full";\nfetch(`https://orders.acme.io/orders/${id}?kind=${kind}`);',
      line: 2,
      column: 7,
      output: 'const kind = "full";\nfetch(`${process.env.ORDERS_BASE_URL ?? "https://orders.acme.io"}/orders/${id}?kind=${kind}`);',
      envName: 'ORDERS_BASE_URL',
      host: 'orders.acme.io',
    },
    {
      name: '+ concatenation keeps the rest of the literal',
      code: `fetch('https://orders.acme.io/orders/' + id);`,
      line: 1,
      column: 7,
      output: `fetch((process.env.ORDERS_BASE_URL ?? 'https://orders.acme.io') + '/orders/' + id);`,
      envName: 'ORDERS_BASE_URL',
      host: 'orders.acme.io',
    },
    {
      name: 'single assignment',
      code: `let endpoint;\nendpoint = 'https://orders.acme.io/orders';\nfetch(endpoint);`,
      line: 2,
      column: 12,
      output: `let endpoint;\nendpoint = process.env.ORDERS_ENDPOINT ?? 'https://orders.acme.io/orders';\nfetch(endpoint);`,
      envName: 'ORDERS_ENDPOINT',
      host: 'orders.acme.io',
    },
    {
      name: 'parameter default value',
      code: `export function ping(target = 'https://health.acme.io/ping') {\n  return fetch(target);\n}`,
      line: 1,
      column: 31,
      output: `export function ping(target = process.env.HEALTH_ENDPOINT ?? 'https://health.acme.io/ping') {\n  return fetch(target);\n}`,
      envName: 'HEALTH_ENDPOINT',
      host: 'health.acme.io',
    },
    {
      name: 'destructured parameter default value',
      code: `export function connect({ billingUrl = 'https://billing.acme.io' } = {}) {\n  return fetch(billingUrl);\n}`,
      line: 1,
      column: 40,
      output: `export function connect({ billingUrl = process.env.BILLING_URL ?? 'https://billing.acme.io' } = {}) {\n  return fetch(billingUrl);\n}`,
      envName: 'BILLING_URL',
      host: 'billing.acme.io',
    },
    {
      name: 'object member of a const config',
      code: `const services = { payments: 'https://pay.acme.io/v2' };\nfetch(services.payments + '/charges');`,
      line: 1,
      column: 30,
      output: `const services = { payments: process.env.PAYMENTS ?? 'https://pay.acme.io/v2' };\nfetch(services.payments + '/charges');`,
      envName: 'PAYMENTS',
      host: 'pay.acme.io',
    },
    {
      name: 'non-env default of ||',
      code: `fetch(options.url || 'https://api.acme.io/search');`,
      line: 1,
      column: 22,
      output: `fetch(options.url || (process.env.ACME_ENDPOINT ?? 'https://api.acme.io/search'));`,
      envName: 'ACME_ENDPOINT',
      host: 'api.acme.io',
    },
    {
      name: 'new URL with an absolute input',
      code: `const url = new URL('https://search.acme.io/q');\nurl.searchParams.set('q', term);\nfetch(url);`,
      line: 1,
      column: 21,
      output: `const url = new URL(process.env.SEARCH_ENDPOINT ?? 'https://search.acme.io/q');\nurl.searchParams.set('q', term);\nfetch(url);`,
      envName: 'SEARCH_ENDPOINT',
      host: 'search.acme.io',
    },
    {
      name: 'TypeScript const assertion',
      code: `const PAYMENTS_URL = 'https://pay.acme.io' as const;\nfetch(PAYMENTS_URL);`,
      line: 1,
      column: 22,
      output: `const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://pay.acme.io' as const;\nfetch(PAYMENTS_URL);`,
      envName: 'PAYMENTS_URL',
      host: 'pay.acme.io',
    },
  ];
  return cases.map(({ name, code, line, column, output, envName, host }) => ({
    name: `flow: ${name}`,
    code,
    errors: [
      {
        messageId: 'hardcodedEndpoint' as const,
        data: { host, sink: 'fetch', name: envName },
        line,
        column,
        suggestions: [{ messageId: 'suggestEnv' as const, output }],
      },
    ],
  }));
}

// The suggestion reads the environment the way the file's runtime can (src/analysis/runtime-environment.ts).
const project = tempTree('safe-requests-rule-runtime-');
const FETCH = `fetch('https://api.acme.io/items');\n`;
const ESM_FETCH = `export const items = fetch('https://api.acme.io/items');\n`;
project.write('vite-app/package.json', JSON.stringify({ name: 'web', private: true, type: 'module', devDependencies: { vite: '7' } }));
project.write('vite-app/vite.config.js', 'export default {};\n');
project.write('vite-app/index.html', '<script type="module" src="/src/main.js"></script>');
project.write('next-app/package.json', JSON.stringify({ name: 'chat', private: true, dependencies: { next: '15' } }));
project.write('site/.git/HEAD', 'ref: refs/heads/main\n');
project.write('site/index.html', '<script src="script.js"></script>');

ruleTester.run('no-hardcoded-endpoint: the suggestion follows where the file runs', rule, {
  valid: [],
  invalid: [
    {
      name: 'a file a Vite app builds reads import.meta.env.VITE_*',
      code: ESM_FETCH,
      filename: project.write('vite-app/src/main.js', ESM_FETCH),
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          line: 1,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestEnv',
              data: { read: 'import.meta.env.VITE_ACME_ENDPOINT', what: 'URL' },
              output: "export const items = fetch(import.meta.env.VITE_ACME_ENDPOINT ?? 'https://api.acme.io/items');\n",
            },
          ],
        },
      ],
    },
    {
      name: 'a Next.js "use client" file reads process.env.NEXT_PUBLIC_*',
      code: `"use client";\n${ESM_FETCH}`,
      filename: project.write('next-app/app/chat.tsx', `"use client";\n${ESM_FETCH}`),
      errors: [
        {
          messageId: 'hardcodedEndpoint',
          line: 2,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestEnv',
              output: `"use client";\nexport const items = fetch(process.env.NEXT_PUBLIC_ACME_ENDPOINT ?? 'https://api.acme.io/items');\n`,
            },
          ],
        },
      ],
    },
    {
      name: 'a classic script of a page is reported, with no suggestion: nothing would read a variable there',
      code: FETCH,
      filename: project.write('site/script.js', FETCH),
      errors: [{ messageId: 'hardcodedEndpoint', line: 1, column: 7, suggestions: [] }],
    },
  ],
});

describe('no-hardcoded-endpoint under configs.recommended', () => {
  const code = `fetch('https://api.acme.io/users').catch(log);\n`;

  /** The recommended config as users spread it, so its own test-file globs decide what applies. */
  function lintRecommended(filePath: string): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never } }, ...(plugin.configs.recommended as never[])];
    return linter.verify(code, config, { filename: filePath });
  }

  it('is reported in a source file', () => {
    const messages = lintRecommended('src/api.ts').filter((message) => message.ruleId === 'safe-requests/no-hardcoded-endpoint');
    expect(messages.map((message) => `${message.line}:${message.column} ${message.severity}`)).toEqual(['1:7 1']);
  });

  it.each(['src/api.test.ts', 'test/api-test.ts', 'tests/test.ts', 'src/api_test.ts', 'ecosystem-tests/edge/api.ts', 'snippets-fixtures/a/api.ts', 'src/util/testing/api.ts', 'cypress/support/api.ts', 'playwright/api.ts', 'src/__fixtures__/api.ts'])(
    'is off in the test file %s',
    (path) => {
      expect(lintRecommended(path)).toEqual([]);
    },
  );

  it("is off in the project's own test folders with the ignores entry the README shows", () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
      ...(plugin.configs.recommended as never[]),
      { files: ['qa/**'], rules: { 'safe-requests/no-hardcoded-endpoint': 'off', 'safe-requests/require-timeout': 'off', 'safe-requests/require-retry': 'off' } },
    ];
    expect(linter.verify(code, config, { filename: 'qa/smoke/api.ts' })).toEqual([]);
    expect(linter.verify(code, config, { filename: 'src/api.ts' }).map((message) => message.ruleId)).toContain('safe-requests/no-hardcoded-endpoint');
  });

  it('refuses a bad option with a message that names the rule and the value', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { plugins: { 'safe-requests': { rules: { 'no-hardcoded-endpoint': rule } } as never }, rules: { 'safe-requests/no-hardcoded-endpoint': ['error', { envFallback: 'sometimes' }] } },
    ];
    expect(() => linter.verify(code, config, { filename: 'src/api.js' })).toThrow(/no-hardcoded-endpoint[\s\S]*"sometimes" should be equal to one of the allowed values/);
  });
});
