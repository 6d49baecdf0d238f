import { join } from 'node:path';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { TransformOptionError, type TransformOptions } from '../../src/rewrite/transform-api';
import { retryRequests } from '../../transforms/retry-requests';
import { timeouts } from '../../transforms/timeouts';
import { defineFixtureSuite, FIXTURES_ROOT, lintWith, loadFixtures } from './harness';

const RULE = 'safe-requests/require-timeout';
// As configs.recommended sets it.
const COMPANION_RULES: Linter.RulesRecord = { [RULE]: 'error' };

defineFixtureSuite({ transform: timeouts, companionRules: COMPANION_RULES });

// A Node file of the fixtures' package (a bare temp folder may hold pages that make it a classic script).
const NODE_FILE = join(FIXTURES_ROOT, 'timeouts', 'load.mjs');

const fixtures = loadFixtures('timeouts').filter((fixture) => fixture.error === null);

describe('timeouts fixes exactly what require-timeout reports', () => {
  for (const fixture of fixtures) {
    it(fixture.name, () => {
      const reported = lintWith(fixture.input, fixture.inputPath, COMPANION_RULES).map((m) => `${m.line}:${m.column}`);
      const outcome = timeouts.run(fixture.input, fixture.inputPath, fixture.options);
      const reviewed = outcome.manualReview.map((item) => `${item.line}:${item.column}`);
      expect(reported.length).toBe(outcome.changes + reviewed.length);
      expect(reported).toEqual(expect.arrayContaining(reviewed));
    });
  }
});

describe('timeouts and retry-requests compose', () => {
  // The timeout is written in the call's own arguments: inside withRetry's closure, per attempt.
  for (const fixture of fixtures) {
    it(`${fixture.name}: either order gives the same text`, () => {
      const step = (transform: typeof timeouts, text: string) => transform.run(text, fixture.inputPath, transform === timeouts ? fixture.options : {}).output ?? text;
      const timeoutsFirst = step(retryRequests, step(timeouts, fixture.input));
      const retryFirst = step(timeouts, step(retryRequests, fixture.input));
      expect(retryFirst).toBe(timeoutsFirst);
    });
  }

  it('creates the signal inside the retried closure', () => {
    const input = "export const load = async (url) => (await fetch(url)).json();\n";
    const output = retryRequests.run(timeouts.run(input, NODE_FILE).output!, NODE_FILE).output!;
    expect(output).toContain('withRetry((attempt) => fetch(attempt.url(url), { signal: AbortSignal.timeout(10000) }), { method: \'GET\' })');
  });
});

describe('options', () => {
  it.each<[TransformOptions, string]>([
    [{ timeoutMs: 0 }, "timeouts: option 'timeoutMs' is invalid: must be an integer from 1 to 600000, got 0"],
    [{ timeoutMs: 1.5 }, "timeouts: option 'timeoutMs' is invalid: must be an integer from 1 to 600000, got 1.5"],
    [{ timeoutMs: '10s' }, "timeouts: option 'timeoutMs' is invalid: must be an integer from 1 to 600000, got \"10s\""],
    [{ timeout: 5000 }, "timeouts: option 'timeout' is not an option of timeouts (known: timeoutMs, settings)"],
  ])('%j fails naming the option', (options, message) => {
    expect(() => timeouts.run('fetch(u);', NODE_FILE, options)).toThrow(TransformOptionError);
    expect(() => timeouts.run('fetch(u);', NODE_FILE, options)).toThrow(message);
  });

  it("takes jscodeshift's string form of a number", () => {
    expect(timeouts.run('fetch(u);', NODE_FILE, { timeoutMs: '2500' }).output).toBe('fetch(u, { signal: AbortSignal.timeout(2500) });');
  });
});
