import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles, MAX_FILE_BYTES } from '../../src/cli/discover';
import { UsageError } from '../../src/cli/exit-codes';
import { mayNeedWork } from '../../src/cli/prefilter';
import { GLOBAL_MAP, mayMentionClient, MODULE_MAPS } from '../../src/analysis/clients';
import { commentFreeText } from '../../src/cli/comment-free-text';
import { EMPTY_SETTINGS, readSettings } from '../../src/analysis/settings';
import { envEndpoints } from '../../transforms/env-endpoints';
import { retryRequests } from '../../transforms/retry-requests';
import { loadFixtures } from '../transforms/harness';
import { git, makeProject, readJson, runCli, SEED_CLIENT } from './helpers';

/** node:http takes a bare host: an endpoint without `://`. */
const HOST_ONLY = "import https from 'node:https';\nexport const load = () => https.get({ hostname: 'api.acme.io', path: '/v1/users' }).on('error', console.error);\n";

const REQUEST = "export async function load() {\n  const response = await fetch('https://api.example.com/x');\n  return response.json();\n}\n";

/** Nested .gitignore files with a negation, default excludes, test files, declarations. */
const TREE = {
  'src/app.js': REQUEST,
  'src/gen/dropped.js': REQUEST,
  'src/gen/kept.js': REQUEST,
  'src/.gitignore': 'gen/*\n!gen/kept.js\n',
  '.gitignore': 'ignored-dir/\n*.local.js\n',
  'ignored-dir/a.js': REQUEST,
  'src/config.local.js': REQUEST,
  'node_modules/lib/index.js': REQUEST,
  'packages/ui/dist/bundle.js': REQUEST,
  'packages/ui/build/out.js': REQUEST,
  'coverage/lcov.js': REQUEST,
  'vendor/jquery.js': REQUEST,
  '.next/server.js': REQUEST,
  'out/page.js': REQUEST,
  'src/types.d.ts': 'export declare const x: string;\n',
  'src/app.test.ts': REQUEST,
  'src/__mocks__/api.js': REQUEST,
  'e2e/flow.js': REQUEST,
  'src/styles.css': 'a { color: red }\n',
  'packages/ui/src/button.tsx': REQUEST,
};

function discover(cwd: string, extra: Partial<Parameters<typeof discoverFiles>[0]> = {}) {
  return discoverFiles({ cwd, paths: [], include: [], exclude: [], includeTests: false, changed: undefined, ...extra });
}

const paths = (discovery: ReturnType<typeof discover>) => discovery.files.map((file) => file.relPath);

const EXPECTED = ['packages/ui/src/button.tsx', 'src/app.js', 'src/gen/kept.js'];

describe('discoverFiles', () => {
  it('in git: nested .gitignore with a negation, default excludes, no tests or declarations', () => {
    const dir = makeProject(TREE);
    const discovery = discover(dir);
    expect(paths(discovery)).toEqual(EXPECTED);
    expect(discovery.testFilesExcluded).toBe(3);
    expect(discovery.gitRoot).toBeDefined();
  });

  it('outside git: the walk applies the same .gitignore rules', () => {
    const dir = makeProject(TREE, { git: false });
    const discovery = discover(dir);
    expect(paths(discovery)).toEqual(EXPECTED);
    expect(discovery.gitRoot).toBeUndefined();
  });

  it('a parent folder ignored by a .gitignore cannot be re-included below it', () => {
    const dir = makeProject({ '.gitignore': 'gen/\n', 'gen/.gitignore': '!keep.js\n', 'gen/keep.js': REQUEST, 'a.js': REQUEST }, { git: false });
    expect(paths(discover(dir))).toEqual(['a.js']);
  });

  it('--include-tests, --include and --exclude', () => {
    const dir = makeProject(TREE);
    expect(paths(discover(dir, { includeTests: true }))).toEqual([
      'e2e/flow.js',
      'packages/ui/src/button.tsx',
      'src/__mocks__/api.js',
      'src/app.js',
      'src/app.test.ts',
      'src/gen/kept.js',
    ]);
    expect(paths(discover(dir, { include: ['src/**'] }))).toEqual(['src/app.js', 'src/gen/kept.js']);
    expect(paths(discover(dir, { exclude: ['**/gen/**', 'packages/**'] }))).toEqual(['src/app.js']);
  });

  it('paths narrow the run; a missing path is a usage error', () => {
    const dir = makeProject(TREE);
    expect(paths(discover(dir, { paths: ['packages'] }))).toEqual(['packages/ui/src/button.tsx']);
    expect(paths(discover(dir, { paths: ['src/app.js'] }))).toEqual(['src/app.js']);
    expect(() => discover(dir, { paths: ['nope'] })).toThrow(UsageError);
  });

  it('files over 1 MB are set aside as too large', () => {
    const dir = makeProject({ 'big.js': `${REQUEST}//${'x'.repeat(MAX_FILE_BYTES)}\n`, 'small.js': REQUEST });
    const discovery = discover(dir);
    expect(paths(discovery)).toEqual(['small.js']);
    expect(discovery.tooLarge.map((file) => file.relPath)).toEqual(['big.js']);
  });

  it('a deleted but still indexed file is not listed', () => {
    const dir = makeProject({ 'a.js': REQUEST, 'b.js': REQUEST });
    unlinkSync(join(dir, 'b.js'));
    expect(git(dir, 'ls-files')).toBe('a.js\nb.js\n');
    expect(paths(discover(dir))).toEqual(['a.js']);
  });
});

describe('through the built CLI', () => {
  it.each([
    ['in git', true],
    ['outside git', false],
  ])('%s: list sees exactly the discovered files', (_where, inGit) => {
    const dir = makeProject(TREE, { git: inGit });
    const result = runCli(dir, ['list', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = readJson<{ entries: Array<{ path: string }>; summary: { testFilesExcluded: number } }>(result.stdout);
    expect(report.entries.map((entry) => entry.path)).toEqual(EXPECTED);
    expect(report.summary.testFilesExcluded).toBe(3);
  });
});

describe('the text pre-filter', () => {
  it('knows every module and global of the client table, as a quoted specifier or a whole word', () => {
    for (const name of Object.keys(MODULE_MAPS)) {
      expect([name, mayMentionClient(`require('${name}')`, EMPTY_SETTINGS.clients)]).toEqual([name, true]);
      expect([name, mayMentionClient(`const ${name.replace(/\W/g, '_')}Mirror = 1;`, EMPTY_SETTINGS.clients)]).toEqual([name, false]);
    }
    for (const name of Object.keys(GLOBAL_MAP)) {
      expect(mayMentionClient(`globalThis.${name}`, EMPTY_SETTINGS.clients)).toBe(true);
      expect(mayMentionClient(`pre${name}`, EMPTY_SETTINGS.clients)).toBe(false);
    }
  });

  it('asks only the sides of the transforms that run; settings-declared clients count', () => {
    const settings = { clients: { '@acme/rpc': ['call'] }, retryWrappers: {}, retryMethods: [] };
    expect(mayNeedWork("import { call } from '@acme/rpc';", 'src/a.js', ['retry-requests'], settings)).toBe(true);
    expect(mayNeedWork("import { call } from '@acme/rpc';", 'src/a.js', ['retry-requests'], EMPTY_SETTINGS)).toBe(false);
    expect(mayNeedWork("export const feed = new WebSocket('wss://feed.acme.io');", 'src/a.js', ['env-endpoints'], EMPTY_SETTINGS)).toBe(true);
    expect(mayNeedWork("export const feed = new WebSocket('wss://feed.acme.io');", 'src/a.js', ['retry-requests'], EMPTY_SETTINGS)).toBe(false);
    expect(mayNeedWork('export const twice = (n) => n * 2;', 'src/a.js', ['env-endpoints', 'retry-requests'], settings)).toBe(false);
  });

  it.each([
    ['env-endpoints', envEndpoints],
    ['retry-requests', retryRequests],
  ] as const)('lets through every fixture %s changes', (name, transform) => {
    const changed = loadFixtures(name).filter((fixture) => fixture.expected !== null && fixture.expected !== fixture.input);
    expect(changed.length).toBeGreaterThan(10);
    for (const fixture of changed) {
      const options = readSettings(fixture.options.settings);
      expect([fixture.name, mayNeedWork(fixture.input, fixture.inputPath, [transform.name], options)]).toEqual([fixture.name, true]);
    }
  });

  it('skips client names and URLs that only sit in comments and words', () => {
    const prose = [
      '// See https://example.com/docs: we prefetch the http cache, no axios or got here.',
      '/* Copied from http://www.apache.org/licenses/LICENSE-2.0 */',
      'export const prefetched = (fetcher) => fetcher.gotten;',
    ].join('\n');
    expect(mayNeedWork(prose, 'src/a.js', ['env-endpoints', 'retry-requests'], EMPTY_SETTINGS)).toBe(false);
  });

  it.each([
    ['JSDoc', "/**\n * Calls fetch(url) with retries; see 'https://acme.io/docs'.\n */\nexport const DOCS = 'https://acme.io/docs';\n", 'src/a.js'],
    ['a line comment', "export const api = 'https://api.acme.io'; // fetch() it later\n", 'src/a.ts'],
    ['a commented-out import', "// import axios from 'axios';\nexport const api = 'https://api.acme.io';\n", 'src/a.mjs'],
    ['a WebSocket in a comment', "/* new WebSocket('wss://feed.acme.io') */\nexport const feed = 'wss://feed.acme.io';\n", 'src/a.js'],
  ])('skips a file whose only request word is in %s (a URL alone reaches nothing)', (_, text, path) => {
    expect(mayNeedWork(text, path, ['env-endpoints', 'retry-requests'], EMPTY_SETTINGS)).toBe(false);
  });

  it.each([
    ["const axios = require('axios');", 'retry-requests'],
    ['import got from "got";', 'retry-requests'],
    ['const http = await import(`node:http`);', 'retry-requests'],
    ['export const load = (path) => globalThis.fetch(path);', 'retry-requests'],
    ['const xhr = new XMLHttpRequest();', 'retry-requests'],
    ["export const load = () => fetch('https://api.acme.io');", 'env-endpoints'],
    ['export const feed = new WebSocket(`WSS://feed.acme.io/${id}`);', 'env-endpoints'],
    ["export const beacon = () => navigator.sendBeacon('\\x68ttps://api.acme.io');", 'env-endpoints'],
    ["import EventSource from 'eventsource';\nexport const events = new EventSource('\\\nhttps://api.acme.io');", 'env-endpoints'],
    // A regular expression that holds `//` and a URL-like string after it are read as code.
    ["const slashes = /\\/\\//g; export const load = () => fetch('https://api.acme.io');", 'env-endpoints'],
    // JSX text may hold `//` and apostrophes.
    ["export const Link = () => <p>Don't see http://acme.io {fetch('https://api.acme.io')}</p>;", 'env-endpoints'],
  ] as const)('lets through %s for %s', (text, transform) => {
    expect(mayNeedWork(text, 'src/a.jsx', [transform], EMPTY_SETTINGS)).toBe(true);
  });

  it('keeps the whole text when the tokenizer reads an unclosed token, whatever it would blank', () => {
    const unclosed = "/* fetch(url) */ export const load = () => fetch('https://api.acme.io') + `unclosed";
    expect(commentFreeText(unclosed, 'src/a.js')).toBeUndefined();
    expect(mayNeedWork("/* fetch(url) */ export const x = 'https://api.acme.io' + `unclosed", 'src/a.js', ['retry-requests'], EMPTY_SETTINGS)).toBe(true);
    expect(commentFreeText("a; // fetch\n/* x */b;\r\n", 'src/a.ts')).toBe('a;         \n       b;\r\n');
  });

  it("reads a parsable file's comments from its parse, HTML-like comments of a script included", () => {
    expect(commentFreeText("<!-- fetch('https://a.io')\na();\n", 'page-script.js')).toBe('                          \na();\n');
    // A file that does not parse is read by the tokenizer, which knows no HTML-like comments.
    expect(commentFreeText('<!-- fetch\n/* x */ a(;\n', 'broken.ts')).toBe('<!-- fetch\n        a(;\n');
  });

  it('lets through a settings-declared module only as a quoted specifier', () => {
    const settings = { clients: { 'acme-rpc': ['call'] }, retryWrappers: {}, retryMethods: [] };
    expect(mayNeedWork("import { call } from 'acme-rpc';", 'src/a.js', ['retry-requests'], settings)).toBe(true);
    expect(mayNeedWork('// the acme-rpc client is elsewhere', 'src/a.js', ['retry-requests'], settings)).toBe(false);
  });

  it('lets through a bare node:http host, which env-endpoints rewrites though it holds no ://', () => {
    const dir = makeProject({ 'package.json': '{ "name": "app" }\n', 'src/users.js': HOST_ONLY });
    const result = runCli(dir, ['check', '--transforms', 'env-endpoints', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = readJson<{ envVariables: Array<{ name: string; path: string }> }>(result.stdout);
    expect(report.envVariables.map(({ path, name }) => `${path} ${name}`)).toEqual(['src/users.js ACME_HOST']);
  });
});

describe('generated and minified files through the CLI', () => {
  it('are counted as skipped with their reason and left alone', () => {
    const dir = makeProject({
      'src/client.mjs': SEED_CLIENT,
      'src/api.generated.js': `// @generated by protoc. DO NOT EDIT.\n${REQUEST}`,
      'src/lib.min.js': REQUEST,
      'src/long.js': `${`fetch(1);`.repeat(200)}\n`.repeat(2),
    });
    const result = runCli(dir, ['check', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = readJson<{ files: Array<{ path: string; status: string; reason: string }> }>(result.stdout);
    expect(report.files.map(({ path, status, reason }) => `${path} ${status} ${reason}`)).toEqual([
      'src/api.generated.js skipped generated',
      'src/client.mjs changed null',
      'src/lib.min.js skipped minified',
      'src/long.js skipped minified',
    ]);
  });
});
