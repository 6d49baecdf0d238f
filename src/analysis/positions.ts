import type { TSESTree } from '@typescript-eslint/types';

/**
 * Where a node starts and ends, as ESTree's `loc` says it (1-based line, 0-based column). ESLint's
 * trees carry `loc` on every node. The CLI's trees (oxc's, src/rewrite/oxc-estree.ts) leave it out:
 * one object per node cost 3 % of `check`'s instructions, and few nodes are ever asked. Their
 * Program registers a line table here instead.
 */

type PositionAt = (offset: number) => TSESTree.Position;
type Located = Pick<TSESTree.Node, 'range' | 'parent'> & { readonly loc?: TSESTree.SourceLocation };

const lineTables = new WeakMap<object, PositionAt>();

/** For a tree without `loc`: how its Program turns offsets into positions. */
export function registerLineTable(program: TSESTree.Program, positionAt: PositionAt): void {
  lineTables.set(program, positionAt);
}

export function startOf(node: Located): TSESTree.Position {
  return node.loc?.start ?? positionIn(node, node.range[0]);
}

export function endOf(node: Located): TSESTree.Position {
  return node.loc?.end ?? positionIn(node, node.range[1]);
}

function positionIn(node: Located, offset: number): TSESTree.Position {
  let root: Located = node;
  while (root.parent) root = root.parent;
  const positionAt = lineTables.get(root);
  if (!positionAt) throw new Error('positions: a node without `loc` whose Program registered no line table');
  return positionAt(offset);
}
