import { dirname, resolve } from 'node:path';
import { createFilesMatcher, getTsconfig, type TsConfigJson, type TsConfigResult } from 'get-tsconfig';
import { fromDisk } from '../analysis/disk-snapshot';

/** Options as written in tsconfig.json (`"module": "NodeNext"`), not TypeScript's enum values. */
export type TsCompilerOptions = TsConfigJson.CompilerOptions;

/**
 * The tsconfig.json nearest to a file (what an editor would use), with `extends` chains resolved,
 * including package ones such as `@tsconfig/strictest`; `baseUrl` and `include` come back relative
 * to the file found. Read with get-tsconfig, not TypeScript: TypeScript 7 has no JavaScript API,
 * and we must not load the compiler a project installs.
 *
 * Like TypeScript's own reader, a file with syntax errors gives the options a tolerant JSONC parse
 * recovers (none from a file that is not JSON at all). Undefined when there is no tsconfig.json,
 * or when its `extends` chain cannot be followed (a base that is missing, e.g. not installed yet,
 * or circular): then nothing is assumed.
 */
export function nearestTsconfig(filePath: string): TsConfigResult | undefined {
  const dir = dirname(resolve(filePath));
  return fromDisk(`tsconfig\0${dir}`, () => {
    try {
      return getTsconfig(dir) ?? undefined;
    } catch {
      return undefined; // get-tsconfig throws on an unresolvable or circular `extends`.
    }
  });
}

/** The compiler options of the nearest tsconfig.json; undefined without one. */
export function nearestCompilerOptions(filePath: string): TsCompilerOptions | undefined {
  const found = nearestTsconfig(filePath);
  return found ? (found.config.compilerOptions ?? {}) : undefined;
}

/** Whether the project `tsconfig` describes compiles `path` (its `files`, `include` and `exclude`). */
export function tsconfigCovers(tsconfig: TsConfigResult, path: string): boolean {
  const matches = fromDisk(`tsconfig-files\0${tsconfig.path}`, () => createFilesMatcher(tsconfig));
  return matches(resolve(path)) !== undefined;
}
