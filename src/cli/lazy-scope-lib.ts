import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @typescript-eslint/scope-manager loads its 242 `lib` files (every TypeScript lib's globals, the
 * `dom` one alone 1,800 names) when it is required, about 80 ms of CPU in each thread; the CLI's
 * analysis declares no lib globals (`lib: []`, src/rewrite/parse.ts), so it never reads them.
 * Imported first by the CLI's entry points (bin.ts, worker.ts), this registers a stand-in for
 * that module whose `lib` loads the real one on first use. Only the CLI's own threads get it:
 * a process that runs ESLint (whose parser asks for the libs) is not touched.
 */
export function deferScopeManagerLibs(): void {
  const requireHere = Module.createRequire(__filename);
  let libIndex: string;
  try {
    libIndex = join(dirname(requireHere.resolve('@typescript-eslint/scope-manager')), 'lib', 'index.js');
  } catch {
    return;
  }
  const cache = requireHere.cache;
  if (cache[libIndex]) return;
  const standIn = new Module(libIndex);
  standIn.filename = libIndex;
  standIn.loaded = true;
  let real: { lib: unknown } | undefined;
  Object.defineProperty(standIn, 'exports', {
    value: Object.defineProperty({ __esModule: true }, 'lib', {
      enumerable: true,
      get: () => {
        if (!real) {
          delete cache[libIndex];
          real = requireHere(libIndex) as { lib: unknown };
        }
        return real.lib;
      },
    }),
  });
  cache[libIndex] = standIn;
}

deferScopeManagerLibs();
