import { enclosingFunction, type Node } from '../analysis/ast';
import { CLIENTS } from '../analysis/clients';
import { isHelperRetryCall, type ExistingHelper } from './helper-import';
import { replayability } from '../analysis/replayable-request';
import type { RequestCall, RequestIndex } from '../analysis/requests';
import { retryCoverage } from '../analysis/retry-coverage';

/**
 * Whether the codemod wraps a request in `withRetry`: only when nothing retries it yet (one
 * retry layer: got, ky, wrappers, axios-retry, fetch-retry, data-fetching hooks, SDKs, polling
 * and hand-written retry loops already do),
 * nobody turned retrying off on purpose, and evaluating the call again sends the same request.
 * Everything else is kept, and listed for manual review when a human should look at it.
 */
export type RetryDecision =
  | { readonly kind: 'wrap'; readonly expression: Node }
  /** `byHelper`: it runs inside the helper's own withRetry already (a previous run's work). */
  | { readonly kind: 'keep'; readonly byHelper?: true }
  | {
      readonly kind: 'review';
      /** Stable reason for the manual-review list. */
      readonly reason: string;
      readonly message: string;
      /** Callback and event APIs get no error handling either: there is no promise to handle. */
      readonly callbackApi?: boolean;
    };

export function retryDecision(request: RequestCall, index: RequestIndex, helper: ExistingHelper | undefined): RetryDecision {
  const replay = replayability(request, index.globalScope);
  if (!replay.replayable && replay.reason === 'callback-api') {
    // require-error-handling already reports a missing 'error' listener; this item is about retry.
    return review('callback-api', `${replay.detail}, so no retry was added: retry it by hand where a retry is wanted.`, true);
  }
  // A team's own client (settings) may retry already; require-retry does not ask for one either.
  if (request.client === 'custom') return { kind: 'keep' };
  const coverage = retryCoverage(request, index);
  if (coverage.covered) {
    // Our own withRetry around it is a previous run's work, not something to review.
    if (coverage.by === 'wrapper') {
      if (insideHelperRetry(request, index, helper)) return { kind: 'keep', byHelper: true };
      return review('already-retried', `Already runs inside a retry wrapper, so no second retry was added. ${CHECK_POLICY}`);
    }
    if (coverage.by === 'hand-written') {
      return review('already-retried', `Already retried by hand (a loop or a catch that sends it again), so no second retry was added. ${CHECK_POLICY}`);
    }
    return { kind: 'keep' };
  }
  // got and ky skip POST and PATCH: withRetry then is the only layer, and it retries those
  // methods only when the connection was refused, i.e. when nothing was sent.
  if (CLIENTS[request.client].retriesByDefault && !coverage.unretriedMethod) {
    return coverage.disabledByOption ? retryDisabled(request) : { kind: 'keep' };
  }
  if (coverage.disabledByOption) return retryDisabled(request);
  if (!replay.replayable) return review(replay.reason, `Not retried: ${replay.detail}.`);
  return { kind: 'wrap', expression: replay.expression };
}

const CHECK_POLICY = 'Check its policy: few attempts, a capped backoff, and no retry of a non-idempotent request that may have been delivered.';

function review(reason: string, message: string, callbackApi?: boolean): RetryDecision {
  return { kind: 'review', reason, message, ...(callbackApi ? { callbackApi } : {}) };
}

function retryDisabled(request: RequestCall): RetryDecision {
  return review('retry-disabled', `An option turns ${request.label}'s retry off here, so none was added; only error handling was.`);
}

/** The request runs in a callback of the helper's own withRetry. */
function insideHelperRetry(request: RequestCall, index: RequestIndex, helper: ExistingHelper | undefined): boolean {
  for (let fn = enclosingFunction(request.node); fn; fn = enclosingFunction(fn)) {
    const wrapper = index.retryCallbacks.get(fn);
    if (wrapper) return isHelperRetryCall(wrapper, helper, index.globalScope);
  }
  return false;
}
