import { simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { codeStart, commentsBetween } from './trivia';

/**
 * Text-level rewriting: the transforms splice edits into the original text instead of reprinting,
 * so everything they do not touch (BOM, shebang, comments, CRLF, tabs, quotes) stays byte-identical.
 */

/** Replace `source.slice(start, end)` with `text`; `start === end` is an insertion. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies edits given in any order. Overlapping edits throw; insertions at one offset keep their
 * given order and go before a replacement starting there.
 */
export function applyTextEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort(
      (a, b) =>
        a.edit.start - b.edit.start ||
        Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) ||
        a.index - b.index,
    )
    .map(({ edit }) => edit);
  let result = '';
  let copiedUpTo = 0;
  for (const edit of ordered) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > source.length) {
      throw new RangeError(`Text edit [${edit.start}, ${edit.end}) is outside the source (length ${source.length})`);
    }
    if (edit.start < copiedUpTo) {
      throw new RangeError(`Text edit [${edit.start}, ${edit.end}) overlaps an earlier edit ending at ${copiedUpTo}`);
    }
    result += source.slice(copiedUpTo, edit.start) + edit.text;
    copiedUpTo = edit.end;
  }
  return result + source.slice(copiedUpTo);
}

/** The majority line ending; LF for files without line breaks or with a tie. */
export function detectEol(source: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) {
    if (source[index - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

function lineStartOf(source: string, offset: number): number {
  let start = offset;
  while (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') start--;
  return start;
}

/** Leading spaces and tabs of the line containing `offset`. */
export function indentationOfLine(source: string, offset: number): string {
  const start = lineStartOf(source, offset);
  return /^[ \t]*/.exec(source.slice(start, start + 200))![0];
}

/**
 * Tab when more lines start with a tab than with spaces; otherwise the most frequent step between
 * consecutive indentation widths (ties go to the smaller). Two spaces when nothing is indented.
 * Lines starting with `*` are JSDoc continuations (one space) and are skipped.
 */
export function detectIndentUnit(source: string): string {
  let tabLines = 0;
  let spaceLines = 0;
  const steps = new Map<number, number>();
  let previousWidth = 0;
  for (const line of source.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(indent.length).trim();
    if (rest === '' || rest.startsWith('*')) continue;
    if (indent.startsWith('\t')) tabLines++;
    else if (indent.length > 0) spaceLines++;
    if (indent.includes('\t')) continue;
    const step = Math.abs(indent.length - previousWidth);
    if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    previousWidth = indent.length;
  }
  if (tabLines > spaceLines) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  }
  return best > 0 && best <= 8 ? ' '.repeat(best) : '  ';
}

export type Quote = "'" | '"';

const STRING_OR_COMMENT = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\[\s\S]|[^\\`])*`|(['"])(?:\\[\s\S]|(?!\1)[^\\\n])*\1/g;

/**
 * The quote most string literals use; single on a tie. With an AST the count is exact and skips
 * JSX attributes (conventionally double-quoted whatever the JS style); without, a lexical scan.
 */
export function preferredQuote(source: string, ast?: TSESTree.Program): Quote {
  let single = 0;
  let double = 0;
  const count = (raw: string): void => {
    if (raw.startsWith("'")) single++;
    else if (raw.startsWith('"')) double++;
  };
  if (ast) {
    simpleTraverse(ast, {
      enter(node, parent) {
        if (node.type === 'Literal' && typeof node.value === 'string' && parent?.type !== 'JSXAttribute') count(node.raw);
      },
    });
  } else {
    for (const match of source.matchAll(STRING_OR_COMMENT)) count(match[0]);
  }
  return double > single ? '"' : "'";
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JS string literal for `value` in the given quotes; other control characters become `\xHH`. */
export function quoteString(value: string, quote: Quote): string {
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = value.replace(/[\\\b\f\n\r\t\v\u2028\u2029'"\x00-\x1f\x7f]/g, (char) => {
    if (char === quote) return `\\${quote}`;
    if (char === "'" || char === '"') return char;
    return NAMED_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `${quote}${escaped}${quote}`;
}

/**
 * Re-bases a multi-line snippet for insertion at a position already indented by `indent`: strips
 * the snippet's common indentation, prefixes `indent` to every following non-blank line, and joins
 * with `eol`. Snippets are authored with two-space steps; pass the file's `unit` to convert them.
 */
export function reindent(text: string, indent: string, eol: string, unit = '  '): string {
  const lines = text.split(/\r?\n/);
  const widths = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length);
  const common = widths.length > 0 ? Math.min(...widths) : 0;
  return lines
    .map((line, index) => {
      if (line.trim() === '') return '';
      const body = line.slice(common);
      const steps = /^(?: {2})*/.exec(body)![0].length / 2;
      const rebased = unit.repeat(steps) + body.slice(steps * 2);
      return index === 0 ? rebased : indent + rebased;
    })
    .join(eol);
}

/**
 * Comments that belong at the top whatever follows: pragmas (`@ts-check`, `eslint-disable`,
 * `@jsx`, `@flow`…), licences, `/*!` preserved banners. Other comments directly above the first
 * statement document that statement (a JSDoc `@type`, `eslint-disable-next-line`) and stay with it.
 */
const HEADER_PRAGMA =
  /^!|@ts-(?:no)?check\b|\beslint-(?:disable|enable)(?!-)\b|\beslint-env\b|^\s*(?:eslint|globals?|jshint|jslint)\s|@(?:flow|noflow|jsx|jsxImportSource|jsxRuntime|jsxFrag|format|prettier|license|preserve|copyright|fileoverview|file|module|generated)\b|\bcopyright\b|\blicen[cs]e\b|SPDX-License-Identifier|istanbul ignore file/i;

type Statement = TSESTree.ProgramStatement;

function isDirective(statement: Statement): boolean {
  return statement.type === 'ExpressionStatement' && typeof statement.directive === 'string';
}

/** `require('x')`, `require('x').y`, `require('x')(opts)`, `require('dotenv').config()`. */
function isRequireRooted(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current) {
    if (current.type === 'CallExpression') {
      const { callee, arguments: args } = current;
      if (callee.type === 'Identifier' && callee.name === 'require') {
        return args.length === 1 && args[0].type === 'Literal' && typeof args[0].value === 'string';
      }
      current = callee;
    } else if (current.type === 'MemberExpression') {
      current = current.object;
    } else if (current.type === 'AwaitExpression') {
      current = current.argument;
    } else {
      return false;
    }
  }
  return false;
}

/** Module-loading statements a new import or require may follow. */
function isModuleLoad(statement: Statement): boolean {
  switch (statement.type) {
    case 'ImportDeclaration':
    case 'TSImportEqualsDeclaration':
      return true;
    case 'VariableDeclaration':
      return statement.declarations.length > 0 && statement.declarations.every((declarator) => isRequireRooted(declarator.init));
    case 'ExpressionStatement':
      return isRequireRooted(statement.expression);
    default:
      return false;
  }
}

/** Moves past spaces and tabs when only they remain on the line. */
function skipTrailingBlanks(source: string, offset: number): number {
  let end = offset;
  while (source[end] === ' ' || source[end] === '\t') end++;
  return end === source.length || source[end] === '\n' || source[end] === '\r' ? end : offset;
}

function hasBlankLineBetween(source: string, from: number, to: number): boolean {
  return /\n[ \t]*\r?\n/.test(source.slice(from, to));
}

function directiveCount(body: readonly Statement[]): number {
  let count = 0;
  while (count < body.length && isDirective(body[count])) count++;
  return count;
}

/**
 * The end of what must never change: the BOM, the shebang line, the header comments and the
 * directive prologue. Comments directly above the first statement (no blank line between, not a
 * pragma) document that statement and are not part of the header.
 */
export function findHeaderEnd(source: string, ast: TSESTree.Program): number {
  const end = codeStart(source);
  const { body } = ast;
  const directives = directiveCount(body);
  if (directives > 0) return body[directives - 1].range[1];

  const firstStart = body.length > 0 ? body[0].range[0] : source.length;
  const header = commentsBetween(source, end, firstStart);
  let kept = header.length;
  if (body.length > 0) {
    let below = firstStart;
    while (kept > 0 && !HEADER_PRAGMA.test(header[kept - 1].value) && !hasBlankLineBetween(source, header[kept - 1].range[1], below)) {
      below = header[kept - 1].range[0];
      kept--;
    }
  }
  return kept > 0 ? Math.max(end, header[kept - 1].range[1]) : end;
}

/**
 * The offset after which new top-level statements go: past the header (see findHeaderEnd), every
 * top-level import, the leading `require` statements, and comments left on that line.
 */
export function findPreambleEnd(source: string, ast: TSESTree.Program): number {
  const { body } = ast;
  let next = directiveCount(body);
  while (next < body.length && isModuleLoad(body[next])) next++;
  // Imports are hoisted, so a new one joins the last import even after other statements.
  for (let index = body.length - 1; index >= next; index--) {
    if (body[index].type === 'ImportDeclaration') {
      next = index + 1;
      break;
    }
  }
  if (next === 0) return skipTrailingBlanks(source, findHeaderEnd(source, ast));

  let anchor = body[next - 1].range[1];
  for (const comment of commentsBetween(source, anchor, body[next]?.range[0] ?? source.length)) {
    if (/^[ \t]*$/.test(source.slice(anchor, comment.range[0]))) anchor = comment.range[1];
  }
  return skipTrailingBlanks(source, anchor);
}

/**
 * An edit that inserts `statementText` as a top-level statement on its own line at the preamble
 * end, with the file's line ending. The text must not start with `(`, `[` or `` ` ``, which could
 * join a previous statement that lacks a semicolon.
 */
export function insertTopLevelStatement(source: string, ast: TSESTree.Program, statementText: string): TextEdit {
  const offset = findPreambleEnd(source, ast);
  const eol = detectEol(source);
  const atFileStart = offset === 0 || (offset === 1 && source.startsWith('\uFEFF'));
  const atLineEnd = offset === source.length || source[offset] === '\n' || source[offset] === '\r';
  const text = atFileStart ? `${statementText}${eol}` : atLineEnd ? `${eol}${statementText}` : `${eol}${statementText}${eol}`;
  return { start: offset, end: offset, text };
}
