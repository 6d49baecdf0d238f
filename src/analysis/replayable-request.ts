import {
  calleeName,
  constInitializer,
  dottedName,
  findProperty,
  findVariable,
  outerValue,
  propertyName,
  readReferences,
  type Node,
  type Scope,
} from './ast';
import { CLIENTS } from './clients';
import { isRequestObject, walk, type RequestCall } from './requests';

/**
 * Whether a request can be sent again by evaluating its expression again — what
 * `withRetry(() => <expression>)` does on every attempt. A body that is a stream or a `Request`
 * object is consumed by the first attempt (FIELD-NOTES: "A ReadableStream body or a used Request
 * cannot be sent twice"); callback and stream APIs do not return the promise withRetry needs;
 * arguments that await, yield or assign cannot (or must not) run once per attempt.
 */
export type NotReplayable = 'callback-api' | 'stream-body' | 'request-object' | 'side-effects-in-arguments' | 'builder-object';

export type Replayability =
  | { readonly replayable: true; readonly expression: Node }
  | { readonly replayable: false; readonly reason: NotReplayable; readonly detail: string };

const STREAM_CONSTRUCTORS = new Set(['ReadableStream', 'Readable', 'PassThrough', 'Duplex', 'Transform']);
/** `fs.createReadStream(p)`, `blob.stream()`, `a.pipe(b)`, `Readable.fromWeb(s)`… */
const STREAM_FACTORIES = new Set(['createReadStream', 'stream', 'pipe', 'pipeThrough', 'fromWeb', 'toWeb']);

export function replayability(request: RequestCall, scope: Scope): Replayability {
  if (request.style === 'event') {
    return notReplayable('callback-api', `${request.label} reports failures through events, not a promise`);
  }
  if (request.client === 'undici' && calleeName(request.node) === 'stream') {
    return notReplayable('callback-api', 'undici.stream() writes into a factory callback');
  }
  const expression = requestExpression(request);
  if (expression === undefined) return notReplayable('callback-api', `${request.label}'s .end() callback API`);
  if (!usedOnlyAsPromise(expression, scope)) {
    return notReplayable('builder-object', `the ${request.label} request object is configured or used after this line, so it cannot become withRetry's promise`);
  }
  const body = bodyProblem(request, scope);
  if (body) return body;
  const effect = sideEffectIn(expression);
  if (effect) return notReplayable('side-effects-in-arguments', `the call contains ${effect}, which must not run once per attempt`);
  return { replayable: true, expression };
}

function notReplayable(reason: NotReplayable, detail: string): Replayability {
  return { replayable: false, reason, detail };
}

/**
 * The expression that sends the request: the call with the chain that still builds or reads
 * the same request (superagent's `.set()`/`.send()`, got's and ky's `.json()`), since withRetry
 * must return what the caller awaits. Undefined for superagent's `.end(callback)`.
 */
function requestExpression(request: RequestCall): Node | undefined {
  let node: Node = request.node;
  const chain = CLIENTS[request.client].chainMethods;
  for (;;) {
    const member: Node | undefined = node.parent;
    const call: Node | undefined = member?.parent;
    if (member?.type !== 'MemberExpression' || member.object !== node || call?.type !== 'CallExpression' || call.callee !== member) {
      return node;
    }
    const method = propertyName(member);
    if (request.client === 'superagent' && method === 'end') return undefined;
    if (!method || !chain.has(method)) return node;
    node = call;
  }
}

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * withRetry turns the expression into a plain promise: fine when it is awaited, chained with
 * then/catch/finally, returned or passed on, but not when code keeps configuring the request
 * object (`const req = superagent(m, u); req.auth(…)`).
 */
function usedOnlyAsPromise(expression: Node, scope: Scope): boolean {
  const value = outerValue(expression);
  const parent = value.parent;
  if (parent?.type === 'MemberExpression' && parent.object === value) return PROMISE_METHODS.has(propertyName(parent) ?? '');
  if (parent?.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier') {
    const variable = findVariable(scope, parent.id);
    return !variable || readReferences(variable).every((reference) => usedOnlyAsPromise(reference.identifier, scope));
  }
  return true;
}

function bodyProblem(request: RequestCall, scope: Scope): Replayability | undefined {
  const args = request.node.arguments;
  switch (request.shape) {
    case 'url-init': {
      if (request.url && isRequestObject(request.url, scope)) {
        return notReplayable('request-object', 'a Request object can be sent only once');
      }
      return optionsBodyProblem(request.options, 'body', scope);
    }
    case 'url-data-config':
      return args[1] && isStream(args[1], scope)
        ? notReplayable('stream-body', 'the request body is a stream, which the first attempt consumes')
        : undefined;
    case 'config-or-url':
      return optionsBodyProblem(request.options, 'data', scope);
    default:
      return undefined;
  }
}

function optionsBodyProblem(options: Node | undefined, key: string, scope: Scope): Replayability | undefined {
  const object = options && constInitializer(options, scope);
  if (object?.type !== 'ObjectExpression') return undefined;
  // `duplex: 'half'` is only needed, and only allowed, for streaming bodies.
  if (findProperty(object, 'duplex')) {
    return notReplayable('stream-body', "the request streams its body (duplex: 'half'), which the first attempt consumes");
  }
  const body = findProperty(object, key);
  return body && isStream(body.value, scope)
    ? notReplayable('stream-body', 'the request body is a stream, which the first attempt consumes')
    : undefined;
}

function isStream(node: Node, scope: Scope): boolean {
  const value = constInitializer(node, scope);
  switch (value.type) {
    case 'NewExpression':
      return STREAM_CONSTRUCTORS.has(calleeName(value) ?? '');
    case 'CallExpression': {
      const name = dottedName(value.callee);
      return STREAM_FACTORIES.has(calleeName(value) ?? '') || (name?.at(-2) === 'Readable' && name.at(-1) === 'from');
    }
    case 'MemberExpression':
      // `response.body`, `request.body`: a ReadableStream in fetch, Next.js and Hono handlers.
      return propertyName(value) === 'body';
    default:
      return false;
  }
}

/** Await, yield, assignments and updates outside nested functions. */
function sideEffectIn(expression: Node): string | undefined {
  let found: string | undefined;
  walk(expression, (node) => {
    if (found || (node !== expression && (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression'))) return false;
    if (node.type === 'AwaitExpression') found = '`await`';
    else if (node.type === 'YieldExpression') found = '`yield`';
    else if (node.type === 'AssignmentExpression') found = 'an assignment';
    else if (node.type === 'UpdateExpression') found = `\`${node.operator}\``;
  });
  return found;
}
