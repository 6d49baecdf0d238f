import { DOCS_ROOT_URL, REPOSITORY_URL } from '../package-info';
import { findingsOf, RULE_DESCRIPTIONS, type Finding, type FindingRule } from './findings';
import type { CodemodReport } from './report';

/** SARIF 2.1.0 for code scanning (`github/codeql-action/upload-sarif`). */

const RULES = Object.keys(RULE_DESCRIPTIONS) as FindingRule[];
const HELP_PAGES: Partial<Record<FindingRule, string>> = {
  'env-endpoints': `${DOCS_ROOT_URL}/transforms/env-endpoints.md`,
  timeouts: `${DOCS_ROOT_URL}/transforms/timeouts.md`,
  'retry-requests': `${DOCS_ROOT_URL}/transforms/retry-requests.md`,
  'manual-review': `${DOCS_ROOT_URL}/cli.md`,
  'file-not-processed': `${DOCS_ROOT_URL}/cli.md`,
};

export function formatSarif(report: CodemodReport, toRepoPath: (path: string) => string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'safe-requests',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules: RULES.map((id) => ({
              id,
              shortDescription: { text: RULE_DESCRIPTIONS[id] },
              helpUri: HELP_PAGES[id],
              defaultConfiguration: { level: id === 'manual-review' ? 'note' : id === 'file-not-processed' ? 'error' : 'warning' },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findingsOf(report, toRepoPath).map(toResult),
        invocations: [{ executionSuccessful: report.summary.filesFailed === 0, exitCode: report.exitCode }],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function toResult(finding: Finding) {
  const region =
    finding.startLine === undefined
      ? undefined
      : {
          startLine: finding.startLine,
          ...(finding.endLine !== undefined && finding.endLine !== finding.startLine ? { endLine: finding.endLine } : {}),
          ...(finding.column !== undefined ? { startColumn: finding.column } : {}),
        };
  return {
    ruleId: finding.rule,
    ruleIndex: RULES.indexOf(finding.rule),
    level: finding.level,
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(finding.path), uriBaseId: '%SRCROOT%' }, ...(region ? { region } : {}) } }],
  };
}
