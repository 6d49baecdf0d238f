import { dirname, resolve } from 'node:path';
import { getTsconfig, type TsConfigJson } from 'get-tsconfig';
import { fromDisk } from '../analysis/disk-snapshot';

/** Options as written in tsconfig.json (`"module": "NodeNext"`), not TypeScript's enum values. */
export type TsCompilerOptions = TsConfigJson.CompilerOptions;

/**
 * The compiler options of the tsconfig.json nearest to a file (what an editor would use), with
 * `extends` chains resolved, including package ones such as `@tsconfig/strictest`. Read with
 * get-tsconfig, not TypeScript: TypeScript 7 has no JavaScript API, and we must not load the
 * compiler a project installs.
 *
 * Like TypeScript's own reader, a file with syntax errors gives the options a tolerant JSONC parse
 * recovers (none from a file that is not JSON at all). Undefined when there is no tsconfig.json,
 * or when its `extends` chain cannot be followed (a base that is missing, e.g. not installed yet,
 * or circular): then nothing is assumed.
 */
export function nearestCompilerOptions(filePath: string): TsCompilerOptions | undefined {
  const dir = dirname(resolve(filePath));
  return fromDisk(`tsconfig\0${dir}`, () => {
    try {
      const found = getTsconfig(dir);
      return found ? (found.config.compilerOptions ?? {}) : undefined;
    } catch {
      return undefined; // get-tsconfig throws on an unresolvable or circular `extends`.
    }
  });
}
