import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  findVariable,
  innerValue,
  isFunction,
  isNullish,
  isStringLiteral,
  outerValue,
  propertyName,
  readReferences,
  type FunctionNode,
  type Node,
} from './ast';
import { CLIENTS } from './clients';
import {
  describeVoidUse,
  functionBinding,
  isChainingCall,
  isCollectingCall,
  isCommonJsExport,
  isExportedDeclaration,
  isVoidContextCall,
  jsxEventAttribute,
  promiseCombinator,
} from './function-uses';
import type { RequestCall, RequestIndex } from './requests';

/**
 * "Is this request's failure handled?" — follows the request's promise (or event emitter) from
 * the call to wherever its rejection ends up. Shared by require-error-handling and retry-requests.
 */

export interface FailureOptions {
  /** What happens when a rejection leaves the function that made the request. */
  readonly propagation: 'allow' | 'intra-file' | 'report';
  /** Whether an exported function counts as handled by its (unknown) callers. */
  readonly exportedFunctions: 'allow' | 'report';
}

export const DEFAULT_FAILURE_OPTIONS: FailureOptions = { propagation: 'intra-file', exportedFunctions: 'allow' };

export type Unhandled =
  /** The promise ends in a statement, `void`, or an array nobody awaits; `at` is that expression. */
  | { readonly reason: 'floating' | 'void'; readonly at: Node }
  /** `return p` inside try/catch of an async function: the catch never sees the rejection. */
  | { readonly reason: 'returnWithoutAwait'; readonly at: TSESTree.ReturnStatement }
  /** An await outside any try/catch at module top level: the module fails to load. */
  | { readonly reason: 'topLevelAwait'; readonly at: TSESTree.AwaitExpression }
  /** propagation 'report': an await outside try/catch, or a promise returned to the caller. */
  | { readonly reason: 'uncaughtAwait'; readonly at: TSESTree.AwaitExpression }
  | { readonly reason: 'returned'; readonly at: Node }
  /** `const p = fetch(u)` and `p` is never read. */
  | { readonly reason: 'neverRead'; readonly at: TSESTree.Identifier }
  /** The rejection leaves `fn`, and `use` (a call site, a callback slot, an export) does not handle it. */
  | { readonly reason: 'escapes'; readonly fn: FunctionNode; readonly use: Node; readonly how: string }
  /** Event-style request with no 'error' listener: Node crashes, browsers fail silently. */
  | { readonly reason: 'noErrorListener'; readonly at: Node }
  /** superagent `.end((err, res) => …)` whose error parameter is never used. */
  | { readonly reason: 'errorIgnored'; readonly at: Node };

export type FailureOutcome = { readonly handled: true } | ({ readonly handled: false } & Unhandled);

const HANDLED: FailureOutcome = { handled: true };
const unhandled = (outcome: Unhandled): FailureOutcome => ({ handled: false, ...outcome });

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Emitter methods that return the emitter itself, so a chain keeps the same object. */
const SELF_RETURNING = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'setTimeout', 'end', 'setNoDelay', 'setSocketKeepAlive', 'setHeader']);
/** Events through which an XMLHttpRequest reports a network failure. */
const XHR_FAILURE_EVENTS = new Set(['error', 'loadend', 'readystatechange']);

/** Analyses requests of one file; function results are memoised, so many requests stay cheap. */
export class FailureFlow {
  private readonly functionResults = new Map<FunctionNode, FailureOutcome>();
  private readonly inProgress = new Set<FunctionNode>();
  private chainMethods: ReadonlySet<string> = new Set();

  constructor(
    private readonly index: RequestIndex,
    private readonly options: FailureOptions = DEFAULT_FAILURE_OPTIONS,
  ) {}

  outcome(request: RequestCall): FailureOutcome {
    if (request.style === 'event') return this.followEmitter(request.node, request.client === 'xhr');
    this.chainMethods = CLIENTS[request.client].chainMethods;
    return this.followPromise(request.node, request);
  }

  /** `node` evaluates to a promise that rejects when the request fails. */
  private followPromise(start: Node, request?: RequestCall): FailureOutcome {
    let node = start;
    for (;;) {
      node = outerValue(node);
      const parent = node.parent;
      if (!parent) return HANDLED;
      switch (parent.type) {
        case 'AwaitExpression':
          return this.followThrow(parent);
        case 'MemberExpression': {
          if (parent.object !== node) return HANDLED;
          const call = outerValue(parent).parent;
          if (call?.type !== 'CallExpression' || outerValue(call.callee) !== outerValue(parent)) return HANDLED;
          const method = propertyName(parent);
          if (method === 'catch' && !isNullish(call.arguments[0])) return HANDLED;
          if (method === 'then' && call.arguments.length >= 2 && !isNullish(call.arguments[1])) return HANDLED;
          if (method === 'end' && request?.client === 'superagent') return this.followSuperagentEnd(call);
          if (method === 'then' || method === 'catch' || method === 'finally' || this.chainMethods.has(method ?? '')) {
            node = call;
            continue;
          }
          return HANDLED;
        }
        case 'ConditionalExpression':
          if (parent.test === node) return HANDLED;
          node = parent;
          continue;
        case 'LogicalExpression':
          node = parent;
          continue;
        case 'SequenceExpression':
          if (parent.expressions.at(-1) !== node) return unhandled({ reason: 'floating', at: node });
          node = parent;
          continue;
        case 'CallExpression': {
          if (parent.callee === node) return HANDLED;
          const combinator = promiseCombinator(parent);
          if (combinator === 'resolve' || combinator === 'race' || combinator === 'any' || combinator === 'all') {
            node = parent;
            continue;
          }
          return HANDLED;
        }
        case 'ArrayExpression':
          return this.followArray(parent);
        case 'SpreadElement':
          return parent.parent?.type === 'ArrayExpression' ? this.followArray(parent.parent) : HANDLED;
        case 'ExpressionStatement':
          return unhandled({ reason: 'floating', at: node });
        case 'UnaryExpression':
          return parent.operator === 'void' ? unhandled({ reason: 'void', at: node }) : HANDLED;
        case 'ReturnStatement':
          return this.followReturn(parent);
        case 'ArrowFunctionExpression':
          return parent.body === node ? this.followFunctionResult(parent, node) : HANDLED;
        case 'VariableDeclarator':
          return parent.init === node && parent.id.type === 'Identifier'
            ? this.followVariable(parent.id, (read) => this.followPromise(read))
            : HANDLED;
        case 'AssignmentExpression':
          return parent.right === node && parent.left.type === 'Identifier'
            ? this.followVariable(parent.left, (read) => this.followPromise(read))
            : HANDLED;
        default:
          return HANDLED;
      }
    }
  }

  /** `node` is an array of failing promises (`[fetch(a)]`, `urls.map((u) => fetch(u))`). */
  private followArray(start: Node): FailureOutcome {
    const node = outerValue(start);
    const parent = node.parent;
    if (!parent) return HANDLED;
    switch (parent.type) {
      case 'CallExpression': {
        const combinator = promiseCombinator(parent);
        if (combinator === 'allSettled') return HANDLED;
        if (combinator === 'all' || combinator === 'any' || combinator === 'race') return this.followPromise(parent);
        return HANDLED;
      }
      case 'ExpressionStatement':
        return unhandled({ reason: 'floating', at: node });
      case 'UnaryExpression':
        return parent.operator === 'void' ? unhandled({ reason: 'void', at: node }) : HANDLED;
      case 'VariableDeclarator':
        return parent.init === node && parent.id.type === 'Identifier'
          ? this.followVariable(parent.id, (read) => this.followArray(read))
          : HANDLED;
      case 'ReturnStatement': {
        const fn = enclosingFunction(parent);
        return fn && this.options.propagation === 'report' ? unhandled({ reason: 'returned', at: node }) : HANDLED;
      }
      default:
        return HANDLED;
    }
  }

  /** A variable holding the value: handled when any read of it is handled. */
  private followVariable(id: TSESTree.Identifier, follow: (read: Node) => FailureOutcome): FailureOutcome {
    const variable = findVariable(this.index.globalScope, id);
    if (!variable) return HANDLED;
    // Reassigned variables may hold something else when read: unknown, so not reported.
    if (variable.references.filter((reference) => reference.isWrite()).length > 1) return HANDLED;
    const reads = readReferences(variable);
    if (reads.length === 0) return unhandled({ reason: 'neverRead', at: id });
    let first: FailureOutcome | undefined;
    for (const reference of reads) {
      const outcome = follow(reference.identifier);
      if (outcome.handled) return HANDLED;
      first ??= outcome;
    }
    return first!;
  }

  /** The rejection is thrown at `awaitNode`: a try/catch in the same function catches it. */
  private followThrow(awaitNode: TSESTree.AwaitExpression): FailureOutcome {
    let child: Node = awaitNode;
    for (let node = awaitNode.parent; node; child = node, node = node.parent) {
      if (node.type === 'TryStatement' && node.block === child && node.handler) return HANDLED;
      if (isFunction(node)) {
        if (this.options.propagation === 'report') return unhandled({ reason: 'uncaughtAwait', at: awaitNode });
        return this.followFunctionResult(node, awaitNode);
      }
      if (node.type === 'Program') return unhandled({ reason: 'topLevelAwait', at: awaitNode });
    }
    return HANDLED;
  }

  private followReturn(statement: TSESTree.ReturnStatement): FailureOutcome {
    const fn = enclosingFunction(statement);
    if (!fn) return HANDLED;
    if (fn.async && insideTryWithCatch(statement, fn)) return unhandled({ reason: 'returnWithoutAwait', at: statement });
    return this.followFunctionResult(fn, statement.argument ?? statement);
  }

  /**
   * The promise returned by `fn` rejects. Inline callbacks whose result is passed on (`.then`,
   * `.map`, retry wrappers, IIFEs) keep following the value; otherwise it is propagation.
   */
  private followFunctionResult(fn: FunctionNode, origin: Node): FailureOutcome {
    const slot = outerValue(fn);
    const parent = slot.parent;
    if (parent?.type === 'CallExpression') {
      if (parent.callee === slot) return this.followPromise(parent);
      if (isChainingCall(parent)) return this.followPromise(parent);
      if (isCollectingCall(parent)) return this.followArray(parent);
    }
    const wrapper = this.index.retryCallbacks.get(fn);
    if (wrapper) return this.followPromise(wrapper);
    switch (this.options.propagation) {
      case 'allow':
        return HANDLED;
      case 'report':
        return unhandled({ reason: 'returned', at: origin });
      case 'intra-file':
        return this.functionUses(fn);
    }
  }

  /** Propagation inside the file: every use of `fn` must handle the rejection it returns. */
  private functionUses(fn: FunctionNode): FailureOutcome {
    const known = this.functionResults.get(fn);
    if (known) return known;
    // A recursive function's own calls do not decide its fate.
    if (this.inProgress.has(fn)) return HANDLED;
    this.inProgress.add(fn);
    try {
      const outcome = this.classifyUses(fn);
      this.functionResults.set(fn, outcome);
      return outcome;
    } finally {
      this.inProgress.delete(fn);
    }
  }

  /** Every use counts: an exported function that is also floated in this file is reported. */
  private classifyUses(fn: FunctionNode): FailureOutcome {
    if (isExportedDeclaration(fn) || isCommonJsExport(fn)) {
      const outcome = this.exported(fn, fn);
      if (!outcome.handled) return outcome;
    } else {
      const direct = this.classifyFunctionValueUse(fn, outerValue(fn));
      if (direct) return direct;
    }
    const id = functionBinding(fn);
    const variable = id && findVariable(this.index.globalScope, id);
    if (!variable) return HANDLED;
    for (const reference of readReferences(variable)) {
      const outcome = this.classifyFunctionValueUse(fn, outerValue(reference.identifier)) ?? HANDLED;
      if (!outcome.handled) return outcome;
    }
    return HANDLED;
  }

  /** One place the function value appears; undefined when that place is a binding, not a use. */
  private classifyFunctionValueUse(fn: FunctionNode, value: Node): FailureOutcome | undefined {
    const parent = value.parent;
    if (!parent) return HANDLED;
    if (jsxEventAttribute(value)) return this.escapes(fn, value);
    if (parent.type === 'CallExpression') {
      if (parent.callee === value) {
        const outcome = this.followPromise(parent);
        return outcome.handled ? HANDLED : unhandled({ reason: 'escapes', fn, use: parent, how: 'called' });
      }
      return isVoidContextCall(parent) ? this.escapes(fn, value) : HANDLED;
    }
    if (parent.type === 'ExportSpecifier' || parent.type === 'ExportDefaultDeclaration' || isCommonJsExport(value)) {
      return this.exported(fn, value);
    }
    if (value === fn && (fn.type === 'FunctionDeclaration' || parent.type === 'VariableDeclarator')) return undefined;
    return HANDLED;
  }

  private escapes(fn: FunctionNode, use: Node): FailureOutcome {
    return unhandled({ reason: 'escapes', fn, use, how: describeVoidUse(use) });
  }

  private exported(fn: FunctionNode, use: Node): FailureOutcome {
    return this.options.exportedFunctions === 'report' ? unhandled({ reason: 'escapes', fn, use, how: 'exported' }) : HANDLED;
  }

  /** superagent's callback API: the error parameter of `.end((err, res) => …)` must be used. */
  private followSuperagentEnd(call: TSESTree.CallExpression): FailureOutcome {
    const callback = call.arguments[0] && innerValue(call.arguments[0]);
    if (!callback) return unhandled({ reason: 'errorIgnored', at: call });
    if (!isFunction(callback)) return HANDLED;
    const errorParam = callback.params[0];
    if (errorParam?.type !== 'Identifier') return unhandled({ reason: 'errorIgnored', at: call });
    const variable = findVariable(this.index.globalScope, errorParam);
    return variable && readReferences(variable).length > 0 ? HANDLED : unhandled({ reason: 'errorIgnored', at: call });
  }

  /** `node` evaluates to an emitter (ClientRequest, got stream, XMLHttpRequest). */
  private followEmitter(start: Node, isXhr: boolean, origin: Node = start): FailureOutcome {
    const missing = unhandled({ reason: 'noErrorListener', at: origin });
    let node = start;
    for (;;) {
      node = outerValue(node);
      const parent = node.parent;
      if (!parent) return HANDLED;
      switch (parent.type) {
        case 'MemberExpression': {
          if (parent.object !== node) return HANDLED;
          const method = propertyName(parent);
          const grand = parent.parent;
          if (grand?.type === 'AssignmentExpression' && grand.left === parent) {
            return isXhr && XHR_FAILURE_EVENTS.has(method?.replace(/^on/, '') ?? '') ? HANDLED : missing;
          }
          if (grand?.type !== 'CallExpression' || grand.callee !== parent) return missing;
          if (method && LISTENER_METHODS.has(method) && isFailureEvent(grand.arguments[0], isXhr)) return HANDLED;
          if (method && SELF_RETURNING.has(method) && !isXhr) {
            node = grand;
            continue;
          }
          return missing;
        }
        case 'VariableDeclarator':
          return parent.init === node && parent.id.type === 'Identifier'
            ? this.followVariable(parent.id, (read) => this.followEmitter(read, isXhr, origin))
            : HANDLED;
        case 'AssignmentExpression':
          return parent.right === node && parent.left.type === 'Identifier'
            ? this.followVariable(parent.left, (read) => this.followEmitter(read, isXhr, origin))
            : HANDLED;
        case 'ExpressionStatement':
          return missing;
        case 'SequenceExpression':
          if (parent.expressions.at(-1) !== node) return missing;
          node = parent;
          continue;
        default:
          // Returned, passed to pipeline(), stored on an object: someone else may listen.
          return HANDLED;
      }
    }
  }
}

function isFailureEvent(argument: Node | undefined, isXhr: boolean): boolean {
  if (!argument || !isStringLiteral(argument)) return false;
  return isXhr ? XHR_FAILURE_EVENTS.has(argument.value) : argument.value === 'error';
}

function insideTryWithCatch(node: Node, fn: FunctionNode): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (current.type === 'TryStatement' && current.block === child && current.handler) return true;
  }
  return false;
}

