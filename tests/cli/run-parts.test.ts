import { chmodSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write';
import { lineChanges, unifiedDiff } from '../../src/cli/line-ranges';
import { chooseThreads } from '../../src/cli/pool';
import { resolveEnvName } from '../../src/analysis/env-name';
import { assignSharedEnvNames, type FileEnvNames } from '../../src/analysis/file-env-names';

// The runner's small pure parts.

describe('line ranges of a rewrite', () => {
  const before = ['a', 'b', 'c', 'd', ''].join('\n');
  const after = ['import x;', '', 'a', 'B1', 'B2', 'c', 'd', ''].join('\n');

  it('point at rewritten lines in the original, not at inserted imports', () => {
    expect(lineChanges(before, after).ranges).toEqual([{ startLine: 2, endLine: 2 }]);
    expect(lineChanges(before, `x\n${before}`).ranges).toEqual([{ startLine: 1, endLine: 1 }]);
  });

  it('map lines of the output back to the original', () => {
    const toOriginal = lineChanges(before, after).toBefore;
    expect([3, 4, 5, 6, 7].map(toOriginal)).toEqual([1, 2, 2, 3, 4]);
  });

  it('a unified diff git can apply: a/ and b/ prefixes, no trailing tabs', () => {
    expect(unifiedDiff('src/x.js', 'a\n', 'b\n')).toBe('--- a/src/x.js\n+++ b/src/x.js\n@@ -1,1 +1,1 @@\n-a\n+b\n');
  });
});

describe('chooseThreads', () => {
  it('takes --workers as given, whatever the work', () => {
    expect(chooseThreads(3, 0)).toBe(3);
    expect(chooseThreads(1, 50_000_000)).toBe(1);
  });

  it('by default starts one thread per 2 MB of work, at least one, at most the CPU count', () => {
    expect(chooseThreads(undefined, 0)).toBe(1);
    expect(chooseThreads(undefined, 1_900_000)).toBe(1);
    expect(chooseThreads(undefined, 2_100_000)).toBe(Math.min(2, availableParallelism()));
    expect(chooseThreads(undefined, 1e12)).toBe(availableParallelism());
  });
});

describe('assignSharedEnvNames', () => {
  const assign = (files: readonly FileEnvNames[], pinned?: ReadonlyMap<string, string>) =>
    Object.fromEntries(assignSharedEnvNames(files, pinned));
  const files: FileEnvNames[] = [
    { proposals: [{ value: 'https://model-serving.example.com/predict' }], known: [], reserved: [] },
    { proposals: [{ value: 'https://model-serving.example.com/health' }], known: [], reserved: ['PORT'] },
    {
      proposals: [{ value: 'https://users.example.com/v1' }],
      known: [['https://billing.example.com', 'BILLING_URL']],
      reserved: ['BILLING_URL'],
    },
  ];

  it('gives each origin one name across files, whatever the order of the files', () => {
    const names = assign(files);
    expect(names).toEqual({
      'https://billing.example.com': 'BILLING_URL',
      'https://model-serving.example.com': 'MODEL_SERVING_BASE_URL',
      'https://users.example.com/v1': 'USERS_BASE_URL',
    });
    expect(assign([...files].reverse())).toEqual(names);
  });

  it('a URL the code already reads from a variable keeps that variable everywhere, and so do URLs extending it', () => {
    const names = assignSharedEnvNames([{ proposals: [{ value: 'https://billing.example.com' }, { value: 'https://billing.example.com/invoices' }], known: [], reserved: [] }, files[2]!]);
    expect(Object.fromEntries(names)).toEqual({ 'https://billing.example.com': 'BILLING_URL', 'https://users.example.com/v1': 'USERS_BASE_URL' });
    expect(resolveEnvName(names, 'https://billing.example.com/invoices')).toEqual({ name: 'BILLING_URL', base: 'https://billing.example.com' });
  });

  it('names the code reads elsewhere are not handed out again', () => {
    const names = assign([
      { proposals: [{ value: 'https://users.example.com/v1' }], known: [], reserved: [] },
      { proposals: [], known: [], reserved: ['USERS_BASE_URL'] },
    ]);
    expect(names['https://users.example.com/v1']).toBe('EXAMPLE_USERS_BASE_URL');
  });

  it('pinned names win over the names the code reads, and are not handed out again', () => {
    const pinned = new Map([
      ['https://billing.example.com', 'PAYMENTS_URL'],
      ['https://accounts.example.com', 'USERS_BASE_URL'],
    ]);
    expect(assign([files[2]!], pinned)).toEqual({
      'https://accounts.example.com': 'USERS_BASE_URL',
      'https://billing.example.com': 'PAYMENTS_URL',
      'https://users.example.com/v1': 'EXAMPLE_USERS_BASE_URL',
    });
  });
});

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'safe-requests-atomic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the mode, leaves no temporary file, and writes through a symlink', () => {
    const script = join(dir, 'run.js');
    writeFileSync(script, 'old\n');
    chmodSync(script, 0o750);
    writeFileAtomic(script, 'new\n');
    expect(readFileSync(script, 'utf8')).toBe('new\n');
    expect(statSync(script).mode & 0o777).toBe(0o750);

    const link = join(dir, 'link.js');
    symlinkSync('run.js', link);
    writeFileAtomic(link, 'through the link\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('run.js');
    expect(readFileSync(script, 'utf8')).toBe('through the link\n');
    expect(readdirSync(dir).sort()).toEqual(['link.js', 'run.js']);
  });

  it('creates a new file', () => {
    writeFileAtomic(join(dir, 'fresh.txt'), 'hello\n');
    expect(readFileSync(join(dir, 'fresh.txt'), 'utf8')).toBe('hello\n');
  });
});
