import { spawnSync } from 'node:child_process';
import { UsageError } from './exit-codes';

/** The few git questions the CLI asks; every path git returns is relative to `cwd`. */

interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function git(cwd: string, args: readonly string[]): GitResult {
  // core.quotepath=off keeps non-ASCII names readable in the non -z outputs we show.
  const result = spawnSync('git', ['-c', 'core.quotepath=off', ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) return { ok: false, stdout: '', stderr: result.error.message };
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.trim() };
}

function splitNul(text: string): string[] {
  return text.split('\0').filter((entry) => entry !== '');
}

/** The top folder of the work tree holding `cwd`, or undefined outside git (or without git installed). */
export function gitRoot(cwd: string): string | undefined {
  const result = git(cwd, ['rev-parse', '--show-toplevel']);
  return result.ok ? result.stdout.trim() : undefined;
}

/**
 * Tracked and untracked-but-not-ignored files under the pathspecs: git applies every nested
 * .gitignore, negations, .git/info/exclude and the global excludes file.
 */
export function listFiles(cwd: string, pathspecs: readonly string[]): string[] {
  const result = git(cwd, ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...pathspecs]);
  if (!result.ok) throw new UsageError(`git ls-files failed: ${result.stderr}`);
  return splitNul(result.stdout);
}

export const DEFAULT_BASES: readonly string[] = ['origin/HEAD', 'main'];

/**
 * Files added, copied, modified, renamed or type-changed since the merge base of `base` and HEAD
 * (committed, staged or not), plus untracked files: what a pull request would contain.
 */
export function changedFiles(cwd: string, base: string): string[] {
  const ref = base === '' ? DEFAULT_BASES.find((candidate) => resolves(cwd, candidate)) : base;
  if (ref === undefined) {
    throw new UsageError(`--changed: none of ${DEFAULT_BASES.join(', ')} exists here; name the base with --changed=<ref>`);
  }
  if (!resolves(cwd, ref)) throw new UsageError(`--changed: '${ref}' is not a commit in this repository (fetch it first?)`);
  const mergeBase = git(cwd, ['merge-base', ref, 'HEAD']);
  if (!mergeBase.ok) {
    throw new UsageError(`--changed: no common ancestor of '${ref}' and HEAD (in a shallow clone, fetch with full history)`);
  }
  const diff = git(cwd, ['diff', '--name-only', '--relative', '--no-renames', '--diff-filter=ACMRT', '-z', mergeBase.stdout.trim(), '--']);
  if (!diff.ok) throw new UsageError(`--changed: git diff failed: ${diff.stderr}`);
  const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']);
  return [...splitNul(diff.stdout), ...splitNul(untracked.stdout)];
}

function resolves(cwd: string, ref: string): boolean {
  return git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).ok;
}

/** Uncommitted changes anywhere in the work tree, untracked files included (`git status --porcelain`). */
export function dirtyFiles(cwd: string): string[] {
  const result = git(cwd, ['status', '--porcelain', '--untracked-files=all']);
  if (!result.ok) throw new UsageError(`git status failed: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line !== '').map((line) => line.slice(3));
}
