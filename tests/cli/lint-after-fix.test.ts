import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index';
import { makeProject, runCli, SEED_CLIENT } from './helpers';

// The documented PR-CI recipe: after `safe-requests fix`, `configs.recommended` reports nothing
// but what the CLI listed for manual review.

const PACKAGE_JSON = JSON.stringify({ name: 'clients', private: true, type: 'module' });

const FILES = {
  'package.json': PACKAGE_JSON,
  'src/seed.js': SEED_CLIENT,
  'src/billing.js': [
    "import axios from 'axios';",
    "const api = axios.create({ baseURL: 'https://billing.example.com' });",
    'export const invoices = async (customer) => (await api.get(`/customers/${customer}/invoices`)).data;',
    "export const charge = async (customer, amount) => (await axios.post('https://billing.example.com/charges', { customer, amount })).data;",
    '',
  ].join('\n'),
  'src/events.js': [
    "import got from 'got';",
    'export const publish = async (url, event) => (await got.post(url, { json: event })).statusCode;',
    'export const status = (url) => got(url).json();',
    '',
  ].join('\n'),
  'src/people.js': [
    "import request from 'superagent';",
    'export const profile = async (id) => (await request.get(`https://people.example.com/profiles/${id}`)).body;',
    '',
  ].join('\n'),
  'src/weather.js': ["import ky from 'ky';", 'export const weather = (city) => ky.get(`https://weather.example.com/${city}`).json();', ''].join('\n'),
  'src/status.js': [
    "import https from 'node:https';",
    'export function ping(path, done) {',
    '  https.get(`https://status.example.com${path}`, (res) => done(null, res.statusCode)).on(\'error\', done);',
    '}',
    '// `target` may be an options object: the CLI lists it instead of guessing.',
    'export function head(target, done) {',
    "  https.get(target, (res) => done(null, res.statusCode)).on('error', done);",
    '}',
    '',
  ].join('\n'),
};

interface FixReport {
  readonly summary: { readonly timeoutsAdded: number };
  readonly manualReview: ReadonlyArray<{ path: string; line: number; column: number; transform: string; reason: string }>;
}

describe('fix, then configs.recommended', () => {
  it('reports no request without a timeout except the one on the manual-review list', async () => {
    const dir = makeProject(FILES);
    const fix = runCli(dir, ['fix', '--format', 'json']);
    expect(fix.code).toBe(0);
    const report = JSON.parse(fix.stdout) as FixReport;
    expect(report.summary.timeoutsAdded).toBe(7);
    const timeoutReviews = report.manualReview.filter((item) => item.transform === 'timeouts');
    expect(timeoutReviews.map((item) => `${item.path}:${item.line}:${item.column} ${item.reason}`)).toEqual(['src/status.js:7:3 timeout-by-hand']);

    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: plugin.configs.recommended });
    const results = await eslint.lintFiles(['src']);
    const reports = results.flatMap((result) =>
      result.messages.map((message) => `${result.filePath.slice(dir.length + 1)}:${message.line}:${message.column} ${message.ruleId ?? message.message}`),
    );
    // At the line the manual-review item names: nothing above it in that file was rewritten.
    expect(reports).toEqual(['src/status.js:7:3 safe-requests/require-timeout']);
  });
});
