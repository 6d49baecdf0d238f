// Part of `npm run build`: the CLI's two entry points (the command and its worker threads) each
// become one file, replacing what tsc wrote at the same paths. Resolving, reading and wrapping
// ~300 small modules cost each thread tens of milliseconds before it looked at a file; one file
// per entry saves most of that. The unbundled modules stay in dist for the plugin, the
// transforms and the tests.
// Left outside: oxc-parser (native), tinypool (loads the worker file by path), cli-progress (only
// for a progress bar) and prettier (the project's own, found at run time).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cliDir = join(root, 'dist', 'src', 'cli');

/**
 * scope-manager's `lib` module declares every TypeScript lib's globals (242 files, the `dom` one
 * alone 1,800 names: ~80 ms per thread) when it is loaded; the CLI's analysis declares none
 * (`lib: []`, src/rewrite/parse.ts). So the bundle gets a stand-in whose `lib` requires the real
 * module from the installed package on first use: neither loaded nor in the bundle (where V8
 * would still read its 240 kB at every start).
 */
const deferScopeManagerLibs = {
  name: 'defer-scope-manager-libs',
  setup(context) {
    context.onResolve({ filter: /^\.\.\/lib$/ }, (args) =>
      /[\\/]@typescript-eslint[\\/]scope-manager[\\/]dist[\\/]referencer$/.test(args.resolveDir)
        ? { path: 'scope-manager-lib', namespace: 'deferred' }
        : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: 'deferred' }, () => ({
      contents: `
        const { createRequire } = require('node:module');
        const { dirname, join } = require('node:path');
        let real;
        Object.defineProperty(exports, 'lib', {
          enumerable: true,
          get() {
            const requireHere = createRequire(__filename);
            return (real ??= requireHere(join(dirname(requireHere.resolve('@typescript-eslint/scope-manager')), 'lib', 'index.js'))).lib;
          },
        });
      `,
      loader: 'js',
    }));
  },
};

for (const entry of ['bin.js', 'worker.js']) {
  await build({
    entryPoints: [join(cliDir, entry)],
    outfile: join(cliDir, entry),
    allowOverwrite: true,
    bundle: true,
    external: ['oxc-parser', 'tinypool', 'cli-progress', 'prettier'],
    plugins: [deferScopeManagerLibs],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
}
