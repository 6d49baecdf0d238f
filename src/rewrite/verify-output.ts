import type { TSESTree } from '@typescript-eslint/types';
import { parseLazily, parseSource } from './parse';
import { directiveCount, findHeaderEnd } from './text-edits';
import { codeStart, skipTrivia } from '../analysis/trivia';

/**
 * The last check a transform runs before returning new text: the output parses with the grammar
 * the original needed, and the bytes that must never move (BOM, shebang, header comments,
 * directive prologue) and the line-ending style are unchanged.
 */

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** A transform refuses to return output that failed verification; the file stays untouched. */
export class UnsafeOutputError extends Error {
  override readonly name = 'UnsafeOutputError';
  constructor(
    readonly filePath: string,
    readonly reason: string,
  ) {
    super(`${filePath}: the transform's output was discarded because ${reason}`);
  }
}

export function verifyTransformOutput(original: string, output: string, filePath: string): VerifyResult {
  let originalParse: ReturnType<typeof parseSource>;
  try {
    originalParse = parseSource(original, filePath);
  } catch (error) {
    return { ok: false, reason: `the original does not parse, so the output cannot be checked: ${messageOf(error)}` };
  }
  let outputTree: () => TSESTree.Program;
  try {
    outputTree = parseLazily(output, filePath, originalParse.parserUsed).tree;
  } catch (error) {
    return { ok: false, reason: `the output does not parse: ${messageOf(error)}` };
  }
  const originalAst = originalParse.ast;

  if (original.startsWith('\uFEFF') !== output.startsWith('\uFEFF')) {
    return { ok: false, reason: 'the byte order mark was added or removed' };
  }
  if (shebangOf(original) !== shebangOf(output)) return { ok: false, reason: 'the shebang line changed' };
  if (!keepsDirectives(original, originalAst, output, outputTree)) return { ok: false, reason: 'the directive prologue changed' };
  const headerEnd = findHeaderEnd(original, originalAst);
  if (output.slice(0, headerEnd) !== original.slice(0, headerEnd)) {
    return { ok: false, reason: 'the file header (comments before the first statement, directives) changed' };
  }
  const before = eolStyle(original);
  const after = eolStyle(output);
  if (before !== 'none' && after !== 'none' && before !== after) {
    return { ok: false, reason: `the line endings changed (${before} → ${after})` };
  }
  return { ok: true };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function shebangOf(text: string): string {
  return text.slice(text.startsWith('\uFEFF') ? 1 : 0, codeStart(text));
}

/**
 * Whether the output's directive prologue is the original's, as written. The text often settles
 * it without the output's tree: when the output repeats the original up to the end of its
 * prologue (after a BOM and shebang, when there is none) and a semicolon ends the last directive,
 * the output's directives are the original's, and no more follow unless the next token is a
 * string (or a `<` or `-`, which may open an HTML-like comment in a script).
 */
function keepsDirectives(original: string, originalAst: TSESTree.Program, output: string, outputTree: () => TSESTree.Program): boolean {
  const prologue = originalAst.body.slice(0, directiveCount(originalAst.body));
  const end = prologue.at(-1)?.range[1] ?? codeStart(original);
  const settled =
    output.startsWith(original.slice(0, end)) &&
    (prologue.length === 0 || original[end - 1] === ';') &&
    !['"', "'", '<', '-'].includes(output[skipTrivia(output, end)] ?? '');
  return settled || directivesOf(original, originalAst) === directivesOf(output, outputTree());
}

/** The prologue as written (quotes and semicolons included), one directive per line. */
function directivesOf(text: string, ast: TSESTree.Program): string {
  return ast.body
    .slice(0, directiveCount(ast.body))
    .map((statement) => text.slice(...statement.range))
    .join('\n');
}

/** `mixed` files keep whichever ending dominates. */
function eolStyle(text: string): 'none' | 'LF' | 'CRLF' | 'mixed LF' | 'mixed CRLF' {
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  if (crlf === 0 && lf === 0) return 'none';
  if (crlf === 0) return 'LF';
  if (lf === 0) return 'CRLF';
  return crlf > lf ? 'mixed CRLF' : 'mixed LF';
}
