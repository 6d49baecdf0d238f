import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys, type VisitorKeys } from '@typescript-eslint/visitor-keys';
import { parseSync, type OxcError } from 'oxc-parser';
import { hasFlowPragma, isDeclarationFile } from '../analysis/file-kinds';
import { LineTable, toTypeScriptEstree } from './oxc-estree';

/**
 * One parse per file for the transforms and the CLI: oxc-parser (a third of typescript-estree's CPU
 * time per parse, and no TypeScript to load) gives the TS-ESTree the rules see under
 * typescript-eslint once normalised (src/rewrite/oxc-estree.ts), and scope-manager the same scopes.
 *
 * Globals: analyze() gets `lib: []`, as ESLint's own scope analysis (eslint-scope, for files espree
 * parses) declares no built-ins either: no global is declared, so references to globals stay
 * unresolved in `globalScope.through`, exactly as in ESLint when the config declares no globals;
 * the request finder turns the names it tracks into synthetic globals itself. typescript-eslint's
 * default without a project, `esnext`, declares ~190 built-ins (`Object`, `JSON`, `Promise` as a
 * type…) as `ImplicitLibVariable`s without `defs`; none of the names the analysis looks up or scans
 * `through` for (the tracked clients' globals, `window`, `process`, `require`, `Deno`, the helper's
 * names) is among them, and a variable without `defs` reads as a global as an absent one does, so
 * the rules (which see either, depending on the parser) and the CLI agree. Declaring them cost 7 %
 * of `check`'s instructions on application code. (The `dom` lib would add ~1,800 variables per file
 * and make `XMLHttpRequest` resolve differently from the rule's view.)
 */

/**
 * How a file was read. `jsx: true` is the TSX grammar, `jsx: false` the TS grammar (so `<T>x`
 * casts parse); TypeScript syntax is accepted in .js files either way, as it was under
 * typescript-estree. `commonjs` = script + top-level `return`.
 */
export interface ParserChoice {
  readonly jsx: boolean;
  readonly sourceType: 'module' | 'script' | 'commonjs';
}

export interface ParsedFile {
  /** With `parent` on every node but no `loc` (analysis/positions.ts gives positions); no comments (src/trivia.ts reads them from the text) and no tokens. */
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManager;
  readonly visitorKeys: VisitorKeys;
  readonly parserUsed: ParserChoice;
}

export class SourceParseError extends Error {
  override readonly name = 'SourceParseError';
  constructor(
    readonly filePath: string,
    /** 1-based; 0 when the file was refused before parsing. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
    readonly parserMessage: string,
  ) {
    super(line > 0 ? `${filePath}:${line}:${column}: ${parserMessage}` : `${filePath}: ${parserMessage}`);
  }
}

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

function extensionOf(filePath: string): string {
  return /\.[^./\\]+$/.exec(filePath)?.[0].toLowerCase() ?? '';
}

/**
 * The choices to try, best first. oxc reports no strict-mode errors without its semantic pass
 * (`with`, legacy octals parse in either source type), so the script fallback only catches what
 * the module grammar really rejects, such as `var await` in old scripts. CommonJS comes last for
 * the `.js` files Node runs as CommonJS with a top-level `return` (typescript-estree let that
 * pass in any source type; oxc refuses it outside CommonJS).
 */
export function parserChoicesFor(filePath: string): readonly ParserChoice[] {
  const extension = extensionOf(filePath);
  const sourceTypes: ParserChoice['sourceType'][] =
    extension === '.cjs' || extension === '.cts'
      ? ['commonjs']
      : extension === '.mjs' || extension === '.mts'
        ? ['module']
        : ['module', 'script', 'commonjs'];
  // A .js file holding TS-only `<T>x` casts still parses on the second grammar.
  const jsxOptions = TS_EXTENSIONS.has(extension) ? [false] : extension === '.tsx' ? [true] : [true, false];
  return jsxOptions.flatMap((jsx) => sourceTypes.map((sourceType) => ({ jsx, sourceType })));
}

/** Parses with the first choice that works, or exactly `choice`; throws SourceParseError. */
export function parseSource(
  code: string,
  filePath: string,
  choice?: ParserChoice,
): { ast: TSESTree.Program; parserUsed: ParserChoice } {
  const { tree, parserUsed } = parseLazily(code, filePath, choice);
  return { ast: tree(), parserUsed };
}

/** Where a comment is, `//`, `/*`, `<!--` and `-->` included. */
export interface CommentSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * parseSource without building the tree: oxc parses and reports every syntax error all the same
 * (SourceParseError), but turning its result into JavaScript objects, over half a parse's cost,
 * waits until `tree()` is called. For output checks and the CLI's pre-filter, which read the tree
 * only now and then; the comments come with the parse.
 */
export function parseLazily(
  code: string,
  filePath: string,
  choice?: ParserChoice,
): { tree: () => TSESTree.Program; parserUsed: ParserChoice; comments: readonly CommentSpan[] } {
  const { tree, parserUsed, comments } = recentParse(code, filePath, choice) ?? parseAnew(code, filePath, choice);
  return { tree, parserUsed, comments };
}

function parseAnew(code: string, filePath: string, choice: ParserChoice | undefined): RecentParse {
  if (hasFlowPragma(code)) {
    throw new SourceParseError(filePath, 0, 0, 'Flow files are not supported (the header has an @flow pragma)');
  }
  const choices = choice ? [choice] : parserChoicesFor(filePath);
  let firstError: unknown;
  for (const candidate of choices) {
    try {
      // The first choice is the one a fresh parse tries first, so a parse forced to it is what a fresh parse gives.
      const forced = choice !== undefined && !sameChoice(choice, parserChoicesFor(filePath)[0]!);
      return remember({ code, filePath, ...parseWith(code, filePath, candidate), parserUsed: candidate, forced });
    } catch (error) {
      firstError ??= error;
    }
  }
  throw toSourceParseError(firstError, filePath);
}

/**
 * The last few texts used, most recent first. The CLI hands the same text to each transform in
 * turn and then to the output checks, which parse the original and each output again: four
 * entries (the original, env-endpoints' output, retry-requests' last round and the one before)
 * save those parses without holding more than a file's worth of trees. Nobody mutates a parse
 * once scope analysis has run, so sharing it is safe.
 */
interface RecentParse {
  readonly code: string;
  readonly filePath: string;
  /** The tree, built on first call. */
  readonly tree: () => TSESTree.Program;
  readonly comments: readonly CommentSpan[];
  readonly parserUsed: ParserChoice;
  /** Parsed with a grammar the caller chose, which may not be the one a fresh parse would pick. */
  readonly forced: boolean;
  analysed?: ParsedFile;
}

const RECENT_PARSES = 4;
const recentParses: RecentParse[] = [];

function recentParse(code: string, filePath: string, choice?: ParserChoice): RecentParse | undefined {
  const index = recentParses.findIndex(
    (entry) =>
      entry.code === code &&
      entry.filePath === filePath &&
      (choice ? sameChoice(choice, entry.parserUsed) : !entry.forced),
  );
  if (index === -1) return undefined;
  // A text asked for again (the original, by each output check) stays while newer ones come and go.
  const [entry] = recentParses.splice(index, 1);
  recentParses.unshift(entry!);
  return entry;
}

function remember(entry: RecentParse): RecentParse {
  recentParses.unshift(entry);
  recentParses.length = Math.min(recentParses.length, RECENT_PARSES);
  return entry;
}

function sameChoice(a: ParserChoice, b: ParserChoice): boolean {
  return a.jsx === b.jsx && a.sourceType === b.sourceType;
}

/**
 * Throws the SourceParseError parseForAnalysis would, without building the tree or analysing it:
 * for a transform that finds nothing to do in the text before looking at its tree.
 */
export function assertParses(code: string, filePath: string): void {
  parseLazily(code, filePath);
}

/** Parse, scope analysis; a recent result is reused for the same text. */
export function parseForAnalysis(code: string, filePath: string): ParsedFile {
  const entry = recentParse(code, filePath) ?? parseAnew(code, filePath, undefined);
  if (entry.analysed) return entry.analysed;
  const { parserUsed } = entry;
  const ast = entry.tree();
  const scopeManager = analyze(ast, {
    globalReturn: parserUsed.sourceType === 'commonjs',
    lib: [],
    sourceType: parserUsed.sourceType === 'module' ? 'module' : 'script',
  });
  entry.analysed = { ast, scopeManager, visitorKeys, parserUsed };
  return entry.analysed;
}

/**
 * oxc recovers from syntax errors and reports them beside a partial tree: any error refuses the
 * file. Its tree comes as JSON, parsed on first read; the returned function normalises it once.
 */
function parseWith(code: string, filePath: string, choice: ParserChoice): { tree: () => TSESTree.Program; comments: readonly CommentSpan[] } {
  const text = maskShebangAfterBom(code);
  const result = parseSync(filePath, text, {
    astType: 'ts',
    lang: choice.jsx ? 'tsx' : isDeclarationFile(filePath) ? 'dts' : 'ts',
    preserveParens: false,
    sourceType: choice.sourceType,
  });
  const [error] = result.errors;
  if (error) throw syntaxError(error, code, filePath);
  let ast: TSESTree.Program | undefined;
  return { tree: () => (ast ??= toTypeScriptEstree(result.program, code)), comments: result.comments };
}

/**
 * oxc, like TypeScript, accepts a shebang only at offset 0, so `BOM + #!` fails although Node
 * runs it. Blanking the line with as many spaces keeps every offset.
 */
function maskShebangAfterBom(code: string): string {
  if (!code.startsWith('\uFEFF#!')) return code;
  const lineEnd = code.search(/[\r\n]/);
  const end = lineEnd === -1 ? code.length : lineEnd;
  return `\uFEFF${' '.repeat(end - 1)}${code.slice(end)}`;
}

function syntaxError(error: OxcError, code: string, filePath: string): SourceParseError {
  const offset = error.labels[0]?.start ?? 0;
  const { line, column } = new LineTable(code).position(offset);
  return new SourceParseError(filePath, line, column + 1, error.message);
}

function toSourceParseError(error: unknown, filePath: string): SourceParseError {
  if (error instanceof SourceParseError) return error;
  return new SourceParseError(filePath, 0, 0, error instanceof Error ? error.message : String(error));
}
