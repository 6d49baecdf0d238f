import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { compareText } from '../analysis/compare-text';
import { PACKAGE_VERSION } from '../package-info';
import type { HelperRequest } from '../rewrite/transform-api';
import { readHelperStamp, renderRuntimeHelper, restamped, RUNTIME_HELPER_BASENAME, type RuntimeHelperFlavour } from '../runtime/runtime-helper';
import { formatNewFile, projectPrettierEntry } from './project-prettier';
import { writeFileAtomic } from './atomic-write';
import { unifiedDiff } from './line-ranges';
import type { ReviewEntry, SupportFileEntry } from './report';

/**
 * The generated helper files of a run: created where a rewritten file imports one that is
 * missing; brought to the installed version where the file is as some version rendered it (its
 * header's hash holds); kept where someone edited it, with the diff to the installed version and a
 * manual-review item, and kept where a newer version wrote it.
 */

export interface HelperFilesOutcome {
  readonly entries: SupportFileEntry[];
  readonly manualReview: ReviewEntry[];
}

export interface HelperFilesRun {
  /** Helpers the rewritten files import. */
  readonly requests: readonly HelperRequest[];
  /** Files the run discovered (helper files among them are brought up to date too). */
  readonly discovered: readonly string[];
  /** `settings['safe-requests'].redact`, rendered into every helper file. */
  readonly redact: readonly string[];
  readonly write: boolean;
  readonly cwd: string;
}

const FLAVOURS: Readonly<Record<string, RuntimeHelperFlavour>> = { '.ts': 'ts', '.cts': 'cts', '.mjs': 'esm', '.cjs': 'cjs' };

export async function helperFiles(run: HelperFilesRun): Promise<HelperFilesOutcome> {
  const byPath = new Map<string, RuntimeHelperFlavour>();
  for (const path of run.discovered) {
    const flavour = helperFlavourOf(path);
    if (flavour) byPath.set(resolve(path), flavour);
  }
  for (const request of run.requests) byPath.set(resolve(request.helperPath), request.flavour);
  const outcome: HelperFilesOutcome = { entries: [], manualReview: [] };
  for (const [path, flavour] of [...byPath].sort(([a], [b]) => compareText(a, b))) {
    settle(path, await formatted(path, renderRuntimeHelper(flavour, { redact: run.redact })), run, outcome);
  }
  return outcome;
}

/**
 * In a project formatted by its own prettier, the helper as that prettier formats it, restamped so
 * that an untouched copy still reads as intact; as rendered where prettier cannot format it.
 */
async function formatted(path: string, rendered: string): Promise<string> {
  const prettier = projectPrettierEntry(path);
  if (!prettier) return rendered;
  try {
    return restamped(await formatNewFile(prettier, path, rendered));
  } catch {
    return rendered;
  }
}

function helperFlavourOf(path: string): RuntimeHelperFlavour | undefined {
  const name = basename(path);
  const flavour = name.startsWith(`${RUNTIME_HELPER_BASENAME}.`) ? FLAVOURS[name.slice(RUNTIME_HELPER_BASENAME.length)] : undefined;
  // Both TypeScript forms are `.ts` files: the header tells which one was written.
  return flavour === 'ts' && readHelperStamp(readFileSync(path, 'utf8'))?.flavour === 'cts' ? 'cts' : flavour;
}

function settle(path: string, wanted: string, run: HelperFilesRun, outcome: HelperFilesOutcome): void {
  const relPath = relative(run.cwd, path).split('\\').join('/');
  const entry = (status: SupportFileEntry['status'], extra: Partial<SupportFileEntry> = {}): void => {
    outcome.entries.push({ path: relPath, kind: 'retry-helper', status, variables: [], ...extra });
  };
  if (!existsSync(path)) {
    if (run.write) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileAtomic(path, wanted);
    }
    entry(run.write ? 'created' : 'would-create');
    return;
  }
  const current = readFileSync(path, 'utf8');
  if (current === wanted) return;
  const stamp = readHelperStamp(current);
  if (stamp?.intact && isNewer(stamp.version, PACKAGE_VERSION)) {
    entry('kept', { message: `written by version ${stamp.version}, newer than the installed ${PACKAGE_VERSION}; not downgraded` });
    return;
  }
  if (stamp?.intact) {
    if (run.write) writeFileAtomic(path, wanted);
    entry(run.write ? 'updated' : 'would-update', { message: `from version ${stamp.version} to ${PACKAGE_VERSION}` });
    return;
  }
  const why = stamp ? 'edited by hand (its content no longer matches the hash in its header)' : 'not as this tool writes it (no readable version header)';
  const message = `The retry helper was ${why}, so it was kept. Merge your changes into the installed version's copy (the diff shows what fix would write), or delete the file and run fix again.`;
  entry('kept', { message, diff: unifiedDiff(relPath, current, wanted) });
  outcome.manualReview.push({ path: relPath, line: 1, column: 1, transform: 'retry-requests', reason: 'helper-edited', message });
}

/** `a` is a later release than `b` (numeric major.minor.patch; a pre-release is older than its release). */
function isNewer(a: string, b: string): boolean {
  const parse = (version: string) => {
    const [core = '', pre] = version.split('-', 2);
    return { parts: core.split('.').map((part) => Number.parseInt(part, 10) || 0), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const difference = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return !x.pre && y.pre;
}
