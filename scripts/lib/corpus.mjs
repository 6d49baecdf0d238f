// What `npm run corpus` and `npm run bench` share: the pinned packages, their install in
// .cache/corpus/, the list of source files, and which of our rules and transforms exist yet.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = join(ROOT, '.cache', 'corpus');
export const PACKAGES_FILE = join(ROOT, 'corpus', 'packages.json');
export const SNAPSHOT_FILE = join(ROOT, 'corpus', 'snapshot.json');
export const TRANSFORM_NAMES = ['env-endpoints', 'timeouts', 'retry-requests'];
export const CLI_PATH = join(ROOT, 'dist', 'src', 'cli', 'bin.js');

export const requireFromRoot = createRequire(join(ROOT, 'package.json'));

/** The built plugin; `npm run corpus|bench` build first. */
export function loadPlugin() {
  return requireFromRoot('./dist/src/index.js');
}

export function loadDist(relativePath) {
  return requireFromRoot(`./dist/${relativePath}`);
}

export function readPinnedPackages() {
  return JSON.parse(readFileSync(PACKAGES_FILE, 'utf8')).packages;
}

/** The pinned packages that ship an application's source: the bench's target is on these. */
export function readApplications() {
  return JSON.parse(readFileSync(PACKAGES_FILE, 'utf8')).applications;
}

/**
 * The CodeTransform each built transform exports (found by shape: the transform's author picks the
 * export name). A built file that does not load or exports none is a broken build: `problems` says why.
 */
export function loadTransforms() {
  const transforms = new Map();
  const problems = [];
  for (const name of TRANSFORM_NAMES) {
    const file = join(ROOT, 'dist', 'transforms', `${name}.js`);
    if (!existsSync(file)) continue;
    let exports;
    try {
      exports = requireFromRoot(file);
    } catch (error) {
      problems.push(`dist/transforms/${name}.js does not load: ${String(error.message).split('\n')[0]}`);
      continue;
    }
    const exported = Object.values(exports).find(
      (value) => value && typeof value === 'object' && value.name === name && typeof value.run === 'function',
    );
    if (exported) transforms.set(name, exported);
    else problems.push(`dist/transforms/${name}.js exports no CodeTransform named '${name}'`);
  }
  return { transforms, problems };
}

/** Installs the pinned packages unless .cache/corpus already holds exactly those versions. */
export function installCorpus(log = console.log) {
  const pinned = readPinnedPackages();
  const specs = Object.entries(pinned).map(([name, version]) => `${name}@${version}`);
  const lockFile = join(CACHE_DIR, 'corpus-lock.json');
  const lock = JSON.stringify(pinned, null, 2);
  const installedVersion = (name) => {
    const manifest = join(CACHE_DIR, 'node_modules', name, 'package.json');
    return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
  };
  const upToDate =
    existsSync(lockFile) &&
    readFileSync(lockFile, 'utf8') === lock &&
    Object.entries(pinned).every(([name, version]) => installedVersion(name) === version);
  if (upToDate) return pinned;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Its own package.json makes .cache/corpus the npm prefix, so nothing lands in the repository's node_modules.
  writeFileSync(join(CACHE_DIR, 'package.json'), `${JSON.stringify({ name: 'safe-requests-corpus', private: true }, null, 2)}\n`);
  log(`Installing ${specs.length} corpus packages into ${CACHE_DIR} …`);
  const result = spawnSync(
    'npm',
    ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...specs],
    { cwd: CACHE_DIR, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`npm install of the corpus failed (exit ${result.status})`);
  for (const [name, version] of Object.entries(pinned)) {
    if (installedVersion(name) !== version) throw new Error(`corpus: ${name} installed as ${installedVersion(name)}, pinned ${version}`);
  }
  writeFileSync(lockFile, lock);
  return pinned;
}

/**
 * Every source file the corpus runs on, per package, in a stable order: our own source
 * extensions, without declaration files and minified bundles (the CLI skips those too), and
 * without the package's own node_modules.
 */
export function corpusFiles(pinned) {
  const { SOURCE_EXTENSIONS, isDeclarationFile, looksMinified } = loadDist('src/analysis/file-kinds.js');
  const extension = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`);
  const files = [];
  const skipped = { declaration: 0, minified: 0 };
  for (const [name, version] of Object.entries(pinned).sort(([a], [b]) => a.localeCompare(b))) {
    const packageDir = join(CACHE_DIR, 'node_modules', name);
    for (const rel of walkFiles(packageDir)) {
      if (!extension.test(rel)) continue;
      if (isDeclarationFile(rel)) {
        skipped.declaration++;
        continue;
      }
      const absolute = join(packageDir, rel);
      const text = readFileSync(absolute, 'utf8');
      if (looksMinified(text, rel)) {
        skipped.minified++;
        continue;
      }
      files.push({ pkg: `${name}@${version}`, name, rel, absolute, bytes: Buffer.byteLength(text) });
    }
  }
  return { files, skipped };
}

function walkFiles(dir, prefix = '') {
  const result = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') result.push(...walkFiles(join(dir, entry.name), rel));
    } else if (entry.isFile()) {
      result.push(rel);
    }
  }
  return result;
}

export const LINTED_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/**
 * @typescript-eslint/parser for every file, as a TypeScript project would lint: `.cjs`/`.cts` as
 * CommonJS, the rest as modules (`sourceType: 'script'` is the fallback for old scripts the module
 * goal refuses). typescript-estree picks JSX or TS grammar from each file's extension.
 */
export function parserConfigs(tsParser, sourceType = 'module') {
  return [
    {
      files: LINTED_FILES,
      languageOptions: { parser: tsParser, sourceType },
      // The packages' own eslint-disable comments name rules we do not load and must not hide ours.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    },
    { files: ['**/*.{cjs,cts}'], languageOptions: { sourceType: 'commonjs' } },
  ];
}

/** Rule ids at the plugin's `all` config level, for the rules that exist now. */
export function allLevelRules(plugin) {
  const entries = plugin.configs.all.flatMap((config) => (config.files ? [] : Object.entries(config.rules ?? {})));
  return Object.fromEntries(entries);
}

/** A plain-text table; numbers right-aligned. */
export function formatTable(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row) =>
    `| ${row.map((cell, column) => (/^-?[\d.,]+(?:\s?[%×a-zA-Z/]*)?$/.test(cell) && column > 0 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
