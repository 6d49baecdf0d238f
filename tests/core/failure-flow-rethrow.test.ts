import { describe, expect, it } from 'vitest';
import { FailureFlow } from '../../src/analysis/failure-flow';
import { indexRequests } from '../../src/analysis/requests';
import { readSettings } from '../../src/analysis/settings';
import { parseForAnalysis } from '../../src/rewrite/parse';

/** The first request's unhandled outcome (as retry-requests asks) and where a catch rethrowing it there sends it. */
function rethrown(code: string, filePath = 'server.mjs') {
  const { ast, scopeManager } = parseForAnalysis(code, filePath);
  const index = indexRequests({ ast, scopeManager, settings: readSettings(undefined), text: code, filePath });
  const flow = new FailureFlow(index, { propagation: 'report', exportedFunctions: 'allow' });
  const outcome = flow.outcome(index.requests[0]!);
  if (outcome.handled) throw new Error('the request is handled already');
  const after = flow.afterRethrow(outcome);
  return { reason: outcome.reason, handledAfter: after && after.handled };
}

describe('FailureFlow.afterRethrow', () => {
  it('a caller that catches ends the rethrown failure', () => {
    const code = 'async function load(u) { await fetch(u); }\nasync function main() { try { await load(1); } catch (e) { console.error(e); } }\nmain();';
    expect(rethrown(code)).toEqual({ reason: 'uncaughtAwait', handledAfter: true });
  });

  it('a timer callback that drops it leaves it unhandled', () => {
    const code = 'async function load(u) { await fetch(u); }\nsetInterval(async () => { await load(1); }, 1000);';
    expect(rethrown(code)).toEqual({ reason: 'uncaughtAwait', handledAfter: false });
  });

  it('a returned promise goes on to the callers of its function', () => {
    expect(rethrown('function load(u) { return fetch(u); }\nsetInterval(() => load(1), 1000);')).toEqual({ reason: 'returned', handledAfter: false });
  });

  it('at module top level a rethrow fails the module on purpose', () => {
    expect(rethrown('await fetch(process.argv[2]);')).toEqual({ reason: 'topLevelAwait', handledAfter: true });
  });

  it('says nothing for the outcomes a rethrowing catch does not fix', () => {
    const code = 'async function load(u) { try { return fetch(u); } catch (e) { console.error(e); } }\nload(1).then(() => {}, () => {});';
    expect(rethrown(code)).toEqual({ reason: 'returnWithoutAwait', handledAfter: undefined });
  });
});
