import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compareText } from '../analysis/compare-text';
import { mergeEnvExample } from '../rewrite/env-example';
import { findPackageRoot } from '../analysis/package-root';
import { TransformOptionError, type EnvVariable, type TransformName } from '../rewrite/transform-api';
import { writeFileAtomic } from './atomic-write';
import { optionsFor, readRunConfig, type RunConfig } from './config';
import { discoverFiles, type Discovery, type SourceFile } from './discover';
import { assignRunEnvNames, keepsItsNames } from './endpoint-names';
import { ExitCode, UsageError } from './exit-codes';
import { hashText, phaseTransforms, readSource, type FileJob, type FileResult, type Phase, type TransformedFile, type TransformRegistry } from './file-job';
import { dirtyFiles } from './git';
import { helperFiles } from './helper-files';
import { textMayNeedWork } from './prefilter';
import { chooseThreads, createJobRunner } from './pool';
import type { Progress } from './progress';
import type { CliOptions } from './program';
import {
  byLocation,
  reportHeader,
  type CodemodReport,
  type EnvVariableEntry,
  type FileEntry,
  type InventoryEntry,
  type InventoryReport,
  type ReviewEntry,
  type SupportFileEntry,
} from './report';

/** One run of check, fix or list, from discovery to the written files and the report. */

export interface RunEnvironment {
  readonly cwd: string;
  readonly registry: TransformRegistry;
  readonly progress: (files: number) => Promise<Progress>;
}

export interface RunOutcome<R> {
  readonly report: R;
  /** The work tree's top folder (SARIF and GitHub paths are relative to it), or undefined outside git. */
  readonly gitRoot: string | undefined;
}

interface Prepared {
  readonly config: RunConfig;
  readonly discovery: Discovery;
}

function prepare(options: CliOptions, env: RunEnvironment): Prepared {
  const config = readRunConfig(options.config, env.cwd);
  checkTransformOptions(options.transforms, config, env);
  const discovery = discoverFiles({ ...options, cwd: env.cwd, testFiles: config.settings.testFiles });
  return { config, discovery };
}

/**
 * A bad transform option is a usage error of the whole run, not a failure of each file: the
 * transforms read their options first, so an empty file finds it. Anything else it throws will
 * be reported per file.
 */
function checkTransformOptions(transforms: readonly TransformName[], config: RunConfig, env: RunEnvironment): void {
  for (const name of transforms) {
    try {
      env.registry[name].run('', join(env.cwd, 'safe-requests-options-check.js'), optionsFor(config, name));
    } catch (error) {
      if (error instanceof TransformOptionError) throw new UsageError(`--config: ${error.message}`);
    }
  }
}

/**
 * Runs one phase over `files`; every file gets a result, a crashed worker included. Results come
 * back in `files` order whatever order the workers finish in.
 */
async function runPhase(
  phase: Phase,
  files: readonly SourceFile[],
  base: Omit<FileJob, 'phase' | 'absPath' | 'relPath'>,
  run: (job: FileJob) => Promise<FileResult>,
  progress: Progress,
): Promise<FileResult[]> {
  progress.start(files.length, phase);
  return Promise.all(
    files.map((file) =>
      run({ ...base, phase, absPath: file.absPath, relPath: file.relPath })
        .catch((error: unknown): FileResult => crashResult(file, error))
        .finally(() => progress.tick()),
    ),
  );
}

function crashResult(file: SourceFile, error: unknown): FileResult {
  return { relPath: file.relPath, status: 'failed', failure: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/**
 * Files the text pre-filter rules out get their result here, before any thread starts; the rest
 * are the run's work, and their size decides how many threads are worth starting. (The job asks
 * again with the comments left out, which needs a tokenizer, and reads the file anew in case it changed.)
 */
function sortOutWork(phase: Phase, options: CliOptions, prepared: Prepared): { settled: FileResult[]; work: SourceFile[]; workBytes: number } {
  const settled: FileResult[] = [];
  const work: SourceFile[] = [];
  let workBytes = 0;
  const transforms = phaseTransforms({ phase, transforms: options.transforms });
  for (const file of prepared.discovery.files) {
    try {
      const read = readSource(file.absPath, (text) => textMayNeedWork(text, transforms, prepared.config.settings));
      if (typeof read !== 'string') {
        settled.push({ relPath: file.relPath, ...read });
        continue;
      }
      work.push(file);
      workBytes += read.length;
    } catch (error) {
      settled.push(crashResult(file, error));
    }
  }
  return { settled, work, workBytes };
}

/**
 * Runs `phase` over every file once. When env-endpoints runs (and for list), each file first uses
 * its own name assignment and reports its input to the run-wide one; the few files whose names the
 * run-wide assignment changes (a name taken in another file, say) are done again with it. So every
 * file is read and parsed once, and the result is the same whatever the number of threads.
 */
async function runWithEnvNames(
  phase: Phase,
  options: CliOptions,
  prepared: Prepared,
  env: RunEnvironment,
): Promise<FileResult[]> {
  const { settled, work, workBytes } = sortOutWork(phase, options, prepared);
  const runner = await createJobRunner(chooseThreads(options.workers, workBytes), env.registry);
  const progress = await env.progress(work.length);
  const base = { transforms: options.transforms, config: prepared.config, run: randomUUID() };
  const run = (job: FileJob) => runner.run(job);
  const byPath = (results: readonly FileResult[]) => [...settled, ...results].sort((a, b) => compareText(a.relPath, b.relPath));
  try {
    if (phase === 'transform' && !options.transforms.includes('env-endpoints')) return byPath(await runPhase(phase, work, base, run, progress));
    const first = await runPhase(phase, work, { ...base, envNames: 'provisional' }, run, progress);
    const envNames = assignRunEnvNames(first.flatMap((result) => (result.names ? [result.names] : [])), prepared.config);
    const stale = new Set(first.filter((result) => result.names && !keepsItsNames(result.names, envNames, prepared.config)).map((result) => result.relPath));
    const redone = stale.size === 0 ? [] : await runPhase(phase, work.filter((file) => stale.has(file.relPath)), { ...base, envNames }, run, progress);
    return byPath([...first.filter((result) => !stale.has(result.relPath)), ...redone]);
  } finally {
    progress.stop();
    await runner.close();
  }
}

// ---------------------------------------------------------------------------------------------
// check and fix

export async function runCodemod(options: CliOptions, env: RunEnvironment): Promise<RunOutcome<CodemodReport>> {
  const prepared = prepare(options, env);
  const { discovery } = prepared;
  const write = options.command === 'fix' && !options.dryRun;
  if (write && !options.allowDirty && discovery.gitRoot !== undefined) refuseDirtyTree(env.cwd);

  const results = await runWithEnvNames('transform', options, prepared, env);
  const { files, filesWithoutMatches, worked } = sortResults(results, discovery, options.strict);
  const written: TransformedFile[] = [];
  const manualReview: ReviewEntry[] = [];
  for (const result of worked) {
    if (result.status !== 'transformed') continue;
    manualReview.push(...result.manualReview.map((item) => ({ path: result.relPath, ...item })));
    if (result.output === null) continue;
    const problem = write ? writeResult(resolve(env.cwd, result.relPath), result) : undefined;
    if (problem) {
      files.push(fileEntry(result.relPath, 'failed', problem.reason, problem.message));
      continue;
    }
    written.push(result);
    files.push({
      ...fileEntry(result.relPath, 'changed', null, null),
      transforms: result.steps.map((step) => ({ name: step.transform, changes: step.changes, ranges: step.ranges })),
      diff: result.diff,
    });
  }
  files.sort((a, b) => compareText(a.path, b.path));

  const envVariables = written.flatMap((result) => result.envVariables);
  const helpers = options.transforms.includes('retry-requests')
    ? await helperFiles({
        requests: written.flatMap((result) => result.helpers),
        discovered: discovery.files.map((file) => file.absPath),
        redact: prepared.config.settings.redact ?? [],
        write,
        cwd: env.cwd,
      })
    : { entries: [], manualReview: [] };
  manualReview.push(...helpers.manualReview);
  const supportFiles = [...helpers.entries, ...envExampleFiles(envVariables, write, env.cwd, discovery.gitRoot)];
  const failed = files.filter((file) => file.status === 'failed');
  const changed = files.filter((file) => file.status === 'changed');
  // A helper left behind by the installed version is a change fix would make, like a file's.
  const staleHelper = supportFiles.some((file) => file.kind === 'retry-helper' && file.status === 'would-update');
  const exitCode =
    failed.length > 0 ? ExitCode.FileFailed : options.command === 'check' && (changed.length > 0 || staleHelper) ? ExitCode.ChangesNeeded : ExitCode.Ok;
  const stepChanges = (name: TransformName) =>
    written.reduce((sum, result) => sum + result.steps.filter((step) => step.transform === name).reduce((n, step) => n + step.changes, 0), 0);

  const report: CodemodReport = {
    ...reportHeader(options.command, options.dryRun, options.transforms, exitCode),
    command: options.command === 'fix' ? 'fix' : 'check',
    summary: {
      filesScanned: discovery.files.length + discovery.tooLarge.length,
      filesWithoutMatches,
      filesSkipped: files.filter((file) => file.status === 'skipped').length,
      filesChanged: changed.length,
      filesFailed: failed.length,
      requestsWrapped: stepChanges('retry-requests'),
      timeoutsAdded: stepChanges('timeouts'),
      endpointsMoved: stepChanges('env-endpoints'),
      envVariablesIntroduced: new Set(envVariables.map((variable) => variable.name)).size,
      manualReview: manualReview.length,
      testFilesExcluded: discovery.testFilesExcluded,
    },
    files,
    envVariables: envVariables
      .map((variable) => envVariableEntry(variable, env.cwd))
      .sort((a, b) => compareText(a.path, b.path) || a.line - b.line || compareText(a.name, b.name)),
    supportFiles,
    manualReview: manualReview.sort(byLocation),
  };
  return { report, gitRoot: discovery.gitRoot };
}

/**
 * Splits a run's results: files the report lists as they are (skipped, unparsable, failed, too
 * large; sorted), the count of files the pre-filter passed over, and the results the command reads.
 */
function sortResults(results: readonly FileResult[], discovery: Discovery, strict: boolean) {
  const files: FileEntry[] = discovery.tooLarge.map((file) => fileEntry(file.relPath, 'skipped', 'too-large', 'over 1 MB'));
  const worked: FileResult[] = [];
  let filesWithoutMatches = 0;
  for (const result of results) {
    if (result.status === 'skipped' && result.reason === 'no-match') filesWithoutMatches++;
    else if (result.status === 'transformed' || result.status === 'inventoried') worked.push(result);
    else files.push(settledEntry(result, strict));
  }
  return { files: files.sort((a, b) => compareText(a.path, b.path)), filesWithoutMatches, worked };
}

function refuseDirtyTree(cwd: string): void {
  const dirty = dirtyFiles(cwd);
  if (dirty.length === 0) return;
  const examples = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? `, … (${dirty.length} in all)` : '');
  throw new UsageError(
    `refusing to fix: the git working tree has uncommitted changes (${examples}). Commit or stash them so the fix can be reviewed and reverted, or pass --allow-dirty.`,
  );
}

/** Writes one file unless it changed on disk since it was read; returns the problem, if any. */
function writeResult(absPath: string, result: TransformedFile): { reason: 'write-error' | 'changed-during-run'; message: string } | undefined {
  try {
    if (hashText(readFileSync(absPath, 'utf8')) !== result.originalHash) {
      return { reason: 'changed-during-run', message: 'the file changed on disk during the run; it was not written' };
    }
    writeFileAtomic(absPath, result.output!);
    return undefined;
  } catch (error) {
    return { reason: 'write-error', message: error instanceof Error ? error.message : String(error) };
  }
}

function fileEntry(path: string, status: FileEntry['status'], reason: FileEntry['reason'], message: string | null): FileEntry {
  return { path, status, reason, message, line: null, column: null, transforms: [], diff: null };
}

/** Skipped, unparsable and failed files (a parse error fails the run only under --strict). */
function settledEntry(result: FileResult, strict: boolean): FileEntry {
  switch (result.status) {
    case 'skipped':
      return fileEntry(result.relPath, 'skipped', result.reason, null);
    case 'parse-error':
      return {
        ...fileEntry(result.relPath, strict ? 'failed' : 'skipped', 'parse-error', result.message),
        line: result.line > 0 ? result.line : null,
        column: result.line > 0 ? result.column : null,
      };
    case 'failed':
      return fileEntry(result.relPath, 'failed', result.failure, result.transform ? `${result.transform}: ${result.message}` : result.message);
    default:
      throw new Error(`safe-requests: unexpected ${result.status} result for ${result.relPath}`);
  }
}

function toPosixRelative(from: string, to: string): string {
  return relative(from, to).split('\\').join('/');
}

function envVariableEntry(variable: EnvVariable, cwd: string): EnvVariableEntry {
  return { name: variable.name, defaultValue: variable.defaultValue, path: toPosixRelative(cwd, variable.filePath), line: variable.line };
}

/**
 * `.env.example` beside the package.json nearest to each file that got a variable (the work
 * tree's top, or the current folder, when there is none).
 */
function envExampleFiles(variables: readonly EnvVariable[], write: boolean, cwd: string, gitRoot: string | undefined): SupportFileEntry[] {
  const byDir = new Map<string, EnvVariable[]>();
  for (const variable of variables) {
    const dir = findPackageRoot(variable.filePath)?.dir ?? gitRoot ?? cwd;
    byDir.set(dir, [...(byDir.get(dir) ?? []), variable]);
  }
  const entries: SupportFileEntry[] = [];
  for (const [dir, dirVariables] of [...byDir].sort(([a], [b]) => compareText(a, b))) {
    const path = join(dir, '.env.example');
    const existing = existsSync(path) ? readFileSync(path, 'utf8') : null;
    const relativeToDir = dirVariables.map((variable) => ({ ...variable, filePath: toPosixRelative(dir, variable.filePath) }));
    const merged = mergeEnvExample(existing, relativeToDir);
    if (merged === null) continue;
    if (write) writeFileAtomic(path, merged);
    // mergeEnvExample only appends, so the new part names exactly the variables added.
    const appended = merged.slice(existing?.length ?? 0);
    const added = [...new Set(dirVariables.map((variable) => variable.name))].filter((name) => new RegExp(`^${name}=`, 'm').test(appended)).sort();
    const status = existing === null ? (write ? 'created' : 'would-create') : write ? 'updated' : 'would-update';
    entries.push({ path: toPosixRelative(cwd, path), kind: 'env-example', status, variables: added });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// list

export async function runInventory(options: CliOptions, env: RunEnvironment): Promise<RunOutcome<InventoryReport>> {
  const prepared = prepare(options, env);
  const { discovery } = prepared;
  const results = await runWithEnvNames('inventory', options, prepared, env);
  const { files, filesWithoutMatches, worked } = sortResults(results, discovery, options.strict);
  const entries: InventoryEntry[] = [];
  const manualReview: ReviewEntry[] = [];
  for (const result of worked) {
    if (result.status !== 'inventoried') continue;
    const reviews = result.manualReview.map((item) => ({ path: result.relPath, ...item }));
    manualReview.push(...reviews);
    for (const row of result.rows) {
      const reasons = reviews.filter((item) => item.line === row.line).map((item) => item.reason);
      entries.push({ path: result.relPath, ...row, manualReview: [...new Set(reasons)].sort() });
    }
  }
  const requests = entries.filter((entry) => entry.kind === 'request');
  const filesFailed = files.filter((file) => file.status === 'failed').length;
  const report: InventoryReport = {
    ...reportHeader('list', false, options.transforms, filesFailed > 0 ? ExitCode.FileFailed : ExitCode.Ok),
    command: 'list',
    summary: {
      filesScanned: discovery.files.length + discovery.tooLarge.length,
      filesWithoutMatches,
      filesSkipped: files.filter((file) => file.status === 'skipped').length,
      filesFailed,
      requests: requests.length,
      unhandled: requests.filter((entry) => entry.handled === false).length,
      unretried: requests.filter((entry) => entry.retried === false).length,
      hardcodedEndpoints: entries.filter((entry) => entry.endpoint !== null).length,
      manualReview: manualReview.length,
      testFilesExcluded: discovery.testFilesExcluded,
    },
    files,
    entries: entries.sort(byLocation),
    manualReview: manualReview.sort(byLocation),
  };
  return { report, gitRoot: discovery.gitRoot };
}
