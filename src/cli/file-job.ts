import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FileEnvNames } from '../rewrite/env-endpoint-plan';
import { inventoryFile, type InventoryRow } from './inventory';
import { withDiskSnapshot } from '../analysis/disk-snapshot';
import { looksGenerated, looksMinified } from '../analysis/file-kinds';
import { SourceParseError } from '../rewrite/parse';
import { TransformOptionError, type CodeTransform, type EnvVariable, type HelperRequest, type ManualReviewItem, type TransformName, type TransformOptions } from '../rewrite/transform-api';
import { UnsafeOutputError, verifyTransformOutput } from '../rewrite/verify-output';
import { optionsFor, type RunConfig } from './config';
import { MAX_FILE_BYTES } from './discover';
import { assignRunEnvNames, collectEndpointNames, envEndpointsOptions } from './endpoint-names';
import { lineChanges, unifiedDiff, type LineRange } from './line-ranges';
import { mayNeedWork } from './prefilter';
import { formatLikeProject, projectPrettierEntry } from './project-prettier';
import { TRANSFORM_NAMES } from './program';

/**
 * Everything the CLI does to one file, in a worker thread or in-process. Pure apart from reading
 * the file (and formatting it with the project's own prettier): results are plain data, so the
 * run's output does not depend on which worker did what.
 */

export type Phase = 'transform' | 'inventory';

export interface FileJob {
  readonly phase: Phase;
  readonly absPath: string;
  readonly relPath: string;
  readonly transforms: readonly TransformName[];
  readonly config: RunConfig;
  /** The run's id: what the analysis reads around a file (package.json, tsconfig…) is read once per run. */
  readonly run: string;
  /**
   * URL text → variable name. 'provisional': the file's own assignment, computed here and sent
   * back as `names` so the run can assign names across all files and redo only the files whose
   * names that changes (see runWithEnvNames).
   */
  readonly envNames?: Readonly<Record<string, string>> | 'provisional';
}

export type SkipReason = 'too-large' | 'generated' | 'minified' | 'no-match' | 'not-utf8';
export type FailureKind = 'crash' | 'unsafe-output' | 'option-error';

export interface ReviewItem extends ManualReviewItem {
  readonly transform: TransformName;
}

export interface StepSummary {
  readonly transform: TransformName;
  readonly changes: number;
  /** In the original file's lines. */
  readonly ranges: readonly LineRange[];
}

export interface TransformedFile {
  readonly status: 'transformed';
  /** null: nothing to change, the file is left as it is. */
  readonly output: string | null;
  /** sha256 of the text that was transformed: the file must still hold it when the output is written. */
  readonly originalHash: string;
  readonly steps: readonly StepSummary[];
  readonly envVariables: readonly EnvVariable[];
  readonly manualReview: readonly ReviewItem[];
  readonly helpers: readonly HelperRequest[];
  readonly diff: string;
}

export type FileOutcome =
  | { readonly status: 'skipped'; readonly reason: SkipReason }
  | { readonly status: 'parse-error'; readonly line: number; readonly column: number; readonly message: string }
  | { readonly status: 'failed'; readonly failure: FailureKind; readonly transform?: TransformName; readonly message: string }
  | TransformedFile
  | { readonly status: 'inventoried'; readonly rows: readonly InventoryRow[]; readonly manualReview: readonly ReviewItem[] };

export type FileResult = FileOutcome & {
  readonly relPath: string;
  /** With provisional names: the file's input to the run-wide assignment, once it parsed. */
  readonly names?: FileEnvNames;
};

export type TransformRegistry = Readonly<Record<TransformName, CodeTransform>>;

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether this thread has analysed a file: load-cli.ts keeps the compile cache of a run that did. */
let analysedAFile = false;

export function hasAnalysedAFile(): boolean {
  return analysedAFile;
}

export async function processFile(job: FileJob, registry: TransformRegistry): Promise<FileResult> {
  // The run writes nothing before every file is done, so the disk around the files holds still.
  const { result, prettier } = withDiskSnapshot(job.run, () => {
    const result = processSource(job, registry);
    return { result, prettier: result.status === 'transformed' && result.output !== null ? projectPrettierEntry(job.absPath) : undefined };
  });
  return prettier && result.status === 'transformed' ? formatted(result, job, prettier) : result;
}

/**
 * The transformed file as the project's prettier formats it, when the original passed its check
 * (project-prettier.ts); the output must still pass verification, or stays unformatted.
 */
async function formatted(result: FileResult & TransformedFile, job: FileJob, prettier: string): Promise<FileResult> {
  const original = readFileSync(job.absPath, 'utf8');
  if (hashText(original) !== result.originalHash) return result;
  let output: string;
  try {
    output = await formatLikeProject(prettier, job.absPath, original, result.output!);
  } catch {
    // Prettier cannot format this file (no parser for it, a config it cannot load): left as the transforms wrote it.
    return result;
  }
  if (output === result.output || !verifyTransformOutput(original, output, job.absPath).ok) return result;
  return { ...result, output, diff: unifiedDiff(job.relPath, original, output) };
}

function processSource(job: FileJob, registry: TransformRegistry): FileResult {
  const read = readSource(job.absPath, (text) => mayNeedWork(text, job.absPath, phaseTransforms(job), job.config.settings));
  if (typeof read !== 'string') return { relPath: job.relPath, ...read };
  analysedAFile = true;
  if (job.envNames !== 'provisional') return { relPath: job.relPath, ...processText(read, job, job.envNames, registry) };
  let names: FileEnvNames;
  try {
    names = collectEndpointNames(read, job.absPath, job.config);
  } catch (error) {
    return { relPath: job.relPath, ...describeFailure(error, undefined, true) };
  }
  // The parse is kept (parseForAnalysis), so the transforms below do not parse the file again.
  return { relPath: job.relPath, names, ...processText(read, job, assignRunEnvNames([names], job.config), registry) };
}

function processText(text: string, job: FileJob, envNames: Readonly<Record<string, string>> | undefined, registry: TransformRegistry): FileOutcome {
  // Which transform is running, and whether on the original text: only then is a parse error the file's.
  let transform: TransformName | undefined;
  let onOriginal = true;
  try {
    switch (job.phase) {
      case 'inventory': {
        const endpoints = envEndpointsOptions(job.config);
        const rows = inventoryFile({
          text,
          filePath: job.absPath,
          settings: job.config.settings,
          finder: endpoints.finder,
          envAccess: endpoints.envAccess,
          envNames,
        });
        const manualReview: ReviewItem[] = [];
        for (const name of job.transforms) {
          transform = name;
          const outcome = registry[name].run(text, job.absPath, transformOptions(job, name, envNames));
          manualReview.push(...outcome.manualReview.map((item) => ({ ...item, transform: name })));
        }
        return { status: 'inventoried', rows, manualReview };
      }
      case 'transform':
        return transformText(text, job, envNames, registry, (name, original) => {
          transform = name;
          onOriginal = original;
        });
    }
  } catch (error) {
    return describeFailure(error, transform, onOriginal);
  }
}

/**
 * The file's text, or why it is not looked at: generated and minified files are never parsed, nor
 * files `needsWork` (a pre-filter) rules out.
 */
export function readSource(absPath: string, needsWork: (text: string) => boolean): string | FileOutcome {
  const bytes = readFileSync(absPath);
  if (bytes.length > MAX_FILE_BYTES) return { status: 'skipped', reason: 'too-large' };
  const text = bytes.toString('utf8');
  // Writing a decoded Latin-1 file back would replace its bytes with U+FFFD.
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) return { status: 'skipped', reason: 'not-utf8' };
  if (looksGenerated(text)) return { status: 'skipped', reason: 'generated' };
  if (looksMinified(text, absPath)) return { status: 'skipped', reason: 'minified' };
  if (!needsWork(text)) return { status: 'skipped', reason: 'no-match' };
  return text;
}

/** list reports every request, so it looks at a file either transform could change. */
export function phaseTransforms(job: Pick<FileJob, 'phase' | 'transforms'>): readonly TransformName[] {
  return job.phase === 'transform' ? job.transforms : TRANSFORM_NAMES;
}

function transformOptions(job: FileJob, name: TransformName, envNames: Readonly<Record<string, string>> | undefined): TransformOptions {
  const options = optionsFor(job.config, name);
  // The run's (or the file's provisional) assignment already holds the names pinned in --config.
  return name === 'env-endpoints' && envNames ? { ...options, envNames } : options;
}

/** Runs the transforms in order, each on the previous one's output, and checks the final text. */
function transformText(
  text: string,
  job: FileJob,
  envNames: Readonly<Record<string, string>> | undefined,
  registry: TransformRegistry,
  running: (name: TransformName, onOriginal: boolean) => void,
): FileOutcome {
  let current = text;
  const steps: StepSummary[] = [];
  const envVariables: EnvVariable[] = [];
  const manualReview: ReviewItem[] = [];
  const helpers: HelperRequest[] = [];
  // Maps lines of `current` back to the original, so later steps' ranges and review items point at the file as it is.
  let toOriginal: (line: number) => number = (line) => line;
  for (const name of job.transforms) {
    running(name, current === text);
    const outcome = registry[name].run(current, job.absPath, transformOptions(job, name, envNames));
    manualReview.push(...outcome.manualReview.map((item) => ({ ...item, line: toOriginal(item.line), transform: name })));
    if (outcome.output === null || outcome.output === current) continue;
    const mapBack = toOriginal;
    const step = lineChanges(current, outcome.output);
    const ranges = step.ranges.map((range) => ({
      startLine: mapBack(range.startLine),
      endLine: Math.max(mapBack(range.startLine), mapBack(range.endLine)),
    }));
    steps.push({ transform: name, changes: outcome.changes, ranges });
    envVariables.push(...outcome.envVariables.map((variable) => ({ ...variable, line: toOriginal(variable.line) })));
    if (outcome.helper) helpers.push(outcome.helper);
    toOriginal = (line) => mapBack(step.toBefore(line));
    current = outcome.output;
  }
  const originalHash = hashText(text);
  if (current === text) {
    return { status: 'transformed', output: null, originalHash, steps: [], envVariables: [], manualReview, helpers: [], diff: '' };
  }
  const verdict = verifyTransformOutput(text, current, job.absPath);
  if (!verdict.ok) return { status: 'failed', failure: 'unsafe-output', message: `the combined output was discarded because ${verdict.reason}` };
  return { status: 'transformed', output: current, originalHash, steps, envVariables, manualReview, helpers, diff: unifiedDiff(job.relPath, text, current) };
}

/** A parse error is the file's fault only when it came from reading the original text. */
function describeFailure(error: unknown, transform: TransformName | undefined, onOriginal: boolean): FileOutcome {
  if (error instanceof SourceParseError && onOriginal) {
    return { status: 'parse-error', line: error.line, column: error.column, message: error.parserMessage };
  }
  if (error instanceof TransformOptionError) return { status: 'failed', failure: 'option-error', transform, message: error.message };
  if (error instanceof UnsafeOutputError) return { status: 'failed', failure: 'unsafe-output', transform, message: error.reason };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { status: 'failed', failure: 'crash', transform, message };
}
