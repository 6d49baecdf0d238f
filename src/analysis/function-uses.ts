import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, findVariable, outerValue, propertyName, readReferences, walk, type FunctionNode, type Node, type Scope } from './ast';

/**
 * Where a function value ends up, as far as its returned promise is concerned. Callers that
 * ignore what a callback returns turn a rejected promise into an unhandled rejection.
 */

/** Calls that drop their callback's returned promise on the floor. */
const VOID_CONTEXT_CALLEES = new Set([
  'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestAnimationFrame',
  'requestIdleCallback', 'addEventListener', 'on', 'once', 'addListener', 'prependListener',
  'prependOnceListener', 'forEach', 'useEffect', 'useLayoutEffect', 'useInsertionEffect',
]);

/** Array methods whose result holds what the callback returned. */
const COLLECTING_METHODS = new Set(['map', 'flatMap']);

/** Promise methods whose result adopts what the callback returned. */
const CHAINING_METHODS = new Set(['then', 'catch', 'finally']);

export function isVoidContextCall(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  return name !== undefined && VOID_CONTEXT_CALLEES.has(name);
}

export function isCollectingCall(call: TSESTree.CallExpression): boolean {
  return call.callee.type === 'MemberExpression' && COLLECTING_METHODS.has(propertyName(call.callee) ?? '');
}

export function isChainingCall(call: TSESTree.CallExpression): boolean {
  return outerValue(call.callee).type === 'MemberExpression' && CHAINING_METHODS.has(calleeName(call) ?? '');
}

/** `Promise.all(...)` → 'all'. */
export function promiseCombinator(call: TSESTree.CallExpression): string | undefined {
  const name = dottedName(call.callee);
  return name?.length === 2 && name[0] === 'Promise' ? name[1] : undefined;
}

/** `onClick={handler}` and friends: React and other JSX runtimes ignore a handler's promise. */
export function jsxEventAttribute(node: Node): TSESTree.JSXAttribute | undefined {
  const container = node.parent;
  if (container?.type !== 'JSXExpressionContainer') return undefined;
  const attribute = container.parent;
  if (attribute?.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') return undefined;
  return /^on[A-Z]/.test(attribute.name.name) ? attribute : undefined;
}

/** `module.exports = f`, `module.exports.f = f`, `exports.f = f`, `module.exports = { f }`. */
export function isCommonJsExport(node: Node): boolean {
  let value: Node = outerValue(node);
  if (value.parent?.type === 'Property' && value.parent.value === value && value.parent.parent?.type === 'ObjectExpression') {
    value = value.parent.parent;
  }
  const parent = value.parent;
  if (parent?.type !== 'AssignmentExpression' || parent.right !== value) return false;
  const target = dottedName(parent.left);
  return target !== undefined && (target[0] === 'exports' || (target[0] === 'module' && target[1] === 'exports'));
}

/** `export function f`, `export const f = …`, `export default f`. */
export function isExportedDeclaration(fn: FunctionNode): boolean {
  let node: Node | undefined = fn.parent;
  if (node?.type === 'VariableDeclarator') node = node.parent?.parent;
  return node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration';
}

/** A short phrase for messages: "passed to setTimeout()", "the onClick handler". */
export function describeVoidUse(node: Node): string {
  const attribute = jsxEventAttribute(node);
  if (attribute) return `used as the ${String(attribute.name.name)} handler`;
  const call = node.parent as TSESTree.CallExpression;
  return `passed to ${calleeName(call) ?? 'a callback'}()`;
}

/** The identifier a function is bound to: `function f`, `const f = …`, `f = …`. */
export function functionBinding(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ?? undefined;
  const parent = outerValue(fn).parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left;
  return undefined;
}

/**
 * A function that is a member rather than a binding: a class method or arrow field, or an
 * object literal's method or function property. `container` is the class body or object.
 */
export interface Member {
  readonly name: string;
  /** `#x`, or TypeScript's `private`/`protected`: only its own class can reach it. */
  readonly private: boolean;
  readonly container: TSESTree.ClassBody | TSESTree.ObjectExpression;
}

export function memberOf(fn: FunctionNode): Member | undefined {
  const slot = outerValue(fn);
  const parent = slot.parent;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === slot && !parent.computed) {
    const key = parent.key;
    const name = key.type === 'Identifier' || key.type === 'PrivateIdentifier' ? key.name : undefined;
    if (name === undefined || parent.static || (parent.type === 'MethodDefinition' && parent.kind !== 'method')) return undefined;
    const hidden = key.type === 'PrivateIdentifier' || parent.accessibility === 'private' || parent.accessibility === 'protected';
    return { name, private: hidden, container: parent.parent as TSESTree.ClassBody };
  }
  if (parent?.type === 'Property' && parent.value === slot && !parent.computed && parent.parent?.type === 'ObjectExpression') {
    const name = propertyName(parent);
    return name === undefined ? undefined : { name, private: false, container: parent.parent };
  }
  return undefined;
}

/**
 * Where a member is read in this file: `this.name` inside its class (or inside the object's own
 * methods), and `x.name` on a `const x = new C()` of the class or a `const x = {…}` of the object.
 */
export function memberReads(member: Member, scope: Scope): Node[] {
  const reads = [...(ownThisReads(member.container).get(member.name) ?? [])];
  for (const holder of member.private ? [] : holders(member.container, scope)) {
    const parent = holder.parent;
    if (parent && isNamedRead(parent, holder, member.name)) reads.push(parent);
  }
  return reads;
}

function isNamedRead(node: Node, object: Node, name: string): boolean {
  return node.type === 'MemberExpression' && node.object === object && readName(node) === name;
}

/** `object.name` read (not assigned to), or undefined. */
function readName(node: TSESTree.MemberExpression): string | undefined {
  if (node.computed || (node.property.type !== 'Identifier' && node.property.type !== 'PrivateIdentifier')) return undefined;
  return node.parent?.type === 'AssignmentExpression' && node.parent.left === node ? undefined : node.property.name;
}

/** Every `this.name` read inside a container by its own members, by name: one walk per container, however many members are asked about. */
const thisReadsByContainer = new WeakMap<Member['container'], Map<string, Node[]>>();

function ownThisReads(container: Member['container']): Map<string, Node[]> {
  let byName = thisReadsByContainer.get(container);
  if (byName) return byName;
  const found = new Map<string, Node[]>();
  walk(container, (node) => {
    // `this` is another object in a function that is not one of the container's own members,
    // and an object literal's arrow properties take `this` from outside it.
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && !isOwnMember(node, container)) return false;
    if (node.type === 'ClassBody' && node !== container) return false;
    if (node.type === 'Property' && node.parent === container && node.value.type === 'ArrowFunctionExpression') return false;
    const name = node.type === 'MemberExpression' && node.object.type === 'ThisExpression' ? readName(node) : undefined;
    if (name === undefined) return undefined;
    const reads = found.get(name);
    if (reads) reads.push(node);
    else found.set(name, [node]);
    return undefined;
  });
  thisReadsByContainer.set(container, (byName = found));
  return byName;
}

function isOwnMember(fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression, container: Member['container']): boolean {
  const parent = fn.parent;
  return (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.value === fn)) && parent.parent === container;
}

/** Reads of the const bindings that hold the object, or an instance of the class. */
function holders(container: Member['container'], scope: Scope): Node[] {
  let value: Node | undefined;
  if (container.type === 'ObjectExpression') {
    value = outerValue(container);
  } else {
    // Every `new C(…)` bound to a const is an instance whose methods this file calls.
    return constructions(container.parent, scope).flatMap((construct) => constReads(construct, scope));
  }
  return constReads(value, scope);
}

/** The `new C(…)` expressions of a class declared in this file. */
export function constructions(declaration: Node | undefined, scope: Scope): TSESTree.NewExpression[] {
  const id = declaration?.type === 'ClassDeclaration' || declaration?.type === 'ClassExpression' ? declaration.id : null;
  const inner = id ? findVariable(scope, id) : undefined;
  // The class's own scope holds a second binding of its name; the constructions are in the enclosing scope's.
  const variable = inner && inner.scope.block === declaration ? (inner.scope.upper?.set.get(inner.name) ?? inner) : inner;
  return (variable ? readReferences(variable) : []).flatMap((reference) => {
    const construct = outerValue(reference.identifier).parent;
    return construct?.type === 'NewExpression' && construct.callee === outerValue(reference.identifier) ? [construct] : [];
  });
}

function constReads(value: Node, scope: Scope): Node[] {
  const declarator = outerValue(value).parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || (declarator.parent as TSESTree.VariableDeclaration).kind !== 'const') return [];
  const variable = findVariable(scope, declarator.id);
  return variable ? readReferences(variable).map((reference) => reference.identifier) : [];
}
