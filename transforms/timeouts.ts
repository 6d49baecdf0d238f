import { indexRequests } from '../src/analysis/requests';
import { readSettings, type SafeRequestsSettings } from '../src/analysis/settings';
import { runtimeEnvironment } from '../src/analysis/runtime-environment';
import { DEFAULT_TIMEOUT_MS, ownBackendOperationReview, streamedResponseReview, timeoutRefusal, timeoutStatus } from '../src/analysis/timeout-policy';
import { howToTimeout, timeoutEdit } from '../src/fixes/timeout-snippets';
import { toJscodeshiftTransform } from '../src/rewrite/jscodeshift-adapter';
import { assertParses, parseForAnalysis } from '../src/rewrite/parse';
import { mayMentionClient } from '../src/analysis/clients';
import { applyTextEdits } from '../src/rewrite/text-edits';
import { manualReviewAt, UNCHANGED, type CodeTransform, type ManualReviewItem, type TransformOptions, type TransformOutcome } from '../src/rewrite/transform-api';
import { OptionReader } from '../src/rewrite/transform-options';
import { UnsafeOutputError, verifyTransformOutput } from '../src/rewrite/verify-output';
import type { TextEdit } from '../src/fixes/source-text';
import type { CodeStyle } from '../src/fixes/code-style';
import { fileCodeStyle } from '../src/rewrite/project-style';

/**
 * timeouts: every request `require-timeout` reports (as `configs.recommended` sets it) gets the
 * rule's own suggestion as an edit, in the call's own arguments. Inside a `withRetry` closure that
 * is evaluated per attempt, so each attempt gets its own timeout, whichever of this transform and
 * retry-requests runs first. Requests whose options cannot be read are not reported by the rule
 * and are left alone (a spread init may carry the caller's signal). A published library and a
 * classic script get none (timeoutRefusal): their requests are listed for manual review.
 */

export interface TimeoutsOptions {
  readonly timeoutMs: number;
  readonly settings: SafeRequestsSettings;
}

const OPTION_NAMES = ['timeoutMs', 'settings'] as const;
// Ten minutes, as retry-requests' budget: a longer limit is no limit for a caller.
const MAX_TIMEOUT_MS = 600_000;

export function readTimeoutsOptions(options: TransformOptions = {}): TimeoutsOptions {
  const reader = new OptionReader('timeouts', options, OPTION_NAMES);
  return {
    timeoutMs: reader.integer('timeoutMs', 1, MAX_TIMEOUT_MS) ?? DEFAULT_TIMEOUT_MS,
    settings: reader.custom('settings', readSettings),
  };
}

function run(source: string, filePath: string, rawOptions?: TransformOptions): TransformOutcome {
  const options = readTimeoutsOptions(rawOptions);
  // No client named: no request to index (indexRequests' own pre-check), so only the parse's verdict on the text counts.
  if (!mayMentionClient(source, options.settings.clients)) {
    assertParses(source, filePath);
    return UNCHANGED;
  }
  const { ast, scopeManager } = parseForAnalysis(source, filePath);
  const index = indexRequests({ ast, scopeManager, settings: options.settings, text: source, filePath });
  const edits: TextEdit[] = [];
  const manualReview: ManualReviewItem[] = [];
  let style: CodeStyle | undefined;
  const refusal = index.requests.length > 0 ? timeoutRefusal(runtimeEnvironment({ program: ast, globalScope: index.globalScope, text: source, filePath })) : undefined;
  for (const request of index.requests) {
    if (request.client === 'custom') continue;
    const status = timeoutStatus(request, index);
    if (status.ok || status.reason === 'opaque') continue;
    if (refusal) {
      manualReview.push(manualReviewAt(request.node, refusal.reason, refusal.message));
      continue;
    }
    const left = streamedResponseReview(request, index) ?? ownBackendOperationReview(request);
    if (left) {
      manualReview.push(manualReviewAt(request.node, left.reason, left.message));
      continue;
    }
    const edit = timeoutEdit(source, request, status, options.timeoutMs, index.globalScope, (style ??= fileCodeStyle(source, ast, filePath)));
    if (edit) edits.push({ start: edit.range[0], end: edit.range[1], text: edit.text });
    else manualReview.push(manualReviewAt(request.node, 'timeout-by-hand', `No timeout was added to this ${request.label} request; ${howToTimeout(request.client)}.`));
  }
  if (edits.length === 0) return { ...UNCHANGED, manualReview };
  const output = applyTextEdits(source, edits);
  const verdict = verifyTransformOutput(source, output, filePath);
  if (!verdict.ok) throw new UnsafeOutputError(filePath, verdict.reason);
  return { output, changes: edits.length, envVariables: [], manualReview };
}

export const timeouts: CodeTransform = { name: 'timeouts', run };

export default toJscodeshiftTransform(timeouts);
