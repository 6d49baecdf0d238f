import { describe, expect, it } from 'vitest';
import { commitAll, git, makeProject, readJson, runCli, writeFiles } from './helpers';

// --changed: the pull-request mode compares with the merge base of a base ref.

const request = (host: string) =>
  `export async function load() {\n  const response = await fetch('https://${host}.example.com/v1/items');\n  return response.json();\n}\n`;

interface Report {
  readonly files: ReadonlyArray<{ readonly path: string; readonly status: string }>;
  readonly summary: { readonly filesScanned: number };
}

function changedPaths(dir: string, args: readonly string[]): string[] {
  const result = runCli(dir, ['check', '--format', 'json', ...args]);
  expect(result.code).toBe(1);
  return readJson<Report>(result.stdout).files.map((file) => `${file.path} ${file.status}`);
}

/** main has old.js; the feature branch changes edited.js, adds added.js, and leaves new.js untracked. */
function featureBranch(): string {
  const dir = makeProject({ 'src/old.js': request('old'), 'src/edited.js': '// nothing yet\n' });
  git(dir, 'checkout', '-q', '-b', 'feature');
  writeFiles(dir, { 'src/edited.js': request('edited'), 'src/added.js': request('added') });
  commitAll(dir, 'feature work');
  writeFiles(dir, { 'src/new.js': request('new') });
  return dir;
}

describe('--changed', () => {
  it('--changed=<base> takes committed, staged and untracked changes since the merge base', () => {
    const dir = featureBranch();
    expect(changedPaths(dir, ['--changed=main'])).toEqual(['src/added.js changed', 'src/edited.js changed', 'src/new.js changed']);
  });

  it('a later commit on the base does not pull its files in', () => {
    const dir = featureBranch();
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'src/main-only.js': request('main-only') });
    git(dir, 'add', 'src/main-only.js');
    git(dir, 'commit', '-q', '-m', 'main moves on');
    git(dir, 'checkout', '-q', 'feature');
    expect(changedPaths(dir, ['--changed=main'])).toEqual(['src/added.js changed', 'src/edited.js changed', 'src/new.js changed']);
  });

  it('bare --changed falls back to main without origin/HEAD, and does not swallow the next path', () => {
    const dir = featureBranch();
    expect(changedPaths(dir, ['--changed', 'src'])).toEqual(['src/added.js changed', 'src/edited.js changed', 'src/new.js changed']);
    expect(changedPaths(dir, ['--changed', 'src/added.js'])).toEqual(['src/added.js changed']);
  });

  it('prefers origin/HEAD when it exists', () => {
    const dir = featureBranch();
    // A base where edited.js already has its request: only the other two files differ from it.
    git(dir, 'update-ref', 'refs/remotes/origin/trunk', 'feature');
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    expect(changedPaths(dir, ['--changed'])).toEqual(['src/new.js changed']);
  });

  it('unchanged files are not scanned at all', () => {
    const dir = featureBranch();
    const result = runCli(dir, ['check', '--format', 'json', '--changed=main']);
    expect(readJson<Report>(result.stdout).summary.filesScanned).toBe(3);
  });

  it('no base to compare with is a usage error', () => {
    const dir = makeProject({ 'a.js': request('a') });
    git(dir, 'branch', '-q', '-m', 'trunk');
    const result = runCli(dir, ['check', '--changed']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--changed: none of origin/HEAD, main exists here; name the base with --changed=<ref>');
  });
});
