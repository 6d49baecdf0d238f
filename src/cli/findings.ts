import type { TransformName } from '../rewrite/transform-api';
import { compareText } from '../analysis/compare-text';
import type { CodemodReport } from './report';

/**
 * The code-scanning view of a check or fix report, shared by the SARIF and GitHub formats: one
 * finding per rewritten region or introduced variable, per item left for manual review, and per
 * file that could not be processed.
 */

export type FindingRule = TransformName | 'manual-review' | 'file-not-processed';

export interface Finding {
  readonly rule: FindingRule;
  readonly level: 'error' | 'warning' | 'note';
  /** Relative to the work tree's top (what GitHub resolves), `/` separators. */
  readonly path: string;
  readonly startLine: number | undefined;
  readonly endLine: number | undefined;
  readonly column: number | undefined;
  readonly message: string;
}

export const RULE_DESCRIPTIONS: Readonly<Record<FindingRule, string>> = {
  'env-endpoints': 'Hardcoded endpoint: read the URL from an environment variable, with the original as the default.',
  timeouts: 'Request without a timeout: give it one, created per attempt inside any retry.',
  'retry-requests': 'Request without error handling or retry: log the failure and retry with capped, jittered backoff.',
  'manual-review': 'Left alone by the codemod on purpose; a human should decide.',
  'file-not-processed': 'The file could not be processed (parse error, crash, or output that failed verification).',
};

/** Each rewritten region's finding, as (what was wrong, what fix does); env-endpoints reports its variables instead. */
const STEP_MESSAGES: Partial<Record<TransformName, readonly [string, string]>> = {
  timeouts: ['Request without a timeout', 'give it one'],
  'retry-requests': ['Request without error handling or retry', 'wrap it in withRetry and log its failures'],
};

export function findingsOf(report: CodemodReport, toRepoPath: (path: string) => string): Finding[] {
  const fixHint = report.command === 'check' || report.dryRun ? '`safe-requests fix` would' : 'safe-requests';
  const findings: Finding[] = [];
  for (const variable of report.envVariables) {
    findings.push({
      rule: 'env-endpoints',
      level: 'warning',
      path: toRepoPath(variable.path),
      startLine: variable.line,
      endLine: undefined,
      column: undefined,
      message: `Hardcoded endpoint ${variable.defaultValue}: ${fixHint} read it from ${variable.name} (the URL stays the default).`,
    });
  }
  for (const file of report.files) {
    const path = toRepoPath(file.path);
    if (file.status === 'changed') {
      for (const step of file.transforms) {
        const message = STEP_MESSAGES[step.name];
        if (!message) continue;
        for (const range of step.ranges) {
          findings.push({
            rule: step.name,
            level: 'warning',
            path,
            startLine: range.startLine,
            endLine: range.endLine,
            column: undefined,
            message: `${message[0]}: ${fixHint} ${message[1]}.`,
          });
        }
      }
    } else if (file.status === 'failed' || file.reason === 'parse-error') {
      findings.push({
        rule: 'file-not-processed',
        level: file.status === 'failed' ? 'error' : 'note',
        path,
        startLine: file.line ?? undefined,
        endLine: undefined,
        column: file.column ?? undefined,
        message: `Not processed (${file.reason}): ${(file.message ?? '').split('\n')[0]}`,
      });
    }
  }
  for (const item of report.manualReview) {
    findings.push({
      rule: 'manual-review',
      level: 'note',
      path: toRepoPath(item.path),
      startLine: item.line,
      endLine: undefined,
      column: item.column,
      message: `${item.message} (${item.transform}: ${item.reason})`,
    });
  }
  return findings.sort(
    (a, b) => compareText(a.path, b.path) || (a.startLine ?? 0) - (b.startLine ?? 0) || compareText(a.rule, b.rule) || compareText(a.message, b.message),
  );
}
