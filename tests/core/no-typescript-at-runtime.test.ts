import { spawnSync } from 'node:child_process';
import { builtinModules, createRequire } from 'node:module';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { BIN, makeProject, SEED_CLIENT, type ProjectFiles } from '../cli/helpers';
import { tempTree } from '../temp-tree';

/**
 * `npm i -D typescript` installs TypeScript 7, which has no JavaScript API: nothing the rules, the
 * transforms or the CLI load may require `typescript`. Checked on the build, statically (the import
 * graph) and by running it with `typescript` made unloadable (./without-typescript.mjs).
 */
const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist');
const PRELOAD = join(__dirname, 'without-typescript.mjs');

/** What users load: the plugin, the CLI (and its worker threads) and the transforms. */
const ENTRY_POINTS = [
  join(DIST, 'src/index.js'),
  BIN,
  join(DIST, 'src/cli/worker.js'),
  ...readdirSync(join(DIST, 'transforms'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(DIST, 'transforms', name)),
];

/** The modules that loaded TypeScript themselves until TypeScript 7 (runtime helper, tsconfig reading). */
const FORMER_TYPESCRIPT_USERS = ['src/runtime/runtime-helper.js', 'src/rewrite/ts-config.js', 'src/rewrite/helper-import.js'].map((path) =>
  join(DIST, path),
);

/** Where `typescript` is unloadable in the child processes below: everywhere, our dependencies too. */
const BLOCK_TYPESCRIPT_FROM = '*';

/** Packages that require `typescript` when they are loaded. */
const LOADS_TYPESCRIPT = new Set([
  'typescript',
  '@typescript-eslint/typescript-estree',
  '@typescript-eslint/parser',
  '@typescript-eslint/type-utils',
  'ts-api-utils',
]);

const BUILTINS = new Set(builtinModules);

/** The string specifiers a built module passes to require() and import(). */
function loadedSpecifiers(file: string): string[] {
  const specifiers: string[] = [];
  const literal = (node: TSESTree.Node | undefined) => {
    if (node?.type === 'Literal' && typeof node.value === 'string') specifiers.push(node.value);
  };
  simpleTraverse(parse(readFileSync(file, 'utf8')), {
    enter(node) {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') literal(node.arguments[0]);
      if (node.type === 'ImportExpression') literal(node.source);
    },
  });
  return specifiers;
}

/**
 * Every edge `module -> package` from the modules reachable from `entries` (through relative
 * require() and import()) to a package that loads TypeScript, modules relative to `root`. The static
 * half of the check: after the parser swap, `typescriptLoaders(ENTRY_POINTS)` must be empty.
 */
function typescriptLoaders(entries: readonly string[], root = DIST): string[] {
  const edges: string[] = [];
  const seen = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of loadedSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = createRequire(file).resolve(specifier);
        if (target.endsWith('.js')) pending.push(target);
        continue;
      }
      const packageName = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
      if (BUILTINS.has(packageName) || specifier.startsWith('node:')) continue;
      if (LOADS_TYPESCRIPT.has(packageName)) edges.push(`${relative(root, file)} -> ${packageName}`);
    }
  }
  return [...new Set(edges)].sort();
}

describe('the build loads no TypeScript: import graph', () => {
  it('the runtime helper, tsconfig reading and helper imports load nothing that loads TypeScript', () => {
    expect(typescriptLoaders(FORMER_TYPESCRIPT_USERS)).toEqual([]);
  });

  it('from every entry point, nothing loads TypeScript', () => {
    expect(typescriptLoaders(ENTRY_POINTS)).toEqual([]);
  });

  it('follows relative require() and import() to the edges it looks for (guards the walk)', () => {
    const { root, write } = tempTree('safe-requests-graph-');
    write('b.js', "require('node:fs');\nrequire('@typescript-eslint/parser/dist/index.js');\nimport('typescript');\n");
    const entry = write('a.js', "const lazy = () => import('./b.js');\nrequire('commander');\n");
    expect(typescriptLoaders([entry], root)).toEqual(['b.js -> @typescript-eslint/parser', 'b.js -> typescript']);
  });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node <args>` in `cwd`; with `blockFrom`, `typescript` cannot be loaded by modules under that folder. */
function runNode(cwd: string, args: readonly string[], blockFrom?: string): Run {
  const preload = blockFrom === undefined ? [] : ['--import', PRELOAD];
  const env = { ...process.env, CI: '1', NO_COLOR: '1', SAFE_REQUESTS_NO_TYPESCRIPT_FROM: blockFrom ?? '' };
  const result = spawnSync(process.execPath, [...preload, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text files of a project, .git left out. */
function projectFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = relative(dir, join(entry.parentPath, entry.name));
    if (entry.isFile() && !path.startsWith('.git/')) files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

/** The seed client, a TypeScript file and a tsconfig whose extends chain (a package, JSONC) matters. */
const PROJECT: ProjectFiles = {
  'package.json': '{ "name": "model-client", "type": "module" }\n',
  'src/predict.js': SEED_CLIENT,
  'src/users.ts': 'export async function getUser(id: string): Promise<unknown> {\n  const response = await fetch(`https://api.example.com/users/${id}`);\n  return response.json();\n}\n',
  'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig" }\n',
  'node_modules/@acme/tsconfig/tsconfig.json': '{ "compilerOptions": { "module": "NodeNext" } }\n',
  'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "noPropertyAccessFromIndexSignature": true, },\n}\n',
  'tsconfig.json': '{ "extends": ["@acme/tsconfig", "./tsconfig.base.json"], "include": ["src"] }\n',
};
/** What the tsconfig chain decides in src/users.ts: the helper import's `.js`, bracketed env reads. */
const TSCONFIG_DECISIONS = ["from './safe-requests-runtime.js';", "process.env['EXAMPLE_BASE_URL']"];

describe('the build runs without TypeScript', () => {
  it('the block works: require() and import() of typescript fail inside its folder only (guards the harness)', () => {
    const probe = [
      "const required = (() => { try { require('typescript'); return 'loaded'; } catch (error) { return error.code; } })();",
      "import('typescript').then(() => 'loaded', (error) => error.code).then((imported) => console.log(required, imported));",
    ].join('\n');
    const dir = makeProject({ 'probe.cjs': probe }, { git: false });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const args = [join(dir, 'probe.cjs')];
    expect(runNode(dir, args, dir)).toMatchObject({ code: 0, stdout: 'MODULE_NOT_FOUND ERR_MODULE_NOT_FOUND\n' });
    expect(runNode(dir, args, join(dir, 'elsewhere'))).toMatchObject({ code: 0, stdout: 'loaded loaded\n' });
    expect(runNode(dir, args)).toMatchObject({ code: 0, stdout: 'loaded loaded\n' });
  });

  it.each([
    ['check', ['check']],
    ['fix, on this thread and a worker thread', ['fix', '--workers', '2']],
  ])('CLI %s: the same output and files as with TypeScript', (_label, args) => {
    const [normal, blocked] = [false, true].map((block) => {
      const dir = makeProject(PROJECT);
      return { ...runNode(dir, [BIN, ...args], block ? BLOCK_TYPESCRIPT_FROM : undefined), files: projectFiles(dir) };
    });
    expect(blocked).toEqual(normal);
    expect(blocked.stderr).toBe('');
    const users = args[0] === 'check' ? blocked.stdout : blocked.files['src/users.ts'];
    for (const decision of TSCONFIG_DECISIONS) expect(users).toContain(decision);
    if (args[0] === 'fix') expect(Object.keys(blocked.files)).toEqual(expect.arrayContaining(['src/safe-requests-runtime.mjs', 'src/safe-requests-runtime.ts']));
  });

  it('transforms: the same rewrites, inline helper included, as with TypeScript', () => {
    // Both transforms in turn, as jscodeshift calls them; predict.js gets the inline helper.
    const script = `
      const [dist, ...files] = process.argv.slice(1);
      const results = files.map((path) => {
        let source = require('node:fs').readFileSync(path, 'utf8');
        const reports = [];
        for (const name of ['env-endpoints', 'retry-requests']) {
          const transform = require(dist + '/transforms/' + name + '.js').default;
          const options = { dry: true, ...(name === 'retry-requests' && path.endsWith('.js') ? { helper: 'inline' } : {}) };
          source = transform({ path, source }, { report: (message) => reports.push(message) }, options) ?? source;
        }
        return { source, reports };
      });
      console.log(JSON.stringify(results));
    `;
    const dir = makeProject(PROJECT, { git: false });
    const args = ['--eval', script, DIST, join(dir, 'src/predict.js'), join(dir, 'src/users.ts')];
    const [normal, blocked] = [runNode(dir, args), runNode(dir, args, BLOCK_TYPESCRIPT_FROM)];
    expect(blocked).toEqual(normal);
    expect(blocked).toMatchObject({ code: 0, stderr: '' });
    const [predict, users] = JSON.parse(blocked.stdout) as { source: string }[];
    expect(predict!.source).toContain('async function withRetry(operation, options = {}) {');
    for (const decision of TSCONFIG_DECISIONS) expect(users!.source).toContain(decision);
  });
});
