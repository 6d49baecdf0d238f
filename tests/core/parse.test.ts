import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { parseForAnalysis, parserChoicesFor, parseSource, SourceParseError } from '../../src/rewrite/parse';
import { startOf } from '../../src/analysis/positions';

function nodeTypes(ast: TSESTree.Node): string[] {
  const types: string[] = [];
  const visit = (node: TSESTree.Node): void => {
    types.push(node.type);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(ast);
  return types;
}

function parseError(code: string, filePath: string): SourceParseError {
  try {
    parseForAnalysis(code, filePath);
  } catch (error) {
    if (error instanceof SourceParseError) return error;
    throw error;
  }
  throw new Error('expected a SourceParseError');
}

describe('parser choice by extension', () => {
  it('parses a .ts file with a <T>x cast on the TS grammar', () => {
    const { ast, parserUsed } = parseForAnalysis('const n = <number>value;\n', 'src/a.ts');
    expect(parserUsed).toEqual({ jsx: false, sourceType: 'module' });
    expect(nodeTypes(ast)).toContain('TSTypeAssertion');
  });

  it('parses .mts as a module and .cts as CommonJS, both without JSX', () => {
    expect(parseForAnalysis('export const a = <string>b;', 'a.mts').parserUsed).toEqual({ jsx: false, sourceType: 'module' });
    expect(parseForAnalysis('const a = <string>b;\nexport = a;', 'a.cts').parserUsed).toEqual({ jsx: false, sourceType: 'commonjs' });
  });

  it('parses JSX in a .tsx file', () => {
    const { ast, parserUsed } = parseForAnalysis('export const A = <T,>(x: T) => <div title="t">{String(x)}</div>;', 'A.tsx');
    expect(parserUsed).toEqual({ jsx: true, sourceType: 'module' });
    expect(nodeTypes(ast)).toContain('JSXElement');
  });

  it('parses JSX in .js and .jsx files', () => {
    for (const filePath of ['App.js', 'App.jsx']) {
      const { ast, parserUsed } = parseForAnalysis('export default function App() { return <main>{a}</main>; }', filePath);
      expect(parserUsed.jsx).toBe(true);
      expect(nodeTypes(ast)).toContain('JSXElement');
    }
  });

  it('parses a .js file with a < b > c comparisons as plain comparisons', () => {
    const { ast, parserUsed } = parseForAnalysis('if (a < b && c > d) { x = a < b > c; }\n', 'compare.js');
    expect(parserUsed).toEqual({ jsx: true, sourceType: 'module' });
    expect(nodeTypes(ast).filter((type) => type === 'BinaryExpression')).toHaveLength(4);
    expect(nodeTypes(ast)).not.toContain('JSXElement');
  });

  it('falls back to the TS grammar for a .js file holding a <T>x cast', () => {
    const { ast, parserUsed } = parseForAnalysis('const n = <number>value;', 'legacy.js');
    expect(parserUsed).toEqual({ jsx: false, sourceType: 'module' });
    expect(nodeTypes(ast)).toContain('TSTypeAssertion');
  });

  it('reads .mjs as a module and .cjs as CommonJS with a top-level return allowed', () => {
    expect(parseForAnalysis('import a from "a"; export { a };', 'a.mjs').parserUsed).toEqual({ jsx: true, sourceType: 'module' });
    const cjs = parseForAnalysis('if (!process.env.X) return;\nmodule.exports = 1;', 'a.cjs');
    expect(cjs.parserUsed).toEqual({ jsx: true, sourceType: 'commonjs' });
    expect(cjs.ast.body[0].type).toBe('IfStatement');
  });

  it('falls back to a script when the module goal rejects the file (await as an identifier)', () => {
    const { parserUsed } = parseForAnalysis('var await = require("x");\nawait;\n', 'old.js');
    expect(parserUsed).toEqual({ jsx: true, sourceType: 'script' });
  });

  it('falls back to CommonJS for a .js file with a top-level return', () => {
    const { ast, parserUsed } = parseForAnalysis('if (!module.parent) return;\nmodule.exports = 1;\n', 'lib/index.js');
    expect(parserUsed).toEqual({ jsx: true, sourceType: 'commonjs' });
    expect(ast.sourceType).toBe('script');
  });

  it('tries JSX first for unknown extensions', () => {
    expect(parserChoicesFor('component.es6')).toEqual([
      { jsx: true, sourceType: 'module' },
      { jsx: true, sourceType: 'script' },
      { jsx: true, sourceType: 'commonjs' },
      { jsx: false, sourceType: 'module' },
      { jsx: false, sourceType: 'script' },
      { jsx: false, sourceType: 'commonjs' },
    ]);
    expect(parseForAnalysis('const a = <b>c</b>;', 'component.es6').parserUsed.jsx).toBe(true);
    expect(parseForAnalysis('const a = <B>c;', 'cast.es6').parserUsed.jsx).toBe(false);
  });

  it('honours an explicit choice without falling back', () => {
    expect(() => parseSource('const n = <number>value;', 'legacy.js', { jsx: true, sourceType: 'module' })).toThrow(SourceParseError);
  });

  it('parses declaration files', () => {
    const { ast } = parseForAnalysis('declare function get(url: string): Promise<Response>;\n', 'types/api.d.ts');
    expect(ast.body[0].type).toBe('TSDeclareFunction');
  });
});

describe('the parsed file', () => {
  it('has a parent pointer on every node but the Program', () => {
    const { ast } = parseForAnalysis('async function f(u: string) { try { await fetch(u); } catch (e) { log(e); } }', 'f.ts');
    let checked = 0;
    const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
      expect(node.parent).toBe(parent);
      checked++;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'parent') continue;
        for (const child of Array.isArray(value) ? value : [value]) {
          if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') visit(child as TSESTree.Node, node);
        }
      }
    };
    visit(ast, undefined);
    expect(checked).toBeGreaterThan(15);
  });

  it('has ranges and positions (from startOf, not loc) but no comments or tokens (src/trivia.ts reads comments from the text)', () => {
    const { ast } = parseForAnalysis('// hello\nconst a = 1;\n', 'a.ts');
    expect(ast.body[0].range).toEqual([9, 21]);
    expect('loc' in ast.body[0]).toBe(false);
    expect(startOf(ast.body[0])).toEqual({ line: 2, column: 0 });
    expect(ast.comments).toBeUndefined();
    expect(ast.tokens).toBeUndefined();
  });

  it('leaves directive undefined on ordinary expression statements, as the prologue checks expect', () => {
    const { ast } = parseForAnalysis('"use strict";\nfoo();\n("not a directive");\n', 'a.js');
    const [prologue, call, parenthesised] = ast.body as TSESTree.ExpressionStatement[];
    expect(prologue.directive).toBe('use strict');
    expect(call.directive).toBeUndefined();
    expect(parenthesised.directive).toBeUndefined();
  });

  it('resolves a local variable through the scope manager', () => {
    const { ast, scopeManager } = parseForAnalysis('const url = "http://localhost:8080";\nfetch(url);\n', 'client.ts');
    const call = (ast.body[1] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression;
    const argument = call.arguments[0] as TSESTree.Identifier;
    const reference = scopeManager.scopes.flatMap((scope) => scope.references).find((ref) => ref.identifier === argument);
    expect(reference?.resolved?.name).toBe('url');
    expect(reference?.resolved?.defs).toHaveLength(1);
    expect(reference?.resolved?.defs[0].node).toBe((ast.body[0] as TSESTree.VariableDeclaration).declarations[0]);
  });

  it('declares no globals, as eslint-scope does: value and type references to globals stay unresolved', () => {
    const { scopeManager } = parseForAnalysis('let done: Promise<void> = Promise.resolve();\nfetch("/x");\nnew XMLHttpRequest();\n', 'a.ts');
    const globalScope = scopeManager.globalScope!;
    expect(globalScope.set.has('fetch')).toBe(false);
    expect(globalScope.set.has('XMLHttpRequest')).toBe(false);
    expect(globalScope.set.has('Promise')).toBe(false);
    expect(globalScope.through.map((ref) => [ref.identifier.name, ref.isTypeReference])).toEqual([
      ['Promise', false],
      ['Promise', true],
      ['fetch', false],
      ['XMLHttpRequest', false],
    ]);
  });

  it('puts CommonJS top-level bindings in a function scope, as ESLint does', () => {
    const { scopeManager } = parseForAnalysis('const http = require("http");\n', 'a.cjs');
    expect(scopeManager.globalScope!.set.has('http')).toBe(false);
    expect(scopeManager.globalScope!.childScopes[0].set.has('http')).toBe(true);
  });

  it('keeps offsets of a BOM + shebang file equal to the original text', () => {
    const code = '\uFEFF#!/usr/bin/env node\nconst a = 1;\n';
    const { ast } = parseForAnalysis(code, 'bin.js');
    const [start, end] = ast.body[0].range;
    expect(code.slice(start, end)).toBe('const a = 1;');
  });

  it('reuses one of the last four texts used only for the same text and path', () => {
    const first = parseForAnalysis('a();', 'a.js');
    expect(parseForAnalysis('a();', 'a.js')).toBe(first);
    expect(parseForAnalysis('a();', 'b.js').ast).not.toBe(first.ast);
    expect(parseForAnalysis('a( );', 'b.js').ast).not.toBe(first.ast);
    parseForAnalysis('b();', 'a.js');
    expect(parseForAnalysis('a();', 'a.js')).toBe(first);
    for (const code of ['c();', 'd();', 'e();', 'f();']) parseForAnalysis(code, 'a.js');
    expect(parseForAnalysis('a();', 'a.js').ast).not.toBe(first.ast);
  });

  it('keeps a text that is asked for again while newer ones come and go', () => {
    const original = parseForAnalysis('original();', 'a.js');
    for (const code of ['one();', 'two();', 'three();', 'four();']) {
      parseForAnalysis(code, 'a.js');
      expect(parseSource('original();', 'a.js').ast).toBe(original.ast);
    }
  });

  it('reuses a parse made with the grammar a fresh parse tries first', () => {
    const code = 'const x = <div>{y}</div>;';
    const forced = parseSource(code, 'first.js', { jsx: true, sourceType: 'module' });
    expect(parseForAnalysis(code, 'first.js').ast).toBe(forced.ast);
  });

  it('reuses a parse made with a chosen grammar only for that grammar', () => {
    const code = 'const x = <any>y;';
    const forced = parseSource(code, 'cast.js', { jsx: false, sourceType: 'module' });
    expect(parseSource(code, 'cast.js', { jsx: false, sourceType: 'module' }).ast).toBe(forced.ast);
    // The first grammar that works for a .js file is JSX, which refuses the cast: the fresh parse picks the same one.
    expect(parseForAnalysis(code, 'cast.js').ast).not.toBe(forced.ast);
    expect(parseForAnalysis(code, 'cast.js').parserUsed).toEqual({ jsx: false, sourceType: 'module' });
  });
});

describe('failures', () => {
  it('throws a SourceParseError naming file, line and column', () => {
    const error = parseError('const ok = 1;\nconst a = ;\n', 'src/broken.ts');
    expect(error).toBeInstanceOf(SourceParseError);
    expect(error.line).toBe(2);
    expect(error.column).toBe(11);
    expect(error.message).toBe('src/broken.ts:2:11: Unexpected token');
  });

  it('refuses a file the parser recovered from, at its first error, in UTF-16 columns', () => {
    // oxc returns a tree for the statements around the error; the file must still be refused.
    const error = parseError('const é = "ü";\nfoo(;\nconst b = 2;\n', 'src/recovered.ts');
    expect([error.line, error.column]).toEqual([2, 5]);
  });

  it('reports the first grammar\'s error for a broken .js file', () => {
    const error = parseError('function f( {\n', 'broken.js');
    expect(error.message).toMatch(/^broken\.js:\d+:\d+: \S/);
  });

  it('refuses Flow files', () => {
    const error = parseError('/**\n * @flow strict\n */\nconst a: number = 1;\n', 'flow.js');
    expect(error.message).toBe('flow.js: Flow files are not supported (the header has an @flow pragma)');
    expect(parseError('// @flow\n', 'f.js').message).toMatch(/Flow files are not supported/);
  });

  it('does not mistake @noflow or a later mention for a Flow pragma', () => {
    expect(parseForAnalysis('// @noflow\nconst a = 1;\n', 'a.js').ast.body).toHaveLength(1);
    expect(parseForAnalysis('const a = 1;\n// @flow is mentioned here\n', 'a.js').ast.body).toHaveLength(1);
  });
});
