import type { TSESTree } from '@typescript-eslint/types';

/**
 * Comments read from the text between two top-level statements. The transforms take no comments
 * from their parser (the rules' parser attaches them its own way); the few places that need
 * them look only where whitespace and comments can stand, so `//` and `/*` always open one.
 */

export interface TextComment {
  /** Offsets of the whole comment, `//` or `/*` included. */
  readonly range: readonly [number, number];
  /** The text after `//`, or between `/*` and `*\/`, as in ESTree. */
  readonly value: string;
}

/** Whitespace, a line comment or a block comment (unclosed: to the end), as regex source. */
export const TRIVIA_SOURCE = String.raw`[\s\uFEFF]+|\/\/[^\n\r\u2028\u2029]*|\/\*[\s\S]*?(?:\*\/|$)`;
const TRIVIA = new RegExp(TRIVIA_SOURCE, 'y');

/** Where the next code token starts: `offset`, past any whitespace and comments. */
export function skipTrivia(source: string, offset: number): number {
  TRIVIA.lastIndex = offset;
  while (TRIVIA.exec(source)) offset = TRIVIA.lastIndex;
  return offset;
}

/** The comments in `[start, end)`, a stretch that holds no code. */
export function commentsBetween(source: string, start: number, end: number): TextComment[] {
  const comments: TextComment[] = [];
  let offset = start;
  while (offset < end) {
    TRIVIA.lastIndex = offset;
    const match = TRIVIA.exec(source);
    // Not trivia: a caller's stretch that is not between statements; step over it.
    if (!match) {
      offset++;
      continue;
    }
    const [text] = match;
    if (text.startsWith('//')) comments.push({ range: [offset, offset + text.length], value: text.slice(2) });
    else if (text.startsWith('/*')) comments.push({ range: [offset, offset + text.length], value: text.slice(2, text.endsWith('*/') ? -2 : undefined) });
    offset += text.length;
  }
  return comments;
}

/** Where code may start: after a BOM and a shebang line. */
export function codeStart(source: string): number {
  const start = source.startsWith('\uFEFF') ? 1 : 0;
  if (!source.startsWith('#!', start)) return start;
  const lineEnd = source.slice(start).search(/[\r\n]/);
  return lineEnd === -1 ? source.length : start + lineEnd;
}

/** Whether a comment outside every top-level statement holds `needle` (the generated helper's marker). */
export function topLevelCommentHolds(source: string, program: TSESTree.Program, needle: string): boolean {
  if (!source.includes(needle)) return false;
  const starts = [...program.body.map((statement) => statement.range[0]), source.length];
  const ends = [codeStart(source), ...program.body.map((statement) => statement.range[1])];
  return starts.some((to, index) => commentsBetween(source, ends[index], to).some((comment) => comment.value.includes(needle)));
}
