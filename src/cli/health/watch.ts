import { setTimeout as delay } from 'node:timers/promises';
import { stateOf, type Transition } from '../format-health';
import type { HealthEntry } from './check';

/**
 * `--watch`: a round of probes every interval until the signal fires (Ctrl-C) or, in tests,
 * after `maxRounds`. Each round reports the endpoints whose state changed since the last one;
 * the first round reports them all.
 */

export interface WatchOptions {
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly maxRounds?: number;
  readonly now?: () => Date;
}

/**
 * `round` returns the same endpoints in the same order each time. Resolves to the last complete
 * round, or undefined when the signal fired before one completed (a round cut short by the
 * signal reports aborted probes, not the endpoints' state, so it is dropped).
 */
export async function watchHealth(
  round: () => Promise<HealthEntry[]>,
  report: (transitions: Transition[], entries: HealthEntry[], time: string) => void,
  options: WatchOptions,
): Promise<HealthEntry[] | undefined> {
  let previous: HealthEntry[] | undefined;
  for (let count = 1; !options.signal.aborted; count++) {
    const entries = await round();
    if (options.signal.aborted) break;
    const time = (options.now?.() ?? new Date()).toISOString();
    const transitions = entries.flatMap((entry, index) => {
      const before = previous?.[index];
      return before !== undefined && stateOf(before) === stateOf(entry) ? [] : [{ time, entry, previous: before }];
    });
    report(transitions, entries, time);
    previous = entries;
    if (options.maxRounds !== undefined && count >= options.maxRounds) break;
    try {
      await delay(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      break;
    }
  }
  return previous;
}
