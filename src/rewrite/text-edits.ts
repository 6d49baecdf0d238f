import type { TSESTree } from '@typescript-eslint/types';
import { detectEol, type TextEdit } from '../fixes/source-text';
import { codeStart, commentsBetween } from '../analysis/trivia';

/**
 * Text-level rewriting: the transforms splice edits into the original text instead of reprinting,
 * so everything they do not touch (BOM, shebang, comments, CRLF, tabs, quotes) stays byte-identical.
 */

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

export function directiveCount(body: readonly Statement[]): number {
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
 * join a previous statement that lacks a semicolon. `separated` puts a blank line between it and
 * the code on either side (declarations, unlike an import, are not part of the preamble's block).
 */
export function insertTopLevelStatement(source: string, ast: TSESTree.Program, statementText: string, { separated = false } = {}): TextEdit {
  const offset = findPreambleEnd(source, ast);
  const eol = detectEol(source);
  const atFileStart = offset === 0 || (offset === 1 && source.startsWith('\uFEFF'));
  const atLineEnd = offset === source.length || source[offset] === '\n' || source[offset] === '\r';
  const blank = separated ? eol : '';
  const blankLineFollows = /^[ \t]*\r?\n[ \t]*(?:\r?\n|$)/.test(source.slice(offset));
  const text = atFileStart
    ? `${statementText}${eol}${blank}`
    : atLineEnd
      ? `${eol}${blank}${statementText}${blankLineFollows ? '' : blank}`
      : `${eol}${blank}${statementText}${eol}${blank}`;
  return { start: offset, end: offset, text };
}
