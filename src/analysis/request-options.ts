import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  constInitializer,
  dottedName,
  enclosingClassBody,
  findProperty,
  findVariable,
  hasSpread,
  innerValue,
  outerValue,
  propertyName,
  readReferences,
  staticString,
  type Node,
  type Scope,
} from './ast';
import type { RequestCall, RequestIndex } from './requests';

/**
 * Where a request's settings come from, nearest first: the call's own options, then the
 * `axios.create(...)` / `got.extend(...)` / `ky.create(...)` / `fetchRetry(fetch, ...)` calls behind
 * its instance, innermost instance first. Both the timeout and the retry analyses read options this way.
 */
export function optionLayers(request: RequestCall, index: RequestIndex): Node[] {
  const layers: Node[] = [];
  if (request.options) layers.push(readableOptions(request.options, index.globalScope));
  for (let factory = request.factory; factory; factory = parentFactory(factory, index)) {
    layers.push(...factoryOptionArguments(factory, index).reverse());
  }
  return layers;
}

/**
 * `const config = { timeout: 5000 }; axios.get(url, config)`: the object literal behind a const,
 * unless something writes into it (`config.timeout = 0`, `Object.assign(config, …)`), in which case
 * the argument itself stays, unreadable.
 */
function readableOptions(options: Node, scope: Scope): Node {
  const argument = innerValue(options);
  if (argument.type !== 'Identifier') return options;
  const value = constInitializer(argument, scope);
  if (value.type !== 'ObjectExpression') return options;
  const variable = findVariable(scope, argument);
  return variable && !variable.references.some(writesInto) ? value : options;
}

function writesInto(reference: { identifier: Node }): boolean {
  const use = outerValue(reference.identifier);
  const parent = use.parent;
  if (parent?.type === 'MemberExpression' && parent.object === use) {
    const target = outerValue(parent).parent;
    return (
      (target?.type === 'AssignmentExpression' && target.left === outerValue(parent)) ||
      target?.type === 'UpdateExpression' ||
      (target?.type === 'UnaryExpression' && target.operator === 'delete')
    );
  }
  return parent?.type === 'CallExpression' && parent.arguments[0] === use && dottedName(parent.callee)?.join('.') === 'Object.assign';
}

/** The arguments of a factory call that carry options (got.extend takes several; the last wins). */
function factoryOptionArguments(factory: TSESTree.CallExpression, index: RequestIndex): Node[] {
  const args = factory.arguments.filter((arg): arg is TSESTree.Expression => arg.type !== 'SpreadElement');
  // fetchRetry(fetch, defaults): the first argument is the fetch being wrapped.
  return index.factories.get(factory) === 'fetch' ? args.slice(1) : args;
}

/** `got.extend(a).extend(b)` or `const base = got.extend(a); base.extend(b)`: the factory that made the callee's object. */
export function parentFactory(factory: TSESTree.CallExpression, index: RequestIndex): TSESTree.CallExpression | undefined {
  const callee = innerValue(factory.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  return factoryBehind(callee.object, index);
}

/** The factory call an expression evaluates to: the call itself, or a variable initialised with it. */
export function factoryBehind(node: Node, index: RequestIndex): TSESTree.CallExpression | undefined {
  const value = innerValue(node);
  if (value.type === 'CallExpression') return index.factories.has(value) ? value : undefined;
  if (value.type !== 'Identifier') return undefined;
  const definition = findVariable(index.globalScope, value)?.defs[0];
  const init = definition?.node.type === 'VariableDeclarator' ? definition.node.init : null;
  const initValue = init && innerValue(init);
  return initValue?.type === 'CallExpression' && index.factories.has(initValue) ? initValue : undefined;
}

/** What the nearest layer says about one option. */
export type OptionLookup =
  | { readonly kind: 'set'; readonly value: Node; readonly property: TSESTree.Property }
  | { readonly kind: 'unset' }
  /** A layer before any that sets it cannot be read: a variable, or an object with a spread. */
  | { readonly kind: 'opaque'; readonly layer: Node };

export function lookupOption(layers: readonly Node[], key: string): OptionLookup {
  for (const layer of layers) {
    const object = innerValue(layer);
    if (object.type !== 'ObjectExpression') return { kind: 'opaque', layer };
    const property = findProperty(object, key);
    if (property) return { kind: 'set', value: innerValue(property.value), property };
    if (hasSpread(object)) return { kind: 'opaque', layer };
  }
  return { kind: 'unset' };
}

/** The value of an option when it is known statically (`0`, `10 * 1000`, a const, `false`, `Infinity`). */
export function staticValue(node: Node, scope: Scope): { value: unknown } | undefined {
  const value = innerValue(node);
  // `Infinity` is a global the scope manager leaves unresolved, so getStaticValue cannot see it.
  if (value.type === 'Identifier' && value.name === 'Infinity' && !findVariable(scope, value)) return { value: Infinity };
  return getStaticValue(value as never, scope as never) ?? undefined;
}

/** The default axios instance, as opposed to one made by `axios.create()`. */
export const DEFAULT_INSTANCE = 'default';
export type AxiosInstance = TSESTree.CallExpression | typeof DEFAULT_INSTANCE;

/** The axios instance an expression denotes: the default one, an `axios.create()` result, or `this.client`. */
export function axiosInstanceOf(node: Node, index: RequestIndex): AxiosInstance | undefined {
  const value = innerValue(node);
  if (value.type === 'MemberExpression' && value.object.type === 'ThisExpression') return classFieldFactory(value, index);
  const factory = factoryBehind(value, index);
  if (factory) return index.factories.get(factory) === 'axios' ? factory : undefined;
  if (value.type !== 'Identifier') return undefined;
  const definition = findVariable(index.globalScope, value)?.defs[0];
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent as TSESTree.ImportDeclaration;
    return declaration.source.value === 'axios' ? DEFAULT_INSTANCE : undefined;
  }
  const init = definition?.node.type === 'VariableDeclarator' ? definition.node.init : null;
  return init && isRequireOf(init, 'axios') ? DEFAULT_INSTANCE : undefined;
}

/** `this.client` where the same class sets `this.client = axios.create(...)` (or declares the field so). */
function classFieldFactory(member: TSESTree.MemberExpression, index: RequestIndex): TSESTree.CallExpression | undefined {
  const name = propertyName(member);
  const classBody = enclosingClassBody(member);
  for (const [factory, client] of index.factories) {
    if (client !== 'axios' || enclosingClassBody(factory) !== classBody) continue;
    const parent = factory.parent;
    const field =
      parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && parent.left.object.type === 'ThisExpression'
        ? propertyName(parent.left)
        : parent?.type === 'PropertyDefinition' && !parent.computed && parent.key.type === 'Identifier'
          ? parent.key.name
          : undefined;
    if (field !== undefined && field === name) return factory;
  }
  return undefined;
}

/** `require('axios')` or `require('axios').default`. */
function isRequireOf(node: Node, moduleName: string): boolean {
  let value = innerValue(node);
  if (value.type === 'MemberExpression' && propertyName(value) === 'default') value = innerValue(value.object);
  return (
    value.type === 'CallExpression' &&
    value.callee.type === 'Identifier' &&
    value.callee.name === 'require' &&
    staticString(value.arguments[0]) === moduleName
  );
}

/**
 * A `.method(...)` call on the request (superagent `.timeout()`/`.retry()`, node:http
 * `.setTimeout()`): anywhere in its chain, or on the variable that holds the chain.
 */
export function methodCallOnRequest(request: RequestCall, method: string, scope: Scope): TSESTree.CallExpression | undefined {
  let node: Node = outerValue(request.node);
  for (;;) {
    const call = methodCallOn(node);
    if (!call) break;
    if (propertyName(call.callee as TSESTree.MemberExpression) === method) return call;
    node = outerValue(call);
  }
  const declarator = node.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== node || declarator.id.type !== 'Identifier') return undefined;
  const variable = findVariable(scope, declarator.id);
  for (const reference of variable ? readReferences(variable) : []) {
    const call = methodCallOn(reference.identifier);
    if (call && propertyName(call.callee as TSESTree.MemberExpression) === method) return call;
  }
  return undefined;
}

/** `receiver.something(...)`: the call, when `receiver` is the object of a called member. */
function methodCallOn(receiver: Node): TSESTree.CallExpression | undefined {
  const member = receiver.parent;
  const call = member?.parent;
  return member?.type === 'MemberExpression' && member.object === receiver && call?.type === 'CallExpression' && call.callee === member
    ? call
    : undefined;
}
