import { findingsOf, type Finding } from './findings';
import type { CodemodReport } from './report';

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request's files. */

const COMMANDS = { error: 'error', warning: 'warning', note: 'notice' } as const;

export function formatGithubAnnotations(report: CodemodReport, toRepoPath: (path: string) => string): string {
  return findingsOf(report, toRepoPath).map(annotation).join('');
}

function annotation(finding: Finding): string {
  const properties = [`file=${escapeProperty(finding.path)}`];
  if (finding.startLine !== undefined) properties.push(`line=${finding.startLine}`);
  if (finding.endLine !== undefined && finding.endLine !== finding.startLine) properties.push(`endLine=${finding.endLine}`);
  if (finding.column !== undefined) properties.push(`col=${finding.column}`);
  properties.push(`title=${escapeProperty(`safe-requests ${finding.rule}`)}`);
  return `::${COMMANDS[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
}

// The escaping of @actions/core's command.ts.
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
