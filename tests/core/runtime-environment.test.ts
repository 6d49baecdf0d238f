import { utimesSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  envAccessIn,
  envReview,
  helperRefusal,
  runtimeEnvironment,
  suggestedEnvAccess,
  type RuntimeEnvironment,
} from '../../src/analysis/runtime-environment';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { tempTree } from '../temp-tree';

const { write } = tempTree('safe-requests-runtime-');

/** Writes `files` (the last one is the file asked about) and says where that file runs. */
function where(files: Record<string, string>): RuntimeEnvironment {
  let path = '';
  let text = '';
  for (const [relPath, content] of Object.entries(files)) {
    path = write(relPath, content);
    text = content;
  }
  const { ast, scopeManager } = parseForAnalysis(text, path);
  return runtimeEnvironment({ program: ast, globalScope: scopeManager.globalScope, text, filePath: path });
}

const FETCH = "fetch('https://api.acme.io/items').then((response) => response.json());\n";
const MODULE = "import { render } from './render.js';\nexport const items = fetch('https://api.acme.io/items');\n";
/** A repository top: without package.json, pages are looked for from there. */
const gitTop = (dir: string) => ({ [`${dir}/.git/HEAD`]: 'ref: refs/heads/main\n' });
const APP = (dependencies: Record<string, string>) => JSON.stringify({ name: 'app', private: true, type: 'module', dependencies });

describe('classic browser scripts', () => {
  it('a <script src> page without package.json: nothing of Node or modules exists, so both transforms refuse', () => {
    const environment = where({ ...gitTop('classic'), 'classic/index.html': '<script src="js/app.js"></script>', 'classic/js/app.js': FETCH });
    expect(environment).toMatchObject({ kind: 'browser-script', evidence: 'index.html loads it with <script src>' });
    expect(envAccessIn(environment, 'auto')).toBeUndefined();
    // An explicit choice cannot make process.env exist.
    expect(envAccessIn(environment, 'process')).toBeUndefined();
    expect(suggestedEnvAccess(environment)).toBeUndefined();
    expect(helperRefusal(environment, 'file')?.reason).toBe('classic-script');
    expect(helperRefusal(environment, 'inline')?.reason).toBe('classic-script');
    expect(envReview(environment).message).toMatch(/^This file is a classic browser script \(index\.html loads it with <script src>\): it has no process\.env/);
  });

  it('a page in a package loads its script classically too; type="text/javascript" and a query string change nothing', () => {
    const environment = where({
      'site-pkg/package.json': APP({}),
      'site-pkg/public/page.html': '<!-- <script type="module" src="../app.js"> --><script type="text/javascript" src="../app.js?v=2"></script>',
      'site-pkg/app.js': FETCH,
    });
    expect(environment).toMatchObject({ kind: 'browser-script', evidence: 'public/page.html loads it with <script src>' });
  });

  it('no package.json and no import, export, require or process: a classic script; with any of them, Node', () => {
    expect(where({ 'lonely/a.js': FETCH }).kind).toBe('browser-script');
    expect(where({ 'lonely/b.js': `const fetch = require('node-fetch');\n${FETCH}` }).kind).toBe('node');
    expect(where({ 'lonely/c.js': `console.log(process.argv);\n${FETCH}` }).kind).toBe('node');
    expect(where({ 'lonely/d.js': `const items = await (await fetch('https://api.acme.io/items')).json();\n` }).kind).toBe('node');
  });

  it('a <script type="module"> page without a bundler: a browser module, which may take the inline helper only', () => {
    const environment = where({ ...gitTop('native'), 'native/index.html': "<script type='module' src='/app.js'></script>", 'native/app.js': MODULE });
    expect(environment).toMatchObject({ kind: 'browser-module', evidence: 'index.html loads it with <script type="module">' });
    expect(envAccessIn(environment, 'vite')).toBeUndefined();
    expect(helperRefusal(environment, 'file')?.reason).toBe('browser-module');
    expect(helperRefusal(environment, 'inline')).toBeUndefined();
  });
});

describe('Vite', () => {
  /** A Vite app in `dir` whose index.html loads `entry`. */
  const viteApp = (dir: string, entry: string, config = 'vite.config.js') => ({
    [`${dir}/package.json`]: APP({ vite: '^7.0.0' }),
    [`${dir}/${config}`]: "import { defineConfig } from 'vite';\nexport default defineConfig({});\n",
    [`${dir}/index.html`]: `<div id="app"></div><script type="module" src="/${entry}"></script>`,
  });
  const VITE_APP = { ...viteApp('vite-app', 'src/main.js'), 'vite-app/src/main.js': "import './api.js';\n" };

  it('a file under the entry folder of a Vite app with vite.config reads import.meta.env.VITE_*', () => {
    const environment = where({ ...VITE_APP, 'vite-app/src/api.js': MODULE });
    expect(environment).toMatchObject({ kind: 'vite', evidence: 'built by vite.config.js' });
    expect(envAccessIn(environment, 'auto')).toBe('vite');
    expect(suggestedEnvAccess(environment)).toBe('vite');
    expect(helperRefusal(environment, 'file')).toBeUndefined();
  });

  it('a root-level entry includes what it imports, not the server beside it', () => {
    const files = { ...viteApp('vanilla', 'main.js', 'vite.config.mjs'), 'vanilla/main.js': "import { counter } from './counter';\ncounter();\n" };
    expect(where({ ...files, 'vanilla/counter.js': MODULE }).kind).toBe('vite');
    expect(where({ ...files, 'vanilla/server.js': MODULE })).toMatchObject({ kind: 'node' });
  });

  it('Node code inside a Vite app stays Node: config files, shebang scripts, CommonJS, files outside the build', () => {
    expect(where({ ...VITE_APP, 'vite-app/src/tailwind.config.js': MODULE }).kind).toBe('node');
    expect(where({ ...VITE_APP, 'vite-app/src/seed.mjs': `#!/usr/bin/env node\n${MODULE}` }).kind).toBe('node');
    expect(where({ ...VITE_APP, 'vite-app/src/legacy.js': "const axios = require('axios');\nmodule.exports = axios;\n" }).kind).toBe('node');
    expect(where({ ...VITE_APP, 'vite-app/scripts/seed.js': MODULE }).kind).toBe('node');
  });

  it('a file vite.config imports also runs in Node: no single read works, so it goes to manual review', () => {
    const environment = where({
      ...VITE_APP,
      'vite-app/vite.config.js': "import { API_BASE_URL } from './src/config/api.js';\nexport default { server: { proxy: { '/api': API_BASE_URL } } };\n",
      'vite-app/src/config/api.js': "export const API_BASE_URL = 'http://door-manager.example.org:8080';\nexport const ping = () => fetch(API_BASE_URL);\n",
    });
    expect(environment).toMatchObject({ kind: 'node-and-browser', evidence: 'vite.config.js imports it, and the build bundles it' });
    expect(envAccessIn(environment, 'auto')).toBeUndefined();
    expect(envReview(environment).reason).toBe('two-runtimes');
  });

  it('public/ is served as it is: a classic script there gets nothing', () => {
    expect(where({ ...VITE_APP, 'vite-app/public/sw.js': FETCH })).toMatchObject({ kind: 'browser-script', evidence: 'vite.config.js serves public/ as is' });
  });

  it('vite or vitest as a dev dependency, or a vite.config that only configures vitest, is not a Vite app', () => {
    expect(where({ 'vitest-only/package.json': APP({ vitest: '^3.0.0' }), 'vitest-only/scripts/pull.js': MODULE }).kind).toBe('node');
    expect(where({ 'vite-dep/package.json': APP({ vite: '^7.0.0' }), 'vite-dep/src/api.js': MODULE }).kind).toBe('node');
    const testConfig = "import { defineConfig } from 'vite';\nexport default defineConfig({ test: { environment: 'node' } });\n";
    expect(where({ 'vite-test/package.json': APP({ vite: '^7.0.0' }), 'vite-test/vite.config.ts': testConfig, 'vite-test/src/api.js': MODULE }).kind).toBe('node');
  });

  it("create-vite's vanilla template has no vite.config: its scripts run the vite CLI", () => {
    const manifest = (scripts: Record<string, string>) => JSON.stringify({ name: 'v', private: true, type: 'module', scripts, devDependencies: { vite: '^5.0.0' } });
    const page = '<script type="module" src="/js/main.js"></script>';
    const vanilla = where({ 'vanilla-cli/package.json': manifest({ dev: 'vite', build: 'vite build' }), 'vanilla-cli/index.html': page, 'vanilla-cli/js/main.js': MODULE });
    expect(vanilla).toMatchObject({ kind: 'vite', evidence: 'built by the vite CLI in its package.json scripts' });
    // vitest is not vite: the same page is then a native module.
    const tested = where({ 'vitest-cli/package.json': manifest({ test: 'vitest run' }), 'vitest-cli/index.html': page, 'vitest-cli/js/main.js': MODULE });
    expect(tested.kind).toBe('browser-module');
  });

  it('frameworks built on Vite need no index.html: src/ is built', () => {
    const config = "import { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [sveltekit()] };\n";
    expect(where({ 'kit/package.json': APP({}), 'kit/vite.config.ts': config, 'kit/src/routes/+page.js': MODULE }).kind).toBe('vite');
  });
});

describe('Next.js', () => {
  const NEXT = { 'next-app/package.json': APP({ next: '^15.0.0', react: '^19.0.0' }) };
  const side = (relPath: string, text: string) => where({ ...NEXT, [`next-app/${relPath}`]: text }).kind;

  it('"use client" files and files already reading NEXT_PUBLIC_ variables are browser code', () => {
    expect(side('app/chat/page.tsx', `"use client";\n${MODULE}`)).toBe('next-client');
    const openRouter = `const ollama = process.env.NEXT_PUBLIC_OLLAMA_URL;\n${MODULE}`;
    expect(where({ ...NEXT, 'next-app/lib/models.ts': openRouter })).toMatchObject({ kind: 'next-client', evidence: 'it already reads NEXT_PUBLIC_ variables' });
    expect(envAccessIn(where({ ...NEXT, 'next-app/lib/models2.ts': openRouter }), 'auto')).toBe('next-public');
  });

  it('route handlers, pages/api, middleware, "use server" and server-only modules are server code', () => {
    expect(side('app/api/chat/route.ts', MODULE)).toBe('next-server');
    expect(side('src/pages/api/items.ts', MODULE)).toBe('next-server');
    expect(side('middleware.ts', MODULE)).toBe('next-server');
    expect(side('app/actions.ts', `'use server';\n${MODULE}`)).toBe('next-server');
    expect(side('lib/db.ts', `import 'server-only';\n${MODULE}`)).toBe('next-server');
    expect(envAccessIn(where({ ...NEXT, 'next-app/app/page.tsx': MODULE }), 'auto')).toBe('process');
  });

  it('pages/ and code either side may import get NEXT_PUBLIC_, which works on both', () => {
    expect(side('pages/index.tsx', MODULE)).toBe('next-client');
    expect(side('components/Chat.tsx', MODULE)).toBe('next-client');
  });
});

describe('other runtimes', () => {
  it('Create React App source reads process.env.REACT_APP_*; its dev-server proxy runs in Node', () => {
    const cra = { 'cra/package.json': APP({ 'react-scripts': '5.0.1' }) };
    expect(envAccessIn(where({ ...cra, 'cra/src/api.js': MODULE }), 'auto')).toBe('react-app');
    expect(where({ ...cra, 'cra/src/setupProxy.js': "module.exports = require('http-proxy-middleware');\n" }).kind).toBe('node');
  });

  it('Deno: deno.json, a Supabase function inside a Node repository, the Deno global, jsr: imports', () => {
    const deno = where({ 'deno-app/deno.json': '{}', 'deno-app/main.ts': MODULE });
    expect(deno).toMatchObject({ kind: 'deno', evidence: 'deno.json in its folder or above' });
    expect(envAccessIn(deno, 'auto')).toBeUndefined();
    expect(envReview(deno).reason).toBe('deno-env');
    // The user may know better: --allow-env and process.env in Deno 2.
    expect(envAccessIn(deno, 'process')).toBe('process');
    expect(helperRefusal(deno, 'file')).toBeUndefined();
    expect(where({ 'mixed/package.json': APP({}), 'mixed/supabase/functions/chat/index.ts': MODULE }).kind).toBe('deno');
    expect(where({ 'serve/package.json': APP({}), 'serve/src/main.ts': `Deno.serve(() => fetch('https://api.acme.io'));\n` }).kind).toBe('deno');
    expect(where({ 'jsr/package.json': APP({}), 'jsr/src/main.ts': `import { load } from 'jsr:@std/dotenv';\n${MODULE}` }).kind).toBe('deno');
  });

  it('Cloudflare Workers get their variables on the handler, not on process.env', () => {
    const worker = where({ 'worker/package.json': APP({ wrangler: '4' }), 'worker/wrangler.toml': 'name = "w"\n', 'worker/src/index.ts': MODULE });
    expect(worker).toMatchObject({ kind: 'worker', evidence: 'wrangler.toml beside package.json' });
    expect(envReview(worker).reason).toBe('worker-env');
  });

  it('a browser extension has no environment at run time: its URLs stay, its requests still get the helper; its build scripts are Node', () => {
    const manifest = JSON.stringify({ manifest_version: 3, name: 'x', background: { service_worker: 'background.js' } });
    const extension = where({ 'ext/package.json': APP({ esbuild: '0.17' }), 'ext/src/manifest.json': manifest, 'ext/src/background/index.ts': MODULE });
    expect(extension).toMatchObject({ kind: 'browser-extension', evidence: "src/manifest.json is a browser extension's manifest" });
    expect(envAccessIn(extension, 'auto')).toBeUndefined();
    expect(envAccessIn(extension, 'process')).toBeUndefined();
    expect(envReview(extension).reason).toBe('browser-extension');
    expect(helperRefusal(extension, 'file')).toBeUndefined();
    expect(where({ 'ext/package.json': APP({ esbuild: '0.17' }), 'ext/src/manifest.json': manifest, 'ext/scripts/build.mjs': MODULE }).kind).toBe('node');
    // A web app's manifest.json (no manifest_version) says nothing about where code runs.
    expect(where({ 'pwa/package.json': APP({}), 'pwa/public/manifest.json': '{ "name": "x", "display": "standalone" }', 'pwa/src/api.js': MODULE }).kind).toBe('node');
  });

  it('browser code of a bundler the model does not know: manual review unless envAccess says what is defined', () => {
    const webpack = where({ 'wp/package.json': APP({ webpack: '5' }), 'wp/webpack.config.js': 'module.exports = {};\n', 'wp/src/api.js': MODULE });
    expect(webpack).toMatchObject({ kind: 'browser-bundle', evidence: 'webpack.config.js builds src/ for the browser' });
    expect(envAccessIn(webpack, 'auto')).toBeUndefined();
    expect(envAccessIn(webpack, 'process')).toBe('process');
  });
});

describe('published libraries', () => {
  const LIBRARY = JSON.stringify({ name: '@acme/client', version: '2.1.0', main: 'dist/index.js', types: 'dist/index.d.ts', devDependencies: { vitest: '3', vite: '7' } });

  it('its source gets no invented variable and no helper file; a person applying the rule suggestion may still choose process.env', () => {
    const library = where({ 'lib/package.json': LIBRARY, 'lib/vite.config.ts': 'export default { test: {} };\n', 'lib/src/client.ts': MODULE });
    expect(library).toMatchObject({ kind: 'library', evidence: 'its package.json is not private and declares main/exports' });
    expect(envAccessIn(library, 'auto')).toBeUndefined();
    expect(envReview(library).reason).toBe('published-library');
    expect(envAccessIn(library, 'process')).toBe('process');
    expect(suggestedEnvAccess(library)).toBe('process');
    expect(helperRefusal(library, 'file')?.reason).toBe('published-library');
    expect(helperRefusal(library, 'inline')).toBeUndefined();
  });

  it("the maintainers' scripts and examples run in their Node", () => {
    expect(where({ 'lib2/package.json': LIBRARY, 'lib2/scripts/release.mjs': MODULE }).kind).toBe('node');
  });

  it("npm init's main alone, or private with exports, is an application", () => {
    const npmInit = JSON.stringify({ name: 'bot', version: '1.0.0', main: 'index.js', scripts: { test: 'exit 1' } });
    expect(where({ 'bot/package.json': npmInit, 'bot/index.js': `const axios = require('axios');\n${FETCH}` }).kind).toBe('node');
    const privateLib = JSON.stringify({ name: 'internal', private: true, exports: './src/index.js', files: ['src'] });
    expect(where({ 'internal/package.json': privateLib, 'internal/src/index.js': MODULE }).kind).toBe('node');
  });
});

describe('files that are not on disk', () => {
  it('are judged by their own code: a TypeScript module is Node, a plain fetch script a classic one', () => {
    const at = (text: string, filePath: string) => {
      const { ast, scopeManager } = parseForAnalysis(text, filePath);
      return runtimeEnvironment({ program: ast, globalScope: scopeManager.globalScope, text, filePath }).kind;
    };
    expect(at(MODULE, '/no-such-project/src/predict.ts')).toBe('node');
    expect(at(FETCH, '/no-such-project/app.js')).toBe('browser-script');
  });
});

describe('the cache', () => {
  it('sees a vite.config and an index.html added beside package.json since the last question', () => {
    const files = { 'grows/package.json': APP({ vite: '^7.0.0' }), 'grows/src/main.js': MODULE };
    expect(where(files).kind).toBe('node');
    write('grows/vite.config.js', 'export default {};\n');
    write('grows/index.html', '<script type="module" src="/src/main.js"></script>');
    // Another text: the model is memoised per parse.
    expect(where({ 'grows/src/main.js': `${MODULE}// again\n` }).kind).toBe('vite');
  });

  it('sees an edit inside an existing vite.config', () => {
    const files = { 'edits/package.json': APP({ vite: '^7.0.0' }), 'edits/vite.config.js': 'export default { test: {} };\n', 'edits/src/main.js': MODULE };
    expect(where(files).kind).toBe('node');
    const stamp = Date.now() / 1000 + 5;
    utimesSync(write('edits/vite.config.js', "export default { build: { lib: { entry: 'src/main.js' } } };\n"), stamp, stamp);
    expect(where({ 'edits/src/main.js': `${MODULE}// again\n` }).kind).toBe('vite');
  });
});
