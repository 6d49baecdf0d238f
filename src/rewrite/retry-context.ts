import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, constInitializer, findProperty, findVariable, innerValue, propertyName, type Node, type Scope } from '../analysis/ast';
import type { RequestCall } from '../analysis/requests';
import { quoteString, type Quote } from '../fixes/source-text';

/**
 * What the retry call and the failure log say about a request, as source text. The URL is never
 * written twice: withRetry learns it from what it sends — the operation passes it through
 * `attempt.url(…)`, or the client's error names it (axios's config, got's options) — and its
 * final failure carries it to the catch that logs it. Only a catch of a request withRetry does not
 * wrap, whose client does not name its URL, gets an endpoint: the local binding the URL is read
 * from (`fetch(statusUrl)`), never a copy of an expression.
 */
export interface RequestContext {
  /** Upper-case, when statically known. */
  readonly method?: string;
  /** The local binding holding the URL, for a log that has no other way to learn it. */
  readonly endpoint?: string;
  /** An `Idempotency-Key` header is written in the call: the server applies the request once. */
  readonly idempotent: boolean;
  /** The identifier `endpoint` names. */
  readonly endpointNode?: Node;
  /** The failure names its method and URL at run time (withRetry's note, or the client's own error). */
  readonly selfDescribing: boolean;
  /** The URL argument for `attempt.url(…)` when withRetry wraps the request and the client does not name it. */
  readonly tracked?: Node;
}

// Their errors carry the request's config (axios: `config`, got: `options`), which the helper reads.
const CLIENTS_NAMING_THEIR_URL: ReadonlySet<string> = new Set(['axios', 'got']);

/** `retried`: the request is, or is about to be, inside the helper's withRetry. */
export function requestContext(request: RequestCall, text: string, scope: Scope, retried: boolean): RequestContext {
  const url = request.url && innerValue(request.url).type === 'Identifier' ? request.url : undefined;
  const namesUrl = CLIENTS_NAMING_THEIR_URL.has(request.client);
  const direct = request.url && (request.node.arguments as readonly Node[]).includes(request.url) ? request.url : undefined;
  return {
    method: request.method,
    ...(url ? { endpoint: text.slice(url.range[0], url.range[1]), endpointNode: url } : {}),
    idempotent: hasIdempotencyKey(request, scope),
    selfDescribing: retried || namesUrl,
    ...(direct && !namesUrl ? { tracked: direct } : {}),
  };
}

/**
 * The context as it may be written at `site` (a catch clause or `.catch()` callback): without the
 * endpoint when its binding is not in scope there — a callback parameter, a binding declared from
 * `movedFrom` on (those move into the try block).
 */
export function contextAt(context: RequestContext, site: Node, scope: Scope, movedFrom = Infinity): RequestContext {
  const url = context.endpointNode;
  if (!url || endpointVisible(url, site, scope, movedFrom)) return context;
  return { method: context.method, idempotent: context.idempotent, selfDescribing: context.selfDescribing };
}

function endpointVisible(url: Node, site: Node, scope: Scope, movedFrom: number): boolean {
  const identifier = innerValue(url);
  const variable = identifier.type === 'Identifier' ? findVariable(scope, identifier) : undefined;
  if (!variable) return true;
  const block = variable.scope.block;
  const inScope = block.range[0] <= site.range[0] && site.range[1] <= block.range[1];
  return inScope && !variable.defs.some((definition) => definition.name.range[0] >= movedFrom);
}

/** What several requests sharing one catch have in common (a log must not name the wrong endpoint). */
export function commonContext(contexts: readonly RequestContext[]): RequestContext {
  const [first, ...rest] = contexts;
  if (!first) return { idempotent: false, selfDescribing: false };
  return {
    method: rest.every((c) => c.method === first.method) ? first.method : undefined,
    ...(first.endpoint && rest.every((c) => c.endpoint === first.endpoint) ? { endpoint: first.endpoint, endpointNode: first.endpointNode } : {}),
    idempotent: contexts.every((c) => c.idempotent),
    selfDescribing: contexts.every((c) => c.selfDescribing),
  };
}

/** What the codemod writes into every withRetry call (the `retry-requests` options). */
export interface RetrySettings {
  readonly attempts: number | undefined;
  readonly budgetMs: number | undefined;
}

/** `{ method: 'POST', idempotent: true, attempts: 5, budgetMs: 30000 }` for withRetry; undefined when empty. */
export function retryOptionsText(context: RequestContext, quote: Quote, settings: RetrySettings): string | undefined {
  const fields = context.method ? [`method: ${quoteString(context.method, quote)}`] : [];
  if (context.idempotent) fields.push('idempotent: true');
  if (settings.attempts !== undefined) fields.push(`attempts: ${settings.attempts}`);
  if (settings.budgetMs !== undefined) fields.push(`budgetMs: ${settings.budgetMs}`);
  return fields.length > 0 ? `{ ${fields.join(', ')} }` : undefined;
}

/**
 * `{ method: 'GET', endpoint: url }` for logRequestFailure, or undefined when the failure says it
 * itself (withRetry's note, axios's and got's errors) or nothing is known.
 */
export function logContextText(context: RequestContext, quote: Quote): string | undefined {
  if (context.selfDescribing) return undefined;
  const fields = context.method ? [`method: ${quoteString(context.method, quote)}`] : [];
  if (context.endpoint) fields.push(context.endpoint === 'endpoint' ? 'endpoint' : `endpoint: ${context.endpoint}`);
  return fields.length > 0 ? `{ ${fields.join(', ')} }` : undefined;
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
