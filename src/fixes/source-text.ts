import type { TSESTree } from '@typescript-eslint/types';
import { walk } from '../analysis/requests';

/**
 * What a fix needs to know of the file's text (line endings, indentation, quotes) and the shape of
 * an edit. Pure text: rule suggestions and transforms share it, so it loads no parser.
 */

/** Replace `source.slice(start, end)` with `text`; `start === end` is an insertion. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
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

export function lineStartOf(source: string, offset: number): number {
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
    walk(ast, (node) => {
      if (node.type === 'JSXAttribute' && node.value?.type === 'Literal') return false;
      if (node.type === 'Literal' && typeof node.value === 'string') count(node.raw);
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

/** `name`, or `name2`, `name3`… when `code` already says it (a new binding must not shadow or capture one). */
export function freeName(code: string, name: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}${n}`;
    if (!new RegExp(`\\b${candidate}\\b`).test(code)) return candidate;
  }
}
