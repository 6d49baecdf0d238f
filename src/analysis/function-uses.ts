import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, dottedName, outerValue, propertyName, type FunctionNode, type Node } from './ast';

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
