import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRuntimeHelper } from '../../src/runtime/runtime-helper';
import type { TransformOptions } from '../../src/rewrite/transform-api';
import { retryRequests } from '../../transforms/retry-requests';
import { tempTree } from '../temp-tree';
import { FIXTURES_ROOT } from './harness';
import { diagnostics } from './typecheck';

// A strict NodeNext project with only the ES2022 and DOM libs (no @types/node), as a browser or
// edge project has: it must type-check after the codemod exactly as it did before.
const PROJECT = join(FIXTURES_ROOT, 'retry-requests-project');
const OPTIONS: Record<string, TransformOptions> = { 'health.ts': { helper: 'inline' } };

const { root: dir } = tempTree('safe-requests-retry-typecheck-');
beforeAll(() => cpSync(PROJECT, dir, { recursive: true }));

describe('retry-requests on a strict TypeScript project', () => {
  it('type-checks before and after, with the helper file written where the outcome says', () => {
    expect(diagnostics(dir)).toEqual([]);
    const src = join(dir, 'src');
    const changed: string[] = [];
    const helpers = new Set<string>();
    for (const name of readdirSync(src).sort()) {
      const path = join(src, name);
      const outcome = retryRequests.run(readFileSync(path, 'utf8'), path, OPTIONS[name]);
      expect(outcome.manualReview).toEqual([]);
      if (outcome.output === null) continue;
      writeFileSync(path, outcome.output);
      changed.push(name);
      if (outcome.helper) {
        writeFileSync(outcome.helper.helperPath, renderRuntimeHelper(outcome.helper.flavour));
        helpers.add(outcome.helper.helperPath);
      }
    }
    expect(changed).toEqual(['client.ts', 'crawl.ts', 'health.ts', 'poller.ts', 'status.ts']);
    expect([...helpers]).toEqual([join(src, 'safe-requests-runtime.ts')]);
    expect(readFileSync(join(src, 'client.ts'), 'utf8')).toContain("from './safe-requests-runtime.js';");
    expect(readFileSync(join(src, 'health.ts'), 'utf8')).toContain('async function withRetry<R>(');
    expect(diagnostics(dir)).toEqual([]);
  });
});
