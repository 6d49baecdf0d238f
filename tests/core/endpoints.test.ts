import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ENDPOINT_OPTIONS,
  envReplacementEdit,
  envVariableName,
  fallbackValueText,
  findHardcodedEndpoints,
  isEnvLookup,
  type EndpointFinding,
  type EndpointOptions,
} from '../../src/analysis/endpoints';
import { parseForAnalysis } from '../../src/rewrite/parse';
import type { FileInput } from '../../src/analysis/requests';
import { readSettings } from '../../src/analysis/settings';
import { applyTextEdits } from '../../src/rewrite/text-edits';
import { startOf } from '../../src/analysis/positions';

function inputFor(code: string, filePath = 'src/api.ts'): FileInput {
  const { ast, scopeManager } = parseForAnalysis(code, filePath);
  return { ast, scopeManager, settings: readSettings(undefined), text: code };
}

function find(code: string, options: Partial<EndpointOptions> = {}, filePath?: string): EndpointFinding[] {
  return findHardcodedEndpoints(inputFor(code, filePath), { ...DEFAULT_ENDPOINT_OPTIONS, ...options });
}

function only(code: string, options: Partial<EndpointOptions> = {}): EndpointFinding {
  const findings = find(code, options);
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

/** The code with the finding replaced by `process.env.<name> ?? <current value>`. */
function rewrite(code: string, finding: EndpointFinding): string {
  const expression = `process.env.${finding.proposedEnvName} ?? ${fallbackValueText(finding, code, "'")}`;
  return applyTextEdits(code, [envReplacementEdit(finding, code, expression)]);
}

function written(code: string, finding: EndpointFinding): string {
  return code.slice(finding.node.range[0], finding.node.range[1]);
}

describe('findHardcodedEndpoints: kinds and replaced text', () => {
  it('a whole literal moves as a whole', () => {
    const code = `import axios from 'axios';\naxios.post('https://model-serving.example.com/predict', payload);`;
    const finding = only(code);
    expect(finding).toMatchObject({
      kind: 'literal',
      target: 'url',
      replacedText: 'https://model-serving.example.com/predict',
      proposedEnvName: 'MODEL_SERVING_ENDPOINT',
      secret: false,
      sinkLabel: 'axios.post',
    });
    expect(written(code, finding)).toBe(`'https://model-serving.example.com/predict'`);
    expect(finding.sink.type).toBe('CallExpression');
    expect(startOf(finding.node)).toEqual({ line: 2, column: 11 });
  });

  it('a template moves only its static origin', () => {
    const code = 'fetch(`https://users.acme.io/users/${id}`);';
    const finding = only(code);
    expect(finding).toMatchObject({ kind: 'template', replacedText: 'https://users.acme.io', proposedEnvName: 'USERS_BASE_URL' });
    expect(finding.url.pathname).toBe('/users/');
    expect(finding.bindingName).toBeUndefined();
    expect(rewrite(code, finding)).toBe("fetch(`${process.env.USERS_BASE_URL ?? 'https://users.acme.io'}/users/${id}`);");
  });

  it('a concatenation is found at the literal holding scheme and host, and keeps the rest in its quotes', () => {
    const code = `fetch("https://users.acme.io/users/" + id + '?full=1');`;
    const finding = only(code);
    expect(finding).toMatchObject({ kind: 'concatenation', replacedText: 'https://users.acme.io', staticText: 'https://users.acme.io/users/' });
    expect(written(code, finding)).toBe('"https://users.acme.io/users/"');
    expect(rewrite(code, finding)).toBe(`fetch((process.env.USERS_BASE_URL ?? "https://users.acme.io") + "/users/" + id + '?full=1');`);
  });

  it('a const used in a template in another function is found at its declaration, named after the binding', () => {
    const code = [
      `const USERS_API = 'https://users.acme.io';`,
      'export function getUser(id: string) {',
      '  return fetch(`${USERS_API}/users/${id}`);',
      '}',
    ].join('\n');
    const finding = only(code);
    expect(finding).toMatchObject({ kind: 'literal', bindingName: 'USERS_API', proposedEnvName: 'USERS_API', replacedText: 'https://users.acme.io' });
    expect(startOf(finding.node)).toEqual({ line: 1, column: 18 });
    expect(startOf(finding.sink).line).toBe(3);
    expect(rewrite(code, finding).split('\n')[0]).toBe(`const USERS_API = process.env.USERS_API ?? 'https://users.acme.io';`);
  });

  it('a generic binding name gives way to the URL', () => {
    const finding = only(`const baseUrl = 'https://api.acme.io/v1';\nfetch(baseUrl + '/users');`);
    expect(finding).toMatchObject({ bindingName: 'baseUrl', proposedEnvName: 'ACME_BASE_URL' });
  });

  it('a config property key is the binding name', () => {
    const finding = only(`import axios from 'axios';\nexport const api = axios.create({ baseURL: 'https://api.acme.io', timeout: 5000 });`);
    expect(finding).toMatchObject({ bindingName: 'baseURL', proposedEnvName: 'ACME_BASE_URL', sinkLabel: 'axios.create' });
  });

  it('node:http host options are bare hosts with a _HOST name and the scheme of their module', () => {
    const code = `import https from 'node:https';\nhttps.request({ hostname: 'api.acme.io', path: '/v1/users' });`;
    const finding = only(code);
    expect(finding).toMatchObject({ kind: 'literal', target: 'host', replacedText: 'api.acme.io', proposedEnvName: 'ACME_HOST' });
    expect(finding.url.scheme).toBe('https');
    expect(rewrite(code, finding)).toContain(`hostname: process.env.ACME_HOST ?? 'api.acme.io'`);
    expect(only(`const http = require('http');\nhttp.get({ host: 'metrics.acme.io', port: 9100 });`).url.scheme).toBe('http');
    expect(only(`import http from 'http';\nhttp.get({ host: 'metrics.acme.io', protocol: 'https:' });`).url.scheme).toBe('https');
  });

  it('a host option holding a path or a scheme is not a host', () => {
    expect(find(`import http from 'http';\nhttp.get({ hostname: 'api.acme.io/v1' });`)).toEqual([]);
    expect(find(`import http from 'http';\nhttp.get({ hostname: 'https://api.acme.io' });`)).toEqual([]);
  });
});

describe('findHardcodedEndpoints: flows', () => {
  it('the base of new URL(path, base) counts when the path is relative, not when it is absolute', () => {
    expect(only(`const base = 'https://api.acme.io';\nfetch(new URL('/v2', base));`).replacedText).toBe('https://api.acme.io');
    const absolute = find(`const base = 'https://api.acme.io';\nfetch(new URL('https://other.acme.io/x', base));`);
    expect(absolute.map((finding) => finding.replacedText)).toEqual(['https://other.acme.io/x']);
  });

  it('follows .href, .toString(), String() and new Request()', () => {
    const code = [
      `const a = new URL('https://a.acme.io/x');`,
      `fetch(a.href);`,
      `fetch(new URL('https://b.acme.io/x').toString());`,
      `fetch(String(new URL('https://c.acme.io/x')));`,
      `fetch(new Request('https://d.acme.io/x'));`,
    ].join('\n');
    expect(find(code).map((finding) => finding.url.hostname)).toEqual(['a.acme.io', 'b.acme.io', 'c.acme.io', 'd.acme.io']);
  });

  it('follows parameter defaults, single assignments, conditionals and object members', () => {
    const code = [
      `function ping(url = 'https://a.acme.io/ping') { return fetch(url); }`,
      `let later;`,
      `later = 'https://b.acme.io/x';`,
      `fetch(later);`,
      `fetch(prod ? 'https://c.acme.io/x' : 'http://localhost:3000/x');`,
      `const services = { billing: { url: 'https://d.acme.io/charge' } };`,
      `fetch(services.billing.url);`,
    ].join('\n');
    const findings = find(code);
    expect(findings.map((finding) => finding.url.hostname)).toEqual(['a.acme.io', 'b.acme.io', 'c.acme.io', 'd.acme.io']);
    expect(findings.map((finding) => finding.bindingName)).toEqual(['url', 'later', undefined, 'url']);
  });

  it('does not follow bindings written more than once', () => {
    expect(find(`let url = 'https://a.acme.io/x';\nif (beta) url = other;\nfetch(url);`)).toEqual([]);
    expect(find(`for (const url of ['https://a.acme.io/x']) fetch(url);`)).toEqual([]);
  });

  it('does not follow a shadowed URL constructor', () => {
    expect(find(`class URL { constructor(public a: string, public b: string) {} }\nconst base = 'https://api.acme.io';\nfetch(new URL('/v2', base) as any);`)).toEqual([]);
  });

  it('reports nothing for URLs that reach no sink', () => {
    const code = [
      `const DOCS = 'https://docs.acme.io';`,
      `console.log(DOCS, 'see https://status.acme.io');`,
      `window.open('https://acme.io/help');`,
      `location.href = 'https://acme.io/login';`,
      `document.createElementNS('http://www.w3.org/2000/svg', 'svg');`,
      `const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://acme.io/user.json' };`,
      `new URL('https://acme.io/unused');`,
    ].join('\n');
    expect(find(code)).toEqual([]);
  });

  it('a credential-looking template head is userinfo, not a host', () => {
    expect(find('fetch(`https://user:${password}@api.acme.io/x`);')).toEqual([]);
  });

  it('one finding per literal, at its first sink, sorted by position', () => {
    const code = [
      `import axios from 'axios';`,
      `const API = 'https://api.acme.io';`,
      `const OTHER = 'https://other.acme.io';`,
      `axios.get(OTHER);`,
      `fetch(API + '/a');`,
      `axios.get(API);`,
    ].join('\n');
    const findings = find(code);
    expect(findings.map((finding) => [finding.replacedText, finding.sinkLabel, startOf(finding.sink).line])).toEqual([
      ['https://api.acme.io', 'fetch', 5],
      ['https://other.acme.io', 'axios.get', 4],
    ]);
  });

  it('is memoised per AST and options', () => {
    const input = inputFor(`fetch('https://api.acme.io/x');`);
    const first = findHardcodedEndpoints(input, DEFAULT_ENDPOINT_OPTIONS);
    expect(findHardcodedEndpoints(input, { ...DEFAULT_ENDPOINT_OPTIONS })).toBe(first);
    expect(findHardcodedEndpoints(input, { ...DEFAULT_ENDPOINT_OPTIONS, allowedHosts: ['api.acme.io'] })).toEqual([]);
  });
});

describe('findHardcodedEndpoints: options and secrets', () => {
  it('allows loopback hosts and allowedHosts globs', () => {
    expect(find(`fetch('http://localhost:3000/x'); fetch('http://127.0.0.9/x'); fetch('http://[::1]/x');`)).toEqual([]);
    expect(find(`fetch('https://api.acme.io/x');`, { allowedHosts: ['*.acme.io'] })).toEqual([]);
    expect(find(`fetch('https://acme.io/x');`, { allowedHosts: ['*.acme.io'] })).toHaveLength(1);
  });

  it('ignore globs match origin and path, not the query', () => {
    const code = `fetch('https://status.acme.io/health?verbose=1'); fetch('https://status.acme.io');`;
    expect(find(code, { ignore: ['https://status.acme.io/**'] })).toEqual([]);
    expect(find(code, { ignore: ['https://status.acme.io'] }).map((finding) => finding.replacedText)).toEqual([
      'https://status.acme.io/health?verbose=1',
    ]);
    expect(find('fetch(`https://status.acme.io/checks/${id}`);', { ignore: ['https://status.acme.io/checks/**'] })).toEqual([]);
  });

  it.each([
    ['allow', []],
    ['local-only', ['https://api.acme.io']],
    ['report', ['https://api.acme.io', 'http://localhost:3000']],
  ] as const)('envFallback %s', (envFallback, reported) => {
    const code = `fetch(process.env.API_URL ?? 'https://api.acme.io');\nfetch(process.env.LOCAL_URL || 'http://localhost:3000');`;
    const findings = find(code, { envFallback });
    expect(findings.map((finding) => finding.replacedText)).toEqual(reported);
    expect(findings.map((finding) => finding.fallbackFor)).toEqual(reported.map((url) => (url.includes('localhost') ? 'LOCAL_URL' : 'API_URL')));
    expect(findings.map((finding) => finding.proposedEnvName)).toEqual(findings.map((finding) => finding.fallbackFor));
  });

  it('secrets are reported wherever they point and whatever envFallback says, never hidden by the host', () => {
    const findings = find(
      [
        `fetch('https://maps.acme.io/geocode?address=x&api_key=AIzaSyD3');`,
        `fetch('http://admin:hunter2@localhost:5984/db');`,
        `fetch(process.env.API ?? 'https://api.acme.io/?token=abc');`,
      ].join('\n'),
    );
    expect(findings.map((finding) => finding.secret)).toEqual([true, true, true]);
  });

  it('a secret parameter whose value is left to code is not a secret', () => {
    const finding = only('fetch(`https://maps.acme.io/geocode?api_key=${KEY}&q=${q}`);');
    expect(finding).toMatchObject({ secret: false, kind: 'template', replacedText: 'https://maps.acme.io' });
  });
});

describe('envReplacementEdit', () => {
  it.each([
    [`fetch(opts.url || 'https://a.acme.io/x');`, `fetch(opts.url || (process.env.ACME_ENDPOINT ?? 'https://a.acme.io/x'));`],
    [`const u = 'https://a.acme.io/x';\nfetch(u);`, `const u = process.env.ACME_ENDPOINT ?? 'https://a.acme.io/x';\nfetch(u);`],
    [`const API = 'https://a.acme.io' as const;\nfetch(API);`, `const API = process.env.ACME_BASE_URL ?? 'https://a.acme.io' as const;\nfetch(API);`],
    ['fetch(`https://a.acme.io`);', 'fetch(process.env.ACME_BASE_URL ?? `https://a.acme.io`);'],
    [`fetch(new URL('https://a.acme.io/x').href);`, `fetch(new URL(process.env.ACME_ENDPOINT ?? 'https://a.acme.io/x').href);`],
  ])('literal: %s', (code, expected) => {
    expect(rewrite(code, only(code))).toBe(expected);
  });

  it('splices the template edit over the origin only, port included', () => {
    const code = 'fetch(`http://metrics.acme.io:9100/api/${q}`);';
    const finding = only(code);
    const edit = envReplacementEdit(finding, code, 'X');
    expect(code.slice(edit.start, edit.end)).toBe('http://metrics.acme.io:9100');
    expect(edit.text).toBe('${X}');
  });

  it('replaces a concatenation head that is all origin by the parenthesised expression', () => {
    const code = `fetch('http://[2001:db8::1]' + path);`;
    const finding = only(code);
    expect(finding.kind).toBe('concatenation');
    expect(applyTextEdits(code, [envReplacementEdit(finding, code, 'a ?? b')])).toBe('fetch((a ?? b) + path);');
  });

  it('is idempotent: the rewritten code has no findings left', () => {
    const code = [
      `import axios from 'axios';`,
      `const USERS_API = 'https://users.acme.io';`,
      'fetch(`${USERS_API}/users/${id}`);',
      'fetch(`https://orders.acme.io/orders/${id}`);',
      `fetch('https://billing.acme.io/invoices/' + id);`,
      `axios.create({ baseURL: 'https://api.acme.io' });`,
    ].join('\n');
    const findings = find(code);
    expect(findings).toHaveLength(4);
    const edits = findings.map((finding) =>
      envReplacementEdit(finding, code, `process.env.${finding.proposedEnvName} ?? ${fallbackValueText(finding, code, "'")}`),
    );
    const output = applyTextEdits(code, edits);
    expect(find(output)).toEqual([]);
    expect(find(output, { envFallback: 'report' })).toHaveLength(4);
  });
});

describe('isEnvLookup', () => {
  function expressionOf(code: string) {
    const statement = parseForAnalysis(code, 'x.ts').ast.body[0]!;
    if (statement.type !== 'ExpressionStatement') throw new Error('not an expression');
    return statement.expression;
  }

  it.each([
    ['process.env.API_URL', 'API_URL'],
    [`process.env['API_URL']`, 'API_URL'],
    [`process.env.API_URL ?? 'https://a.acme.io'`, 'API_URL'],
    [`process.env.API_URL || 'https://a.acme.io'`, 'API_URL'],
    [`(process.env.A ?? process.env.B) ?? 'https://a.acme.io'`, 'A'],
    ['import.meta.env.VITE_API_URL', 'VITE_API_URL'],
    [`Deno.env.get('API_URL')`, 'API_URL'],
    ['Bun.env.API_URL', 'API_URL'],
    ['process.env.API_URL!', 'API_URL'],
  ])('%s reads %s', (code, name) => {
    expect(isEnvLookup(expressionOf(code))).toBe(true);
    expect(envVariableName(expressionOf(code))).toBe(name);
  });

  it.each([`config.env.API_URL`, `process.env.API_URL && 'x'`, `url ?? process.env.API_URL`, `Deno.env.toObject()`, `'https://a.acme.io'`])(
    '%s is not one',
    (code) => {
      expect(isEnvLookup(expressionOf(code))).toBe(false);
    },
  );
});
