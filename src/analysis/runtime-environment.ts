import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, type Scope } from './ast';
import { fromDisk } from './disk-snapshot';
import { envNameRead, type EnvAccess, type EnvAccessChoice } from './env-access';
import { htmlScriptsUnder, type HtmlScript } from './html-scripts';
import { findPackageRoot, packageRelativePath, packageRootDir, type PackageRoot } from './package-root';
import { walk } from './requests';
import { VITE_CONFIG, viteAppAt, type ViteApp } from './vite-app';

/**
 * Where a file runs, and so which environment reads and which module form work there. The
 * transforms, the CLI and the rule's suggestion all ask this one model, so none of them writes
 * `process.env`, `require` or `import.meta.env` where it does not exist (docs/transforms/*.md,
 * "Where the file runs"). Facts read from disk are cached per package root.
 */

export type RuntimeKind =
  | 'node'
  | 'browser-script'
  | 'browser-module'
  | 'vite'
  | 'next-client'
  | 'next-server'
  | 'react-scripts'
  | 'browser-bundle'
  | 'node-and-browser'
  | 'deno'
  | 'worker'
  | 'browser-extension'
  | 'library';

export interface RuntimeEnvironment {
  readonly kind: RuntimeKind;
  /** What showed it, for messages: `index.html loads it with <script src>`. */
  readonly evidence: string;
  /** `import.meta` parses here (an explicit `envAccess: 'vite'` needs it). */
  readonly esModule: boolean;
}

export interface RuntimeFile {
  readonly program: TSESTree.Program;
  /** Without it (a caller holding only the AST), globals such as `require` and `Deno` are not seen. */
  readonly globalScope?: Scope | null;
  readonly text?: string;
  readonly filePath: string;
}

/** Why a transform leaves a file's endpoints or requests as they are. */
export interface RuntimeReview {
  readonly reason: string;
  readonly message: string;
}

interface Traits {
  /** What env-endpoints writes under `envAccess: 'auto'`; undefined: nothing works, or nothing should be invented. */
  readonly env: EnvAccess | undefined;
  /** What the rule's suggestion writes: a person applies it, so a library gets process.env. */
  readonly suggestion: EnvAccess | undefined;
  /** An explicit `envAccess` is used as given (the user knows their bundler's defines); never where no form exists. */
  readonly envChoosable: boolean;
  /** How the retry helper can come in: an import, require or inline copy; the inline copy only; not at all. */
  readonly helper: 'any' | 'inline' | 'none';
  readonly review?: { readonly reason: string; readonly label: string; readonly env: string; readonly helper: string };
}

const WORKS: Omit<Traits, 'env' | 'suggestion'> = { envChoosable: true, helper: 'any' };

const TRAITS: Readonly<Record<RuntimeKind, Traits>> = {
  node: { ...WORKS, env: 'process', suggestion: 'process' },
  vite: { ...WORKS, env: 'vite', suggestion: 'vite' },
  'next-client': { ...WORKS, env: 'next-public', suggestion: 'next-public' },
  'next-server': { ...WORKS, env: 'process', suggestion: 'process' },
  'react-scripts': { ...WORKS, env: 'react-app', suggestion: 'react-app' },
  'browser-script': {
    env: undefined,
    suggestion: undefined,
    envChoosable: false,
    helper: 'none',
    review: {
      reason: 'classic-script',
      label: 'a classic browser script',
      env: 'it has no process.env, import.meta.env, require or import, so the URL stays; configure it in the page by hand',
      helper: 'it can neither import nor require the retry helper, and an inline copy would add globals that every script of the page shares; add error handling by hand',
    },
  },
  'browser-module': {
    env: undefined,
    suggestion: undefined,
    envChoosable: false,
    helper: 'inline',
    review: {
      reason: 'browser-module',
      label: 'a browser module without a bundler',
      env: 'nothing replaces process.env or import.meta.env there, so the URL stays; configure it in the page by hand',
      helper: "whether the browser gets the helper file depends on how the server serves .mjs files; use helper: 'inline' or add the import by hand",
    },
  },
  'browser-bundle': {
    ...WORKS,
    env: undefined,
    suggestion: undefined,
    review: {
      reason: 'bundler-env',
      label: 'browser code of a bundler this tool does not model',
      env: 'it replaces only the variables its own configuration defines; read the URL through that configuration, or set envAccess if process.env is defined there',
      helper: '',
    },
  },
  'node-and-browser': {
    ...WORKS,
    env: undefined,
    suggestion: undefined,
    review: {
      reason: 'two-runtimes',
      label: 'code that runs both in Node and in a browser bundle',
      env: 'no single environment read works in both (import.meta.env is undefined in Node, process in the browser); pass the URL in from each side by hand',
      helper: '',
    },
  },
  deno: {
    ...WORKS,
    env: undefined,
    suggestion: undefined,
    review: {
      reason: 'deno-env',
      label: 'Deno code',
      env: 'reading a variable there needs --allow-env (Deno.env.get), or the read throws; move the URL by hand',
      helper: '',
    },
  },
  worker: {
    ...WORKS,
    env: undefined,
    suggestion: undefined,
    review: {
      reason: 'worker-env',
      label: 'a Cloudflare Worker',
      env: "its variables arrive on the fetch handler's env argument, not on process.env; move the URL to a binding by hand",
      helper: '',
    },
  },
  'browser-extension': {
    ...WORKS,
    env: undefined,
    suggestion: undefined,
    envChoosable: false,
    review: {
      reason: 'browser-extension',
      label: 'browser extension code',
      env: 'an extension has no environment at run time (process.env is a ReferenceError in Chrome unless its bundler defines each variable); keep the URL, or set it through the bundler by hand',
      helper: '',
    },
  },
  library: {
    env: undefined,
    suggestion: 'process',
    envChoosable: true,
    helper: 'inline',
    review: {
      reason: 'published-library',
      label: 'the source of a published library',
      env: 'every application installing it would need a variable it has never heard of; take the URL as an option instead (or set envAccess to rewrite anyway)',
      helper: "the helper file may not be among the published files, and its log lines would reach the library's users; opt in with helper: 'inline'",
    },
  },
};

/** How env-endpoints reads a variable here for `choice`; undefined: it must not (see envReview). */
export function envAccessIn(environment: RuntimeEnvironment, choice: EnvAccessChoice): EnvAccess | undefined {
  const traits = TRAITS[environment.kind];
  if (choice === 'auto') return traits.env;
  if (!traits.envChoosable) return undefined;
  // `import.meta` is a syntax error in CommonJS.
  return choice === 'vite' && !environment.esModule ? 'process' : choice;
}

/** The environment read the rule suggests, or undefined where none would work. */
export function suggestedEnvAccess(environment: RuntimeEnvironment): EnvAccess | undefined {
  return TRAITS[environment.kind].suggestion;
}

/** Why env-endpoints leaves a URL where envAccessIn gives nothing. */
export function envReview(environment: RuntimeEnvironment): RuntimeReview {
  return reviewOf(environment, 'env');
}

/** Why retry-requests leaves the file as it is, or undefined when the helper can come in `mode`. */
export function helperRefusal(environment: RuntimeEnvironment, mode: 'file' | 'inline'): RuntimeReview | undefined {
  const { helper } = TRAITS[environment.kind];
  if (helper === 'any' || (helper === 'inline' && mode === 'inline')) return undefined;
  return reviewOf(environment, 'helper');
}

function reviewOf(environment: RuntimeEnvironment, what: 'env' | 'helper'): RuntimeReview {
  const review = TRAITS[environment.kind].review!;
  return { reason: review.reason, message: `This file is ${review.label} (${environment.evidence}): ${review[what]}.` };
}

// ---------------------------------------------------------------------------------------------
// The model

const byProgram = new WeakMap<TSESTree.Program, RuntimeEnvironment>();

/** Where `file` runs; memoised per AST, so the transforms and the CLI steps sharing a parse agree. */
export function runtimeEnvironment(file: RuntimeFile): RuntimeEnvironment {
  const known = byProgram.get(file.program);
  if (known) return known;
  const environment = classify(file);
  // A call without scope or text sees less; only a full answer is kept.
  if (file.globalScope && file.text !== undefined) byProgram.set(file.program, environment);
  return environment;
}

// Build and tool configs run in Node.
const CONFIG_FILE = /(?:^|[\\/])[^\\/]*\.config\.[cm]?[jt]sx?$/;
const WRANGLER_CONFIG = /^wrangler\.(?:toml|jsonc?)$/;
const WEBPACK_CONFIG = /^webpack\.config\.[cm]?[jt]s$/;
const BROWSER_BUNDLER_DEPENDENCIES = ['@angular/core', 'astro', 'parcel'];
const DENO_CONFIG = ['deno.json', 'deno.jsonc'];
const DENO_FUNCTIONS = /(?:^|\/)(?:supabase\/functions|netlify\/edge-functions)\//;
const DENO_SPECIFIER = /^(?:jsr:|npm:|https:\/\/deno\.land\/)/;
// Folders a published package keeps for itself: their code runs in the maintainers' Node.
const NOT_SHIPPED = /^(?:scripts?|examples?|demos?|bench(?:marks?)?|tools|docs|website|playground|\.github|\.storybook|stories)\//;
const NEXT_SERVER_FILE =
  /^(?:src\/)?(?:pages\/api\/|(?:middleware|instrumentation)\.[cm]?[jt]sx?$|app\/(?:.*\/)?(?:route|page|layout|template|default|not-found|loading|sitemap|robots|manifest)\.[cm]?[jt]sx?$)/;
const NEXT_PAGES = /^(?:src\/)?pages\//;

function classify(file: RuntimeFile): RuntimeEnvironment {
  const path = resolve(file.filePath);
  const project = projectFacts(path);
  const { root } = project;
  const syntax = fileSyntax(file);
  const at = (kind: RuntimeKind, evidence: string): RuntimeEnvironment => ({ kind, evidence, esModule: syntax.esm });
  // Browsers run JavaScript only: a .ts, .jsx or .cjs file gets there through a bundler, if at all.
  const plainJs = /\.m?js$/i.test(path);
  const script = plainJs ? project.scripts.get(path) : undefined;
  if (script?.load === 'classic' && !syntax.esm && !syntax.commonJs) return at('browser-script', `${script.page} loads it with <script src>`);
  if (plainJs && project.vite?.servesAsIs(path)) {
    return syntax.esm ? at('browser-module', `${project.vite.config} serves public/ as is`) : at('browser-script', `${project.vite.config} serves public/ as is`);
  }
  const deno = denoEvidence(path, file, syntax, root);
  if (deno !== undefined) return at('deno', deno);
  if (syntax.shebang !== undefined) return at('node', 'a script with a shebang');
  if (CONFIG_FILE.test(path)) return at('node', 'a tool configuration file');
  if (project.worker !== undefined) return at('worker', `${project.worker} beside package.json`);
  if (project.extension !== undefined && !(root && NOT_SHIPPED.test(packageRelativePath(path, root)))) {
    return at('browser-extension', `${project.extension} is a browser extension's manifest`);
  }
  const bundled = project.vite?.includes(path) === true && !syntax.commonJs;
  if (script?.load === 'module' && !bundled) return at('browser-module', `${script.page} loads it with <script type="module">`);
  if (!root) {
    if (syntax.esm || syntax.commonJs || syntax.nodeGlobals || !/\.js$/i.test(path)) return at('node', 'no package.json, and not a plain browser script');
    return at('browser-script', 'no package.json, and no import, export, require or process');
  }
  const relPath = packageRelativePath(path, root);
  if (root.published && !NOT_SHIPPED.test(relPath)) return at('library', 'its package.json is not private and declares main/exports');
  if (root.dependencies.has('next')) return nextSide(file, syntax, relPath, at);
  if (root.dependencies.has('react-scripts') && relPath.startsWith('src/') && !relPath.startsWith('src/setupProxy.')) {
    return at('react-scripts', 'Create React App source under src/');
  }
  if (bundled && project.vite!.loadsInConfig(path)) return at('node-and-browser', `${project.vite!.config} imports it, and the build bundles it`);
  if (bundled) return at('vite', `built by ${project.vite!.config}`);
  if (project.browserBundler !== undefined && relPath.startsWith('src/') && !syntax.commonJs) {
    return at('browser-bundle', `${project.browserBundler} builds src/ for the browser`);
  }
  return at('node', 'no browser bundler or page loads it');
}

/**
 * Next.js: `"use client"` files and files already reading NEXT_PUBLIC_ variables are browser
 * code; route handlers, pages/api, middleware, server components' route files and `"use server"`
 * or `server-only` modules are server code; anything else may be imported from either side, where
 * only NEXT_PUBLIC_ variables work in both.
 */
function nextSide(file: RuntimeFile, syntax: FileSyntax, relPath: string, at: (kind: RuntimeKind, evidence: string) => RuntimeEnvironment): RuntimeEnvironment {
  if (syntax.directives.includes('use client')) return at('next-client', 'a "use client" file');
  if (readsNextPublic(file.program)) return at('next-client', 'it already reads NEXT_PUBLIC_ variables');
  if (syntax.directives.includes('use server')) return at('next-server', 'a "use server" file');
  if (syntax.specifiers.some((specifier) => specifier === 'server-only' || specifier.startsWith('node:'))) {
    return at('next-server', 'it imports server-only modules');
  }
  if (NEXT_SERVER_FILE.test(relPath)) return at('next-server', 'a Next.js server file');
  if (NEXT_PAGES.test(relPath)) return at('next-client', 'a pages/ file, rendered in the browser too');
  return at('next-client', 'Next.js code that client components may import');
}

function readsNextPublic(program: TSESTree.Program): boolean {
  let found = false;
  walk(program, (node) => {
    if (found) return false;
    if (envNameRead(node)?.startsWith('NEXT_PUBLIC_')) found = true;
    return undefined;
  });
  return found;
}

function denoEvidence(path: string, file: RuntimeFile, syntax: FileSyntax, root: PackageRoot | undefined): string | undefined {
  if (syntax.shebang?.includes('deno')) return 'a deno shebang';
  if (syntax.specifiers.some((specifier) => DENO_SPECIFIER.test(specifier))) return 'it imports jsr:, npm: or deno.land modules';
  if (usesGlobal(file.globalScope, ['Deno'])) return 'it uses the Deno global';
  if (DENO_FUNCTIONS.test(path.split('\\').join('/'))) return 'a Supabase or Netlify edge function';
  // deno.json may sit in any folder between the file and its package root (a Supabase function in a Node repository).
  const top = root?.dir ?? repositoryTop(dirname(path));
  const config = fromDisk(`deno-config\0${dirname(path)}\0${top}`, () => {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const found = DENO_CONFIG.find((name) => existsSync(join(dir, name)));
      if (found !== undefined || dir === top || dirname(dir) === dir) return found;
    }
  });
  return config === undefined ? undefined : `${config} in its folder or above`;
}

// ---------------------------------------------------------------------------------------------
// What the file's own code says

interface FileSyntax {
  /** import/export declarations, `import.meta`, top-level await, or an .mjs/.mts name. */
  readonly esm: boolean;
  /** require/module/exports as globals, `import x = require()`, or a .cjs/.cts name. */
  readonly commonJs: boolean;
  /** process, Buffer, __dirname, __filename, global. */
  readonly nodeGlobals: boolean;
  readonly shebang: string | undefined;
  readonly directives: readonly string[];
  /** Sources of import and re-export declarations. */
  readonly specifiers: readonly string[];
}

function fileSyntax({ program, globalScope, text = '', filePath }: RuntimeFile): FileSyntax {
  const specifiers: string[] = [];
  const directives: string[] = [];
  let declarations = false;
  let importRequire = false;
  for (const statement of program.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive !== undefined) directives.push(statement.directive);
    if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') importRequire = true;
    if (statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration' || statement.type === 'ExportNamedDeclaration') {
      if (statement.source) specifiers.push(statement.source.value);
    }
    if (statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')) declarations = true;
  }
  const esm =
    /\.m[jt]s$/i.test(filePath) ||
    (program.sourceType === 'module' && (declarations || text.includes('import.meta') || hasTopLevelAwait(program)));
  return {
    esm,
    commonJs: /\.c[jt]s$/i.test(filePath) || importRequire || usesGlobal(globalScope, ['require', 'module', 'exports']),
    nodeGlobals: usesGlobal(globalScope, ['process', 'Buffer', '__dirname', '__filename', 'global']),
    shebang: /^\uFEFF?(#![^\r\n]*)/.exec(text)?.[1],
    directives,
    specifiers,
  };
}

function hasTopLevelAwait(program: TSESTree.Program): boolean {
  let found = false;
  walk(program, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
    return undefined;
  });
  return found;
}

/** An undeclared global the file reads; ESLint resolves configured globals to variables without definitions. */
function usesGlobal(globalScope: Scope | null | undefined, names: readonly string[]): boolean {
  if (!globalScope) return false;
  if (globalScope.through.some((reference) => names.includes(reference.identifier.name))) return true;
  return names.some((name) => {
    const variable = globalScope.set.get(name);
    return variable !== undefined && variable.defs.length === 0 && variable.references.length > 0;
  });
}

// ---------------------------------------------------------------------------------------------
// What the project around it says, cached per package root (or repository, or folder)

interface ProjectFacts {
  readonly root: PackageRoot | undefined;
  /** Scripts the project's HTML pages load. */
  readonly scripts: ReadonlyMap<string, HtmlScript>;
  readonly vite: ViteApp | undefined;
  /** The wrangler config beside package.json. */
  readonly worker: string | undefined;
  /** A browser bundler whose env replacement is not modelled. */
  readonly browserBundler: string | undefined;
  /** The manifest.json (with `manifest_version`) of a browser extension built from this package. */
  readonly extension: string | undefined;
}

// Where extension projects keep the manifest their build copies.
const EXTENSION_MANIFESTS = ['manifest.json', 'src/manifest.json', 'public/manifest.json', 'static/manifest.json'];

const projects = new Map<string, { readonly stamp: string; readonly facts: ProjectFacts }>();

/**
 * Checked against the modification times of the folder and of the files beside package.json the
 * facts come from (package.json, vite.config.*, *.html, wrangler.*, webpack.config.*), so a
 * long-lived process (an editor's ESLint) sees them change; inside a disk snapshot, once per run
 * and folder. Pages deeper down are read once.
 */
function projectFacts(path: string): ProjectFacts {
  return fromDisk(`project\0${dirname(path)}`, () => readProjectFacts(path));
}

function readProjectFacts(path: string): ProjectFacts {
  const rootDir = packageRootDir(path);
  const dir = rootDir ?? repositoryTop(dirname(path)) ?? dirname(path);
  const sources = listing(dir).filter((entry) => entry === 'package.json' || /\.html?$/.test(entry) || [VITE_CONFIG, WRANGLER_CONFIG, WEBPACK_CONFIG].some((name) => name.test(entry)));
  const stamp = [dir, ...sources.map((entry) => join(dir, entry))].map(modified).join(':');
  const cached = projects.get(dir);
  if (cached?.stamp === stamp) return cached.facts;
  const root = rootDir === undefined ? undefined : findPackageRoot(path);
  const scripts = htmlScriptsUnder(dir);
  const entries = root?.entries ?? [];
  const facts: ProjectFacts = {
    root,
    scripts,
    vite: root && viteAppAt(root.dir, entries, root.scripts ?? [], scripts),
    worker: entries.find((entry) => WRANGLER_CONFIG.test(entry)),
    browserBundler: entries.find((entry) => WEBPACK_CONFIG.test(entry)) ?? BROWSER_BUNDLER_DEPENDENCIES.find((name) => root?.dependencies.has(name)),
    extension: root && EXTENSION_MANIFESTS.find((name) => isExtensionManifest(join(root.dir, name))),
  };
  projects.set(dir, { stamp, facts });
  return facts;
}

/** A PWA's manifest.json has no `manifest_version`; an extension's (Chrome, Firefox, Safari) always does. */
function isExtensionManifest(path: string): boolean {
  try {
    return /"manifest_version"\s*:/.test(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
}

/** A folder's entries; none for a path that is not on disk (ESLint's `<input>`, a transform given a virtual path). */
function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function modified(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

/** The nearest folder holding `.git`: a site without package.json is scanned from there. */
function repositoryTop(start: string): string | undefined {
  return fromDisk(`repository-top\0${start}`, () => {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, '.git'))) return dir;
      if (dirname(dir) === dir) return undefined;
    }
  });
}

