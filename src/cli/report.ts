import { compareText } from '../analysis/compare-text';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../package-info';
import type { InventoryRow } from './inventory';
import type { TransformName } from '../rewrite/transform-api';
import type { FailureKind, SkipReason } from './file-job';
import type { LineRange } from './line-ranges';
import type { CommandName } from './program';

/**
 * The run's result as plain data: the `--format json` document (schema: report.schema.json), and
 * what the pretty, SARIF and GitHub formats are printed from. Paths are relative to the current
 * folder with `/` separators; every list is sorted, so equal runs give equal bytes.
 */

export const REPORT_VERSION = 1;

export type FileProblem = 'parse-error' | FailureKind | 'write-error' | 'changed-during-run';

export interface FileEntry {
  readonly path: string;
  readonly status: 'changed' | 'skipped' | 'failed';
  readonly reason: SkipReason | FileProblem | null;
  readonly message: string | null;
  /** Where a parse error is, when known. */
  readonly line: number | null;
  readonly column: number | null;
  /** For changed files: what each transform did, in the original file's lines. */
  readonly transforms: ReadonlyArray<{ readonly name: TransformName; readonly changes: number; readonly ranges: readonly LineRange[] }>;
  readonly diff: string | null;
}

export interface ReviewEntry {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly transform: TransformName;
  readonly reason: string;
  readonly message: string;
}

export interface EnvVariableEntry {
  readonly name: string;
  readonly defaultValue: string;
  readonly path: string;
  readonly line: number;
}

/** `would-*` in check and fix --dry-run; `kept`: a helper edited by hand, or written by a newer version. */
export type SupportFileStatus = 'created' | 'updated' | 'would-create' | 'would-update' | 'kept';

export interface SupportFileEntry {
  readonly path: string;
  readonly kind: 'retry-helper' | 'env-example';
  readonly status: SupportFileStatus;
  /** env-example: the variables added. */
  readonly variables: readonly string[];
  /** retry-helper: the versions updated between, or why the file was kept. */
  readonly message?: string;
  /** A kept helper edited by hand: from the file to what fix would write. */
  readonly diff?: string;
}

export interface ReportHeader {
  readonly version: typeof REPORT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly command: CommandName;
  readonly dryRun: boolean;
  readonly transforms: readonly TransformName[];
  readonly exitCode: number;
}

export interface CodemodSummary {
  /** Every file discovery kept, too-large ones included. */
  readonly filesScanned: number;
  /** Scanned but not parsed: no client name and no URL in the text. */
  readonly filesWithoutMatches: number;
  readonly filesSkipped: number;
  /** check and --dry-run: files that would change. */
  readonly filesChanged: number;
  readonly filesFailed: number;
  readonly requestsWrapped: number;
  readonly timeoutsAdded: number;
  readonly endpointsMoved: number;
  readonly envVariablesIntroduced: number;
  readonly manualReview: number;
  readonly testFilesExcluded: number;
}

export interface CodemodReport extends ReportHeader {
  readonly command: 'check' | 'fix';
  readonly summary: CodemodSummary;
  /** Changed, skipped and failed files; files left as they were are not listed. */
  readonly files: readonly FileEntry[];
  readonly envVariables: readonly EnvVariableEntry[];
  readonly supportFiles: readonly SupportFileEntry[];
  readonly manualReview: readonly ReviewEntry[];
}

export interface InventoryEntry extends InventoryRow {
  readonly path: string;
  /** Reasons the transforms gave for leaving something on this line to a human. */
  readonly manualReview: readonly string[];
}

export interface InventorySummary {
  readonly filesScanned: number;
  readonly filesWithoutMatches: number;
  readonly filesSkipped: number;
  readonly filesFailed: number;
  readonly requests: number;
  readonly unhandled: number;
  readonly unretried: number;
  readonly hardcodedEndpoints: number;
  readonly manualReview: number;
  readonly testFilesExcluded: number;
}

export interface InventoryReport extends ReportHeader {
  readonly command: 'list';
  readonly summary: InventorySummary;
  readonly files: readonly FileEntry[];
  readonly entries: readonly InventoryEntry[];
  readonly manualReview: readonly ReviewEntry[];
}

export type RunReport = CodemodReport | InventoryReport;

export function reportHeader(command: CommandName, dryRun: boolean, transforms: readonly TransformName[], exitCode: number): ReportHeader {
  return { version: REPORT_VERSION, tool: { name: PACKAGE_NAME, version: PACKAGE_VERSION }, command, dryRun, transforms, exitCode };
}

export function byLocation<T extends { readonly path: string; readonly line: number; readonly column: number }>(a: T, b: T): number {
  return compareText(a.path, b.path) || a.line - b.line || a.column - b.column;
}

export function formatJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
