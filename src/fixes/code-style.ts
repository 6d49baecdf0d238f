import type { TSESTree } from '@typescript-eslint/types';
import { walk, type Node } from '../analysis/ast';
import { detectIndentUnit, preferredQuote, type Quote } from './source-text';

/**
 * How the code we write must look to sit in a file unnoticed: semicolons, quotes, trailing
 * commas, the indentation step and the print width. Inferred from the file's own text; a
 * project's prettier or .editorconfig settings (rewrite/project-style.ts) take precedence where
 * they say something. Pure, so rule suggestions use it too.
 */
export interface CodeStyle {
  /** Statements end with `;` (false: the file relies on ASI). */
  readonly semi: boolean;
  readonly quote: Quote;
  /** Prettier's names: commas after the last element of multi-line literals ('es5') or also of calls and parameters ('all'). */
  readonly trailingComma: 'none' | 'es5' | 'all';
  /** One indentation step: a tab or some spaces. */
  readonly indent: string;
  readonly printWidth: number;
}

export const DEFAULT_CODE_STYLE: CodeStyle = { semi: true, quote: "'", trailingComma: 'all', indent: '  ', printWidth: 80 };

/** Statements that end with `;` unless the file relies on automatic semicolon insertion. */
const SEMICOLON_STATEMENTS: ReadonlySet<string> = new Set([
  'ExpressionStatement',
  'VariableDeclaration',
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
  'DoWhileStatement',
  'ImportDeclaration',
  'ExportAllDeclaration',
  'PropertyDefinition',
  'TSTypeAliasDeclaration',
]);

/** Widths projects configure; an inferred width is the smallest of these nearly every line fits. */
const COMMON_WIDTHS = [80, 100, 120, 140, 160] as const;
// A few long lines (URLs, strings) are tolerated by every formatter; 1 % of the lines may exceed the width.
const LONG_LINE_SHARE = 0.01;

/**
 * The file's style; `configured` (a project's settings) overrides what the text suggests, except
 * the indentation step of a file that has indented code: new lines nest inside the file's own
 * indentation, and mixing two steps looks worse than either.
 */
export function inferCodeStyle(text: string, ast: TSESTree.Program, configured: Partial<CodeStyle> = {}): CodeStyle {
  return {
    semi: configured.semi ?? usesSemicolons(text, ast),
    quote: configured.quote ?? preferredQuote(text, ast),
    trailingComma: configured.trailingComma ?? trailingCommas(text, ast),
    indent: (INDENTED_CODE.test(text) ? undefined : configured.indent) ?? detectIndentUnit(text),
    printWidth: configured.printWidth ?? printWidthOf(text),
  };
}

/** A line indented before code (JSDoc's ` * ` continuation lines do not count). */
const INDENTED_CODE = /^[ \t]+[^\s*]/m;

/**
 * Semicolons unless most statements that could end with one do not. A `for (let i …)` head's
 * declaration never ends with one and is not counted.
 */
function usesSemicolons(text: string, ast: TSESTree.Program): boolean {
  let with_ = 0;
  let without = 0;
  walk(ast, (node) => {
    if (!SEMICOLON_STATEMENTS.has(node.type) || isLoopHead(node)) return;
    if (text[node.range[1] - 1] === ';') with_++;
    else without++;
  });
  return with_ >= without;
}

function isLoopHead(node: Node): boolean {
  const parent = node.parent;
  return (parent?.type === 'ForStatement' && parent.init === node) || ((parent?.type === 'ForInStatement' || parent?.type === 'ForOfStatement') && parent.left === node);
}

/**
 * Commas after the last element of lists whose closing bracket has a line of its own: object and
 * array literals decide between none and 'es5', call arguments between 'es5' and 'all'. Without a
 * multi-line literal, prettier 3's default ('all').
 */
function trailingCommas(text: string, ast: TSESTree.Program): CodeStyle['trailingComma'] {
  const literals = { comma: 0, none: 0 };
  const calls = { comma: 0, none: 0 };
  walk(ast, (node) => {
    const elements =
      node.type === 'ObjectExpression' ? node.properties : node.type === 'ArrayExpression' ? node.elements : node.type === 'CallExpression' ? node.arguments : undefined;
    const last = elements?.at(-1);
    if (!last) return;
    const between = text.slice(last.range[1], node.range[1] - 1);
    // Only lists whose closing bracket sits on its own line, with nothing but a comma before it.
    if (!/^,?[ \t]*\r?\n\s*$/.test(between)) return;
    const counts = node.type === 'CallExpression' ? calls : literals;
    if (between.startsWith(',')) counts.comma++;
    else counts.none++;
  });
  if (literals.comma + literals.none === 0) return DEFAULT_CODE_STYLE.trailingComma;
  if (literals.comma <= literals.none) return 'none';
  return calls.none > calls.comma ? 'es5' : 'all';
}

function printWidthOf(text: string): number {
  const lengths = text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').replace(/\t/g, '  ').length)
    .filter((length) => length > 0);
  const allowed = Math.floor(lengths.length * LONG_LINE_SHARE);
  return COMMON_WIDTHS.find((width) => lengths.filter((length) => length > width).length <= allowed) ?? Math.max(...lengths);
}

/**
 * `code` as a statement of its own line: with `;`, or in a file without semicolons, bare — behind
 * a `;` when it starts with a character that would continue the previous line (`(`, `[`, `` ` ``…).
 */
export function statement(code: string, style: Pick<CodeStyle, 'semi'>): string {
  if (style.semi) return `${code};`;
  return continuesPreviousLine(code) ? `;${code}` : code;
}

/** Code starting with `(`, `[`, `` ` ``, `+`, `-` or `/` continues a previous line that has no `;`. */
export function continuesPreviousLine(code: string): boolean {
  return /^[([`+\-/]/.test(code);
}

/** Statements on one line, as in `{ log(error); throw error; }`; without semicolons only the separators stay. */
export function inlineStatements(codes: readonly string[], style: Pick<CodeStyle, 'semi'>): string {
  return style.semi ? codes.map((code) => `${code};`).join(' ') : codes.join('; ');
}
