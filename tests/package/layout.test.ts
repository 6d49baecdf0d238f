import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import jsTokens from 'js-tokens';
import { describe, expect, it } from 'vitest';
import { builtDir, repoRoot } from './built-package';

/**
 * The plugin stays light: what ESLint loads (the plugin entry and rules/) never reaches the
 * transforms' and the CLI's code, nor a parser, a compiler or the CLI's dependencies. Read from
 * the built JavaScript, where type-only imports are gone: `require('…')` and `import('…')` calls.
 */
const dist = builtDir();

/** Folders of dist/ that only the transforms and the CLI may load. */
const FORBIDDEN_FOLDERS = ['src/rewrite/', 'src/cli/', 'src/runtime/', 'transforms/'];
const FORBIDDEN_PACKAGE = /^(typescript|@typescript-eslint\/(typescript-estree|utils)|jscodeshift|@babel\/.+|oxc-parser|diff|commander)$/;

interface Graph {
  /** dist/-relative path of every file reached → how it was first reached (entry first). */
  readonly files: Map<string, string[]>;
  /** Package name → the chain of files that requires it. */
  readonly packages: Map<string, string[]>;
}

/** The module names of `require('…')` and `import('…')` calls; tokens, so that comments and strings mentioning one do not count. */
function requiredSpecifiers(text: string): string[] {
  const tokens = [...jsTokens(text)].filter((token) => !/^(WhiteSpace|LineTerminatorSequence|SingleLineComment|MultiLineComment)$/.test(token.type));
  return tokens.flatMap((token, index) => {
    const [open, argument, close] = tokens.slice(index + 1, index + 4);
    const isCall = (token.value === 'require' || token.value === 'import') && token.type === 'IdentifierName' && open?.value === '(' && close?.value === ')';
    return isCall && argument?.type === 'StringLiteral' ? [argument.value.slice(1, -1)] : [];
  });
}

const packageName = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const found = [base, `${base}.js`, join(base, 'index.js')].find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new Error(`${relative(dist, from)}: cannot resolve ${specifier}`);
  return found;
}

/** Follows every `require('…')` and `import('…')` of the built files from the entries. */
function requireGraph(entries: string[]): Graph {
  const files = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const queue: [string, string[]][] = entries.map((entry) => [join(dist, entry), []]);
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [file, via] = next;
    const name = relative(dist, file);
    if (files.has(name)) continue;
    const chain = [...via, name];
    files.set(name, chain);
    for (const specifier of requiredSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) queue.push([resolveLocal(file, specifier), chain]);
      else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        const pkg = packageName(specifier);
        if (!packages.has(pkg)) packages.set(pkg, chain);
      }
    }
  }
  return { files, packages };
}

const RULE_ENTRIES = ['src/index.js', ...readdirSync(join(dist, 'rules')).filter((file) => file.endsWith('.js')).map((file) => `rules/${file}`)];

describe('what the plugin and its rules load', () => {
  const graph = requireGraph(RULE_ENTRIES);

  it('reaches no transform, CLI, rewrite or runtime module', () => {
    const reached = [...graph.files].filter(([file]) => FORBIDDEN_FOLDERS.some((folder) => file.startsWith(folder)));
    expect(reached.map(([, chain]) => chain.join(' → '))).toEqual([]);
  });

  it('requires no parser, compiler, codemod runner or CLI library', () => {
    const reached = [...graph.packages].filter(([pkg]) => FORBIDDEN_PACKAGE.test(pkg));
    expect(reached.map(([pkg, chain]) => `${chain.join(' → ')} → ${pkg}`)).toEqual([]);
  });

  it('requires only the packages the layout documents', () => {
    expect([...graph.packages.keys()].sort()).toEqual(['@eslint-community/eslint-utils', '@typescript-eslint/visitor-keys', 'picomatch', 'tinyglobby']);
  });

  it('loads none of them in a fresh Node process that requires the plugin', () => {
    const script = `require(${JSON.stringify(join(dist, 'src', 'index.js'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
    const { status, stdout, stderr } = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const loaded = (JSON.parse(stdout) as string[]).map((path) => relative(repoRoot, path));
    expect(loaded).toContain('dist/rules/require-timeout.js');
    const forbidden = loaded.filter((path) => {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
      return pkg ? FORBIDDEN_PACKAGE.test(pkg) : FORBIDDEN_FOLDERS.some((folder) => path.startsWith(`dist/${folder}`));
    });
    expect(forbidden).toEqual([]);
  });
});

describe('the walk itself', () => {
  // So that an empty answer above means "nothing reached", not "nothing followed". From main.js:
  // bin.js and worker.js only load the CLI's bundle, cli.js (scripts/bundle-cli.mjs).
  it('finds the CLI reaching rewrite/, the transforms and commander', () => {
    const graph = requireGraph(['src/cli/main.js']);
    expect(graph.files.has('src/rewrite/parse.js')).toBe(true);
    expect(graph.files.has('transforms/env-endpoints.js')).toBe(true);
    expect(graph.packages.has('commander')).toBe(true);
  });
});
