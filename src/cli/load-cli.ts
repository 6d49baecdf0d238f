import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/**
 * How bin.js and worker.js load the CLI's bundle, cli.js (scripts/bundle-cli.mjs): through V8's
 * code cache, as Node 22's module compile cache would. Compiling the 1.3 MB bundle and then each
 * function a run calls took 20 ms of a run over an empty folder and 50–90 ms of one over the bench's
 * applications. The cache (the bytecode of every function a run compiled) is kept in the user's
 * cache folder, written once per build of cli.js and Node version, and read by every later run and
 * worker thread. Anything amiss (no home, a folder others may write to, a cache V8 refuses) only
 * means compiling as usual.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own.
 */

export interface CliBundle {
  runCommand(): void;
  runFileJob(job: unknown): Promise<unknown>;
  hasAnalysedAFile(): boolean;
}

const CACHE_FOLDER = 'eslint-plugin-safe-requests';
const CACHE_PREFIX = 'cli-';

export function loadCli(): CliBundle {
  // A run is a few seconds of code that mostly runs once per file: with V8's default tier-up budget
  // (67,584) optimising compilers take more CPU than they give back; measured on the corpus at 1× and
  // 4×, a budget 7× larger saves about a tenth of check's CPU time. Set before compiling: V8 refuses
  // a code cache made under other flags.
  setFlagsFromString('--interrupt-budget=500000');
  const file = join(__dirname, 'cli.js');
  const source = readFileSync(file, 'utf8');
  const cache = cachePath(file);
  const cachedData = cache === undefined ? undefined : readTrusted(cache);
  // The bundle holds no import() (bundle-cli.mjs fails the build if it does): Node 20 loses a
  // script's import() handler when its functions come from the cache.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as CliBundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  // Written at exit, so that it holds every function the run compiled, and only by a run that
  // analysed a file (not `--help`, nor a run the pre-filter settled): most of the code is then
  // compiled. Worker threads only read it.
  if (cache !== undefined && isMainThread && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      if (module.exports.hasAnalysedAFile()) writeCache(cache, script);
    });
  }
  return module.exports;
}

/** One file per build of cli.js (its size and time), Node version and architecture. */
function cachePath(file: string): string | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  try {
    const { size, mtimeMs } = statSync(file);
    const root = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
    return join(root, CACHE_FOLDER, `${CACHE_PREFIX}${size}-${Math.round(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  } catch {
    return undefined;
  }
}

/** The cache, when its folder is the user's own and no one else may write to it: V8 runs what it holds. */
function readTrusted(cache: string): Buffer | undefined {
  try {
    const folder = statSync(dirname(cache));
    const uid = process.getuid?.();
    if (uid !== undefined && (folder.uid !== uid || (folder.mode & 0o022) !== 0)) return undefined;
    return readFileSync(cache);
  } catch {
    return undefined;
  }
}

function writeCache(cache: string, script: Script): void {
  try {
    const folder = dirname(cache);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Another build's or Node version's cache is never read again; this one's (and the temporary
    // files of runs writing it at the same time) stay.
    for (const name of readdirSync(folder)) {
      if (name.startsWith(CACHE_PREFIX) && !name.startsWith(basename(cache))) rmSync(join(folder, name), { force: true });
    }
    const temp = `${cache}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cache);
  } catch {
    // A read-only home or a full disk: the next run compiles as this one did.
  }
}
