// Part of `npm run build`: the CLI's two entry points (the command and its worker threads) load
// one file, dist/src/cli/cli.js, instead of the modules tsc wrote. Resolving, reading and wrapping
// ~300 small modules cost each thread tens of milliseconds before it looked at a file; one file
// saves most of that. The unbundled modules stay in dist for the plugin, the transforms and the tests.
// Left outside: oxc-parser's native binding, tinypool (loads the worker file by path), cli-progress (only
// for a progress bar) and prettier (the project's own, found at run time).
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * oxc-parser's JavaScript is ESM: required from the CommonJS bundle it would start Node's ESM
 * loader (~10 ms per start). Bundled, it becomes CommonJS; its `import.meta.url` (for the
 * `createRequire` that loads the native binding) becomes the URL of the installed package's file,
 * so the binding is found as the package itself would find it.
 */
const OXC_FILE_URL = '__oxcParserFileUrl';
// In the banner, where `require` is the bundle's own (oxc's modules name their createRequire `require` too).
const OXC_FILE_URL_BANNER = `function ${OXC_FILE_URL}(pathInPackage) { return require('node:url').pathToFileURL(require.resolve(pathInPackage)).href; }`;
const oxcParserAsCommonJs = {
  name: 'oxc-parser-as-commonjs',
  setup(context) {
    context.onLoad({ filter: /[\\/]node_modules[\\/]oxc-parser[\\/]src-js[\\/].*\.js$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8');
      const inPackage = args.path.slice(args.path.lastIndexOf('oxc-parser')).replaceAll('\\', '/');
      return { contents: contents.replaceAll('import.meta.url', `${OXC_FILE_URL}(${JSON.stringify(inPackage)})`), loader: 'js' };
    });
  },
};

// One bundle for both threads, cli.js: its modules run only when first required, so the command's
// entry (bin.js) and the worker's (worker.js) each load what they use. Both entries then become
// shims at the paths tsc gave them (package.json's bin, pool.ts's worker file) that load cli.js
// through load-cli.js (V8's code cache, src/cli/load-cli.ts).
const BIN_SHIM = "#!/usr/bin/env node\n'use strict';\nrequire('./load-cli.js').loadCli().runCommand();\n";
if (readFileSync(join(cliDir, 'bin.js'), 'utf8') === BIN_SHIM) {
  throw new Error('bundle-cli: dist/src/cli/bin.js is already the shim; run tsc first (npm run build)');
}
const { metafile } = await build({
  stdin: {
    contents: [
      "exports.runCommand = () => require('./bin.js');",
      "exports.runFileJob = (job) => require('./worker.js').default(job);",
      "exports.hasAnalysedAFile = () => require('./file-job.js').hasAnalysedAFile();",
      '',
    ].join('\n'),
    resolveDir: cliDir,
    sourcefile: 'cli-entry.js',
  },
  outfile: join(cliDir, 'cli.js'),
  bundle: true,
  external: ['tinypool', 'cli-progress', 'prettier'],
  plugins: [deferScopeManagerLibs, oxcParserAsCommonJs],
  banner: { js: OXC_FILE_URL_BANNER },
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  metafile: true,
});
// Should scope-manager reach its lib files another way, they would be bundled and run at every start.
const bundledLibs = Object.keys(metafile.inputs).filter((input) => /scope-manager[\\/]dist[\\/]lib[\\/]/.test(input));
if (bundledLibs.length > 0) {
  throw new Error(`bundle-cli: scope-manager's lib files are in the bundle (${bundledLibs[0]}, …): update deferScopeManagerLibs`);
}
// esbuild turns an `import.meta` it was not told about into an empty object: a bundled ESM package
// that reads more of it than oxc-parser's `import.meta.url` would break at run time.
if (/\bimport_meta\d*\s*=\s*\{\s*\}/.test(readFileSync(join(cliDir, 'cli.js'), 'utf8'))) {
  throw new Error('bundle-cli: a bundled module reads import.meta, which a CommonJS bundle lacks: extend oxcParserAsCommonJs or keep the package external');
}
// load-cli.js runs the bundle from V8's code cache, where Node 20 gives import() no loader.
const dynamicImports = Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.kind === 'dynamic-import' && entry.external));
if (dynamicImports.length > 0) {
  throw new Error(`bundle-cli: the bundle calls import('${dynamicImports[0].path}'): require it instead (src/cli/load-cli.ts)`);
}
writeFileSync(join(cliDir, 'bin.js'), BIN_SHIM);
chmodSync(join(cliDir, 'bin.js'), 0o755);
writeFileSync(join(cliDir, 'worker.js'), "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.default = require('./load-cli.js').loadCli().runFileJob;\n");
