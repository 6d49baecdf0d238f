import type { TSESTree } from '@typescript-eslint/types';
import { listNodes, type Node } from '../analysis/ast';
import { decodeJsxEntities } from './jsx-entities';

/**
 * oxc-parser's TS-ESTree (`astType: 'ts'`, `preserveParens: false`) made into the tree
 * typescript-estree gives, as far as the core reads it (tests/core/oxc-estree.test.ts holds the two
 * parsers to the same Program bodies):
 * - `parent` on every node (typescript-estree's `simpleTraverse` set them before);
 * - `range` from oxc's `start` and `end` (the same UTF-16 offsets its `range: true` gives, without
 *   a second copy of every offset in the JSON it hands over);
 * - `loc`, computed on first read from a line table (few nodes ever need one);
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

/** A node's `loc`: one small object per node, positions computed when read. */
class LazyLocation implements TSESTree.SourceLocation {
  constructor(
    private readonly lines: LineTable,
    private readonly range: TSESTree.Range,
  ) {}

  get start(): TSESTree.Position {
    return this.lines.position(this.range[0]);
  }

  get end(): TSESTree.Position {
    return this.lines.position(this.range[1]);
  }
}

type MutableNode = Record<string, unknown> & { type: string; start: number; end: number; range: TSESTree.Range };

/** Normalises `program` (oxc's, parsed from `text`) in place and returns it. */
export function toTypeScriptEstree(program: object, text: string): TSESTree.Program {
  const root = program as MutableNode;
  if (root.sourceType === 'commonjs') root.sourceType = 'script';
  delete root.hashbang;
  const lines = new LineTable(text);
  // The walks' node list (analysis/ast.ts) is made in the same pass.
  listNodes(root as unknown as Node, (node, parent) => link(node as unknown as MutableNode, parent as unknown as MutableNode | undefined, lines));
  return program as TSESTree.Program;
}

function link(node: MutableNode, parent: MutableNode | undefined, lines: LineTable): void {
  node.parent = parent;
  node.range = [node.start, node.end];
  node.loc = new LazyLocation(lines, node.range);
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
