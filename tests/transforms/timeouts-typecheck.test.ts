import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import { retryRequests } from '../../transforms/retry-requests';
import { timeouts } from '../../transforms/timeouts';
import { tempTree } from '../temp-tree';
import { FIXTURES_ROOT, lintWith } from './harness';
import { diagnostics } from './typecheck';

// The strict project of retry-requests-typecheck (ES2022 + DOM libs, exactOptionalPropertyTypes,
// no @types/node): timeouts and then retry-requests, as the CLI runs them, add no diagnostics.
const PROJECT = join(FIXTURES_ROOT, 'timeouts-project');

const { root: dir } = tempTree('safe-requests-timeouts-typecheck-');
beforeAll(() => cpSync(PROJECT, dir, { recursive: true }));

describe('timeouts on a strict TypeScript project', () => {
  it('type-checks before and after, and leaves require-timeout nothing to report', () => {
    expect(diagnostics(dir)).toEqual([]);
    const path = join(dir, 'src', 'predict.ts');
    const original = readFileSync(path, 'utf8');
    const withTimeouts = timeouts.run(original, path);
    expect(withTimeouts.manualReview).toEqual([]);
    expect(withTimeouts.changes).toBe(4);
    const retried = retryRequests.run(withTimeouts.output!, path);
    writeFileSync(path, retried.output!);
    writeFileSync(retried.helper!.helperPath, renderRuntimeHelper(retried.helper!.flavour));
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['predict.ts', 'safe-requests-runtime.ts']);
    expect(diagnostics(dir)).toEqual([]);
    // A path inside the linter's cwd: flat config matches no file outside it.
    expect(lintWith(retried.output!, 'src/predict.ts', { 'safe-requests/require-timeout': 'error' })).toEqual([]);
  });
});
