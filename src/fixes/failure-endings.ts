import { inlineStatements, statement, type CodeStyle } from './code-style';
import type { CatchLines } from './fix-snippets';

/**
 * How a fix ends a failure, by where it goes next (the rules' suggestions and the codemod agree):
 * - `rethrow`: a caller handles it: log and rethrow, so control flow is kept;
 * - `stop`: a callback nothing awaits (timer, event, effect, JSX handler): log and return;
 * - `next`: an Express 4 route handler: log and pass it to `next(error)`;
 * - `exit-code`: a dropped promise on a Node script's main line: log and keep a failing exit status;
 * - `log`: a dropped promise elsewhere (a callback, a browser): log.
 */
export type FailureEnding =
  | { readonly kind: 'rethrow' | 'stop' | 'exit-code' | 'log' }
  | { readonly kind: 'next'; readonly next: string };

const EXIT_CODE = 'process.exitCode = 1';

/** The catch block of a try/catch: `log` (an expression), then the ending, as statements in the file's style. */
export function endingCatchLines(log: string, ending: FailureEnding, style: Pick<CodeStyle, 'semi'>): CatchLines {
  return (endsFunction) => [statement(log, style), ...afterLog(ending, endsFunction, style)];
}

/** What a catch block runs after its log line; a final `return` is left out where the function ends anyway. */
export function afterLog(ending: FailureEnding, endsFunction: boolean, style: Pick<CodeStyle, 'semi'>): string[] {
  return endingStatements(ending, endsFunction).map((code) => statement(code, style));
}

function endingStatements(ending: FailureEnding, endsFunction: boolean): string[] {
  const stop = endsFunction ? [] : ['return'];
  switch (ending.kind) {
    case 'rethrow':
      return ['throw error'];
    case 'stop':
    case 'log':
      return stop;
    case 'next':
      return [`${ending.next}(error)`, ...stop];
    case 'exit-code':
      return [EXIT_CODE];
  }
}

/** Where a handler's block body goes over lines: the indentation of the line it ends on, and the line ending. */
export interface BlockLayout {
  readonly indent: string;
  readonly eol: string;
}

/** The handler of an appended `.catch(…)` (`log` is an expression): a block body on one line, or laid out over lines. */
export type CatchHandler = (layout?: BlockLayout) => string;

export function endingCatchHandler(log: string, ending: FailureEnding, style: Pick<CodeStyle, 'semi' | 'indent'>): CatchHandler {
  if (ending.kind === 'stop' || ending.kind === 'log') return () => `(error) => ${log}`;
  const statements = [log, ...endingStatements(ending, true)];
  return (layout) => {
    if (!layout) return `(error) => { ${inlineStatements(statements, style)} }`;
    const lines = statements.map((code) => `${layout.eol}${layout.indent}${style.indent}${statement(code, style)}`);
    return `(error) => {${lines.join('')}${layout.eol}${layout.indent}}`;
  };
}
