import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { findVariable as findVariableUntyped, getPropertyName, getStaticValue } from '@eslint-community/eslint-utils';

/** Small AST helpers every analysis module shares; ESTree only, so espree and typescript-estree both work. */

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;
export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;

export function isFunction(node: Node | undefined | null): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' || node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression'
  );
}

/** Wrappers that do not change a value: `x!`, `x as T`, `x satisfies T`, `<T>x`, `a?.b()`. */
export function isTransparentWrapper(node: Node): boolean {
  switch (node.type) {
    case 'ChainExpression':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'TSInstantiationExpression':
      return true;
    default:
      return false;
  }
}

/** The outermost node that still has the same value as `node` (skips TS wrappers and optional chains). */
export function outerValue(node: Node): Node {
  let current = node;
  while (current.parent && isTransparentWrapper(current.parent)) current = current.parent;
  return current;
}

/** Strips TS wrappers from an expression: `(x as any)!` → `x`. */
export function innerValue(node: Node): Node {
  let current = node;
  while (isTransparentWrapper(current)) {
    current = (current as TSESTree.TSAsExpression).expression;
  }
  return current;
}

export function enclosingFunction(node: Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

export function enclosingClassBody(node: Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassBody') return current;
  }
  return undefined;
}

export function findVariable(globalScope: Scope, node: TSESTree.Identifier): Variable | undefined {
  return (findVariableUntyped(globalScope as never, node as never) as Variable | null) ?? undefined;
}

export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property): string | undefined {
  return getPropertyName(node as never) ?? undefined;
}

/** The name a callee is known by: `setTimeout` for `setTimeout(...)` and `window.setTimeout(...)`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = innerValue(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return undefined;
}

/** `Promise.all` → ['Promise', 'all'], `this.caller.call` → ['this', 'caller', 'call']; undefined for anything not a plain dotted name. */
export function dottedName(node: Node): string[] | undefined {
  const inner = innerValue(node);
  if (inner.type === 'Identifier') return [inner.name];
  if (inner.type === 'ThisExpression') return ['this'];
  if (inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier') {
    const head = dottedName(inner.object);
    return head && [...head, inner.property.name];
  }
  return undefined;
}

export function staticString(node: Node | undefined, scope?: Scope): string | undefined {
  if (!node) return undefined;
  const result = getStaticValue(node as never, scope as never);
  return result && typeof result.value === 'string' ? result.value : undefined;
}

export function isStringLiteral(node: Node | undefined, value?: string): node is TSESTree.StringLiteral {
  return node?.type === 'Literal' && typeof node.value === 'string' && (value === undefined || node.value === value);
}

/** A property of an object literal by static key, ignoring spreads and computed keys. */
export function findProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (property.type === 'Property' && !property.computed && propertyName(property) === key) return property;
  }
  return undefined;
}

export function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((p) => p.type === 'SpreadElement');
}

/** `undefined`, `null` and `void 0` do not handle anything when passed as a callback. */
export function isNullish(node: Node | undefined): boolean {
  if (!node) return true;
  if (node.type === 'Identifier') return node.name === 'undefined';
  if (node.type === 'Literal') return node.value === null;
  return node.type === 'UnaryExpression' && node.operator === 'void';
}

export function readReferences(variable: Variable): TSESLint.Scope.Reference[] {
  return variable.references.filter((reference) => reference.isRead());
}

/** What an identifier bound once by `const x = …` was initialised with (TS wrappers stripped); else the node itself. */
export function constInitializer(node: Node, scope: Scope): Node {
  const value = innerValue(node);
  if (value.type !== 'Identifier') return value;
  const definitions = findVariable(scope, value)?.defs ?? [];
  const definition = definitions.length === 1 ? definitions[0] : undefined;
  if (definition?.node.type !== 'VariableDeclarator' || definition.parent?.type !== 'VariableDeclaration') return value;
  const declaration = definition.parent as TSESTree.VariableDeclaration;
  return declaration.kind === 'const' && definition.node.init ? innerValue(definition.node.init) : value;
}

/**
 * Recursive walk over child nodes in source order; `visit` returning false skips the children.
 * Children are found through the visitor keys (a fraction of a node's properties, and no token or
 * comment arrays, whose entries carry a `type` too); a node type without keys is searched whole.
 * A file is walked whole by several analyses, so a Program's nodes are listed once, in walk order
 * (trees are not changed once parsed), and later walks run down the list.
 */
export function walk(node: Node, visit: (node: Node) => void | false): void {
  if (node.type !== 'Program') {
    walkChildren(node, visit);
    return;
  }
  const { nodes, ends } = flatTreeOf(node);
  for (let index = 0; index < nodes.length; ) index = visit(nodes[index]!) === false ? ends[index]! : index + 1;
}

function walkChildren(node: Node, visit: (node: Node) => void | false): void {
  const step = (child: Node): void => {
    if (visit(child) !== false) forEachChild(child, step);
  };
  step(node);
}

/** Calls `action` on each child node, in source order: the visitor keys, or every property of a type without keys. */
function forEachChild(node: Node, action: (child: Node, parent: Node) => void): void {
  const record = node as unknown as Record<string, unknown>;
  for (const key of KEYS[node.type] ?? Object.keys(record)) {
    if (key === 'parent' || key === 'range' || key === 'loc') continue;
    const value = record[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) action(child, node);
    } else if (isNode(value)) {
      action(value, node);
    }
  }
}

/** A Program's nodes in walk order; `ends[i]`: the index just past node i's subtree. */
interface FlatTree {
  readonly nodes: Node[];
  readonly ends: number[];
}

const flatTrees = new WeakMap<Node, FlatTree>();

function flatTreeOf(program: Node): FlatTree {
  return flatTrees.get(program) ?? flatten(program, () => undefined);
}

/**
 * Lists a Program's nodes for later walks, calling `reach` on each node (its parent's `reach`
 * first) as the listing reaches it: a parser that must visit every node anyway (to link parents)
 * does both in one pass over the tree.
 */
export function listNodes(program: Node, reach: (node: Node, parent: Node | undefined) => void): void {
  flatten(program, reach);
}

function flatten(program: Node, reach: (node: Node, parent: Node | undefined) => void): FlatTree {
  const flat: FlatTree = { nodes: [], ends: [] };
  const add = (node: Node, parent: Node | undefined): void => {
    reach(node, parent);
    const index = flat.nodes.push(node) - 1;
    forEachChild(node, add);
    flat.ends[index] = flat.nodes.length;
  };
  add(program, undefined);
  flatTrees.set(program, flat);
  return flat;
}

const KEYS = visitorKeys as Readonly<Record<string, readonly string[] | undefined>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Where an instance's uses start: the call or `new` that makes it (`const api = axios.create()` is
 * followed by the tracker) and, for `this.client = axios.create()` in a class, every `this.client` in that class.
 */
export function instanceRoots(factory: TSESTree.CallExpression | TSESTree.NewExpression): Node[] {
  const roots: Node[] = [factory];
  const parent = factory.parent;
  let field: string | undefined;
  if (parent?.type === 'AssignmentExpression' && parent.right === factory && isThisMember(parent.left)) {
    field = propertyName(parent.left as TSESTree.MemberExpression);
  } else if (parent?.type === 'PropertyDefinition' && parent.value === factory && !parent.computed) {
    field = parent.key.type === 'Identifier' ? parent.key.name : undefined;
  }
  const classBody = field ? enclosingClassBody(factory) : undefined;
  if (field && classBody) {
    walk(classBody, (node) => {
      if (node.type === 'MemberExpression' && isThisMember(node) && propertyName(node) === field && !isAssignmentTarget(node)) {
        roots.push(node);
      }
    });
  }
  return roots;
}

function isThisMember(node: Node): node is TSESTree.MemberExpression {
  return node.type === 'MemberExpression' && node.object.type === 'ThisExpression';
}

function isAssignmentTarget(node: Node): boolean {
  return node.parent?.type === 'AssignmentExpression' && node.parent.left === node;
}
