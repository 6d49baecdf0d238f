import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, constInitializer, findProperty, findVariable, innerValue, propertyName, type Node, type Scope } from '../analysis/ast';
import { walk, type RequestCall } from '../analysis/requests';
import { quoteString, type Quote } from '../fixes/source-text';

/**
 * What the retry call and the failure log say about a request, as source text:
 * `{ method: 'POST', endpoint: url }`. The endpoint expression is written a second time (the
 * request still evaluates its own copy), so only expressions without side effects are copied:
 * identifiers, member chains, literals, templates, `+`, `??` and `||` of those — which covers
 * the env-endpoints output `process.env.X ?? '…'`. Anything else (a call, `new URL(…)`) is left
 * out and the log names the method only.
 */
export interface RequestContext {
  /** Upper-case, when statically known. */
  readonly method?: string;
  /** Source text of the URL expression, when it may be evaluated twice. */
  readonly endpoint?: string;
  /** An `Idempotency-Key` header is written in the call: the server applies the request once. */
  readonly idempotent: boolean;
  /** The URL expression `endpoint` was copied from. */
  readonly endpointNode?: Node;
}

export function requestContext(request: RequestCall, text: string, scope: Scope): RequestContext {
  const url = request.url && isSideEffectFree(request.url) ? request.url : undefined;
  return {
    method: request.method,
    endpoint: url && text.slice(url.range[0], url.range[1]),
    idempotent: hasIdempotencyKey(request, scope),
    endpointNode: url,
  };
}

/**
 * The context as it may be written at `site` (a catch clause or `.catch()` callback): without the
 * endpoint when one of its names is not in scope there — a callback parameter, a binding
 * declared from `movedFrom` on (those move into the try block), another function's `this`.
 */
export function contextAt(context: RequestContext, site: Node, scope: Scope, movedFrom = Infinity): RequestContext {
  const url = context.endpointNode;
  if (!url || endpointVisible(url, site, scope, movedFrom)) return context;
  return { method: context.method, idempotent: context.idempotent };
}

function endpointVisible(url: Node, site: Node, scope: Scope, movedFrom: number): boolean {
  let visible = true;
  walk(url, (node) => {
    if (!visible) return false;
    if (node.type === 'ThisExpression' && thisOwner(node) !== thisOwner(site)) visible = false;
    const parent = node.parent;
    const isPropertyName = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
    if (node.type !== 'Identifier' || isPropertyName) return undefined;
    const variable = findVariable(scope, node);
    if (!variable) return undefined;
    const block = variable.scope.block;
    const inScope = block.range[0] <= site.range[0] && site.range[1] <= block.range[1];
    if (!inScope || variable.defs.some((definition) => definition.name.range[0] >= movedFrom)) visible = false;
    return undefined;
  });
  return visible;
}

/** The function (or the program) whose `this` a `this` expression is. */
function thisOwner(node: Node): Node | undefined {
  let current = node.parent;
  while (current && current.type !== 'FunctionDeclaration' && current.type !== 'FunctionExpression' && current.type !== 'PropertyDefinition' && current.type !== 'StaticBlock') {
    current = current.parent;
  }
  return current;
}

/** What several requests sharing one catch have in common (a log must not name the wrong endpoint). */
export function commonContext(contexts: readonly RequestContext[]): RequestContext {
  const [first, ...rest] = contexts;
  if (!first) return { idempotent: false };
  return {
    method: rest.every((c) => c.method === first.method) ? first.method : undefined,
    ...(rest.every((c) => c.endpoint === first.endpoint) ? { endpoint: first.endpoint, endpointNode: first.endpointNode } : {}),
    idempotent: contexts.every((c) => c.idempotent),
  };
}

/**
 * `{ method: 'POST', endpoint: url }` for logRequestFailure; with `retry`, also `idempotent` and
 * `attempts` for withRetry. Undefined when there is nothing to say.
 */
export function contextObjectText(
  context: RequestContext,
  quote: Quote,
  retry?: { readonly attempts: number | undefined },
): string | undefined {
  const fields: string[] = [];
  if (context.method) fields.push(`method: ${quoteString(context.method, quote)}`);
  if (context.endpoint) fields.push(context.endpoint === 'endpoint' ? 'endpoint' : `endpoint: ${context.endpoint}`);
  if (retry && context.idempotent) fields.push('idempotent: true');
  if (retry?.attempts !== undefined) fields.push(`attempts: ${retry.attempts}`);
  return fields.length > 0 ? `{ ${fields.join(', ')} }` : undefined;
}

export function isSideEffectFree(node: Node): boolean {
  const value = innerValue(node);
  switch (value.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'MetaProperty':
      return true;
    case 'Literal':
      return typeof value.value === 'string';
    case 'TemplateLiteral':
      return value.expressions.every(isSideEffectFree);
    case 'MemberExpression':
      return isSideEffectFree(value.object) && (!value.computed || value.property.type === 'Literal');
    case 'ChainExpression':
      return isSideEffectFree(value.expression);
    case 'LogicalExpression':
      return (value.operator === '??' || value.operator === '||') && isSideEffectFree(value.left) && isSideEffectFree(value.right);
    case 'BinaryExpression':
      return value.operator === '+' && isSideEffectFree(value.left) && isSideEffectFree(value.right);
    default:
      return false;
  }
}

const IDEMPOTENCY_KEY = /^idempotency-key$/i;

/** `headers: { 'Idempotency-Key': … }` (or `new Headers({ … })`) in the call's own options or config. */
export function hasIdempotencyKey(request: RequestCall, scope: Scope): boolean {
  if (!request.options) return false;
  const options = constInitializer(request.options, scope);
  if (options.type !== 'ObjectExpression') return false;
  const headersProperty = findProperty(options, 'headers');
  if (!headersProperty) return false;
  let headers = constInitializer(headersProperty.value, scope);
  if (headers.type === 'NewExpression' && calleeName(headers) === 'Headers' && headers.arguments[0]) {
    headers = constInitializer(headers.arguments[0], scope);
  }
  return headers.type === 'ObjectExpression' && headers.properties.some((property) => isIdempotencyKeyProperty(property));
}

function isIdempotencyKeyProperty(property: TSESTree.ObjectLiteralElement): boolean {
  if (property.type !== 'Property' || property.computed) return false;
  return IDEMPOTENCY_KEY.test(propertyName(property) ?? '');
}
