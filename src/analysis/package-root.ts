import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/**
 * The package a source file belongs to: the nearest directory above it holding a package.json.
 * Path-based judgements (test-file globs, Vite or Next.js projects) are made from there, as a
 * monorepo package's own tooling would make them.
 */
export interface PackageRoot {
  readonly dir: string;
  /** Names in dependencies, devDependencies, peerDependencies and optionalDependencies; empty when package.json is not valid JSON. */
  readonly dependencies: ReadonlySet<string>;
  /** File and directory names directly in `dir` (to see `vite.config.ts` beside package.json). */
  readonly entries: readonly string[];
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Reads the disk on every call: a run is short, and a cache would go stale in tests that write packages. */
export function findPackageRoot(filePath: string): PackageRoot | undefined {
  for (let dir = dirname(resolve(filePath)); ; dir = dirname(dir)) {
    const manifestPath = resolve(dir, 'package.json');
    if (existsSync(manifestPath)) {
      return { dir, dependencies: readDependencies(manifestPath), entries: readdirSync(dir) };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readDependencies(manifestPath: string): ReadonlySet<string> {
  return new Set(readDependencyRanges(manifestPath).keys());
}

/** Dependency name → version range, over every dependency field; empty when package.json is not valid JSON. */
function readDependencyRanges(manifestPath: string): ReadonlyMap<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    // A broken package.json tells us nothing; unknown means "assume nothing".
    return new Map();
  }
  const ranges = new Map<string, string>();
  if (typeof manifest !== 'object' || manifest === null) return ranges;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = (manifest as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps)) if (!ranges.has(name)) ranges.set(name, String(range));
  }
  return ranges;
}

/**
 * The major version of `dependency` that the nearest package.json listing it asks for:
 * `^4.18.2`, `~4.17.1`, `4.x`, `4` → 4. Undefined when no package.json lists it or the range
 * does not name one major (`>=4 <6`, `latest`, a git URL).
 */
export function dependencyMajor(filePath: string, dependency: string): number | undefined {
  for (let dir = dirname(resolve(filePath)); ; dir = dirname(dir)) {
    const manifestPath = resolve(dir, 'package.json');
    const range = existsSync(manifestPath) ? readDependencyRanges(manifestPath).get(dependency) : undefined;
    if (range !== undefined) {
      const match = /^\s*(?:npm:[^@]+@)?[\^~=v]*(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:-[\w.]+)?\s*$/.exec(range);
      return match ? Number(match[1]) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * `filePath` relative to its package root; without one, relative to `cwd` when the file is
 * inside it; otherwise the path as given. Always with `/` separators.
 */
export function packageRelativePath(filePath: string, root: PackageRoot | undefined, cwd = process.cwd()): string {
  const absolute = resolve(filePath);
  const base = root?.dir ?? cwd;
  const fromBase = relative(base, absolute);
  const inside = fromBase !== '' && !fromBase.startsWith('..') && !isAbsolute(fromBase);
  return (inside ? fromBase : filePath).replace(/\\/g, '/');
}
