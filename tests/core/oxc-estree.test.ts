import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { analyze, type ScopeManager } from '@typescript-eslint/scope-manager';
import { parse as parseWithTypeScript, type TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { SOURCE_EXTENSIONS } from '../../src/analysis/file-kinds';
import { endOf, startOf } from '../../src/analysis/positions';
import { parseForAnalysis, parserChoicesFor, SourceParseError, type ParserChoice } from '../../src/rewrite/parse';

/**
 * typescript-estree, which the transforms used before oxc-parser, is the oracle: on every file
 * here both parsers must give the same Program (ranges and locations included; both Programs start
 * at offset 0) and scope-manager the same scopes, so an oxc upgrade that drifts fails here.
 * Known differences, ignored:
 * - oxc sets absent optional fields (`typeAnnotation`, `returnType`, `initializer`…) to null
 *   where typescript-estree leaves them undefined: null and undefined compare equal;
 * - oxc adds `start` and `end` (the same offsets as `range`);
 * - `TSEnumMember.computed` is an own `false` in oxc and a deprecated getter in typescript-estree
 *   that always gives false (and warns when read);
 * - a tagged template's `cooked` is null in oxc for an escape only raw strings allow (`\1`), as
 *   the spec says; typescript-estree cooks it anyway.
 * Where the two disagree on whether a file parses, oxc follows the spec (last test).
 */

const ROOT = join(__dirname, '..', '..');
const SOURCE = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** What tests/core/*.test.ts hand the parser: every string literal or plain template holding a statement. */
function snippetsOf(testFile: string): string[] {
  const { ast } = parseForAnalysis(readFileSync(testFile, 'utf8'), testFile);
  const snippets: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object' || !('type' in node)) return;
    const text =
      node.type === 'Literal' && typeof (node as TSESTree.Literal).value === 'string'
        ? ((node as TSESTree.StringLiteral).value)
        : node.type === 'TemplateLiteral' && (node as TSESTree.TemplateLiteral).expressions.length === 0
          ? (node as TSESTree.TemplateLiteral).quasis[0]!.value.cooked
          : undefined;
    if (text && /[;(){}\n]/.test(text)) snippets.push(text);
    for (const [key, value] of Object.entries(node)) if (key !== 'parent' && key !== 'loc') visit(value);
  };
  visit(ast);
  return snippets;
}

function oracleParses(code: string, filePath: string, choice: ParserChoice): boolean {
  try {
    oracleParse(code, filePath, choice);
    return true;
  } catch {
    return false;
  }
}

/** The typescript-estree parse the transforms made before, for the grammar oxc used. */
function oracleParse(code: string, filePath: string, choice: ParserChoice): TSESTree.Program {
  const extension = extname(filePath).toLowerCase();
  const pathGrammarIsJsx = ['.js', '.jsx', '.mjs', '.cjs', '.tsx'].includes(extension);
  const pathDecidesGrammar = pathGrammarIsJsx || ['.ts', '.mts', '.cts'].includes(extension);
  const text = code.startsWith('\uFEFF#!') ? code.replace(/^\uFEFF[^\r\n]*/, (line) => `\uFEFF${' '.repeat(line.length - 1)}`) : code;
  return parseWithTypeScript(text, {
    filePath: !pathDecidesGrammar || pathGrammarIsJsx === choice.jsx ? filePath : undefined,
    jsx: choice.jsx,
    loc: true,
    range: true,
    sourceType: choice.sourceType === 'module' ? 'module' : 'script',
  });
}

const IGNORED_KEYS = new Set(['parent', 'start', 'end', 'loc']);

/** The first difference between two trees as a path, or undefined; oracle's `loc` against startOf/endOf. */
function difference(ours: unknown, oracle: unknown, path: string): string | undefined {
  if ((ours ?? null) === null && (oracle ?? null) === null) return undefined;
  if (typeof ours !== 'object' || typeof oracle !== 'object' || ours === null || oracle === null) {
    return Object.is(ours, oracle) || (ours instanceof RegExp && String(ours) === String(oracle))
      ? undefined
      : `${path}: ${String(ours)} ≠ ${String(oracle)}`;
  }
  if (ours instanceof RegExp || oracle instanceof RegExp) return String(ours) === String(oracle) ? undefined : `${path}: ${String(ours)} ≠ ${String(oracle)}`;
  if (Array.isArray(ours) !== Array.isArray(oracle)) return `${path}: array ≠ object`;
  if ('loc' in oracle) {
    if ('loc' in ours) return `${path}.loc: oxc's nodes carry no loc`;
    const span = (start: TSESTree.Position, end: TSESTree.Position): string => `${start.line}:${start.column}-${end.line}:${end.column}`;
    const [a, b] = [span(startOf(ours as TSESTree.Node), endOf(ours as TSESTree.Node)), span((oracle as TSESTree.Node).loc.start, (oracle as TSESTree.Node).loc.end)];
    if (a !== b) return `${path}.loc: ${a} ≠ ${b}`;
  }
  const keys = new Set([...Object.keys(ours), ...Object.keys(oracle)]);
  for (const key of keys) {
    if (IGNORED_KEYS.has(key)) continue;
    const value = (ours as Record<string, unknown>)[key];
    if (key === 'cooked' && value === null) continue;
    if (key === 'computed' && (ours as TSESTree.Node).type === 'TSEnumMember') {
      if (value !== false) return `${path}.computed: ${String(value)}`;
      continue;
    }
    const found = difference(value, (oracle as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** Each scope's kind and variables, and each reference with what it resolves to, by offsets. */
function scopeSummary(scopeManager: ScopeManager): string[] {
  return scopeManager.scopes.map((scope) => {
    const variables = scope.variables.map((variable) => `${variable.name}/${variable.defs.length}`).join(',');
    const references = scope.references
      .map((ref) => `${ref.identifier.range[0]}→${ref.resolved ? ref.resolved.name : '?'}${ref.isTypeReference ? 'T' : ''}${ref.isWrite() ? 'W' : ''}`)
      .join(',');
    return `${scope.type}@${scope.block.range[0]} [${variables}] [${references}]`;
  });
}

interface Case {
  readonly name: string;
  readonly code: string;
  readonly filePath: string;
}

const fileCases: Case[] = [
  ...sourceFiles(join(ROOT, 'tests', 'transforms', 'fixtures')),
  ...sourceFiles(join(ROOT, 'tests', 'core')),
  ...sourceFiles(join(ROOT, 'src')),
].map((filePath) => ({ name: relative(ROOT, filePath), code: readFileSync(filePath, 'utf8'), filePath }));

const snippetCases: Case[] = sourceFiles(join(ROOT, 'tests', 'core'))
  .filter((file) => file.endsWith('.test.ts') && !file.endsWith('oxc-estree.test.ts'))
  .flatMap((file) => snippetsOf(file).map((code, index) => ({ name: `${relative(ROOT, file)} #${index}`, code, filePath: 'snippet.tsx' })));

/** Syntax the files above do not all hold. */
const extraCases: Case[] = [
  ['jsx-entities.tsx', 'const a = <a title="&amp;x &#65;&#x42;">a &gt; b&nbsp;&bogus; &#1114112;</a>;\n'],
  ['enum.ts', 'enum E { A = 1, "b", C = A << 2 }\ndeclare const enum F { X }\n'],
  ['directives.js', '"use strict";\n\'use client\'\n("not a directive");\nfunction f() { "use asm"; return 1; }\n'],
  ['bom-shebang.js', '\uFEFF#!/usr/bin/env node\r\nconst a = 1;\r\nmodule.exports = a;\r\n'],
  ['shebang.cjs', '#!/usr/bin/env node\nif (!process.env.X) return;\nrequire("./a");\n'],
  ['unicode.ts', 'const é = "ü\u2028";\n/* 😀 */ const b = `😀${é}`;\nfetch(`${b}/x`);\n'],
  ['classes.ts', 'abstract class A<T> extends B<T> implements C { private readonly x?: T; static #y = 1; constructor(public z: number) { super(); } abstract m(): void; get g() { return this.#y; } @dec() n(@p q: string) {} }\n'],
  ['types.ts', 'type M<T> = { [K in keyof T]?: T[K] extends infer U ? U : never };\nlet f: (a: number, ...b: string[]) => asserts a is 1;\nexport = f;\nimport x = require("x");\n'],
  ['expressions.mjs', 'a?.b?.(c)?.[d] ?? (e ||= f) ** 2;\nlabel: for await (const [g, { h = 1, ...i }] of j) { continue label; }\nexport default async function* () { yield* k; }\nimport.meta.url; 1n; /re/gu; String.raw`\\1`;\n'],
  ['script.js', 'var await = 1;\nwith (a) { b(); }\n'],
].map(([filePath, code]) => ({ name: filePath, code, filePath }));

interface Comparison {
  /** Both refused the text; for oxc, every grammar parseForAnalysis tries. */
  readonly refused?: boolean;
  readonly difference?: string;
  readonly scopes?: [string[], string[]];
}

function compare({ code, filePath }: Case): Comparison {
  let parsed;
  try {
    parsed = parseForAnalysis(code, filePath);
  } catch (error) {
    if (!(error instanceof SourceParseError)) throw error;
    // Line 0: refused before parsing (Flow).
    if (error.line === 0) return { refused: true };
    const oracleAccepts = parserChoicesFor(filePath).filter((choice) => oracleParses(code, filePath, choice));
    return oracleAccepts.length ? { difference: `only typescript-estree parses it: ${error.message}` } : { refused: true };
  }
  const oracle = oracleParse(code, filePath, parsed.parserUsed);
  const found = difference(parsed.ast, oracle, 'program');
  const oracleScopes = analyze(oracle, {
    globalReturn: parsed.parserUsed.sourceType === 'commonjs',
    lib: [],
    sourceType: parsed.parserUsed.sourceType === 'module' ? 'module' : 'script',
  });
  return { difference: found, scopes: [scopeSummary(parsed.scopeManager), scopeSummary(oracleScopes)] };
}

describe('oxc-parser, normalised, against typescript-estree', () => {
  it('finds enough input: fixtures, core test files, src/ and the core tests\' snippets', () => {
    expect(fileCases.length).toBeGreaterThan(200);
    expect(snippetCases.length).toBeGreaterThan(300);
  });

  it.each([...fileCases, ...extraCases])('$name: same Program, same scopes', (testCase) => {
    const result = compare(testCase);
    expect(result.difference).toBeUndefined();
    if (result.refused) expect(testCase.name).toMatch(/\/syntax-error\//);
    else expect(result.scopes![0]).toEqual(result.scopes![1]);
  });

  it('gives the same trees and scopes for every snippet of the core tests that parses', () => {
    const compared = snippetCases.map((testCase) => ({ name: testCase.name, ...compare(testCase) }));
    expect(compared.filter((result) => !result.refused).length).toBeGreaterThan(200);
    expect(compared.filter((result) => result.difference).map((result) => `${result.name}: ${result.difference}`)).toEqual([]);
    const scopesDiffer = (result: Comparison): boolean => !result.refused && JSON.stringify(result.scopes![0]) !== JSON.stringify(result.scopes![1]);
    expect(compared.filter(scopesDiffer).map((result) => result.name)).toEqual([]);
  });

  it('refuses new.target outside a function (a SyntaxError in engines) and accepts legacy octals (a strict-mode error oxc leaves to its semantic pass), unlike typescript-estree', () => {
    expect(() => parseForAnalysis('new.target;\n', 'a.mjs')).toThrow(SourceParseError);
    expect(oracleParses('new.target;\n', 'a.mjs', { jsx: true, sourceType: 'module' })).toBe(true);
    // Node wraps CommonJS in a function, so there it is fine.
    expect(parseForAnalysis('new.target;\n', 'a.cjs').ast.body).toHaveLength(1);
    expect(parseForAnalysis('var x = 010;\n', 'old.js').parserUsed).toEqual({ jsx: true, sourceType: 'module' });
    expect(oracleParses('var x = 010;\n', 'old.js', { jsx: true, sourceType: 'module' })).toBe(false);
    expect(oracleParses('var x = 010;\n', 'old.js', { jsx: true, sourceType: 'script' })).toBe(false);
  });
});
