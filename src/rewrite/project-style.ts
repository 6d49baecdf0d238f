import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseSync } from 'oxc-parser';
import picomatch from 'picomatch';
import { fromDisk } from '../analysis/disk-snapshot';
import type { TSESTree } from '@typescript-eslint/types';
import { inferCodeStyle, type CodeStyle } from '../fixes/code-style';

/**
 * The style a project configures for a file: its prettier config (the nearest one, as prettier
 * finds it: JSON, YAML, package.json's `prettier` key, or a JS/TS config whose exported object is
 * a literal — read as data, never run) and its .editorconfig sections that match the file.
 * Prettier's settings win over .editorconfig's, as in prettier. Read through fromDisk: once per run.
 */

/** The prettier options this project reads, as data. */
interface PrettierOptions {
  readonly semi?: unknown;
  readonly singleQuote?: unknown;
  readonly trailingComma?: unknown;
  readonly useTabs?: unknown;
  readonly tabWidth?: unknown;
  readonly printWidth?: unknown;
  readonly overrides?: unknown;
}

export interface PrettierConfig {
  readonly path: string;
  /** undefined: the file exists but holds something not readable as data (a shared config's name, JSON5, TOML, code). */
  readonly options: PrettierOptions | undefined;
}

// prettier 3's search order within one folder.
const PRETTIER_CONFIG_NAMES = [
  'package.json',
  'package.yaml',
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.json5',
  '.prettierrc.js',
  'prettier.config.js',
  '.prettierrc.ts',
  'prettier.config.ts',
  '.prettierrc.mjs',
  'prettier.config.mjs',
  '.prettierrc.mts',
  'prettier.config.mts',
  '.prettierrc.cjs',
  'prettier.config.cjs',
  '.prettierrc.cts',
  'prettier.config.cts',
  '.prettierrc.toml',
] as const;

/**
 * The configured parts of the file's style; what nothing configures is left to the file (code-style.ts).
 * Once per file and run: the transforms each ask for it (the answer is shared: never mutate it).
 */
export function projectStyle(filePath: string): Partial<CodeStyle> {
  const absolute = resolve(filePath);
  return fromDisk(`project-style\0${absolute}`, () => {
    const prettier = findPrettierConfig(absolute);
    const options = prettier?.options ? optionsFor(prettier.options, relative(dirname(prettier.path), absolute)) : {};
    return { ...editorconfigStyle(absolute), ...prettierStyle(options) };
  });
}

const inferredStyles = new WeakMap<TSESTree.Program, { readonly configured: Partial<CodeStyle>; readonly style: CodeStyle }>();

/**
 * inferCodeStyle with the project's settings, for a tree of `text`: the transforms that get the
 * same text (and so the same parse, parse.ts) infer it once.
 */
export function fileCodeStyle(text: string, ast: TSESTree.Program, filePath: string): CodeStyle {
  const configured = projectStyle(filePath);
  const known = inferredStyles.get(ast);
  if (known?.configured === configured) return known.style;
  const style = inferCodeStyle(text, ast, configured);
  inferredStyles.set(ast, { configured, style });
  return style;
}

/** The nearest prettier config above `filePath`, as prettier 3 resolves it. */
export function findPrettierConfig(filePath: string): PrettierConfig | undefined {
  for (let dir = dirname(resolve(filePath)); ; dir = dirname(dir)) {
    const found = fromDisk(`prettier-config\0${dir}`, () => prettierConfigIn(dir));
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

function prettierConfigIn(dir: string): PrettierConfig | undefined {
  for (const name of PRETTIER_CONFIG_NAMES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    if (name === 'package.json' || name === 'package.yaml') {
      const manifest = name === 'package.json' ? parseJson(text) : parseFlatYaml(text);
      // A package.json without the key is no prettier config: the search goes on.
      if (!manifest || !('prettier' in manifest)) continue;
      const value = manifest.prettier;
      return { path, options: isRecord(value) ? value : undefined };
    }
    return { path, options: readConfigText(name, text) };
  }
  return undefined;
}

function readConfigText(name: string, text: string): PrettierOptions | undefined {
  if (name === '.prettierrc') return parseJson(text) ?? parseFlatYaml(text);
  if (name.endsWith('.json')) return parseJson(text);
  if (/\.ya?ml$/.test(name)) return parseFlatYaml(text);
  if (/\.[cm]?[jt]s$/.test(name)) return exportedLiteral(name, text);
  return undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Top-level `key: scalar` lines; nested YAML (overrides) is not read. */
function parseFlatYaml(text: string): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z]\w*)\s*:\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    result[key] = /^(?:true|false)$/.test(raw) ? raw === 'true' : /^\d+$/.test(raw) ? Number(raw) : raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

interface EstreeNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * `module.exports = {…}`, `export default {…}`, or either of a top-level `const x = {…}`: the
 * object's literal values. Anything computed makes the config unreadable as data.
 */
function exportedLiteral(name: string, text: string): PrettierOptions | undefined {
  const { program, errors } = parseSync(name, text, { sourceType: 'unambiguous' });
  if (errors.length > 0) return undefined;
  const body = program.body as unknown as EstreeNode[];
  const constants = new Map<string, EstreeNode>();
  let exported: EstreeNode | undefined;
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations as EstreeNode[]) {
        const id = declarator.id as EstreeNode;
        if (id.type === 'Identifier' && declarator.init) constants.set(id.name as string, declarator.init as EstreeNode);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      exported = statement.declaration as EstreeNode;
    } else if (statement.type === 'ExpressionStatement') {
      const expression = statement.expression as EstreeNode;
      if (expression.type === 'AssignmentExpression' && isModuleExports(expression.left as EstreeNode)) exported = expression.right as EstreeNode;
    }
  }
  const object = exported?.type === 'Identifier' ? constants.get(exported.name as string) : exported;
  const value = object && literalValue(unwrapTypes(object));
  return isRecord(value) ? value : undefined;
}

function isModuleExports(node: EstreeNode): boolean {
  const object = node.object as EstreeNode | undefined;
  const property = node.property as EstreeNode | undefined;
  return node.type === 'MemberExpression' && object?.type === 'Identifier' && object.name === 'module' && property?.name === 'exports';
}

/** `{…} satisfies Config`, `{…} as Config`. */
function unwrapTypes(node: EstreeNode): EstreeNode {
  return node.type === 'TSSatisfiesExpression' || node.type === 'TSAsExpression' ? unwrapTypes(node.expression as EstreeNode) : node;
}

const UNREADABLE = Symbol('unreadable');

function literalValue(node: EstreeNode): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'ArrayExpression': {
      const values = (node.elements as EstreeNode[]).map((element) => (element ? literalValue(element) : UNREADABLE));
      return values.includes(UNREADABLE) ? UNREADABLE : values;
    }
    case 'ObjectExpression': {
      const result: Record<string, unknown> = {};
      for (const property of node.properties as EstreeNode[]) {
        const key = property.key as EstreeNode | undefined;
        if (property.type !== 'Property' || property.computed || !key) return UNREADABLE;
        const value = literalValue(property.value as EstreeNode);
        if (value === UNREADABLE) return UNREADABLE;
        result[key.type === 'Identifier' ? (key.name as string) : String(key.value)] = value;
      }
      return result;
    }
    default:
      return UNREADABLE;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The config's options with its matching `overrides` applied, as prettier does. */
function optionsFor(options: PrettierOptions, relativePath: string): PrettierOptions {
  let result: PrettierOptions = options;
  const path = relativePath.split(sep).join('/');
  for (const override of Array.isArray(options.overrides) ? (options.overrides as unknown[]) : []) {
    if (!isRecord(override) || !isRecord(override.options)) continue;
    const files = patterns(override.files);
    const excluded = patterns(override.excludeFiles);
    if (files.length === 0 || !matches(files, path) || (excluded.length > 0 && matches(excluded, path))) continue;
    result = { ...result, ...override.options };
  }
  return result;
}

function patterns(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((pattern): pattern is string => typeof pattern === 'string');
}

/** A pattern without a slash matches the file's name in any folder (prettier's and editorconfig's rule). */
function matches(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => globMatcher(glob)(path));
}

/** Compiled once per glob: every file of a run asks the same .editorconfig sections. */
const matchers = new Map<string, (path: string) => boolean>();

function globMatcher(glob: string): (path: string) => boolean {
  let matcher = matchers.get(glob);
  if (!matcher) {
    matcher = picomatch(glob.includes('/') ? glob.replace(/^\//, '') : `**/${glob}`, { dot: true });
    matchers.set(glob, matcher);
  }
  return matcher;
}

function prettierStyle(options: PrettierOptions): Partial<CodeStyle> {
  const style: { -readonly [K in keyof CodeStyle]?: CodeStyle[K] } = {};
  if (typeof options.semi === 'boolean') style.semi = options.semi;
  if (typeof options.singleQuote === 'boolean') style.quote = options.singleQuote ? "'" : '"';
  if (options.trailingComma === 'none' || options.trailingComma === 'es5' || options.trailingComma === 'all') style.trailingComma = options.trailingComma;
  if (typeof options.printWidth === 'number' && options.printWidth > 0) style.printWidth = options.printWidth;
  const width = typeof options.tabWidth === 'number' && options.tabWidth > 0 && options.tabWidth <= 16 ? options.tabWidth : undefined;
  if (options.useTabs === true) style.indent = '\t';
  else if (width !== undefined || options.useTabs === false) style.indent = ' '.repeat(width ?? 2);
  return style;
}

/** The properties of every .editorconfig section matching the file, nearest file and last section winning, up to `root = true`. */
function editorconfigStyle(filePath: string): Partial<CodeStyle> {
  const properties: Record<string, string> = {};
  for (let dir = dirname(filePath); ; dir = dirname(dir)) {
    const sections = fromDisk(`editorconfig\0${dir}`, () => readEditorconfig(join(dir, '.editorconfig')));
    if (sections) {
      const path = relative(dir, filePath).split(sep).join('/');
      const found: Record<string, string> = {};
      for (const section of sections.sections) if (matches([section.glob], path)) Object.assign(found, section.properties);
      for (const [key, value] of Object.entries(found)) if (!(key in properties)) properties[key] = value;
      if (sections.root) break;
    }
    if (dirname(dir) === dir) break;
  }
  const style: { -readonly [K in keyof CodeStyle]?: CodeStyle[K] } = {};
  const size = Number(properties.indent_size === 'tab' ? properties.tab_width : properties.indent_size);
  if (properties.indent_style === 'tab') style.indent = '\t';
  else if (properties.indent_style === 'space' || Number.isInteger(size)) style.indent = ' '.repeat(Number.isInteger(size) && size > 0 && size <= 16 ? size : 2);
  const maxLength = Number(properties.max_line_length);
  if (Number.isInteger(maxLength) && maxLength > 0) style.printWidth = maxLength;
  return style;
}

interface Editorconfig {
  readonly root: boolean;
  readonly sections: ReadonlyArray<{ readonly glob: string; readonly properties: Readonly<Record<string, string>> }>;
}

function readEditorconfig(path: string): Editorconfig | undefined {
  if (!existsSync(path)) return undefined;
  let root = false;
  const sections: Array<{ glob: string; properties: Record<string, string> }> = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const section = /^\[(.*)\]$/.exec(trimmed);
    if (section) {
      sections.push({ glob: section[1]!, properties: {} });
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair) continue;
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.toLowerCase();
    if (sections.length === 0) root ||= key === 'root' && value === 'true';
    else sections.at(-1)!.properties[key] = value;
  }
  return { root, sections };
}
