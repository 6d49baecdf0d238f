import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, type Node, type Scope } from './ast';
import { walk } from './requests';

/**
 * Which statements a try block must cover so that wrapping an awaited request never moves a
 * binding out of scope: the statement itself, or through the end of its block when it declares
 * bindings used later. Shared by the rule's suggestion and the retry transform.
 */
export interface TryRegion {
  readonly first: TSESTree.Statement;
  readonly last: TSESTree.Statement;
}

export type TryRegionRefusal = 'function-declaration' | 'module-declaration' | 'not-a-statement';

export function statementOf(node: Node): TSESTree.Statement | undefined {
  for (let current: Node | undefined = node; current?.parent; current = current.parent) {
    const parent: Node = current.parent;
    if (isStatementList(parent) || isStatementSlot(parent, current)) return current as TSESTree.Statement;
    if (isFunctionBoundary(parent)) return undefined;
  }
  return undefined;
}

export function tryRegion(statement: TSESTree.Statement, globalScope: Scope): TryRegion | TryRegionRefusal {
  if (statement.type === 'ImportDeclaration' || statement.type.startsWith('Export')) return 'module-declaration';
  const list = statementList(statement);
  if (!list || !declaresBindingUsedLater(statement, globalScope)) return { first: statement, last: statement };
  const rest = list.slice(list.indexOf(statement));
  // Moving these into a block would change hoisting or what the module exports.
  if (rest.some((s) => s.type === 'FunctionDeclaration')) return 'function-declaration';
  if (rest.some((s) => s.type === 'ImportDeclaration' || s.type.startsWith('Export'))) return 'module-declaration';
  return { first: statement, last: rest.at(-1)! };
}

function declaresBindingUsedLater(statement: TSESTree.Statement, globalScope: Scope): boolean {
  const ids: TSESTree.Identifier[] = [];
  if (statement.type === 'VariableDeclaration') {
    for (const declarator of statement.declarations) {
      walk(declarator.id, (node) => {
        if (node.type === 'Identifier' && node.parent?.type !== 'MemberExpression') ids.push(node);
      });
    }
  } else if (statement.type === 'ClassDeclaration' && statement.id) {
    ids.push(statement.id);
  }
  const end = statement.range[1];
  return ids.some((id) => findVariable(globalScope, id)?.references.some((ref) => ref.identifier.range[0] >= end));
}

export function statementList(statement: Node): TSESTree.Statement[] | undefined {
  const parent = statement.parent;
  if (parent?.type === 'Program' || parent?.type === 'BlockStatement' || parent?.type === 'StaticBlock') {
    return parent.body as TSESTree.Statement[];
  }
  if (parent?.type === 'SwitchCase') return parent.consequent;
  return undefined;
}

function isStatementList(node: Node): boolean {
  return node.type === 'Program' || node.type === 'BlockStatement' || node.type === 'StaticBlock' || node.type === 'SwitchCase';
}

/** `if (x) stmt`, `for (...) stmt`, labelled statements: a single statement slot. */
function isStatementSlot(parent: Node, child: Node): boolean {
  switch (parent.type) {
    case 'IfStatement':
      return parent.consequent === child || parent.alternate === child;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      return parent.body === child;
    default:
      return false;
  }
}

function isFunctionBoundary(node: Node): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
}
