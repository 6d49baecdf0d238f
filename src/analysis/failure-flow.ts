import type { TSESTree } from '@typescript-eslint/utils';
import {
  dottedName,
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
  walk,
} from './ast';
import { expressHandlerCalls } from './boundaries';
import { CLIENTS } from './clients';
import { frameworkAnswers, isLibraryFile, passThroughFunction } from './failure-owners';
import {
  describeVoidUse,
  functionBinding,
  isChainingCall,
  isCollectingCall,
  isCommonJsExport,
  isExportedDeclaration,
  isVoidContextCall,
  jsxEventAttribute,
  memberOf,
  memberReads,
  promiseCombinator,
} from './function-uses';
import { functionOf, isSynchronousXhr, type RequestCall, type RequestIndex } from './requests';

/**
 * "Is this request's failure handled?" — follows the request's promise (or event emitter) from
 * the call to wherever its rejection ends up. Shared by require-error-handling and retry-requests.
 */

export interface FailureOptions {
  /** What happens when a rejection leaves the function that made the request. */
  readonly propagation: 'allow' | 'intra-file' | 'report';
  /** Whether an exported function counts as handled by its (unknown) callers. */
  readonly exportedFunctions: 'allow' | 'report';
  /**
   * propagation 'report': whether the exported functions and public methods of a published
   * library may reject to their callers (its API's contract). Default 'allow'.
   */
  readonly libraryExports?: 'allow' | 'report';
  /**
   * propagation 'report': ask who the failure goes to before reporting it at the request — callers
   * in the file that handle it, a framework, a library's users, a fetch replacement's callers.
   * Without it (the retry-requests codemod) every request is handled where it is made, though a
   * failure that goes on is still followed to the boundaries it reaches.
   */
  readonly askCallers?: boolean;
}

export const DEFAULT_FAILURE_OPTIONS: FailureOptions = { propagation: 'intra-file', exportedFunctions: 'allow', libraryExports: 'allow', askCallers: true };

/**
 * An unhandled boundary the failure reaches, where a fix can end it: a callback whose returned
 * promise is dropped (timers, events, effects, JSX handlers), an Express 4 route handler, or a
 * floating promise (a call statement nobody awaits).
 */
export interface Boundary {
  readonly kind: 'callback' | 'express' | 'floating';
  /** callback and express: the function whose returned promise nobody handles. */
  readonly fn?: FunctionNode;
  /**
   * Where the failure leaves `fn`: an uncovered await, a returned or arrow-body expression, or the
   * throw of a rethrowing catch. floating: the dropped promise expression.
   */
  readonly exit: Node;
}

export type Unhandled =
  /** The promise ends in a statement, `void`, or an array nobody awaits; `at` is that expression. */
  | { readonly reason: 'floating' | 'void'; readonly at: Node }
  /** `return p` inside try/catch of an async function: the catch never sees the rejection. */
  | { readonly reason: 'returnWithoutAwait'; readonly at: TSESTree.ReturnStatement }
  /** An await outside any try/catch at module top level: the module fails to load. */
  | { readonly reason: 'topLevelAwait'; readonly at: TSESTree.AwaitExpression }
  /**
   * propagation 'report': an await outside try/catch, or a promise returned to the caller.
   * `boundary` when the function is itself a boundary callback or Express 4 handler.
   */
  | { readonly reason: 'uncaughtAwait'; readonly at: TSESTree.AwaitExpression; readonly boundary?: Boundary }
  | { readonly reason: 'returned'; readonly at: Node; readonly boundary?: Boundary }
  /** `const p = fetch(u)` and `p` is never read. */
  | { readonly reason: 'neverRead'; readonly at: TSESTree.Identifier }
  /**
   * The rejection leaves `fn`, and `use` (a call site, a callback slot, an export) does not handle
   * it; `boundary` when it ends at one, `rethrown` when a catch on the way passed it on.
   */
  | {
      readonly reason: 'escapes';
      readonly fn: FunctionNode;
      readonly use: Node;
      readonly how: string;
      readonly boundary?: Boundary;
      readonly rethrown: boolean;
    }
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

/**
 * Where the failure is being followed. `origin`: the function that made the request, where
 * propagation 'report' asks "is it handled where it is made?". Past it, `intra-file` reports
 * every use that does not handle the failure; `boundary` only the unhandled boundaries;
 * `report` (propagation 'report') also what an application exposes to callers it cannot see.
 */
type Mode = 'origin' | 'intra-file' | 'boundary' | 'report';

/** How the failure travels: the mode, and whether a catch on the way rethrew it. */
interface Trail {
  readonly mode: Mode;
  readonly rethrown: boolean;
}

const ORIGIN: Trail = { mode: 'origin', rethrown: false };

/** Analyses requests of one file; function results are memoised, so many requests stay cheap. */
export class FailureFlow {
  private readonly functionResults = new Map<string, Map<FunctionNode, FailureOutcome>>();
  private readonly inProgress = new Set<FunctionNode>();
  private readonly scriptMemo = new Map<FunctionNode, boolean>();
  private chainMethods: ReadonlySet<string> = new Set();

  constructor(
    private readonly index: RequestIndex,
    private readonly options: FailureOptions = DEFAULT_FAILURE_OPTIONS,
  ) {}

  outcome(request: RequestCall): FailureOutcome {
    // A synchronous XMLHttpRequest throws from send(): its callers see the failure, nothing is silent.
    if (isSynchronousXhr(request)) return HANDLED;
    if (request.style === 'event') return this.followEmitter(request.node, request.client === 'xhr');
    this.chainMethods = CLIENTS[request.client].chainMethods;
    return this.followPromise(request.node, ORIGIN, request);
  }

  /**
   * Where the failure goes once a catch at `unhandled` (an uncovered await, a returned promise)
   * logs and rethrows it, as the codemod's fix does: handled when nothing after it needs a fix.
   * Undefined for the outcomes such a catch does not fix. Call it right after `outcome()` for the
   * same request.
   */
  afterRethrow(unhandled: Unhandled): FailureOutcome | undefined {
    const trail: Trail = { mode: 'origin', rethrown: true };
    switch (unhandled.reason) {
      case 'uncaughtAwait':
      case 'topLevelAwait':
        return this.followThrow(unhandled.at, trail);
      case 'returned':
        return this.followPromise(unhandled.at, trail);
      default:
        return undefined;
    }
  }

  /**
   * The function's own uses are all boundaries (timer, event, effect, JSX handler, Express 4
   * handler): a failure that leaves it is dropped there. Undefined when any use is something else.
   */
  directBoundary(fn: FunctionNode, exit: Node): Boundary | undefined {
    const uses = this.valueUses(fn);
    const kinds = uses.map((use) => this.boundaryKindOf(use));
    if (kinds.length === 0 || kinds.some((kind) => kind === undefined)) return undefined;
    return { kind: kinds.includes('express') ? 'express' : 'callback', fn, exit };
  }

  /**
   * Code at `node` runs as part of a script's main line: at module top level, or in a function
   * called from there (`main();`), not in a callback. A failure dropped there decides the exit status.
   */
  runsAsScript(node: Node): boolean {
    const fn = enclosingFunction(node);
    if (!fn) return true;
    const known = this.scriptMemo.get(fn);
    if (known !== undefined) return known;
    this.scriptMemo.set(fn, false); // recursion ends here
    const result = this.valueUses(fn).some((use) => {
      const call = use.parent;
      return call?.type === 'CallExpression' && call.callee === use && this.runsAsScript(call);
    });
    this.scriptMemo.set(fn, result);
    return result;
  }

  /** `node` evaluates to a promise that rejects when the request fails. */
  private followPromise(start: Node, trail: Trail, request?: RequestCall): FailureOutcome {
    let node = start;
    for (;;) {
      node = outerValue(node);
      const parent = node.parent;
      if (!parent) return HANDLED;
      switch (parent.type) {
        case 'AwaitExpression':
          return this.followThrow(parent, trail);
        case 'MemberExpression': {
          if (parent.object !== node) return HANDLED;
          const call = outerValue(parent).parent;
          if (call?.type !== 'CallExpression' || outerValue(call.callee) !== outerValue(parent)) return HANDLED;
          const method = propertyName(parent);
          const handler = method === 'catch' ? call.arguments[0] : method === 'then' ? call.arguments[1] : undefined;
          if (!isNullish(handler)) {
            // A handler that rethrows passes the failure on to the promise it returns.
            if (!this.rethrowingHandler(handler!)) return HANDLED;
            trail = { ...trail, rethrown: true };
            node = call;
            continue;
          }
          // superagent-promise (superagent's only factory) makes `.end()` return the failing promise.
          if (method === 'end' && request?.client === 'superagent' && !request.factory) return this.followSuperagentEnd(call);
          if (method === 'end' && request?.client === 'superagent') {
            node = call;
            continue;
          }
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
          return this.followArray(parent, trail);
        case 'SpreadElement':
          return parent.parent?.type === 'ArrayExpression' ? this.followArray(parent.parent, trail) : HANDLED;
        case 'ExpressionStatement':
          return unhandled({ reason: 'floating', at: node });
        case 'UnaryExpression':
          return parent.operator === 'void' ? unhandled({ reason: 'void', at: node }) : HANDLED;
        case 'ReturnStatement':
          return this.followReturn(parent, trail);
        case 'ArrowFunctionExpression':
          return parent.body === node ? this.leaveFunction(parent, node, trail) : HANDLED;
        case 'VariableDeclarator':
          return parent.init === node && parent.id.type === 'Identifier'
            ? this.followVariable(parent.id, (read) => this.followPromise(read, trail))
            : HANDLED;
        case 'AssignmentExpression':
          return parent.right === node && parent.left.type === 'Identifier'
            ? this.followVariable(parent.left, (read) => this.followPromise(read, trail))
            : HANDLED;
        default:
          return HANDLED;
      }
    }
  }

  /** `node` is an array of failing promises (`[fetch(a)]`, `urls.map((u) => fetch(u))`). */
  private followArray(start: Node, trail: Trail): FailureOutcome {
    const node = outerValue(start);
    const parent = node.parent;
    if (!parent) return HANDLED;
    switch (parent.type) {
      case 'CallExpression': {
        const combinator = promiseCombinator(parent);
        if (combinator === 'allSettled') return HANDLED;
        if (combinator === 'all' || combinator === 'any' || combinator === 'race') return this.followPromise(parent, trail);
        return HANDLED;
      }
      case 'ExpressionStatement':
        return unhandled({ reason: 'floating', at: node });
      case 'UnaryExpression':
        return parent.operator === 'void' ? unhandled({ reason: 'void', at: node }) : HANDLED;
      case 'VariableDeclarator':
        return parent.init === node && parent.id.type === 'Identifier'
          ? this.followVariable(parent.id, (read) => this.followArray(read, trail))
          : HANDLED;
      case 'ReturnStatement': {
        const fn = enclosingFunction(parent);
        return fn && trail.mode === 'origin' && this.options.propagation === 'report' && !this.ownedByCaller(fn) ? unhandled({ reason: 'returned', at: node }) : HANDLED;
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

  /**
   * The rejection is thrown at `awaitNode`: a try/catch in the same function ends it, unless its
   * catch rethrows — then the failure goes on from that try statement, thrown by the catch.
   */
  private followThrow(awaitNode: TSESTree.AwaitExpression, trail: Trail): FailureOutcome {
    let exit: Node = awaitNode;
    let child: Node = awaitNode;
    for (let node = awaitNode.parent; node; child = node, node = node.parent) {
      if (node.type === 'TryStatement' && node.block === child && node.handler) {
        const rethrow = rethrowIn(node.handler.body);
        if (!rethrow) return HANDLED;
        exit = rethrow;
        trail = { ...trail, rethrown: true };
      }
      if (isFunction(node)) {
        if (trail.mode === 'origin' && this.options.propagation === 'report' && !trail.rethrown && !this.ownedByCaller(node)) {
          return unhandled({ reason: 'uncaughtAwait', at: awaitNode, ...this.boundaryField(node, awaitNode) });
        }
        return this.leaveFunction(node, exit, trail);
      }
      // A rethrow at top level fails the module on purpose: a script's failing exit status, not a boundary.
      if (node.type === 'Program') {
        return trail.rethrown || trail.mode === 'boundary' ? HANDLED : unhandled({ reason: 'topLevelAwait', at: awaitNode });
      }
    }
    return HANDLED;
  }

  private followReturn(statement: TSESTree.ReturnStatement, trail: Trail): FailureOutcome {
    const fn = enclosingFunction(statement);
    if (!fn) return HANDLED;
    // At the request it is the defect to fix; in a caller the rejection just goes on to that caller's caller.
    if (fn.async && insideTryWithCatch(statement, fn) && trail.mode === 'origin') return unhandled({ reason: 'returnWithoutAwait', at: statement });
    return this.leaveFunction(fn, statement.argument ?? statement, trail);
  }

  /**
   * The promise returned by `fn` rejects, and `exit` is where the failure leaves it. Inline
   * callbacks whose result is passed on (`.then`, `.map`, retry wrappers, IIFEs) keep following
   * the value; otherwise it is propagation.
   */
  private leaveFunction(fn: FunctionNode, exit: Node, trail: Trail): FailureOutcome {
    const slot = outerValue(fn);
    const parent = slot.parent;
    if (parent?.type === 'CallExpression') {
      if (parent.callee === slot) return this.followPromise(parent, trail);
      if (isChainingCall(parent)) return this.followPromise(parent, trail);
      if (isCollectingCall(parent)) return this.followArray(parent, trail);
    }
    const wrapper = this.index.retryCallbacks.get(fn);
    if (wrapper) return this.followPromise(wrapper, trail);
    if (trail.mode !== 'origin') return this.functionUses(fn, exit, trail);
    switch (this.options.propagation) {
      case 'allow':
        return this.functionUses(fn, exit, { mode: 'boundary', rethrown: trail.rethrown });
      case 'report':
        // A catch that rethrows answers "handled where it is made?"; the boundaries are still asked.
        if (!trail.rethrown && !this.ownedByCaller(fn)) return unhandled({ reason: 'returned', at: exit, ...this.boundaryField(fn, exit) });
        return this.functionUses(fn, exit, { mode: 'boundary', rethrown: trail.rethrown });
      case 'intra-file':
        return this.functionUses(fn, exit, { mode: 'intra-file', rethrown: trail.rethrown });
    }
  }

  /**
   * propagation 'report': the failure leaving `fn` is answered by whoever it goes to — every use
   * of `fn` in this file handles it (callers that catch, a framework, an SDK it is handed to), or
   * it is a published library's API — and `fn` is no boundary. Used before reporting at the origin.
   */
  private ownedByCaller(fn: FunctionNode): boolean {
    if (!this.options.askCallers) return false;
    // A fetch replacement rejects by contract, as fetch does: its callers' handling is theirs.
    if (this.index.requests.some((request) => passThroughFunction(request, this.index.globalScope) === fn)) return true;
    return this.directBoundary(fn, fn) === undefined && this.functionUses(fn, fn, { mode: 'report', rethrown: false }).handled;
  }

  private boundaryField(fn: FunctionNode, exit: Node): { boundary?: Boundary } {
    const boundary = this.directBoundary(fn, exit);
    return boundary ? { boundary } : {};
  }

  /** Every use of `fn` must handle the rejection it returns (intra-file), or at least not drop it at a boundary. */
  private functionUses(fn: FunctionNode, exit: Node, trail: Trail): FailureOutcome {
    const results = this.functionResults.get(trail.mode) ?? new Map<FunctionNode, FailureOutcome>();
    this.functionResults.set(trail.mode, results);
    let outcome = results.get(fn);
    if (!outcome) {
      // A recursive function's own calls do not decide its fate.
      if (this.inProgress.has(fn)) return HANDLED;
      this.inProgress.add(fn);
      try {
        outcome = this.classifyUses(fn, trail.mode);
        results.set(fn, outcome);
      } finally {
        this.inProgress.delete(fn);
      }
    }
    if (outcome.handled || outcome.reason !== 'escapes') return outcome;
    // The memo holds the first request's exit from `fn`; this request may leave it elsewhere.
    const boundary = outcome.boundary?.fn === fn ? { ...outcome.boundary, exit } : outcome.boundary;
    return { ...outcome, ...(boundary ? { boundary } : {}), rethrown: outcome.rethrown || trail.rethrown };
  }

  /** Every use counts: an exported function that is also floated in this file is reported. */
  private classifyUses(fn: FunctionNode, mode: Mode): FailureOutcome {
    const exported = isExportedDeclaration(fn) || isCommonJsExport(fn);
    if (exported && (mode === 'intra-file' || mode === 'report')) {
      const outcome = this.exported(fn, fn, mode);
      if (!outcome.handled) return outcome;
    }
    for (const use of this.valueUses(fn)) {
      const outcome = this.classifyFunctionValueUse(fn, use, mode);
      if (!outcome.handled) return outcome;
    }
    // A public method or object member has callers beyond this file, as an export does.
    const member = memberOf(fn);
    if (member && !member.private && mode === 'report') return this.exposed(fn, fn, 'a public method');
    return HANDLED;
  }

  /** The places the function value is used: its inline slot, the reads of its binding, or of the member it is. */
  private valueUses(fn: FunctionNode): Node[] {
    const slot = outerValue(fn);
    const member = memberOf(fn);
    if (member) return memberReads(member, this.index.globalScope).map((read) => outerValue(read));
    const inline = slot.parent?.type !== 'VariableDeclarator' && fn.type !== 'FunctionDeclaration' && !isBindingAssignment(slot);
    const id = functionBinding(fn);
    const variable = id && findVariable(this.index.globalScope, id);
    const reads = variable ? readReferences(variable).map((reference) => outerValue(reference.identifier)) : [];
    return inline ? [slot, ...reads] : reads;
  }

  /** A use of the function value that drops its promise at a boundary, by kind. */
  private boundaryKindOf(value: Node): 'callback' | 'express' | undefined {
    if (jsxEventAttribute(value)) return 'callback';
    const parent = value.parent;
    if (parent?.type !== 'CallExpression' || parent.callee === value) return undefined;
    if (isVoidContextCall(parent)) return 'callback';
    return expressHandlerCalls(this.index).has(parent) ? 'express' : undefined;
  }

  /** One place the function value appears. */
  private classifyFunctionValueUse(fn: FunctionNode, value: Node, mode: Mode): FailureOutcome {
    const parent = value.parent;
    if (!parent) return HANDLED;
    const kind = this.boundaryKindOf(value);
    if (kind) {
      const how = kind === 'express' ? 'used as an Express 4 route handler' : describeVoidUse(value);
      return unhandled({ reason: 'escapes', fn, use: value, how, boundary: { kind, fn, exit: fn }, rethrown: false });
    }
    if (parent.type === 'CallExpression' && parent.callee === value) {
      const outcome = this.followPromise(parent, { mode, rethrown: false });
      if (outcome.handled) return HANDLED;
      return unhandled({ reason: 'escapes', fn, use: parent, how: 'called', boundary: droppedBoundary(outcome), rethrown: isRethrown(outcome) });
    }
    if (parent.type === 'ExportSpecifier' || parent.type === 'ExportDefaultDeclaration' || isCommonJsExport(value)) {
      return mode === 'intra-file' || mode === 'report' ? this.exported(fn, value, mode) : HANDLED;
    }
    return HANDLED;
  }

  /** An export: its callers are in other modules, unless a file-convention framework calls it. */
  private exported(fn: FunctionNode, use: Node, mode: Mode): FailureOutcome {
    if (frameworkAnswers(fn, this.index)) return HANDLED;
    if (mode === 'report') return this.exposed(fn, use, 'exported');
    return this.options.exportedFunctions === 'report' ? unhandled({ reason: 'escapes', fn, use, how: 'exported', rethrown: false }) : HANDLED;
  }

  /**
   * propagation 'report': what a module exposes rejects to callers it cannot see. A published
   * library's API does so by contract (unless `libraryExports: 'report'`); an application's
   * module is asked to handle its own requests' failures.
   */
  private exposed(fn: FunctionNode, use: Node, how: string): FailureOutcome {
    if (isLibraryFile(this.index) && this.options.libraryExports !== 'report') return HANDLED;
    return unhandled({ reason: 'escapes', fn, use, how, rethrown: false });
  }

  /** A `.catch()`/`.then(, onRejected)` handler that passes the failure on; unknown functions end it. */
  private rethrowingHandler(handler: Node): boolean {
    const fn = functionOf(handler, this.index.globalScope);
    return fn !== undefined && rethrowIn(fn.body) !== undefined;
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

/**
 * What passes a failure on out of a catch block or a rejection handler: a `throw` (the same
 * error or a converted one) or `Promise.reject(…)` that no inner try catches. Undefined when the
 * handler ends the failure.
 */
function rethrowIn(body: Node): Node | undefined {
  let found: Node | undefined;
  walk(body, (node) => {
    if (found || (node !== body && isFunction(node))) return false;
    if (node.type === 'TryStatement' && node.handler) {
      // A throw in the inner try block is caught there; its catch and finally may still throw.
      for (const part of [node.handler.body, node.finalizer]) if (part && !found) found = rethrowIn(part);
      return false;
    }
    if (node.type === 'ThrowStatement') found = node;
    else if (node.type === 'CallExpression' && dottedName(node.callee)?.join('.') === 'Promise.reject') found = node;
    return undefined;
  });
  return found;
}

function isRethrown(outcome: FailureOutcome): boolean {
  return !outcome.handled && outcome.reason === 'escapes' && outcome.rethrown;
}

/** The boundary a caller's unhandled outcome ends at: its own, or the promise it drops. */
function droppedBoundary(outcome: FailureOutcome): Boundary | undefined {
  if (outcome.handled) return undefined;
  switch (outcome.reason) {
    case 'escapes':
      return outcome.boundary;
    case 'floating':
    case 'void':
      return { kind: 'floating', exit: outcome.at };
    case 'neverRead': {
      const declarator = outcome.at.parent;
      return declarator?.type === 'VariableDeclarator' && declarator.init ? { kind: 'floating', exit: declarator.init } : undefined;
    }
    default:
      return undefined;
  }
}

/** `f = async () => …`: the function is bound by the assignment, used through the variable. */
function isBindingAssignment(slot: Node): boolean {
  const parent = slot.parent;
  return parent?.type === 'AssignmentExpression' && parent.right === slot && parent.left.type === 'Identifier';
}

function insideTryWithCatch(node: Node, fn: FunctionNode): boolean {
  let child: Node = node;
  for (let current = node.parent; current && current !== fn; child = current, current = current.parent) {
    if (current.type === 'TryStatement' && current.block === child && current.handler) return true;
  }
  return false;
}

