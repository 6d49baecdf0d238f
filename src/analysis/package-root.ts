import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fromDisk } from './disk-snapshot';

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
  /** `"type"`: `module`, `commonjs`, or undefined. */
  readonly type?: string | undefined;
  /** Published to a registry for others to install (see isPublished). */
  readonly published?: boolean;
  /** The commands of `"scripts"`. */
  readonly scripts?: readonly string[];
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
// `npm init` writes `main` into every application, so `main` alone does not make a library.
const PUBLISHING_FIELDS = ['exports', 'module', 'types', 'typings', 'files', 'publishConfig'] as const;
const PUBLISHING_SCRIPTS = ['prepublishOnly', 'prepack'] as const;

/** Reads the disk on every call (once per run inside a disk snapshot): a cache would go stale in tests that write packages. */
export function findPackageRoot(filePath: string): PackageRoot | undefined {
  const dir = packageRootDir(filePath);
  return dir === undefined ? undefined : fromDisk(`package-root\0${dir}`, () => ({ dir, entries: readdirSync(dir), ...readManifest(resolve(dir, 'package.json')) }));
}

/** The nearest directory above `filePath` holding a package.json. */
export function packageRootDir(filePath: string): string | undefined {
  const start = dirname(resolve(filePath));
  return fromDisk(`package-root-dir\0${start}`, () => {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(resolve(dir, 'package.json'))) return dir;
      if (dirname(dir) === dir) return undefined;
    }
  });
}

function readManifest(manifestPath: string): Pick<PackageRoot, 'dependencies' | 'type' | 'published' | 'scripts'> {
  const manifest = readManifestJson(manifestPath);
  if (manifest === undefined) return { dependencies: new Set() };
  const scripts = typeof manifest.scripts === 'object' && manifest.scripts !== null ? Object.values(manifest.scripts).filter((command) => typeof command === 'string') : [];
  return { dependencies: new Set(dependencyRanges(manifest).keys()), type: typeof manifest.type === 'string' ? manifest.type : undefined, published: isPublished(manifest), scripts };
}

/** The parsed package.json object; undefined when it is not valid JSON or not an object. */
function readManifestJson(manifestPath: string): Record<string, unknown> | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    // A broken package.json tells us nothing; unknown means "assume nothing".
    return undefined;
  }
  return typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>) : undefined;
}

/** Dependency name → version range, over every dependency field. */
function dependencyRanges(manifest: Record<string, unknown>): ReadonlyMap<string, string> {
  const ranges = new Map<string, string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = manifest[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps)) if (!ranges.has(name)) ranges.set(name, String(range));
  }
  return ranges;
}

/**
 * A library others install: named, not private, with an entry point (`main`, `exports`, `module`)
 * and something only publishing needs (`exports`, `types`, `files`, `publishConfig`, a
 * prepublishOnly or prepack script).
 */
function isPublished(manifest: Record<string, unknown>): boolean {
  if (manifest.private === true || typeof manifest.name !== 'string') return false;
  if (!['main', 'exports', 'module'].some((field) => field in manifest)) return false;
  const scripts = typeof manifest.scripts === 'object' && manifest.scripts !== null ? manifest.scripts : {};
  return PUBLISHING_FIELDS.some((field) => field in manifest) || PUBLISHING_SCRIPTS.some((script) => script in scripts);
}

/**
 * The major version of `dependency` that the nearest package.json listing it asks for:
 * `^4.18.2`, `~4.17.1`, `4.x`, `4` → 4. Undefined when no package.json lists it or the range
 * does not name one major (`>=4 <6`, `latest`, a git URL).
 */
export function dependencyMajor(filePath: string, dependency: string): number | undefined {
  const start = dirname(resolve(filePath));
  return fromDisk(`dependency-major\0${start}\0${dependency}`, () => {
    for (let dir = start; ; dir = dirname(dir)) {
      const manifestPath = resolve(dir, 'package.json');
      const manifest = existsSync(manifestPath) ? readManifestJson(manifestPath) : undefined;
      const range = manifest && dependencyRanges(manifest).get(dependency);
      if (range !== undefined) {
        const match = /^\s*(?:npm:[^@]+@)?[\^~=v]*(\d+)(?:\.(?:\d+|x|\*)){0,2}(?:-[\w.]+)?\s*$/.exec(range);
        return match ? Number(match[1]) : undefined;
      }
      if (dirname(dir) === dir) return undefined;
    }
  });
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
