import type { TSESTree } from '@typescript-eslint/types';
import type { EndpointFinding } from './endpoints';
import { envReadsIn, unexposedEnvName, type EnvAccess } from './env-access';
import { assignEnvNames, resolveEnvName, type EnvNameRequest } from './env-name';

/**
 * The names of a file's endpoints, or of a whole run's: each file gives what its endpoints move,
 * the defaults it already reads and the names it reads; one assignment over them gives the name
 * table. The transform (one file, or the run's table pinned), the CLI (the run) and the rule (one
 * file: its message and suggestion) all name through here.
 */

/** A file's input to name assignment; plain data, so it crosses into and out of worker threads. */
export interface FileEnvNames {
  /** What each rewritable endpoint moves (no prefix in any name). */
  readonly proposals: readonly EnvNameRequest[];
  /** `process.env.X ?? 'url'` already in the file: [url, X]. */
  readonly known: ReadonlyArray<readonly [string, string]>;
  /** Names the file reads already, without its access style's prefix. */
  readonly reserved: readonly string[];
}

/** The naming input of a file's endpoints: the transform's plan and the rule (which has its own parse) both start here. */
export function envNamesOf(program: TSESTree.Program, endpoints: readonly EndpointFinding[], access: EnvAccess): FileEnvNames {
  const reads = envReadsIn(program);
  return {
    proposals: endpoints.map((finding) => ({
      value: finding.replacedText,
      ...(finding.target === 'host' ? { hostOnly: true } : {}),
      ...(finding.bindingName === undefined ? {} : { bindingName: finding.bindingName }),
    })),
    known: [...reads.defaults].map(([url, name]) => [url, unexposedEnvName(access, name)] as const),
    reserved: [...reads.names].map((name) => unexposedEnvName(access, name)),
  };
}

/**
 * The name table (what a variable holds → its name, no prefix; see resolveEnvName) for one file or
 * a whole run; the result does not depend on the order of `files`. Precedence: `pinned` (the
 * envNames option), then a variable the code already reads with that URL as its default, then one
 * name per origin, kept clear of every name read or taken.
 */
export function assignSharedEnvNames(files: readonly FileEnvNames[], pinned: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const known = new Map<string, string>();
  const reserved = new Set<string>();
  for (const file of files) {
    for (const [url, name] of file.known) {
      if (pinned.has(url)) continue;
      const current = known.get(url);
      if (current === undefined || name < current) known.set(url, name);
    }
    for (const name of file.reserved) reserved.add(name);
  }
  return assignEnvNames(files.flatMap((file) => file.proposals), new Map([...known, ...pinned]), reserved);
}

/** Whether each of `names`' endpoints resolves the same in both tables (same variable, same base). */
export function sameEnvNames(names: FileEnvNames, a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return names.proposals.every(({ value }) => {
    const [left, right] = [resolveEnvName(a, value), resolveEnvName(b, value)];
    return left?.name === right?.name && left?.base === right?.base;
  });
}
