import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter } from 'eslint';
import type { API, FileInfo } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { TransformOptionError, type TransformOptions } from '../../src/rewrite/transform-api';
import { tempTree } from '../temp-tree';
import jscodeshiftTransform, { retryRequests } from '../../transforms/retry-requests';
import { defineFixtureSuite, FIXTURES_ROOT, lintWith, loadFixtures } from './harness';

// The output must satisfy the strictest error-handling setting, and every request not listed for
// manual review must be retried.
const COMPANION_RULES: Linter.RulesRecord = {
  'safe-requests/require-error-handling': ['error', { propagation: 'report' }],
  'safe-requests/require-retry': 'error',
};

defineFixtureSuite({ transform: retryRequests, companionRules: COMPANION_RULES });

const fixtures = loadFixtures('retry-requests');
const fixture = (name: string) => {
  const found = fixtures.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};
const outcomeOf = (name: string) => {
  const { input, inputPath, options } = fixture(name);
  return retryRequests.run(input, inputPath, options);
};
const fixtureRoot = join(FIXTURES_ROOT, 'retry-requests');

describe('retry-requests leaves nothing it was meant to fix unreported', () => {
  for (const candidate of fixtures.filter((f) => f.error === null)) {
    it(candidate.name, () => {
      const reported = lintWith(candidate.input, candidate.inputPath, COMPANION_RULES).map((m) => `${m.line}:${m.column}`);
      const outcome = retryRequests.run(candidate.input, candidate.inputPath, candidate.options);
      const reviewed = new Set(outcome.manualReview.map((item) => `${item.line}:${item.column}`));
      // A report is either fixed (one rewrite per request) or its request is on the manual-review list.
      const fixedOrDropped = new Set(reported.filter((position) => !reviewed.has(position)));
      expect(fixedOrDropped.size).toBeLessThanOrEqual(outcome.changes);
      if (candidate.remaining.length > 0) expect(outcome.manualReview).not.toEqual([]);
    });
  }
});

describe('manual review and helper outcome', () => {
  it('asks for the helper beside the nearest package.json, in the flavour of the file', () => {
    expect(outcomeOf('seed-client').helper).toEqual({ flavour: 'esm', helperPath: join(fixtureRoot, 'seed-client', 'safe-requests-runtime.mjs') });
    expect(outcomeOf('cjs-shebang-use-strict').helper).toEqual({ flavour: 'cjs', helperPath: join(fixtureRoot, 'safe-requests-runtime.cjs') });
    expect(outcomeOf('ts-nodenext').helper).toEqual({ flavour: 'ts', helperPath: join(fixtureRoot, 'ts-nodenext', 'safe-requests-runtime.ts') });
    // An existing import decides where the helper lives.
    expect(outcomeOf('existing-helper-require').helper).toEqual({
      flavour: 'cjs',
      helperPath: join(fixtureRoot, 'existing-helper-require', 'lib', 'safe-requests-runtime.cjs'),
    });
    expect(outcomeOf('inline-helper').helper).toBeUndefined();
  });

  it('lists what it left alone, at the request, with a stable reason', () => {
    const reasons = (name: string) => outcomeOf(name).manualReview.map((item) => `${item.line}:${item.column} ${item.reason}`);
    expect(reasons('http-request')).toEqual(['4:19 callback-api']);
    expect(reasons('already-retried')).toEqual(['5:31 already-retried']);
    expect(reasons('non-replayable-body')).toEqual(['4:26 stream-body', '9:26 request-object']);
    expect(reasons('side-effect-arguments')).toEqual(['4:26 side-effects-in-arguments']);
    expect(reasons('superagent-builder-variable')).toEqual(['4:19 builder-object']);
    expect(reasons('got')).toEqual([]);
    expect(reasons('helper-name-taken')).toEqual(['4:26 helper-name-taken']);
    expect(reasons('untyped-binding-read-in-closure')).toEqual(['1:24 try-would-move-declarations']);
    expect(reasons('seed-client')).toEqual([]);
    // Existing retry layers get no second one, and are listed so their policy can be checked.
    expect(reasons('hand-written-retry')).toEqual(['6:20 already-retried', '15:10 already-retried']);
    expect(reasons('retry-methods')).toEqual(['9:53 already-retried', '19:39 already-retried', '29:41 already-retried']);
    // An SDK's own retry and polling are known policies: nothing to review.
    expect(reasons('sdk-fetch-and-polling')).toEqual([]);
    expect(reasons('rethrow-into-callback')).toEqual(['28:11 rethrown-into-boundary']);
    expect(reasons('express4-handlers')).toEqual([]);
  });

  it('ends each failure where it goes: rethrow to a caller, stop a callback, next(error) in Express 4, exit status 1 in a script', () => {
    const output = (name: string) => outcomeOf(name).output ?? '';
    expect(output('interval-callback')).not.toContain('throw error;\n  }\n  const status');
    expect(output('interval-callback').match(/return;/g)).toHaveLength(2);
    expect(output('express4-handlers').match(/next\(error\);/g)).toHaveLength(3);
    expect(output('express5-handler')).toContain('throw error;');
    expect(output('node-script-exit-status')).toContain('update().catch((error) => { console.error(error); process.exitCode = 1; });');
    expect(output('react-effect-and-handler')).not.toContain('throw error');
  });

  it('uses the local names of an aliased helper import and adds what is missing to it', () => {
    const source = "import { withRetry as retry } from './safe-requests-runtime';\n\nexport async function f(u: string) {\n  const r = await fetch(u);\n  return r.ok;\n}\n";
    const output = retryRequests.run(source, join(fixtureRoot, 'alias.ts')).output ?? '';
    expect(output).toContain("import { withRetry as retry, logRequestFailure } from './safe-requests-runtime';");
    expect(output).toContain("r = await retry((attempt) => fetch(attempt.url(u)), { method: 'GET' });");
    expect(retryRequests.run(output, join(fixtureRoot, 'alias.ts')).output).toBeNull();
  });

  it('names the attempt parameter so that it shadows nothing the request reads', () => {
    const source = 'export async function f(u: string, attempt: number) {\n  const r = await fetch(`${u}?try=${attempt}`);\n  return r.ok;\n}\n';
    const output = retryRequests.run(source, join(fixtureRoot, 'attempt.ts')).output ?? '';
    expect(output).toContain("r = await withRetry((attempt2) => fetch(attempt2.url(`${u}?try=${attempt}`)), { method: 'GET' });");
  });

  it('counts the requests it rewrote', () => {
    expect(outcomeOf('seed-client').changes).toBe(1);
    expect(outcomeOf('promise-all').changes).toBe(2);
    expect(outcomeOf('http-request').changes).toBe(0);
  });
});

describe('options', () => {
  const source = "export const ping = (url: string) => fetch(url);\n";
  const run = (options: TransformOptions) => retryRequests.run(source, join(fixtureRoot, 'options.ts'), options);

  it.each([
    [{ helper: 'copy' }, "option 'helper' must be one of 'file', 'inline'"],
    [{ attempts: 0 }, "option 'attempts' is invalid: must be an integer from 1 to 10, got 0"],
    [{ attempts: 11 }, "option 'attempts' is invalid: must be an integer from 1 to 10, got 11"],
    [{ attempts: 2.5 }, "option 'attempts' is invalid"],
    [{ attempts: 'three' }, "option 'attempts' is invalid"],
    [{ budgetMs: -1 }, "option 'budgetMs' is invalid: must be an integer from 0 to 600000, got -1"],
    [{ budgetMs: 1e9 }, "option 'budgetMs' is invalid"],
    [{ retries: 3 }, "option 'retries' is not an option of retry-requests"],
  ])('refuses %j', (options, message) => {
    expect(() => run(options)).toThrow(TransformOptionError);
    expect(() => run(options)).toThrow(message);
  });

  it("reads settings['safe-requests'] as the rules do: a team's own retry wrapper is not wrapped again", () => {
    const source = "import { retrying } from '@acme/http';\n\nexport const ping = (url: string) => retrying(() => fetch(url)).catch(() => undefined);\n";
    const filePath = join(fixtureRoot, 'settings.ts');
    expect(retryRequests.run(source, filePath).output).toContain('retrying(() => withRetry((attempt) => fetch(attempt.url(url))');
    const outcome = retryRequests.run(source, filePath, { settings: { retryWrappers: { '@acme/http': ['retrying'] } } });
    expect(outcome.output).toBeNull();
    expect(outcome.manualReview.map((item) => item.reason)).toEqual(['already-retried']);
    expect(() => retryRequests.run(source, filePath, { settings: { wrappers: {} } })).toThrow("option 'settings' is invalid");
    // A settings-declared client gets error handling, not a second retry layer.
    const client = "import { get } from '@acme/http';\n\nexport async function load(url: string) {\n  const data = await get(url);\n  return data;\n}\n";
    const handled = retryRequests.run(client, filePath, { settings: { clients: { '@acme/http': ['get'] } } }).output ?? '';
    expect(handled).toContain('    data = await get(url);\n');
    expect(handled).toContain("logRequestFailure(error, { method: 'GET', endpoint: url });");
  });

  it('takes attempts and budgetMs as numbers or as the strings jscodeshift passes', () => {
    expect(run({ attempts: 4 }).output).toContain("{ method: 'GET', attempts: 4 }");
    expect(run({ attempts: '4', budgetMs: '30000' }).output).toContain("{ method: 'GET', attempts: 4, budgetMs: 30000 }");
    expect(run({ budgetMs: 0 }).output).toContain("{ method: 'GET', budgetMs: 0 }");
    expect(run({}).output).not.toMatch(/attempts:|budgetMs/);
  });
});

describe('how the helper is rendered', () => {
  const { root, write } = tempTree('safe-requests-retry-render-');
  const source = 'export async function f(u: string) {\n  const r = await fetch(u);\n  return r.ok;\n}\n';

  it("pastes a published library's copy silent on the console, with the settings' redact patterns", () => {
    write('lib/package.json', JSON.stringify({ name: '@acme/client', version: '1.0.0', main: './dist/index.js', files: ['dist'] }));
    const file = write('lib/src/index.ts', source);
    const settings = { redact: ['tenant-[a-z0-9]+'] };
    const output = retryRequests.run(source, file, { helper: 'inline', settings }).output ?? '';
    expect(output).toContain('const HELPER_SETTINGS: { readonly logToConsole: boolean; readonly redact: readonly string[] } = { logToConsole: false, redact: ["tenant-[a-z0-9]+"] };');
    // An application's copy logs; its helper file gets the patterns through the helper request.
    write('app/package.json', '{ "private": true }');
    const app = write('app/src/index.ts', source);
    expect(retryRequests.run(source, app, { helper: 'inline' }).output).toContain('= { logToConsole: true, redact: [] };');
    expect(retryRequests.run(source, app, { settings }).helper).toEqual({ flavour: 'ts', helperPath: join(root, 'app/src/safe-requests-runtime.ts'), redact: ['tenant-[a-z0-9]+'] });
  });

  it("refuses a redact pattern that is not a regular expression, or matches everything, naming it", () => {
    const run = (redact: unknown) => () => retryRequests.run(source, join(root, 'x.ts'), { settings: { redact } });
    expect(run(['ok', '(unclosed'])).toThrow("settings['safe-requests'].redact[1] is not a valid regular expression");
    expect(run(['a*'])).toThrow("settings['safe-requests'].redact[0] matches the empty string: 'a*'");
    expect(run('token')).toThrow("settings['safe-requests'].redact must be an array of regular expressions");
  });
});

describe('helper specifiers', () => {
  const { root: base, write } = tempTree('safe-requests-retry-specifiers-');
  const importLine = (filePath: string, source: string): string =>
    /^(?:import|const) .*safe-requests-runtime.*$/m.exec(retryRequests.run(source, filePath).output ?? '')?.[0] ?? '';
  const request = 'export async function f(u: string) {\n  const r = await fetch(u);\n  return r.ok;\n}\n';

  it('puts the helper in src/ for files under src/ and follows the extension style of relative imports', () => {
    write('app/package.json', '{}');
    const file = write('app/src/api/client.ts', `import { x } from '../config';\n${request}`);
    expect(importLine(file, `import { x } from '../config';\n${request}`)).toBe("import { withRetry, logRequestFailure } from '../safe-requests-runtime';");
    expect(importLine(file, `import { x } from '../config.js';\n${request}`)).toBe("import { withRetry, logRequestFailure } from '../safe-requests-runtime.js';");
    expect(importLine(file, `import { x } from '../config.ts';\n${request}`)).toBe("import { withRetry, logRequestFailure } from '../safe-requests-runtime.ts';");
  });

  it('uses .js in TypeScript files without relative imports when the tsconfig asks for Node resolution', () => {
    write('node-next/package.json', '{"type":"module"}');
    write('node-next/tsconfig.json', '{ "compilerOptions": { "module": "NodeNext" } }');
    write('bundler/package.json', '{}');
    write('bundler/tsconfig.json', '{ "compilerOptions": { "moduleResolution": "bundler" } }');
    expect(importLine(join(base, 'node-next/a.ts'), request)).toContain("from './safe-requests-runtime.js';");
    expect(importLine(join(base, 'bundler/a.ts'), request)).toContain("from './safe-requests-runtime';");
    expect(importLine(join(base, 'bundler/a.mts'), request)).toContain("from './safe-requests-runtime.js';");
  });

  it('reads module resolution through the tsconfig extends chain', () => {
    write('extends/package.json', '{"type":"module"}');
    write('extends/node_modules/@acme/tsconfig/node.json', '{ "compilerOptions": { "moduleResolution": "NodeNext", "module": "NodeNext" } }');
    write('extends/tsconfig.json', '{\n  // the package\'s own options\n  "extends": "@acme/tsconfig/node.json",\n  "compilerOptions": { "strict": true, },\n}\n');
    expect(importLine(join(base, 'extends/src/a.ts'), request)).toContain("from './safe-requests-runtime.js';");
  });

  it('decides between ESM and CommonJS for .js files by syntax, then by the package type', () => {
    const js = 'async function f(u) {\n  const r = await fetch(u);\n  return r.ok;\n}\n';
    write('esm-package/package.json', '{"type":"module"}');
    write('cjs-package/package.json', '{"type":"commonjs"}');
    expect(importLine(join(base, 'esm-package/a.js'), js)).toBe("import { withRetry, logRequestFailure } from './safe-requests-runtime.mjs';");
    expect(importLine(join(base, 'cjs-package/a.js'), js)).toBe("const { withRetry, logRequestFailure } = require('./safe-requests-runtime.cjs');");
    expect(importLine(join(base, 'cjs-package/b.js'), `import { y } from './y.js';\n${js}`)).toContain("from './safe-requests-runtime.mjs';");
    expect(importLine(join(base, 'esm-package/b.js'), `const y = require('./y');\n${js}`)).toContain("require('./safe-requests-runtime.cjs');");
  });
});

describe('as a jscodeshift transform', () => {
  const { root: dir, write } = tempTree('safe-requests-retry-jscodeshift-');

  it('rewrites, reports manual-review items and writes the helper the output imports', () => {
    write('package.json', '{"type":"module"}');
    const source = readFileSync(fixture('seed-client').inputPath, 'utf8') + "require('node:http').get('http://localhost');\n";
    const path = write('client.mjs', source);
    const reports: string[] = [];
    const api = { report: (message: string) => reports.push(message) } as unknown as API;
    const output = jscodeshiftTransform({ path, source } as FileInfo, api, { parser: 'tsx', helper: 'file' });
    expect(output).toContain('await withRetry((attempt) => fetch(attempt.url(');
    expect(reports).toEqual([expect.stringMatching(/client\.mjs:8:1 manual review \(callback-api\)/)]);
    expect(readFileSync(join(dir, 'safe-requests-runtime.mjs'), 'utf8')).toBe(renderRuntimeHelper('esm'));
    expect(existsSync(join(dir, 'safe-requests-runtime.ts'))).toBe(false);
  });
});
