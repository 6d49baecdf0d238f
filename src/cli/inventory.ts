import { findEndpointTargets, findHardcodedEndpoints, type EndpointFinding, type EndpointOptions, type EndpointTarget } from '../analysis/endpoints';
import { exposedEnvName, type EnvAccessChoice } from '../analysis/env-access';
import { resolveEnvName } from '../analysis/env-name';
import { DEFAULT_FAILURE_OPTIONS, FailureFlow } from '../analysis/failure-flow';
import { parseForAnalysis } from '../rewrite/parse';
import { indexRequests } from '../analysis/requests';
import { retryCoverage, type RetryCoverage } from '../analysis/retry-coverage';
import type { SafeRequestsSettings } from '../analysis/settings';
import { redactUrlForDisplay } from '../analysis/url';
import { envAccessIn, runtimeEnvironment } from '../analysis/runtime-environment';
import { startOf } from '../analysis/positions';
import type { Node } from '../analysis/ast';

/**
 * The inventory behind `safe-requests list`: every request of a file with the same answers the
 * rules and transforms get (handled? retried? hardcoded endpoint and its variable), plus the
 * endpoints that reach something other than a request (`new WebSocket`, `axios.create`).
 */

export interface InventoryRow {
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly kind: 'request' | 'endpoint';
  /** The client (`axios`, `fetch`), or for an endpoint row the sink (`new WebSocket`). */
  readonly client: string;
  readonly method: string | null;
  /** The URL expression as written, secrets redacted, shortened. */
  readonly url: string | null;
  /** null for endpoint rows. */
  readonly handled: boolean | null;
  /** Why the failure is not handled (`floating`, `topLevelAwait`, …, see failure-flow.ts). */
  readonly unhandledReason: string | null;
  readonly retried: boolean | null;
  /** What retries it (`wrapper`, `library-default`, …), or why not (`disabled-by-option`, `method-not-retried:POST`). */
  readonly retry: string | null;
  /** The hardcoded endpoint text env-endpoints would move (redacted), or null. */
  readonly endpoint: string | null;
  /** The variable it would move to; null for endpoints carrying a secret or in a file that may read none (left for manual review). */
  readonly envName: string | null;
  /** Where it sends requests: the variable its URL reads and the origin written in the code (`safe-requests health` probes these). */
  readonly targets: readonly RowTarget[];
}

export interface RowTarget {
  readonly variable: string | null;
  /** `scheme://host[:port]`, no userinfo. */
  readonly origin: string | null;
}

export interface InventoryInput {
  readonly text: string;
  readonly filePath: string;
  readonly settings: SafeRequestsSettings;
  readonly finder: EndpointOptions;
  /** env-endpoints' `envAccess`: the prefix the shown names get. */
  readonly envAccess: EnvAccessChoice;
  /** The run's name table (see resolveEnvName); a URL it does not resolve shows its own proposal. */
  readonly envNames?: Readonly<Record<string, string>>;
}

const MAX_URL_TEXT = 80;

/** Rows in source order. Throws SourceParseError for an unparsable file. */
export function inventoryFile(input: InventoryInput): InventoryRow[] {
  const { text, filePath, settings } = input;
  const { ast, scopeManager } = parseForAnalysis(text, filePath);
  const fileInput = { ast, scopeManager, settings, text, filePath };
  const index = indexRequests(fileInput);
  const findings = findHardcodedEndpoints(fileInput, input.finder);
  const access = envAccessIn(runtimeEnvironment({ program: ast, globalScope: scopeManager.globalScope, text, filePath }), input.envAccess);
  const table = input.envNames && new Map(Object.entries(input.envNames));
  const envName = (finding: EndpointFinding): string | null =>
    finding.secret || access === undefined ? null : exposedEnvName(access, (table && resolveEnvName(table, finding.replacedText)?.name) ?? finding.proposedEnvName);

  const findingBySink = new Map<unknown, EndpointFinding>();
  for (const finding of findings) if (!findingBySink.has(finding.sink)) findingBySink.set(finding.sink, finding);
  const targets = findEndpointTargets(fileInput);
  const targetsOf = (keep: (target: EndpointTarget) => boolean): RowTarget[] => targets.filter(keep).map(rowTarget);

  const flow = new FailureFlow(index, DEFAULT_FAILURE_OPTIONS);
  const rows: InventoryRow[] = index.requests.map((request) => {
    const failure = flow.outcome(request);
    const coverage = retryCoverage(request, index);
    const finding = findingBySink.get(request.node);
    return {
      ...position(request.node),
      kind: 'request',
      client: request.label,
      method: request.method ?? null,
      url: request.url ? shorten(redactUrlForDisplay(text.slice(...request.url.range))) : null,
      handled: failure.handled,
      unhandledReason: failure.handled ? null : failure.reason,
      retried: coverage.covered,
      retry: describeCoverage(coverage),
      endpoint: finding ? redactUrlForDisplay(finding.replacedText) : null,
      envName: finding ? envName(finding) : null,
      targets: targetsOf((target) => target.sink === request.node),
    };
  });
  for (const finding of findings) {
    if (index.byNode.has(finding.sink)) continue;
    rows.push({
      ...position(finding.node),
      kind: 'endpoint',
      client: finding.sinkLabel,
      method: null,
      url: shorten(redactUrlForDisplay(text.slice(...finding.node.range))),
      handled: null,
      unhandledReason: null,
      retried: null,
      retry: null,
      endpoint: redactUrlForDisplay(finding.replacedText),
      envName: envName(finding),
      targets: targetsOf((target) => target.literal === finding.node),
    });
  }
  rows.push(...unlistedEndpointRows(targets, index.byNode, new Set(findings.map((finding) => finding.node)), text));
  return rows.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Endpoints of client configs and sockets that no finding lists (read from the environment, or
 * loopback), one row per URL expression, so that health sees them as well.
 */
function unlistedEndpointRows(targets: readonly EndpointTarget[], requests: ReadonlyMap<unknown, unknown>, listed: ReadonlySet<unknown>, text: string): InventoryRow[] {
  const byExpression = new Map<EndpointTarget['expression'], EndpointTarget[]>();
  for (const target of targets) {
    if (requests.has(target.sink) || (target.literal !== null && listed.has(target.literal))) continue;
    byExpression.set(target.expression, [...(byExpression.get(target.expression) ?? []), target]);
  }
  return [...byExpression].map(([expression, own]) => ({
    ...position(expression),
    kind: 'endpoint',
    client: own[0]!.sinkLabel,
    method: null,
    url: shorten(redactUrlForDisplay(text.slice(...expression.range))),
    handled: null,
    unhandledReason: null,
    retried: null,
    retry: null,
    endpoint: null,
    envName: null,
    targets: own.map(rowTarget),
  }));
}

function rowTarget(target: EndpointTarget): RowTarget {
  return { variable: target.variable, origin: target.origin };
}

function position(node: Node): { line: number; column: number } {
  const start = startOf(node);
  return { line: start.line, column: start.column + 1 };
}

function describeCoverage(coverage: RetryCoverage): string | null {
  if (coverage.covered) return coverage.by;
  if (coverage.disabledByOption) return 'disabled-by-option';
  return coverage.unretriedMethod === undefined ? null : `method-not-retried:${coverage.unretriedMethod}`;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= MAX_URL_TEXT ? oneLine : `${oneLine.slice(0, MAX_URL_TEXT - 1)}…`;
}
