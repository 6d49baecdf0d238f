import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { HtmlScript } from './html-scripts';

/**
 * What a Vite app builds. Vite replaces `import.meta.env.*` only in files it bundles, so a package
 * with vite or vitest as a dev dependency is not a Vite app, nor is a vite.config.* that only
 * configures vitest: its scripts run in Node, where `import.meta.env` is undefined. A Vite app has
 * a vite.config.* or runs the vite CLI from its scripts (create-vite's vanilla template has no
 * config), and builds HTML entries or, by its config, a library, explicit inputs or a framework.
 */

export interface ViteApp {
  /** The config file's name, or the scripts running vite, for messages. */
  readonly config: string;
  includes(absPath: string): boolean;
  /** Files the config imports: they also run in Node when Vite loads its config. */
  loadsInConfig(absPath: string): boolean;
  /** Files in `public/`, which Vite serves to the browser without bundling. */
  servesAsIs(absPath: string): boolean;
}

export const VITE_CONFIG = /^vite\.config\.[cm]?[jt]s$/;
// Builds that need no index.html: library mode, explicit inputs, and frameworks built on Vite.
const BUILD_WITHOUT_HTML =
  /\blib\s*:|\binput\s*:|@sveltejs\/kit|@remix-run\/dev|@react-router\/dev|@builder\.io\/qwik|@solidjs\/start|@tanstack\/[\w-]+-start|@analogjs|\bvike\b/;
// `vite`, `vite build`, `vite preview`; not vitest.
const VITE_CLI = /(?:^|[\s;&|(])vite(?:\s|$)/;
const ROOT_OPTION = /\broot\s*:\s*(['"])([^'"\n]+)\1/;
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;
const IMPORT_SUFFIXES = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.mts', '.vue', '.svelte', '/index.ts', '/index.tsx', '/index.js', '/index.jsx'];
const CODE_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
const MAX_GRAPH_FILES = 5_000;

/**
 * The Vite app whose config sits in `dir` (a package root listing `entries`, with `commands` in
 * its package.json scripts), or undefined when there is none. Its build includes the files its HTML entries (`<script type="module" src>`)
 * import, every file under an entry's own folder (imports through `.vue` files or aliases are not
 * followed), and without HTML entries `src/` and `app/`; never `public/`, which is copied as is.
 */
export function viteAppAt(dir: string, entries: readonly string[], commands: readonly string[], scripts: ReadonlyMap<string, HtmlScript>): ViteApp | undefined {
  const configFile = entries.find((entry) => VITE_CONFIG.test(entry));
  if (configFile === undefined && !commands.some((command) => VITE_CLI.test(command))) return undefined;
  const config = configFile ?? 'the vite CLI in its package.json scripts';
  const configText = (configFile && readText(join(dir, configFile))) ?? '';
  const root = resolve(dir, ROOT_OPTION.exec(configText)?.[2] ?? '.');
  const publicDir = join(root, 'public');
  const htmlEntries = [...scripts]
    .filter(([path, script]) => script.load === 'module' && isInside(root, path) && !isInside(publicDir, path))
    .map(([path]) => path);
  // A config with neither is vitest's: nothing is built.
  if (htmlEntries.length === 0 && !BUILD_WITHOUT_HTML.test(configText)) return undefined;
  const entryDirs = htmlEntries.map((path) => dirname(path)).filter((entryDir) => entryDir !== root);
  const appDirs = htmlEntries.length > 0 ? entryDirs : [join(root, 'src'), join(root, 'app')];
  const imported = importedFrom(htmlEntries);
  const configImports = configFile === undefined ? new Set<string>() : importedFrom([join(dir, configFile)]);
  return {
    config,
    includes: (path) => !isInside(publicDir, path) && (imported.has(path) || appDirs.some((appDir) => isInside(appDir, path))),
    loadsInConfig: (path) => configImports.has(path),
    servesAsIs: (path) => isInside(publicDir, path),
  };
}

/** Every code file reachable from `entries` through relative imports, the entries included. */
function importedFrom(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.filter(isFile);
  while (queue.length > 0 && seen.size < MAX_GRAPH_FILES) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, , specifier = ''] of (readText(file) ?? '').matchAll(RELATIVE_IMPORT)) {
      const target = resolveImport(file, specifier);
      if (target !== undefined && !seen.has(target)) queue.push(target);
    }
  }
  return seen;
}

/** Vite's resolution for relative imports: extensions and index files, and `./x.js` naming `x.ts`. */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.replace(/[?#].*$/, ''));
  const bases = /\.[cm]?jsx?$/.test(base) ? [base, base.replace(/\.([cm]?)js(x?)$/, '.$1ts$2')] : [base];
  for (const candidate of bases.flatMap((path) => IMPORT_SUFFIXES.map((suffix) => path + suffix))) {
    if (CODE_FILE.test(candidate) && isFile(candidate)) return candidate;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    // ENOTDIR: `x.js/index.ts` where x.js is a file.
    return false;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isInside(dir: string, path: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}
