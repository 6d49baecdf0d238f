import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, constInitializer, isFunction, type Node, type Scope } from '../analysis/ast';
import { expressNext } from '../analysis/boundaries';
import type { Boundary, FailureFlow, Unhandled } from '../analysis/failure-flow';
import type { FailureEnding } from './failure-endings';
import type { TryCatchRefusal } from './fix-snippets';
import { isCollectingCall } from '../analysis/function-uses';
import { statementOf } from '../analysis/try-region';

/**
 * Which edit makes an unhandled failure (require-error-handling, `propagation: 'report'`) handled,
 * and how it ends there (failure-endings.ts): where a caller handles the failure, log and rethrow;
 * at a boundary (a callback, an Express 4 handler, a dropped promise), end it there — never turn a
 * script's failing exit status into success.
 */
export type ErrorFixKind =
  /** try/catch around the statement that awaits the failure. */
  | 'try'
  /** `.catch(handler)` on a promise. */
  | 'catch'
  /** `return await` inside try/catch. */
  | 'await'
  /** The rethrow of a catch this codemod wrote once, replaced by the ending. */
  | 'unthrow';

export interface ErrorFix {
  readonly kind: ErrorFixKind;
  readonly node: Node;
  readonly ending: FailureEnding;
  /** The fix catches a call that carries the request's failure, not the request: it logs what it catches as it is. */
  readonly ofCall: boolean;
  /** An Express handler's `res` parameter after which `next` must be added. */
  readonly addNextAfter?: Node;
}

export type ErrorFixTarget = ErrorFix | { readonly reason: string; readonly message: string };

export interface FixSite {
  readonly flow: FailureFlow;
  readonly scope: Scope;
  /** The file runs in a browser: a dropped promise decides no exit status there. */
  readonly browser: boolean;
  /** The local name of the helper's logRequestFailure, to recognise catches this codemod wrote. */
  readonly logName: string;
}

export function errorFixTarget(outcome: Unhandled, site: FixSite): ErrorFixTarget {
  const rethrow: FailureEnding = { kind: 'rethrow' };
  switch (outcome.reason) {
    case 'floating':
    case 'void':
      return fix('catch', outcome.at, droppedEnding(outcome.at, site));
    case 'returnWithoutAwait':
      return outcome.at.argument ? fix('await', outcome.at.argument, rethrow) : refused('Returned without await inside try/catch.');
    case 'topLevelAwait':
      // A rethrow at top level keeps the script's failing exit status.
      return awaitFix(outcome.at, rethrow, false);
    case 'uncaughtAwait':
      return withEnding(outcome.boundary, (ending, addNextAfter) => awaitFix(outcome.at, ending, false, addNextAfter), rethrow);
    case 'returned':
      if (isArrayValued(outcome.at, site.scope)) {
        return refused('An array of requests is returned to the caller: handle the failures where they are awaited.');
      }
      return withEnding(outcome.boundary, (ending, addNextAfter) => fix('catch', outcome.at, ending, false, addNextAfter), rethrow);
    case 'neverRead': {
      // `.catch()` changes the promise's type, which an annotation may not allow.
      const declarator = outcome.at.parent;
      return declarator?.type === 'VariableDeclarator' && declarator.init && !outcome.at.typeAnnotation
        ? fix('catch', declarator.init, droppedEnding(declarator.init, site))
        : refused(`The request stored in '${outcome.at.name}' is never read.`);
    }
    case 'escapes':
      return outcome.boundary ? boundaryFix(outcome.boundary, site) : refused("The request's failure is not handled and no safe rewrite is known.");
    default:
      return refused("The request's failure is not handled and no safe rewrite is known.");
  }
}

/** The failure reaches a boundary after a catch or a caller passed it on: end it where it is dropped. */
function boundaryFix(boundary: Boundary, site: FixSite): ErrorFixTarget {
  if (boundary.kind === 'floating') return fix('catch', boundary.exit, droppedEnding(boundary.exit, site), true);
  return withEnding(boundary, (ending, addNextAfter) => {
    const exit = boundary.exit;
    if (exit.type === 'AwaitExpression') return awaitFix(exit, ending, true, addNextAfter);
    if (rethrowingCatch(exit)) {
      return isGeneratedRethrow(exit, site.logName)
        ? fix('unthrow', exit, ending, true, addNextAfter)
        : refused(
            `A catch rethrows this failure into ${boundary.kind === 'express' ? 'an Express 4 route handler' : 'a callback'} that nothing catches: end it there (log, and stop or call next(error)) by hand.`,
            'rethrown-into-boundary',
          );
    }
    return fix('catch', exit, ending, true, addNextAfter);
  });
}

/** The ending a direct boundary asks for; Express needs a reachable `next`. */
function withEnding(
  boundary: Boundary | undefined,
  make: (ending: FailureEnding, addNextAfter?: Node) => ErrorFixTarget,
  otherwise: FailureEnding = { kind: 'rethrow' },
): ErrorFixTarget {
  if (!boundary || boundary.kind === 'floating') return make(otherwise);
  if (boundary.kind === 'callback') return make({ kind: 'stop' });
  const next = boundary.fn && expressNext(boundary.fn);
  if (!next) {
    return refused(
      'This Express 4 route handler has no `next` parameter that can be added safely: pass the failure to next(error) by hand.',
      'express-next-missing',
    );
  }
  return make({ kind: 'next', next: next.name }, next.insertAfter);
}

function awaitFix(at: TSESTree.AwaitExpression, ending: FailureEnding, ofCall: boolean, addNextAfter?: Node): ErrorFixTarget {
  if (statementOf(at)) return fix('try', at, ending, ofCall, addNextAfter);
  // An await inside an expression-bodied arrow has no statement to wrap: chain instead.
  if (ending.kind === 'rethrow') return fix('catch', at.argument, ending, ofCall);
  return refused('The awaited failure is inside an expression-bodied callback that no try/catch can wrap: end it there by hand.');
}

/** A dropped promise on a Node script's main line keeps a failing exit status; elsewhere it is logged. */
function droppedEnding(node: Node, site: FixSite): FailureEnding {
  return !site.browser && site.flow.runsAsScript(node) ? { kind: 'exit-code' } : { kind: 'log' };
}

/** `exit` is the throw (or `Promise.reject`) of a catch clause. */
function rethrowingCatch(exit: Node): boolean {
  for (let node = exit.parent; node && !isFunction(node); node = node.parent) if (node.type === 'CatchClause') return true;
  return false;
}

/** `} catch (error) { logRequestFailure(…); throw error; }`: what an earlier run of this codemod wrote. */
function isGeneratedRethrow(exit: Node, logName: string): boolean {
  const block = exit.parent;
  const clause = block?.parent;
  if (exit.type !== 'ThrowStatement' || block?.type !== 'BlockStatement' || clause?.type !== 'CatchClause') return false;
  const param = clause.param;
  const [log, rethrow] = block.body.slice(-2);
  return (
    rethrow === exit &&
    param?.type === 'Identifier' &&
    exit.argument.type === 'Identifier' &&
    exit.argument.name === param.name &&
    log?.type === 'ExpressionStatement' &&
    log.expression.type === 'CallExpression' &&
    calleeName(log.expression) === logName
  );
}

/**
 * A try block re-indents every line it covers. Where it would cover more than one line and the
 * failure is rethrown anyway, `.catch()` on the awaited promise logs and rethrows the same failure
 * and leaves those lines as they are (one call re-indented was a 234-line diff).
 */
export function preferCatch(target: ErrorFix, tryReindents: boolean): ErrorFix {
  if (target.kind !== 'try' || target.ending.kind !== 'rethrow' || !tryReindents || target.node.type !== 'AwaitExpression') return target;
  return fix('catch', target.node.argument, target.ending, target.ofCall);
}

function fix(kind: ErrorFixKind, node: Node, ending: FailureEnding, ofCall = false, addNextAfter?: Node): ErrorFix {
  return { kind, node, ending, ofCall, ...(addNextAfter ? { addNextAfter } : {}) };
}

export function tryRefusalMessage(refusal: TryCatchRefusal): string {
  switch (refusal) {
    case 'function-declaration':
    case 'module-declaration':
      return 'A try block here would move a function declaration, import or export into a block, and the binding cannot be declared above it: handle the failure by hand.';
    case 'declaration-type':
      return 'Declaring this binding above a try block would lose its type (it is read from a nested function): add a type annotation, then re-run.';
    case 'declaration-shape':
      return 'This declaration (several bindings or a destructuring pattern) cannot be split around a try block: handle the failure by hand.';
    case 'not-a-statement':
      return 'The awaited request is not in a statement that a try block can wrap.';
  }
}

function refused(message: string, reason = 'unhandled-failure'): ErrorFixTarget {
  return { reason, message };
}

/** An array (literal, `.map()` result, or a const holding one): `.catch()` does not apply. */
function isArrayValued(node: Node, scope: Scope): boolean {
  const value = constInitializer(node, scope);
  return value.type === 'ArrayExpression' || (value.type === 'CallExpression' && isCollectingCall(value));
}
