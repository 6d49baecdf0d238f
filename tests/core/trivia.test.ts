import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/rewrite/parse';
import { codeStart, commentsBetween, skipTrivia, topLevelCommentHolds } from '../../src/analysis/trivia';

// Comments read from the text where only whitespace and comments stand, as ESTree would give them.

describe('commentsBetween', () => {
  it('gives line and block comments with ESTree values and ranges', () => {
    const source = '  // one\r\n/* two\n */ /**/ //';
    expect(commentsBetween(source, 0, source.length)).toEqual([
      { range: [2, 8], value: ' one' },
      { range: [10, 20], value: ' two\n ' },
      { range: [21, 25], value: '' },
      { range: [26, 28], value: '' },
    ]);
  });

  it('reads only inside the stretch it is given, and steps over what is not trivia', () => {
    const source = 'a; /* x */ b; // y';
    expect(commentsBetween(source, 2, 11)).toEqual([{ range: [3, 10], value: ' x ' }]);
    expect(commentsBetween(source, 0, source.length).map((comment) => comment.value)).toEqual([' x ', ' y']);
  });
});

describe('skipTrivia', () => {
  it('steps over whitespace and comments to the next code token, and stays on code', () => {
    const source = ' \r\n// a\n/* b */\u2028\'use strict\'';
    expect(source.slice(skipTrivia(source, 0))).toBe("'use strict'");
    expect(skipTrivia(source, source.length - 1)).toBe(source.length - 1);
    expect(skipTrivia('  /* unclosed', 0)).toBe(13);
  });
});

describe('codeStart', () => {
  it('skips a BOM and a shebang line', () => {
    expect(codeStart('a')).toBe(0);
    expect(codeStart('\uFEFFa')).toBe(1);
    expect(codeStart('#!/usr/bin/env node\r\na')).toBe(19);
    expect(codeStart('\uFEFF#!node')).toBe(7);
  });
});

describe('topLevelCommentHolds', () => {
  const holds = (source: string) => topLevelCommentHolds(source, parseForAnalysis(source, 'a.ts').ast, '@marker');

  it('finds the needle in a comment before, between or after the top-level statements', () => {
    expect(holds('// @marker\nconst a = 1;\n')).toBe(true);
    expect(holds('const a = 1;\n/* @marker */\nfunction f() {}\n')).toBe(true);
    expect(holds('const a = 1; // @marker')).toBe(true);
  });

  it('ignores the needle in strings, in comments inside a statement, and in a shebang', () => {
    expect(holds("const a = '@marker';\n")).toBe(false);
    expect(holds('function f() {\n  // @marker\n}\n')).toBe(false);
    expect(holds('#!/usr/bin/env node @marker\nconst a = 1;\n')).toBe(false);
  });
});
