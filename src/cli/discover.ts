import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { compareText } from '../analysis/compare-text';
import { DEFAULT_EXCLUDED_DIRS, EXCLUDED_DIR_GLOBS, isDeclarationFile, isTestFile, SOURCE_EXTENSIONS } from '../analysis/file-kinds';
import { UsageError } from './exit-codes';
import { changedFiles, gitRoot, listFiles } from './git';

/**
 * Which files a run looks at. In a git work tree git lists them (every nested .gitignore,
 * negations and the global excludes honoured); elsewhere a walk applies the .gitignore files it finds.
 */

export const MAX_FILE_BYTES = 1024 * 1024;

export interface DiscoveryOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly includeTests: boolean;
  /** The user's own test-file globs (`settings['safe-requests'].testFiles`), added to the built-in ones. */
  readonly testFiles?: readonly string[];
  /** '' for the default base; undefined when not in --changed mode. */
  readonly changed: string | undefined;
}

export interface SourceFile {
  readonly absPath: string;
  /** Relative to the current folder, with `/` separators: what every report shows. */
  readonly relPath: string;
}

export interface Discovery {
  /** Sorted by relPath, files over MAX_FILE_BYTES left out. */
  readonly files: readonly SourceFile[];
  readonly tooLarge: readonly SourceFile[];
  /** Test files left out because --include-tests was not given. */
  readonly testFilesExcluded: number;
  /** The work tree's top folder, or undefined outside git. */
  readonly gitRoot: string | undefined;
}

const SOURCE_EXTENSION = new RegExp(`\\.(?:${SOURCE_EXTENSIONS.join('|')})$`, 'i');

export function discoverFiles(options: DiscoveryOptions): Discovery {
  const { cwd } = options;
  const paths = options.paths.length === 0 ? ['.'] : options.paths;
  for (const path of paths) {
    if (!existsSync(resolve(cwd, path))) throw new UsageError(`path not found: ${path}`);
  }
  const root = gitRoot(cwd);
  if (options.changed !== undefined && root === undefined) throw new UsageError('--changed needs a git repository');

  const listed = root === undefined ? walkFiles(cwd, paths) : listFiles(cwd, paths);
  const changed = options.changed === undefined ? undefined : new Set(changedFiles(cwd, options.changed).map(toPosix));
  const included = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true;
  const excluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;

  const files: SourceFile[] = [];
  const tooLarge: SourceFile[] = [];
  let testFilesExcluded = 0;
  for (const relPath of new Set(listed.map(toPosix))) {
    if (!SOURCE_EXTENSION.test(relPath) || isDeclarationFile(relPath) || inExcludedDir(relPath)) continue;
    if (changed && !changed.has(relPath)) continue;
    if (!included(relPath) || excluded(relPath)) continue;
    if (!options.includeTests && isTestFile(relPath, options.testFiles)) {
      testFilesExcluded++;
      continue;
    }
    const absPath = resolve(cwd, relPath);
    // Deleted but still in the index, submodules, and symlinks (their target is listed itself or is not ours).
    const stats = lstatSync(absPath, { throwIfNoEntry: false });
    if (!stats?.isFile()) continue;
    (stats.size > MAX_FILE_BYTES ? tooLarge : files).push({ absPath, relPath });
  }
  return { files: files.sort(byRelPath), tooLarge: tooLarge.sort(byRelPath), testFilesExcluded, gitRoot: root };
}

function byRelPath(a: SourceFile, b: SourceFile): number {
  return compareText(a.relPath, b.relPath);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function inExcludedDir(relPath: string): boolean {
  const segments = relPath.split('/');
  return segments.slice(0, -1).some((segment) => DEFAULT_EXCLUDED_DIRS.includes(segment));
}

/** Outside git: every source file under the paths, minus what the .gitignore files below each path exclude. */
function walkFiles(cwd: string, paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    const base = resolve(cwd, path);
    if (lstatSync(base).isFile()) {
      found.push(relative(cwd, base));
      continue;
    }
    const entries = globSync(['**/*'], { cwd: base, dot: true, ignore: [...EXCLUDED_DIR_GLOBS], followSymbolicLinks: false });
    const isIgnored = gitignoreMatcher(base, entries.filter((entry) => entry === '.gitignore' || entry.endsWith('/.gitignore')));
    for (const entry of entries) {
      if (SOURCE_EXTENSION.test(entry) && !isIgnored(entry)) found.push(relative(cwd, join(base, entry)));
    }
  }
  return found;
}

/**
 * git's rules for a set of .gitignore files: the deepest file with an opinion on a path decides,
 * and nothing inside an ignored folder can be re-included.
 */
export function gitignoreMatcher(base: string, gitignoreFiles: readonly string[]): (relPath: string) => boolean {
  const matchers = new Map<string, Ignore>();
  for (const file of gitignoreFiles) {
    const dir = dirname(file);
    matchers.set(dir === '.' ? '' : toPosix(dir), ignore().add(readFileSync(isAbsolute(file) ? file : join(base, file), 'utf8')));
  }
  const decide = (segments: readonly string[], isDir: boolean): boolean => {
    for (let depth = segments.length - 1; depth >= 0; depth--) {
      const matcher = matchers.get(segments.slice(0, depth).join('/'));
      if (!matcher) continue;
      const verdict = matcher.test(segments.slice(depth).join('/') + (isDir ? '/' : ''));
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  };
  return (relPath) => {
    const segments = toPosix(relPath).split('/');
    for (let length = 1; length < segments.length; length++) {
      if (decide(segments.slice(0, length), true)) return true;
    }
    return decide(segments, false);
  };
}
