import type { CodemodReport, FileEntry, InventoryEntry, InventoryReport, ReviewEntry } from './report';

/** The human output: unified diffs, what needs a human, what was skipped or failed, and a summary. */

export interface PrettyOptions {
  readonly color: boolean;
  readonly diff: boolean;
}

const ANSI = { bold: [1, 22], red: [31, 39], green: [32, 39], cyan: [36, 39], yellow: [33, 39], dim: [2, 22] } as const;
type Style = keyof typeof ANSI;

export function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
}

/** Lists longer than this are cut in the pretty output; --format json has them all. */
const MAX_LISTED = 20;

const SKIP_LABELS: Readonly<Record<string, string>> = {
  'too-large': 'over 1 MB',
  generated: 'generated',
  minified: 'minified',
  'not-utf8': 'not UTF-8',
  'parse-error': 'parse error',
};

export function formatCodemodPretty(report: CodemodReport, options: PrettyOptions): string {
  const paint = painter(options.color);
  const parts: string[] = [];
  if (options.diff) {
    for (const file of report.files) if (file.diff) parts.push(colorDiff(file.diff, paint));
  }
  parts.push(...problemSections(report.files, report.manualReview, paint));
  const support = report.supportFiles.map((file) => {
    const what = file.kind === 'retry-helper' ? 'the retry helper' : `with ${shortList(file.variables)}`;
    const line = `${SUPPORT_VERBS[file.status]} ${file.path} (${what})${file.message ? `: ${file.message}` : ''}`;
    return file.status === 'kept' ? paint('yellow', line) + (file.diff ? `\n${colorDiff(file.diff, paint)}` : '') : line;
  });
  if (support.length > 0) parts.push(support.join('\n') + '\n');
  parts.push(formatCodemodSummary(report, options));
  return parts.join('\n');
}

const SUPPORT_VERBS = { created: 'Created', updated: 'Updated', 'would-create': 'Would create', 'would-update': 'Would update', kept: 'Kept' } as const;

export function formatCodemodSummary(report: CodemodReport, options: Pick<PrettyOptions, 'color'>): string {
  const paint = painter(options.color);
  const { summary } = report;
  const wouldChange = report.command === 'check' || report.dryRun;
  const variables = [...new Set(report.envVariables.map((variable) => variable.name))].sort();
  const rows: Array<[string, number, string]> = [
    ['files scanned', summary.filesScanned, scannedNote(summary.filesWithoutMatches, summary.testFilesExcluded)],
    ['files skipped', summary.filesSkipped, countsByReason(report.files.filter((file) => file.status === 'skipped'))],
    [wouldChange ? 'files to change' : 'files changed', summary.filesChanged, ''],
    ['files failed', summary.filesFailed, countsByReason(report.files.filter((file) => file.status === 'failed'))],
    ['requests wrapped', summary.requestsWrapped, ''],
    ['timeouts added', summary.timeoutsAdded, ''],
    ['env vars introduced', summary.envVariablesIntroduced, shortList(variables)],
    ['manual review', summary.manualReview, ''],
  ];
  const title = `safe-requests ${report.command}${report.dryRun ? ' --dry-run' : ''}`;
  const lines = [paint('bold', title), ...table(rows)];
  if (report.command === 'check' && summary.filesChanged > 0) lines.push('', 'Run `safe-requests fix` to apply these changes.');
  if (report.dryRun && summary.filesChanged > 0) lines.push('', 'Nothing was written (--dry-run).');
  return lines.join('\n') + '\n';
}

export function formatInventoryPretty(report: InventoryReport, options: Pick<PrettyOptions, 'color'>): string {
  const paint = painter(options.color);
  const parts: string[] = [];
  if (report.entries.length > 0) {
    const header = ['LOCATION', 'CLIENT', 'METHOD', 'HANDLED', 'RETRIED', 'ENV NAME', 'REVIEW'];
    const rows = report.entries.map((entry) => [
      `${entry.path}:${entry.line}:${entry.column}`,
      entry.client,
      entry.method ?? (entry.kind === 'request' ? '?' : '-'),
      entry.handled === null ? '-' : entry.handled ? 'yes' : `no (${entry.unhandledReason})`,
      retryCell(entry),
      // A URL carrying a secret, or a file whose runtime has no variable to read: REVIEW says which.
      entry.envName ?? (entry.endpoint !== null ? '(review)' : '-'),
      entry.manualReview.join(', ') || '-',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const render = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
    parts.push([paint('bold', render(header)), ...rows.map(render)].join('\n') + '\n');
  }
  parts.push(...problemSections(report.files, report.manualReview.filter((item) => !onListedLine(item, report.entries)), paint));
  const { summary } = report;
  const rows: Array<[string, number, string]> = [
    ['files scanned', summary.filesScanned, scannedNote(summary.filesWithoutMatches, summary.testFilesExcluded)],
    ['files skipped', summary.filesSkipped, countsByReason(report.files.filter((file) => file.status === 'skipped'))],
    ['files failed', summary.filesFailed, ''],
    ['requests', summary.requests, `${summary.unhandled} unhandled, ${summary.unretried} without retry`],
    ['hardcoded endpoints', summary.hardcodedEndpoints, ''],
    ['manual review', summary.manualReview, ''],
  ];
  parts.push([paint('bold', 'safe-requests list'), ...table(rows)].join('\n') + '\n');
  return parts.join('\n');
}

function retryCell(entry: InventoryEntry): string {
  if (entry.retried === null) return '-';
  if (entry.retried) return `yes (${entry.retry})`;
  return entry.retry === null ? 'no' : `no (${entry.retry})`;
}

function onListedLine(item: ReviewEntry, entries: readonly InventoryEntry[]): boolean {
  return entries.some((entry) => entry.path === item.path && entry.line === item.line);
}

function problemSections(files: readonly FileEntry[], review: readonly ReviewEntry[], paint: ReturnType<typeof painter>): string[] {
  const sections: string[] = [];
  const section = (title: string, lines: readonly string[]) => {
    if (lines.length === 0) return;
    const shown = lines.slice(0, MAX_LISTED);
    if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more (--format json lists them all)`);
    sections.push(`${paint('bold', `${title} (${lines.length})`)}\n${shown.map((line) => `  ${line}`).join('\n')}\n`);
  };
  section(
    'Manual review',
    review.map((item) => `${item.path}:${item.line}:${item.column}  ${paint('yellow', item.reason)} (${item.transform})  ${item.message}`),
  );
  section('Failed', files.filter((file) => file.status === 'failed').map((file) => `${paint('red', location(file))}  ${describe(file)}`));
  // Parse errors first: they are the skips someone may want to act on.
  const skipped = files
    .filter((file) => file.status === 'skipped')
    .sort((a, b) => Number(b.reason === 'parse-error') - Number(a.reason === 'parse-error'));
  section('Skipped', skipped.map((file) => `${location(file)}  ${describe(file)}`));
  return sections;
}

function location(file: FileEntry): string {
  return file.line === null ? file.path : `${file.path}:${file.line}:${file.column}`;
}

function describe(file: FileEntry): string {
  const label = SKIP_LABELS[file.reason ?? ''] ?? file.reason ?? '';
  // A crash's stack is long; its first lines say where.
  const message = file.message?.split('\n').slice(0, 4).join('\n    ');
  return message && message !== SKIP_LABELS[file.reason ?? ''] ? `${label}: ${message}` : label;
}

function scannedNote(withoutMatches: number, testFiles: number): string {
  const notes: string[] = [];
  if (withoutMatches > 0) notes.push(`${withoutMatches} with no request or URL, not parsed`);
  if (testFiles > 0) notes.push(`${testFiles} test files left out, see --include-tests`);
  return notes.join('; ');
}

/** The summary names a few variables; the report and .env.example have them all. */
function shortList(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … ${names.length - max} more`;
}

function countsByReason(files: readonly FileEntry[]): string {
  const counts = new Map<string, number>();
  for (const file of files) {
    const label = SKIP_LABELS[file.reason ?? ''] ?? file.reason ?? 'unknown';
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
}

function table(rows: ReadonlyArray<[string, number, string]>): string[] {
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const numberWidth = Math.max(...rows.map(([, count]) => String(count).length));
  return rows.map(([label, count, note]) => `  ${label.padEnd(labelWidth)}  ${String(count).padStart(numberWidth)}${note ? `  (${note})` : ''}`);
}

function colorDiff(diff: string, paint: ReturnType<typeof painter>): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint('bold', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      return line;
    })
    .join('\n');
}
