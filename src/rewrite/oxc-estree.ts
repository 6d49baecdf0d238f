import type { TSESTree } from '@typescript-eslint/types';
import { listNodes, type Node } from '../analysis/ast';
import { registerLineTable } from '../analysis/positions';
import { decodeJsxEntities } from './jsx-entities';

/**
 * oxc-parser's TS-ESTree (`astType: 'ts'`, `preserveParens: false`) made into the tree
 * typescript-estree gives, as far as the core reads it (tests/core/oxc-estree.test.ts holds the two
 * parsers to the same Program bodies):
 * - `parent` on every node (typescript-estree's `simpleTraverse` set them before);
 * - `range` from oxc's `start` and `end` (the same UTF-16 offsets its `range: true` gives, without
 *   a second copy of every offset in the JSON it hands over);
 * - no `loc`: a line table registered for the Program answers analysis/positions.ts's `startOf`
 *   and `endOf` (few nodes are ever asked, and an object per node cost 3 % of the run);
 * - `directive` undefined, not null, on ordinary expression statements (`directive === undefined`
 *   is how the core tells them from a prologue);
 * - JSX text and attribute strings with `&amp;`-style references decoded;
 * - `sourceType` 'script' for CommonJS and no `hashbang`, as typescript-estree reports them.
 * Other optional fields oxc sets to null where typescript-estree leaves them undefined; the core
 * only tests those for truthiness.
 */

/** 1-based line, 0-based column, as ESTree's `loc`; line breaks as ECMAScript counts them. */
export class LineTable {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  position(offset: number): TSESTree.Position {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  const lineBreak = /\r\n?|[\n\u2028\u2029]/g;
  while (lineBreak.exec(text)) starts.push(lineBreak.lastIndex);
  return starts;
}

type MutableNode = Record<string, unknown> & { type: string; start: number; end: number; range: TSESTree.Range };

/** Normalises `program` (oxc's, parsed from `text`) in place and returns it. */
export function toTypeScriptEstree(program: object, text: string): TSESTree.Program {
  const root = program as MutableNode;
  if (root.sourceType === 'commonjs') root.sourceType = 'script';
  delete root.hashbang;
  const lines = new LineTable(text);
  registerLineTable(program as TSESTree.Program, (offset) => lines.position(offset));
  // The walks' node list (analysis/ast.ts) is made in the same pass.
  listNodes(root as unknown as Node, (node, parent) => link(node as unknown as MutableNode, parent as unknown as MutableNode | undefined));
  return program as TSESTree.Program;
}

function link(node: MutableNode, parent: MutableNode | undefined): void {
  node.parent = parent;
  node.range = [node.start, node.end];
  switch (node.type) {
    case 'ExpressionStatement':
      node.directive ??= undefined;
      break;
    case 'JSXText':
      node.value = decodeJsxEntities(node.value as string);
      break;
    case 'Literal':
      if (parent?.type === 'JSXAttribute' && typeof node.value === 'string') node.value = decodeJsxEntities(node.value);
      break;
  }
}
