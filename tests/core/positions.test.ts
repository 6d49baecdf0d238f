import type { TSESTree } from '@typescript-eslint/types';
import { describe, expect, it } from 'vitest';
import { endOf, startOf } from '../../src/analysis/positions';
import { parseForAnalysis } from '../../src/rewrite/parse';

describe('startOf and endOf', () => {
  it("read ESLint's loc when the node has one", () => {
    const node = { range: [0, 3], loc: { start: { line: 4, column: 2 }, end: { line: 4, column: 5 } } } as unknown as TSESTree.Node;
    expect(startOf(node)).toEqual({ line: 4, column: 2 });
    expect(endOf(node)).toEqual({ line: 4, column: 5 });
  });

  it("ask the Program's line table for oxc's nodes, counting CRLF, CR and U+2028 as line breaks", () => {
    const { ast } = parseForAnalysis('a;\r\nb;\rc;\u2028  fetch(u);\n', 'a.js');
    const call = (ast.body[3] as TSESTree.ExpressionStatement).expression;
    expect(startOf(call)).toEqual({ line: 4, column: 2 });
    expect(endOf(call)).toEqual({ line: 4, column: 10 });
    expect(startOf(ast.body[1]!)).toEqual({ line: 2, column: 0 });
  });

  it('refuse a node that has neither loc nor a registered Program', () => {
    const node = { type: 'Identifier', range: [0, 1], parent: undefined } as unknown as TSESTree.Node;
    expect(() => startOf(node)).toThrow(/registered no line table/);
  });
});
