import picomatch from 'picomatch';
import { codeStart, TRIVIA_SOURCE } from './trivia';

/** What kind of file a path or text is: source, test, declaration, generated, minified, Flow. */

export const SOURCE_EXTENSIONS: readonly string[] = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

/**
 * Test code, test doubles and fixtures, as real repositories lay them out: the configs leave every
 * rule off here, the CLI leaves them out unless --include-tests, and env-endpoints never rewrites
 * them (mocks and snapshots must keep matching literal URLs).
 */
export const TEST_FILE_GLOBS: readonly string[] = [
  '**/*.{test,spec}.*',
  // Deno's and Go-style test files.
  '**/*_test.*',
  // mocha's test/*-test.js, tests/test.ts, ecosystem-tests/, integration-tests/.
  '**/test/**',
  '**/tests/**',
  '**/*-tests/**',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/__fixtures__/**',
  '**/fixtures/**',
  // snippets-fixtures/: snapshots compared with toEqual.
  '**/*-fixtures/**',
  // src/util/testing/ and other test utility folders.
  '**/testing/**',
  '**/e2e/**',
  '**/cypress/**',
  '**/playwright/**',
];

/** Build output, dependencies and vendored code: never ours to read or rewrite, even when committed. */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = ['node_modules', 'dist', 'build', 'coverage', '.next', 'out', 'vendor', '.git'];
export const EXCLUDED_DIR_GLOBS: readonly string[] = DEFAULT_EXCLUDED_DIRS.map((dir) => `**/${dir}/**`);

const matchers = new Map<string, (path: string) => boolean>();

/**
 * `relPath` is relative to the project root; Windows separators are accepted. `extraGlobs` are the
 * user's own (`settings['safe-requests'].testFiles`), added to TEST_FILE_GLOBS.
 */
export function isTestFile(relPath: string, extraGlobs: readonly string[] = []): boolean {
  const key = extraGlobs.join('\0');
  let matches = matchers.get(key);
  if (!matches) {
    matches = picomatch([...TEST_FILE_GLOBS, ...extraGlobs], { dot: true });
    matchers.set(key, matches);
  }
  return matches(relPath.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** `.ts`, `.tsx`, `.mts`, `.cts`: files whose code the TypeScript compiler type-checks. */
export function isTypeScriptFile(filePath: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/i.test(filePath);
}

export function isDeclarationFile(filePath: string): boolean {
  return /\.d\.[cm]?ts$/i.test(filePath);
}

/** Whitespace, a comment, or a directive-like string statement: what may precede the first code token. */
const HEADER_TOKEN = new RegExp(String.raw`${TRIVIA_SOURCE}|(['"])(?:\\.|(?!\1)[^\\\n\r])*\1[ \t]*;?`, 'y');

/**
 * Texts of the comments before the first code token (after a BOM and a shebang line), read
 * without parsing so unparsable and Flow files can be classified too. Stops at `limit` chars.
 */
export function headerComments(source: string, limit = 1024): string[] {
  const comments: string[] = [];
  let offset = codeStart(source);
  while (offset < Math.min(source.length, limit)) {
    HEADER_TOKEN.lastIndex = offset;
    const match = HEADER_TOKEN.exec(source);
    if (!match) break;
    if (match[0].startsWith('//') || match[0].startsWith('/*')) comments.push(match[0]);
    offset = HEADER_TOKEN.lastIndex;
  }
  return comments;
}

/** Flow's pragma lives in the header docblock; `@noflow` does not match. */
export function hasFlowPragma(source: string): boolean {
  return headerComments(source).some((comment) => /@flow\b/.test(comment));
}

/** `@generated` (Relay, Meta) or `DO NOT EDIT` (protoc, Go-style codegen, Prisma) in the header comments. */
export function looksGenerated(source: string): boolean {
  return headerComments(source).some((comment) => /@generated\b|\bdo not edit\b/i.test(comment));
}

const MIN_FILE_NAME = /[.-]min\.[cm]?js$/i;
const LONG_LINE = 1_000;
/** GitHub linguist calls a JS file minified above this average line length. */
const MINIFIED_AVERAGE_LINE = 110;
const STRING_LITERAL = /(['"`])(?:\\[\s\S]|(?!\1)[^\\\n])*\1/g;

/**
 * `.min.js` names, or a line over 1,000 chars in a file whose average line is long too.
 * String literals are collapsed first, so ordinary code holding one long string or data URL
 * is not flagged: only long *code* lines count.
 */
export function looksMinified(source: string, filePath: string): boolean {
  if (MIN_FILE_NAME.test(filePath)) return true;
  if (!hasLineLongerThan(source, LONG_LINE)) return false;
  const code = source.replace(STRING_LITERAL, '""');
  const lines = code.split('\n');
  return hasLineLongerThan(code, LONG_LINE) && code.length / lines.length > MINIFIED_AVERAGE_LINE;
}

function hasLineLongerThan(text: string, limit: number): boolean {
  let lineStart = 0;
  for (;;) {
    const lineEnd = text.indexOf('\n', lineStart);
    if ((lineEnd === -1 ? text.length : lineEnd) - lineStart > limit) return true;
    if (lineEnd === -1) return false;
    lineStart = lineEnd + 1;
  }
}
