import type { TSESTree } from '@typescript-eslint/utils';
import type { ClientId } from '../analysis/clients';
import { constInitializer, findVariable, innerValue, outerValue, propertyName, type Node, type Scope } from '../analysis/ast';
import { startOf } from '../analysis/positions';
import type { RangeEdit } from './fix-snippets';
import { isUrlExpression, type RequestCall } from '../analysis/requests';
import { detectEol, indentationOfLine } from './source-text';
import { statement, type CodeStyle } from './code-style';
import { timeoutStyle, type TimeoutStatus } from '../analysis/timeout-policy';

/**
 * Source text that gives a request a timeout: `signal: AbortSignal.timeout(ms)` for the fetch
 * family and node:http (whose own `timeout` option only emits an event and aborts nothing),
 * `timeout: ms` for axios, `timeout: { request: ms }` for got, `.timeout(ms)` for superagent,
 * `xhr.timeout = ms` for XMLHttpRequest. Text-level, like fix-snippets.ts.
 */

/** How each library is given a timeout, for the rule's messages and the transform's manual review. */
const HOW: Record<Exclude<ClientId, 'custom' | 'ky'>, string> = {
  fetch: 'pass `signal: AbortSignal.timeout(ms)` in the init',
  'node-fetch': 'pass `signal: AbortSignal.timeout(ms)` in the init',
  'cross-fetch': 'pass `signal: AbortSignal.timeout(ms)` in the init',
  'isomorphic-fetch': 'pass `signal: AbortSignal.timeout(ms)` in the init',
  undici: 'pass `signal: AbortSignal.timeout(ms)` in the options',
  axios: 'set `timeout` on the call, the instance, or `axios.defaults` (axios waits forever by default)',
  got: 'set `timeout: { request: ms }` on the call or in `got.extend()` (got waits forever by default)',
  superagent: 'chain `.timeout(ms)`',
  'node-http': 'pass `signal: AbortSignal.timeout(ms)` (or `timeout`) in the options, or call `.setTimeout(ms)`',
  xhr: 'set `xhr.timeout` to a positive number',
};

export function howToTimeout(client: Exclude<ClientId, 'custom'>): string {
  return client === 'ky' ? 'remove `timeout: false`' : HOW[client];
}


export function timeoutEdit(
  text: string,
  request: RequestCall,
  status: TimeoutStatus,
  ms: number,
  scope: Scope,
  style: Pick<CodeStyle, 'semi'>,
): RangeEdit | undefined {
  if (status.ok || request.client === 'custom') return undefined;
  if (status.reason === 'disabled') return status.at && replaceDisabled(request, status.at, ms);
  switch (request.client) {
    case 'superagent':
      return { range: [request.node.range[1], request.node.range[1]], text: `.timeout(${ms})` };
    case 'xhr':
      return xhrEdit(text, request, ms, style);
    default:
      return status.reason === 'opaque' || hasNamedOptions(request) ? spreadOptions(text, request, ms) : addOption(text, request, ms, scope);
  }
}

function propertyText(request: RequestCall, ms: number): string {
  if (request.client === 'got') return `timeout: { request: ${ms} }`;
  return timeoutStyle(request) === 'signal' ? `signal: AbortSignal.timeout(${ms})` : `timeout: ${ms}`;
}

/** `timeout: 0` → `timeout: 10000`, `signal: null` → `signal: AbortSignal.timeout(10000)`, got `{ request: 0 }` → `{ request: 10000 }`. */
function replaceDisabled(request: RequestCall, at: Node, ms: number): RangeEdit {
  const property = outerValue(at).parent;
  const isSignal = property?.type === 'Property' && propertyName(property) === 'signal';
  const replacement = isSignal
    ? `AbortSignal.timeout(${ms})`
    : request.client === 'got' && at.type === 'ObjectExpression'
      ? `{ request: ${ms} }`
      : String(ms);
  return { range: at.range, text: replacement };
}

/** Adds the option to the options object, or adds an options argument where the call has none. */
function addOption(text: string, request: RequestCall, ms: number, scope: Scope): RangeEdit | undefined {
  const property = propertyText(request, ms);
  const options = request.options && innerValue(request.options);
  if (options?.type === 'ObjectExpression') return insertProperty(text, options, property);
  const args = request.node.arguments;
  if (args.some((arg) => arg.type === 'SpreadElement') || args.length === 0) return undefined;
  const object = `{ ${property} }`;
  switch (request.shape) {
    case 'url-data-config':
      if (args.length === 1) return after(args[0]!, `, undefined, ${object}`);
      return args.length === 2 ? after(args[1]!, `, ${object}`) : undefined;
    case 'node-http':
      // http.get(url, callback) → http.get(url, { signal }, callback); the policy found no options there.
      // A first argument that may be the options object itself would take the new object as its callback.
      if (!isVisiblyUrl(args[0]!, scope)) return undefined;
      if (args.length === 2) return { range: [args[1]!.range[0], args[1]!.range[0]], text: `${object}, ` };
      return args.length === 1 ? after(args[0]!, `, ${object}`) : undefined;
    default:
      return args.length === 1 ? after(args[0]!, `, ${object}`) : undefined;
  }
}

/**
 * `fetch(u, init)` → `fetch(u, { ...init, signal: AbortSignal.timeout(ms) })`, at the call and not in
 * `init` itself: a shared object would share one signal between calls (and retry attempts), and a
 * module-level one would start its clock when the module loads.
 */
function spreadOptions(text: string, request: RequestCall, ms: number): RangeEdit | undefined {
  const options = request.options;
  if (!options) return undefined;
  const value = innerValue(options);
  if (value.type === 'ObjectExpression') return insertProperty(text, value, propertyText(request, ms));
  if (value.type !== 'Identifier' && value.type !== 'MemberExpression') return undefined;
  return { range: options.range, text: `{ ...${text.slice(options.range[0], options.range[1])}, ${propertyText(request, ms)} }` };
}

/**
 * Options passed by name that the policy read through a const (`const init = { method }`). node:http
 * reads no const: a name there is the response callback.
 */
function hasNamedOptions(request: RequestCall): boolean {
  return request.client !== 'node-http' && request.options !== undefined && innerValue(request.options).type === 'Identifier';
}

/** A URL string or `URL` by its expression, a const's initializer, or a parameter's `string` / `URL` type. */
function isVisiblyUrl(node: Node, scope: Scope): boolean {
  const value = constInitializer(node, scope);
  if (isUrlExpression(value)) return true;
  const definition = value.type === 'Identifier' ? findVariable(scope, value)?.defs[0] : undefined;
  const name = definition?.type === 'Parameter' ? definition.name : undefined;
  const type = name?.type === 'Identifier' ? name.typeAnnotation?.typeAnnotation : undefined;
  return type?.type === 'TSStringKeyword' || (type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'URL');
}

function after(node: Node, insertion: string): RangeEdit {
  return { range: [node.range[1], node.range[1]], text: insertion };
}

/** Appends a property, on its own line when the object spans lines; `{}` becomes `{ property }`. */
function insertProperty(text: string, object: TSESTree.ObjectExpression, property: string): RangeEdit {
  const last = object.properties.at(-1);
  if (!last) return { range: object.range, text: `{ ${property} }` };
  if (startOf(last).line === startOf(object).line) return after(last, `, ${property}`);
  return after(last, `,${detectEol(text)}${indentationOfLine(text, last.range[0])}${property}`);
}

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);

/** `const xhr = new XMLHttpRequest();` gets `xhr.timeout = ms;` on the next line. */
function xhrEdit(text: string, request: RequestCall, ms: number, style: Pick<CodeStyle, 'semi'>): RangeEdit | undefined {
  const declarator = outerValue(request.node).parent;
  const declaration = declarator?.parent;
  if (
    declarator?.type !== 'VariableDeclarator' ||
    declarator.id.type !== 'Identifier' ||
    declaration?.type !== 'VariableDeclaration' ||
    !STATEMENT_LISTS.has(declaration.parent?.type ?? '')
  ) {
    return undefined;
  }
  const assignment = statement(`${declarator.id.name}.timeout = ${ms}`, style);
  return after(declaration, `${detectEol(text)}${indentationOfLine(text, declaration.range[0])}${assignment}`);
}
