import { join } from 'node:path';
import type { API, FileInfo } from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { TransformOptionError, type TransformOptions } from '../../src/rewrite/transform-api';
import jscodeshiftTransform, { envEndpoints } from '../../transforms/env-endpoints';
import { tempTree } from '../temp-tree';
import { defineFixtureSuite, lintWith, loadFixtures } from './harness';

const RULE = 'safe-requests/no-hardcoded-endpoint';

defineFixtureSuite({ transform: envEndpoints, companionRules: { [RULE]: 'error' } });

describe('env-endpoints rewrites exactly what no-hardcoded-endpoint reports', () => {
  for (const fixture of loadFixtures('env-endpoints').filter((candidate) => candidate.error === null)) {
    it(fixture.name, () => {
      const reported = lintWith(fixture.input, fixture.inputPath, { [RULE]: 'error' }).map((m) => `${m.line}:${m.column} ${m.ruleId}`);
      const outcome = envEndpoints.run(fixture.input, fixture.inputPath, fixture.options);
      // Every report is either rewritten or deliberately left (and then still reported on the output).
      expect(reported.length).toBe(outcome.changes + fixture.remaining.length);
      expect(reported).toEqual(expect.arrayContaining([...fixture.remaining]));
    });
  }
});

// Files outside the fixture tree: a temporary package per case.
const { root: base, write } = tempTree('safe-requests-env-endpoints-');

function writePackage(name: string, manifest: Record<string, unknown> = {}): string {
  write(`${name}/package.json`, JSON.stringify({ name, ...manifest }));
  return join(base, name);
}

const SEED = "export const predict = (body: string) => fetch('https://model-serving.example.com/predict', { method: 'POST', body });\n";
const run = (source: string, filePath: string, options?: TransformOptions) => envEndpoints.run(source, filePath, options);

describe('outcome', () => {
  it('returns the variables it introduced with their defaults, file and line', () => {
    const file = join(writePackage('outcome'), 'src/predict.ts');
    const outcome = run(`\n${SEED}`, file);
    expect(outcome.changes).toBe(1);
    expect(outcome.envVariables).toEqual([
      { name: 'MODEL_SERVING_ENDPOINT', defaultValue: 'https://model-serving.example.com/predict', filePath: file, line: 2 },
    ]);
    expect(outcome.manualReview).toEqual([]);
  });

  it('leaves a URL carrying a secret alone, reports it redacted and never copies the secret', () => {
    const source = "export const geo = () => fetch('https://maps.acme.io/geocode?key=AIzaSyA-secret&format=json');\n";
    const outcome = run(source, join(writePackage('secret'), 'geo.ts'));
    expect(outcome.output).toBeNull();
    expect(outcome.envVariables).toEqual([]);
    expect(outcome.manualReview).toEqual([
      { line: 1, column: 32, reason: 'secret-in-url', message: expect.stringContaining('https://maps.acme.io/geocode?key=***&format=json') },
    ]);
    expect(JSON.stringify(outcome)).not.toContain('AIzaSyA-secret');
  });

  it('moves a bare host given to node:http, the way the rule reports it', () => {
    const source = "import https from 'node:https';\nhttps.request({ hostname: 'payments.acme.io', path: '/charge', method: 'POST' }).end();\n";
    const outcome = run(source, join(writePackage('host-only'), 'charge.ts'));
    expect(outcome.output).toContain("const PAYMENTS_HOST = process.env.PAYMENTS_HOST ?? 'payments.acme.io';");
    expect(outcome.output).toContain("https.request({ hostname: PAYMENTS_HOST, path: '/charge', method: 'POST' }).end();");
    expect(outcome.envVariables.map((variable) => [variable.name, variable.defaultValue])).toEqual([['PAYMENTS_HOST', 'payments.acme.io']]);
  });

  it('rewrites the other endpoints of a file that also holds a secret URL', () => {
    const source = `${SEED}export const geo = () => fetch('https://maps.acme.io/geocode?api_key=s3cr3t');\n`;
    const outcome = run(source, join(writePackage('secret-mixed'), 'geo.ts'));
    expect(outcome.changes).toBe(1);
    expect(outcome.output).toContain("fetch('https://maps.acme.io/geocode?api_key=s3cr3t')");
    expect(outcome.envVariables.map((variable) => variable.defaultValue)).toEqual(['https://model-serving.example.com/predict']);
    expect(outcome.manualReview.map((item) => item.reason)).toEqual(['secret-in-url']);
  });
});

describe('the module-level constant', () => {
  const root = writePackage('constant');

  it('is not hoisted above an endpoint in the preamble itself: that read stays inline', () => {
    const script = "const api = require('axios').create({ baseURL: 'https://api.acme.io/v1' });\nmodule.exports = () => api.get('/users');\n";
    expect(run(script, join(root, 'tool.cjs')).output).toBe(
      "const api = require('axios').create({ baseURL: process.env.ACME_BASE_URL ?? 'https://api.acme.io/v1' });\nmodule.exports = () => api.get('/users');\n",
    );
  });

  it('a const asserted `as const` that becomes a path on the shared base loses the assertion', () => {
    const source = "const API = 'https://users.acme.io/v1' as const;\nexport const load = (id: string) => fetch(`https://users.acme.io/u/${id}`).then(() => fetch(API));\n";
    expect(run(source, join(root, 'users.ts')).output).toBe(
      [
        "const USERS_BASE_URL = process.env.USERS_BASE_URL ?? 'https://users.acme.io';",
        '',
        'const API = `${USERS_BASE_URL}/v1`;',
        'export const load = (id: string) => fetch(`${USERS_BASE_URL}/u/${id}`).then(() => fetch(API));',
        '',
      ].join('\n'),
    );
  });
});

describe('which files are never rewritten', () => {
  const root = writePackage('kinds');

  it.each(['src/__tests__/predict.ts', 'src/predict.spec.ts', 'e2e/predict.ts', '__mocks__/predict.ts', 'test/fixtures/predict.ts'])(
    'test file %s (globs matched from the package root)',
    (relPath) => {
      expect(run(SEED, join(root, relPath)).output).toBeNull();
    },
  );

  it('judges test globs from the nearest package.json, not from folders above it', () => {
    const nested = writePackage('fixtures/app');
    expect(run(SEED, join(nested, 'src/predict.ts')).output).toContain('process.env.MODEL_SERVING_ENDPOINT');
  });

  it('generated, minified and declaration files', () => {
    expect(run(`// @generated by protoc. DO NOT EDIT.\n${SEED}`, join(root, 'src/api.ts')).output).toBeNull();
    expect(run(SEED, join(root, 'dist/api.min.js')).output).toBeNull();
    expect(run("declare const u: 'https://api.acme.io';\n", join(root, 'src/api.d.ts')).output).toBeNull();
  });

  it('files without a URL are not even parsed', () => {
    expect(run('this is { not code', join(root, 'src/notes.ts'))).toEqual({ output: null, changes: 0, envVariables: [], manualReview: [] });
  });
});

describe('options', () => {
  const root = writePackage('options');
  const file = join(root, 'src/predict.ts');

  it.each([
    [{ fallback: '??=' }, "option 'fallback' must be one of '??', '||', 'none'"],
    [{ envAccess: 'deno' }, "option 'envAccess' must be one of 'auto', 'process', 'vite', 'next-public', 'react-app'"],
    [{ envNames: { 'https://a.io': 'not a name' } }, "option 'envNames' maps \"https://a.io\" to \"not a name\""],
    [{ envNames: ['A'] }, "option 'envNames' must be an object"],
    [{ allowedHosts: [42] }, "option 'allowedHosts' must be an array of non-empty strings"],
    [{ ignore: {} }, "option 'ignore' must be an array of non-empty strings"],
    [{ settings: { clients: 'axios' } }, "option 'settings' is invalid"],
    [{ fallbck: '||' }, "option 'fallbck' is not an option of env-endpoints"],
  ])('%j fails naming the option', (options, message) => {
    expect(() => run(SEED, file, options)).toThrow(TransformOptionError);
    expect(() => run(SEED, file, options)).toThrow(message);
  });

  it('validates options before looking at the file', () => {
    expect(() => run('', file, { fallback: 'maybe' })).toThrow(TransformOptionError);
  });

  it('allowedHosts and ignore reach the shared finder, so the rule and the transform agree', () => {
    expect(run(SEED, file, { allowedHosts: ['*.example.com'] }).output).toBeNull();
    expect(run(SEED, file, { allowedHosts: '*.example.com' }).output).toBeNull();
    expect(run(SEED, file, { ignore: ['https://model-serving.example.com/**'] }).output).toBeNull();
    expect(run(SEED, file, { allowedHosts: ['api.acme.io'] }).changes).toBe(1);
  });

  it('settings declare extra request functions, as the rule settings do', () => {
    const source = "import { send } from '@acme/http';\nexport const ping = () => send('https://status.acme.io/ping');\n";
    expect(run(source, file).output).toBeNull();
    expect(run(source, file, { settings: { clients: { '@acme/http': ['send'] } } }).output).toBe(
      [
        "import { send } from '@acme/http';",
        '',
        "const STATUS_ENDPOINT = process.env.STATUS_ENDPOINT ?? 'https://status.acme.io/ping';",
        '',
        'export const ping = () => send(STATUS_ENDPOINT);',
        '',
      ].join('\n'),
    );
  });

  it('envAccess overrides the detection', () => {
    // The constant's name carries no bundler prefix; the variable read does.
    expect(run(SEED, file, { envAccess: 'vite' }).output).toContain("const MODEL_SERVING_ENDPOINT = import.meta.env.VITE_MODEL_SERVING_ENDPOINT ?? 'https://");
    const nextOutcome = run(SEED, file, { envAccess: 'next-public' });
    expect(nextOutcome.output).toContain("const MODEL_SERVING_ENDPOINT = process.env.NEXT_PUBLIC_MODEL_SERVING_ENDPOINT ?? 'https://");
    expect(nextOutcome.output).toContain('fetch(MODEL_SERVING_ENDPOINT, {');
    expect(nextOutcome.envVariables.map((variable) => variable.name)).toEqual(['NEXT_PUBLIC_MODEL_SERVING_ENDPOINT']);
  });

  it("fallback 'none' drops a const assertion that would be left with no literal (TS1355)", () => {
    const asConst = "const API = 'https://api.acme.io/v1' as const;\nexport const ping = () => fetch(API);\n";
    expect(run(asConst, file, { fallback: 'none' }).output).toBe(
      "const API = (process.env.ACME_BASE_URL || (() => { throw new Error('Missing environment variable ACME_BASE_URL'); })());\nexport const ping = () => fetch(API);\n",
    );
    expect(run(asConst, file).output).toContain("const API = process.env.ACME_BASE_URL ?? 'https://api.acme.io/v1' as const;");
    const angle = "const API = <const>'https://api.acme.io/v1';\nexport const ping = () => fetch(API);\n";
    expect(run(angle, file, { fallback: 'none' }).output).toMatch(/^const API = \(process\.env\.ACME_BASE_URL \|\| \(\(\) => \{ throw/);
    const template = 'const id = 1;\nexport const ping = () => fetch(`https://api.acme.io/v1/${id}` as const);\n';
    expect(run(template, file, { fallback: 'none' }).output).toContain('fetch(`${process.env.ACME_BASE_URL || (() => {');
  });

  it('envNames are given without the access prefix, which is added', () => {
    const outcome = run(SEED, file, { envAccess: 'vite', envNames: { 'https://model-serving.example.com/predict': 'ML_URL' } });
    expect(outcome.output).toContain('import.meta.env.VITE_ML_URL ??');
  });

  it('a name pinned for another URL is not given to a URL of this file, which takes its host name instead', () => {
    const source = "const USERS_API = 'https://users.acme.io/v1';\nexport const load = () => fetch(USERS_API);\n";
    expect(run(source, file).envVariables.map((variable) => variable.name)).toEqual(['USERS_API']);
    const pinned = run(source, file, { envNames: { 'https://accounts.acme.io/v1': 'USERS_API' } });
    expect(pinned.envVariables.map((variable) => variable.name)).toEqual(['USERS_BASE_URL']);
    expect(pinned.output).toBe("const USERS_API = process.env.USERS_BASE_URL ?? 'https://users.acme.io/v1';\nexport const load = () => fetch(USERS_API);\n");
  });

  it("envAccess 'vite' still writes process.env in CommonJS, where import.meta does not parse", () => {
    const script = "const axios = require('axios');\naxios.get('https://api.acme.io/users');\n";
    expect(run(script, join(root, 'tool.cjs'), { envAccess: 'vite' }).output).toContain("const ACME_ENDPOINT = process.env.ACME_ENDPOINT ?? 'https://api.acme.io/users';");
  });
});

describe('env access detection (auto)', () => {
  it('keeps process.env in a Vite project file that is CommonJS', () => {
    const root = writePackage('vite-cjs', { devDependencies: { vite: '7' } });
    const script = "const axios = require('axios');\nmodule.exports = () => axios.get('https://api.acme.io/users');\n";
    expect(run(script, join(root, 'server/users.js')).output).toContain("const ACME_ENDPOINT = process.env.ACME_ENDPOINT ?? 'https://api.acme.io/users';");
  });

  it('uses import.meta.env in a file the vite.config and index.html build, without the dependency', () => {
    const root = writePackage('vite-config');
    write('vite-config/vite.config.ts', 'export default {};\n');
    write('vite-config/index.html', '<script type="module" src="/src/main.ts"></script>');
    expect(run(SEED, join(root, 'src/predict.ts')).output).toContain('import.meta.env.VITE_MODEL_SERVING_ENDPOINT ??');
  });

  it('keeps process.env where vite.config only configures vitest', () => {
    const root = writePackage('vitest-config', { devDependencies: { vite: '7', vitest: '3' } });
    write('vitest-config/vite.config.ts', "export default { test: { environment: 'node' } };\n");
    expect(run(SEED, join(root, 'src/predict.ts')).output).toContain('process.env.MODEL_SERVING_ENDPOINT ??');
  });
});

describe('where the file runs decides, or the URL goes to manual review', () => {
  it('a published library: no invented variable, each URL listed with the reason; envAccess opts in', () => {
    const root = writePackage('published', { version: '1.2.0', main: 'dist/index.js', files: ['dist'] });
    const outcome = run(SEED, join(root, 'src/predict.ts'));
    expect(outcome.output).toBeNull();
    expect(outcome.envVariables).toEqual([]);
    expect(outcome.manualReview).toEqual([
      {
        line: 1,
        column: 48,
        reason: 'published-library',
        message: expect.stringMatching(/^https:\/\/model-serving\.example\.com\/predict stays: This file is the source of a published library/),
      },
    ]);
    expect(run(SEED, join(root, 'src/predict.ts'), { envAccess: 'process' }).output).toContain('process.env.MODEL_SERVING_ENDPOINT ??');
  });

  it('a classic script: no envAccess makes process.env exist there', () => {
    const script = "fetch('https://model-serving.example.com/predict', { method: 'POST' });\n";
    write('plain-site/index.html', '<script src="app.js"></script>');
    write('plain-site/.git/HEAD', 'ref: refs/heads/main\n');
    const file = join(base, 'plain-site/app.js');
    for (const envAccess of ['auto', 'process', 'vite']) {
      const outcome = run(script, file, { envAccess });
      expect(outcome.output).toBeNull();
      expect(outcome.manualReview.map((item) => `${item.line}:${item.column} ${item.reason}`)).toEqual(['1:7 classic-script']);
    }
  });
});

describe('jscodeshift entry point', () => {
  const root = writePackage('jscodeshift');
  const reports: string[] = [];
  const api = { report: (message: string) => reports.push(message) } as unknown as API;

  it('returns the new source, or undefined when nothing changed, and reports manual-review items', () => {
    const file = (source: string, name: string): FileInfo => ({ path: join(root, name), source });
    const flags = { parser: 'tsx', dry: true, fallback: '||' };
    expect(jscodeshiftTransform(file(SEED, 'a.ts'), api, flags)).toContain('process.env.MODEL_SERVING_ENDPOINT || ');
    expect(jscodeshiftTransform(file("fetch('https://a.io/x?token=t0k3n');\n", 'b.ts'), api, flags)).toBeUndefined();
    expect(reports).toEqual([expect.stringMatching(/b\.ts:1:7 manual review \(secret-in-url\): https:\/\/a\.io\/x\?token=\*\*\*/)]);
  });
});
