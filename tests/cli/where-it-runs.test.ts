import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { git, makeProject, read, readJson, runCli, writeFiles, type ProjectFiles } from './helpers';

/**
 * `safe-requests fix` on whole projects of each kind: what is written matches where each file
 * runs (src/analysis/runtime-environment.ts), and nothing is written where nothing would work.
 */

interface Report {
  readonly exitCode: number;
  readonly files: ReadonlyArray<{ path: string; status: string }>;
  readonly manualReview: ReadonlyArray<{ path: string; line: number; column: number; reason: string; transform: string }>;
  readonly supportFiles: ReadonlyArray<{ path: string }>;
}

function fix(files: ProjectFiles, extraArgs: readonly string[] = []): { dir: string; code: number | null; report: Report } {
  const dir = makeProject(files);
  const result = runCli(dir, ['fix', '--format', 'json', ...extraArgs]);
  return { dir, code: result.code, report: readJson<Report>(result.stdout) };
}

/** Files git sees as changed or added after the run. */
function touched(dir: string): string[] {
  return git(dir, 'status', '--porcelain', '--untracked-files=all')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();
}

const SCRIPT = [
  '// Loaded by index.html.',
  'function send(text) {',
  "  return fetch('https://chat.example.com/api/messages', { method: 'POST', body: JSON.stringify({ text: text }) })",
  '    .then(function (response) { return response.json(); });',
  '}',
  "document.querySelector('form').addEventListener('submit', function (event) {",
  '  event.preventDefault();',
  "  send(document.querySelector('input').value).then(console.log);",
  '});',
  '',
].join('\n');

const NODE_SCRIPT = "import { writeFile } from 'node:fs/promises';\n\nconst response = await fetch('https://registry.example.com/v2/models');\nawait writeFile('models.json', await response.text());\n";

describe('a classic-script site: index.html and script.js, no package.json', () => {
  it('fix exits 0, changes nothing, writes no helper or .env.example, and lists each request for manual review with the reason', () => {
    const files = { 'index.html': '<!doctype html><form><input></form><script src="script.js"></script>\n', 'script.js': SCRIPT };
    const { dir, code, report } = fix(files);
    expect(code).toBe(0);
    expect(touched(dir)).toEqual([]);
    expect(read(dir, 'script.js')).toBe(SCRIPT);
    expect(report.supportFiles).toEqual([]);
    expect(report.manualReview.map((item) => `${item.path}:${item.line}:${item.column} ${item.transform} ${item.reason}`)).toEqual([
      // Kept for browsers older than AbortSignal.timeout(), often: no timeout either.
      'script.js:3:10 timeouts classic-script',
      'script.js:3:10 retry-requests classic-script',
      'script.js:3:16 env-endpoints classic-script',
    ]);
  });

  it('the pretty report says why, and list proposes no variable for it', () => {
    const dir = makeProject({ 'index.html': '<script src="script.js"></script>\n', 'script.js': SCRIPT });
    const result = runCli(dir, ['check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('This file is a classic browser script (index.html loads it with <script src>)');
    const list = runCli(dir, ['list']);
    expect(list.stdout).toMatch(/^script\.js:3:10 +fetch +POST +no \(escapes\) +no +\(review\) +classic-script$/m);
  });
});

describe('Vite', () => {
  it('a package with vitest as its only dev dependency: its scripts get process.env, never import.meta.env', () => {
    const { dir, code } = fix({
      'package.json': JSON.stringify({ name: 'tools', private: true, type: 'module', devDependencies: { vitest: '^3.2.0', vite: '^7.0.0' } }),
      'scripts/pull-models.js': NODE_SCRIPT,
    });
    expect(code).toBe(0);
    const script = read(dir, 'scripts/pull-models.js');
    expect(script).toContain("const REGISTRY_ENDPOINT = process.env.REGISTRY_ENDPOINT ?? 'https://registry.example.com/v2/models';");
    expect(script).toContain('await withRetry((attempt) => fetch(attempt.url(REGISTRY_ENDPOINT), { signal: AbortSignal.timeout(10000) })');
    expect(script).not.toContain('import.meta.env');
  });

  it('a real Vite app (vite.config.js, index.html, src/main.js) reads import.meta.env.VITE_*', () => {
    const main = "const response = await fetch('https://api.weather.example.org/v1/today');\ndocument.querySelector('#app').textContent = await response.text();\n";
    const { dir, code } = fix({
      'package.json': JSON.stringify({ name: 'weather', private: true, type: 'module', devDependencies: { vite: '^7.0.0' } }),
      'vite.config.js': "import { defineConfig } from 'vite';\nexport default defineConfig({});\n",
      'index.html': '<div id="app"></div>\n<script type="module" src="/src/main.js"></script>\n',
      'src/main.js': main,
    });
    expect(code).toBe(0);
    expect(read(dir, 'src/main.js')).toContain("const WEATHER_ENDPOINT = import.meta.env.VITE_WEATHER_ENDPOINT ?? 'https://api.weather.example.org/v1/today';");
    expect(read(dir, 'src/main.js')).toContain('fetch(attempt.url(WEATHER_ENDPOINT), { signal: AbortSignal.timeout(10000) })');
    expect(read(dir, '.env.example')).toContain('VITE_WEATHER_ENDPOINT=https://api.weather.example.org/v1/today');
  });
});

describe('Next.js', () => {
  it('a "use client" file reads process.env.NEXT_PUBLIC_*, a route handler process.env', () => {
    const client = `"use client";\n\nexport async function send(messages: unknown[]) {\n  return fetch('https://openrouter.ai/api/v1/chat/completions', { method: 'POST', body: JSON.stringify({ messages }) });\n}\n`;
    const route = "export async function GET() {\n  return fetch('https://status.example.com/v1/health');\n}\n";
    const { dir, code } = fix(
      {
        'package.json': JSON.stringify({ name: 'chat', private: true, dependencies: { next: '^15.0.0', react: '^19.0.0' } }),
        'app/chat/send.ts': client,
        'app/api/health/route.ts': route,
      },
      ['--transforms', 'env-endpoints'],
    );
    expect(code).toBe(0);
    expect(read(dir, 'app/chat/send.ts')).toContain("const OPENROUTER_ENDPOINT = process.env.NEXT_PUBLIC_OPENROUTER_ENDPOINT ?? 'https://openrouter.ai/api/v1/chat/completions';");
    expect(read(dir, 'app/api/health/route.ts')).toContain("const STATUS_ENDPOINT = process.env.STATUS_ENDPOINT ?? 'https://status.example.com/v1/health';");
  });
});

describe('a published library', () => {
  it('is left as it is with a manual-review reason for each endpoint and request; its release script is Node', () => {
    const source = "export async function forecast(city: string) {\n  const response = await fetch(`https://api.weather.example.org/v1/forecast?city=${city}`);\n  return response.json();\n}\n";
    const { dir, code, report } = fix({
      'package.json': JSON.stringify({ name: '@acme/weather', version: '1.4.0', main: 'dist/index.js', types: 'dist/index.d.ts', files: ['dist'], devDependencies: { vitest: '^3.2.0' } }),
      'src/index.ts': source,
      'scripts/smoke.mjs': NODE_SCRIPT,
    });
    expect(code).toBe(0);
    expect(read(dir, 'src/index.ts')).toBe(source);
    expect(touched(dir)).toEqual(['.env.example', 'safe-requests-runtime.mjs', 'scripts/smoke.mjs']);
    expect(report.manualReview.filter((item) => item.path === 'src/index.ts').map((item) => `${item.line}:${item.column} ${item.transform} ${item.reason}`)).toEqual([
      // A timeout written here would bind every application using the library.
      '2:26 timeouts published-library',
      '2:26 retry-requests published-library',
      '2:32 env-endpoints published-library',
    ]);
  });
});

describe('test and fixture files are never changed by fix', () => {
  const REQUEST = "export async function load() {\n  const response = await fetch('https://api.example.com/items');\n  return response.json();\n}\n";
  const LAYOUTS = [
    'test/client-test.js',
    'tests/test.ts',
    'src/client_test.ts',
    'ecosystem-tests/edge/index.ts',
    'snippets-fixtures/basic/client.js',
    'src/util/testing/server.ts',
    'src/__fixtures__/client.js',
    'e2e/login.ts',
    'cypress/support/commands.js',
    'playwright/login.spec.ts',
    'src/client.test.ts',
    'src/__tests__/client.js',
    'src/__mocks__/client.js',
    'fixtures/client.js',
  ];
  const project = (extra: ProjectFiles = {}) => ({
    'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
    'src/client.js': REQUEST,
    ...Object.fromEntries(LAYOUTS.map((path) => [path, REQUEST])),
    ...extra,
  });

  it('every layout stays byte-identical; only the source file changes', () => {
    const { dir, code } = fix(project());
    expect(code).toBe(0);
    for (const path of LAYOUTS) expect([path, read(dir, path)]).toEqual([path, REQUEST]);
    expect(touched(dir)).toEqual(['.env.example', 'src/client.js', 'src/safe-requests-runtime.mjs']);
  });

  it("the project's own globs from --config settings.testFiles are left out too", () => {
    const config = JSON.stringify({ settings: { testFiles: ['qa/**'] } });
    const { dir, code } = fix(project({ 'qa/smoke.js': REQUEST, 'safe-requests.json': config }), ['--config', 'safe-requests.json']);
    expect(code).toBe(0);
    expect(read(dir, 'qa/smoke.js')).toBe(REQUEST);
    expect(touched(dir)).toEqual(['.env.example', 'src/client.js', 'src/safe-requests-runtime.mjs']);
  });

  it('a bad testFiles value is a usage error naming the key', () => {
    const dir = makeProject(project());
    writeFiles(dir, { 'bad.json': JSON.stringify({ settings: { testFiles: 'qa/**' } }) });
    const result = runCli(dir, ['check', '--config', 'bad.json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("settings['safe-requests'].testFiles must be an array of glob strings");
    expect(readdirSync(dir)).not.toContain('.env.example');
  });
});
