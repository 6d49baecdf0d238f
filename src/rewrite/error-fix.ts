import { constInitializer, type Node, type Scope } from '../analysis/ast';
import type { Unhandled } from '../analysis/failure-flow';
import type { TryCatchRefusal } from '../fixes/fix-snippets';
import { isCollectingCall } from '../analysis/function-uses';
import { statementOf } from '../analysis/try-region';

/**
 * Which edit makes an unhandled failure (require-error-handling, `propagation: 'report'`) handled
 * without changing what happens after it: every added handler rethrows, except on promises
 * nobody waits for, whose rejection was unhandled before.
 */
export type ErrorFixKind =
  /** try/catch around the statement that awaits the request; the catch logs and rethrows. */
  | 'try'
  /** `.catch((error) => log)` on a floating promise. */
  | 'catch'
  /** `.catch((error) => { log; throw error; })` on a promise handed to someone else. */
  | 'rethrow'
  /** `return await` inside try/catch. */
  | 'await';

export type ErrorFixTarget =
  | { readonly kind: ErrorFixKind; readonly node: Node }
  | { readonly reason: 'unhandled-failure'; readonly message: string };

export function errorFixTarget(outcome: Unhandled, scope: Scope): ErrorFixTarget {
  switch (outcome.reason) {
    case 'floating':
    case 'void':
      return { kind: 'catch', node: outcome.at };
    case 'returnWithoutAwait':
      return outcome.at.argument ? { kind: 'await', node: outcome.at.argument } : refused('Returned without await inside try/catch.');
    case 'topLevelAwait':
    case 'uncaughtAwait':
      // An await inside an expression-bodied arrow has no statement to wrap: chain instead.
      return statementOf(outcome.at) ? { kind: 'try', node: outcome.at } : { kind: 'rethrow', node: outcome.at.argument };
    case 'returned':
      return isArrayValued(outcome.at, scope)
        ? refused('An array of requests is returned to the caller: handle the failures where they are awaited.')
        : { kind: 'rethrow', node: outcome.at };
    case 'neverRead': {
      // `.catch()` changes the promise's type, which an annotation may not allow.
      const declarator = outcome.at.parent;
      return declarator?.type === 'VariableDeclarator' && declarator.init && !outcome.at.typeAnnotation
        ? { kind: 'catch', node: declarator.init }
        : refused(`The request stored in '${outcome.at.name}' is never read.`);
    }
    default:
      return refused("The request's failure is not handled and no safe rewrite is known.");
  }
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

function refused(message: string): ErrorFixTarget {
  return { reason: 'unhandled-failure', message };
}

/** An array (literal, `.map()` result, or a const holding one): `.catch()` does not apply. */
function isArrayValued(node: Node, scope: Scope): boolean {
  const value = constInitializer(node, scope);
  return value.type === 'ArrayExpression' || (value.type === 'CallExpression' && isCollectingCall(value));
}
