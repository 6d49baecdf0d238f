import { escapeData, escapeProperty } from './format-github';
import { painter } from './format-pretty';
import type { HealthEntry } from './health/check';
import type { HealthReport } from './health/report';

/**
 * `safe-requests health` output: the table, GitHub annotations for the unhealthy endpoints, and
 * the --watch lines. Every URL shown is the one the helper's checkEndpoint returned, redacted there.
 */

const SOURCES: Readonly<Record<string, string>> = { env: 'env', 'env-file': 'env file', default: 'default' };

export function formatHealthPretty(report: HealthReport, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  const parts: string[] = [];
  if (report.endpoints.length === 0) {
    parts.push('No endpoints found: no request in these files has an absolute URL or reads one from the environment.\n');
  } else {
    const header = ['ENDPOINT', 'ENV VAR', 'URL', 'STAGE', 'STATUS', 'LATENCY', 'ERROR'];
    const rows = report.endpoints.map((entry) => [
      locationCell(entry),
      variableCell(entry),
      entry.url ?? '-',
      entry.stage,
      statusCell(entry),
      entry.latencyMs === null ? '-' : `${entry.latencyMs} ms`,
      errorCell(entry),
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const render = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
    const lines = rows.map((row, index) => {
      const line = render(row);
      return report.endpoints[index]!.healthy ? line : paint('red', line);
    });
    parts.push([paint('bold', render(header)), ...lines].join('\n') + '\n');
  }
  const problems = report.files.filter((file) => file.status === 'failed');
  if (problems.length > 0) parts.push(`${paint('bold', `Failed (${problems.length})`)}\n${problems.map((file) => `  ${file.path}  ${file.reason}`).join('\n')}\n`);
  const { summary } = report;
  const verdict = summary.unhealthy === 0 ? paint('green', 'all healthy') : paint('red', `${summary.unhealthy} unhealthy`);
  parts.push(
    [
      paint('bold', 'safe-requests health'),
      `  files scanned  ${summary.filesScanned}${summary.filesFailed > 0 ? `  (${summary.filesFailed} failed)` : ''}`,
      `  endpoints      ${summary.endpoints}${summary.endpoints > 0 ? `  (${verdict})` : ''}`,
    ].join('\n') + '\n',
  );
  return parts.join('\n');
}

/** One `::error` per unhealthy endpoint, at its first use in the code. */
export function formatHealthGithub(report: HealthReport, toRepoPath: (path: string) => string): string {
  return report.endpoints
    .filter((entry) => !entry.healthy)
    .map((entry) => {
      const { path, line, column } = entry.locations[0]!;
      const properties = [`file=${escapeProperty(toRepoPath(path))}`, `line=${line}`, `col=${column}`, `title=${escapeProperty('safe-requests health')}`];
      const what = [labelOf(entry), entry.url].filter((part) => part !== null).join(' ');
      return `::error ${properties.join(',')}::${escapeData(`${what} is unhealthy: ${describeState(entry)}`)}\n`;
    })
    .join('');
}

export function formatHealthJson(report: HealthReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** How --watch names an endpoint: its variable, or where the code writes its URL. */
export function labelOf(entry: HealthEntry): string {
  return entry.variable ?? `${entry.locations[0]!.path}:${entry.locations[0]!.line}`;
}

/** `up 200 (3 ms)`, `down (tcp ECONNREFUSED)`, `down 503 (http HTTP_503, Retry-After 120 s)`. */
export function describeState(entry: HealthEntry): string {
  const latency = entry.latencyMs === null ? '' : `, ${entry.latencyMs} ms`;
  if (entry.healthy) return `${statusCell(entry)} (${entry.method}${latency})`;
  return `${statusCell(entry)} (${entry.stage} ${errorCell(entry)}${latency})`;
}

export interface Transition {
  /** ISO time. */
  readonly time: string;
  readonly entry: HealthEntry;
  /** undefined on the first round. */
  readonly previous: HealthEntry | undefined;
}

export function formatTransition(transition: Transition, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  const { entry, previous } = transition;
  const now = paint(entry.healthy ? 'green' : 'red', describeState(entry));
  const change = previous === undefined ? now : `${describeState(previous)} → ${now}`;
  return `${transition.time}  ${labelOf(entry)}  ${entry.url ?? '-'}  ${change}\n`;
}

/** --watch --format json: one JSON document a line. */
export function formatTransitionJson(transition: Transition): string {
  const { time, entry, previous } = transition;
  return `${JSON.stringify({ time, endpoint: labelOf(entry), from: previous === undefined ? null : stateOf(previous), to: stateOf(entry), entry })}\n`;
}

/** What counts as a change of state: healthy or not, and how it fails. */
export function stateOf(entry: HealthEntry): string {
  return entry.healthy ? 'healthy' : `unhealthy:${entry.stage}:${entry.code}`;
}

/** The live block on a terminal: one line per endpoint, rewritten every round. */
export function formatLiveLines(entries: readonly HealthEntry[], checkedAt: string, options: { readonly color: boolean }): string[] {
  const paint = painter(options.color);
  return entries.map((entry) => {
    const mark = paint(entry.healthy ? 'green' : 'red', entry.healthy ? '●' : '○');
    return `${mark} ${labelOf(entry)}  ${entry.url ?? '-'}  ${describeState(entry)}  ${paint('dim', `checked ${checkedAt.slice(11, 19)}`)}`;
  });
}

function locationCell(entry: HealthEntry): string {
  const [first, ...more] = entry.locations;
  return `${first!.path}:${first!.line}${more.length > 0 ? ` +${more.length}` : ''}`;
}

function variableCell(entry: HealthEntry): string {
  if (entry.variable === null) return '-';
  return `${entry.variable} (${entry.source === null ? 'not set' : SOURCES[entry.source]})`;
}

function statusCell(entry: HealthEntry): string {
  return `${entry.healthy ? 'up' : 'down'}${entry.status === null ? '' : ` ${entry.status}`}`;
}

function errorCell(entry: HealthEntry): string {
  if (entry.code === null) return '-';
  return entry.retryAfterMs === null ? entry.code : `${entry.code}, Retry-After ${Math.round(entry.retryAfterMs / 1000)} s`;
}
