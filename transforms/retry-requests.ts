import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type Node, type Scope } from '../src/analysis/ast';
import { errorFixTarget, preferCatch, tryRefusalMessage, type ErrorFix, type FixSite } from '../src/fixes/error-fix';
import { runsInBrowser } from '../src/analysis/boundaries';
import { afterLog, endingCatchHandler, endingCatchLines } from '../src/fixes/failure-endings';
import { FailureFlow, type FailureOptions, type Unhandled } from '../src/analysis/failure-flow';
import { isTypeScriptFile } from '../src/analysis/file-kinds';
import { appendCatchText, awaitTryCatchEdit, endsFunction, tryCatchCovers, tryReindents } from '../src/fixes/fix-snippets';
import {
  CTS_NAMESPACE,
  existingHelper,
  helperFlavour,
  helperImportEdit,
  helperPathFor,
  helperPathFromSpecifier,
  helperSpecifier,
  INLINE_HELPER_NAMES,
  takenNames,
  type ExistingHelper,
  type HelperExport,
} from '../src/rewrite/helper-import';
import { toJscodeshiftTransform } from '../src/rewrite/jscodeshift-adapter';
import { assertParses, parseForAnalysis, SourceParseError, type ParsedFile } from '../src/rewrite/parse';
import { mayMentionClient } from '../src/analysis/clients';
import { indexRequests, type RequestCall, type RequestIndex } from '../src/analysis/requests';
import { commonContext, contextAt, logContextText, requestContext, retryOptionsText, type RequestContext } from '../src/rewrite/retry-context';
import { retryDecision } from '../src/rewrite/retry-decision';
import { helperRefusal, runtimeEnvironment } from '../src/analysis/runtime-environment';
import { readSettings, type SafeRequestsSettings } from '../src/analysis/settings';
import { applyTextEdits } from '../src/rewrite/text-edits';
import { detectEol, freeName, indentationOfLine, type TextEdit } from '../src/fixes/source-text';
import type { CodeStyle } from '../src/fixes/code-style';
import { fileCodeStyle } from '../src/rewrite/project-style';
import { statementOf } from '../src/analysis/try-region';
import { manualReviewAt, UNCHANGED, type CodeTransform, type HelperRequest, type ManualReviewItem, type TransformOptions, type TransformOutcome } from '../src/rewrite/transform-api';
import { narrowedCaptureEdits } from '../src/rewrite/narrowed-captures';
import { OptionReader } from '../src/rewrite/transform-options';
import { verifyTransformOutput } from '../src/rewrite/verify-output';
import { startOf } from '../src/analysis/positions';

/**
 * retry-requests: every request gets a retry at the expression (`withRetry(() => fetch(u), …)`)
 * and the error handling `require-error-handling` asks for with `propagation: 'report'`
 * (try/catch that logs and rethrows, `.catch()` that logs, `return await`). The analyses are the
 * rules' own; this file only decides which edit each finding gets.
 *
 * Edits that would overlap (a request inside another one's try block, a retry wrap inside a
 * region being re-indented) are made in rounds: each round re-parses and re-analyses the text,
 * so a second run of the transform is exactly the "nothing left to do" round. A round that held
 * nothing back and rethrew nothing to an unhandled place is the last without a re-analysis (see
 * RoundPlan.last).
 */

export interface RetryRequestsOptions {
  readonly helper: 'file' | 'inline';
  /** Attempts passed to every withRetry call; unset, the helper's default (3, or SAFE_REQUESTS_ATTEMPTS). */
  readonly attempts: number | undefined;
  /** How long refused connections are retried, passed to every withRetry call; unset, the helper's default (20 s, or SAFE_REQUESTS_BUDGET_MS). */
  readonly budgetMs: number | undefined;
  /** `settings['safe-requests']`: the team's own clients and retry wrappers, as the rules see them. */
  readonly settings: SafeRequestsSettings;
}

const OPTION_NAMES = ['helper', 'attempts', 'budgetMs', 'settings'] as const;
const MAX_ATTEMPTS = 10;
// Ten minutes: past that, a caller's own timeout has long fired.
const MAX_BUDGET_MS = 600_000;
// Nesting depth of try blocks plus the retry round; real files need two or three.
const MAX_ROUNDS = 16;
const REPORT: FailureOptions = { propagation: 'report', exportedFunctions: 'allow' };

export function readRetryRequestsOptions(options: TransformOptions = {}): RetryRequestsOptions {
  const reader = new OptionReader('retry-requests', options, OPTION_NAMES);
  return {
    helper: reader.oneOf('helper', ['file', 'inline'], 'file'),
    attempts: reader.integer('attempts', 1, MAX_ATTEMPTS),
    budgetMs: reader.integer('budgetMs', 0, MAX_BUDGET_MS),
    settings: reader.custom('settings', readSettings),
  };
}

function run(source: string, filePath: string, rawOptions?: TransformOptions): TransformOutcome {
  const options = readRetryRequestsOptions(rawOptions);
  // No client named: no request to index (indexRequests' own pre-check), so only the parse's verdict on the text counts.
  if (!mayMentionClient(source, options.settings.clients)) {
    assertParses(source, filePath);
    return UNCHANGED;
  }
  const parsed = parseForAnalysis(source, filePath);
  // From the original, so later rounds do not infer it from what earlier ones wrote; only for a file with something to rewrite.
  let style: CodeStyle | undefined;
  const styleOf = () => (style ??= fileCodeStyle(source, parsed.ast, filePath));
  const first = planRound(parsed, source, filePath, options, styleOf);
  let text = source;
  for (let plan = first, round = 1; plan.edits.length > 0; round++) {
    if (round > MAX_ROUNDS) throw new Error(`retry-requests: ${filePath}: the rewrite did not settle after ${MAX_ROUNDS} rounds`);
    text = applyTextEdits(text, plan.edits);
    if (plan.last) break;
    plan = planRound(reparse(text, filePath), text, filePath, options, styleOf);
  }
  if (text === source) return { ...UNCHANGED, manualReview: first.manualReview };
  const verdict = verifyTransformOutput(source, text, filePath);
  if (!verdict.ok) throw new Error(`retry-requests: ${filePath}: output refused: ${verdict.reason}`);
  return { output: text, changes: first.changes, envVariables: [], manualReview: first.manualReview, helper: first.helper };
}

function reparse(text: string, filePath: string): ParsedFile {
  try {
    return parseForAnalysis(text, filePath);
  } catch (error) {
    if (!(error instanceof SourceParseError)) throw error;
    throw new Error(`retry-requests: ${filePath}: an intermediate rewrite does not parse: ${error.message}`, { cause: error });
  }
}

interface RoundPlan {
  readonly edits: readonly TextEdit[];
  /**
   * The text these edits give has nothing left for another round, so it is not analysed again:
   * no error edit waits behind the retry wraps or an overlapping edit, and no catch rethrows to a
   * place left unhandled (a rethrow is the one ending that hands the failure on, to callers a
   * further round fixes).
   */
  readonly last?: boolean;
  /** Requests this run rewrites (counted on the original text). */
  readonly changes: number;
  readonly manualReview: readonly ManualReviewItem[];
  readonly helper?: HelperRequest;
}

/** One edit for one or more requests whose failure ends at the same place. */
interface PlannedFix extends ErrorFix {
  readonly requests: RequestCall[];
  readonly contexts: RequestContext[];
  /** A request's failure, rethrown by this fix, reaches a place a further round must fix. */
  passesOn: boolean;
}

class Planner {
  readonly review: ManualReviewItem[] = [];
  private readonly scope: Scope;
  private readonly existing: ExistingHelper | undefined;
  private readonly names: Record<HelperExport, string>;
  private readonly flow: FailureFlow;
  private readonly site: FixSite;
  /** Requests whose failure is thrown at an await that no try/catch covers yet, by that await. */
  private readonly uncaught: Array<{ readonly at: Node; readonly context: RequestContext }> = [];

  constructor(
    private readonly parsed: ParsedFile,
    private readonly index: RequestIndex,
    private readonly text: string,
    private readonly filePath: string,
    private readonly options: RetryRequestsOptions,
    /** The file is a published library's source: its inline copy writes no console lines. */
    private readonly library: boolean,
    private readonly style: CodeStyle,
  ) {
    this.scope = index.globalScope;
    this.existing = existingHelper(parsed.ast, text);
    this.flow = new FailureFlow(index, REPORT);
    this.names = {
      withRetry: this.existing?.locals.get('withRetry') ?? 'withRetry',
      logRequestFailure: this.existing?.locals.get('logRequestFailure') ?? 'logRequestFailure',
    };
    const browser = runsInBrowser(parsed.ast, this.scope, filePath);
    this.site = { flow: this.flow, scope: this.scope, browser, logName: this.names.logRequestFailure };
  }

  plan(): RoundPlan {
    const wraps: TextEdit[] = [];
    const fixes = new Map<string, PlannedFix>();
    const changed = new Set<RequestCall>();
    for (const request of this.index.requests) {
      const retry = retryDecision(request, this.index, this.existing);
      const context = requestContext(request, this.text, this.scope, retry.kind === 'wrap' || (retry.kind === 'keep' && retry.byHelper === true));
      if (retry.kind === 'wrap') {
        wraps.push(...this.wrapEdits(retry.expression, context));
        changed.add(request);
      } else if (retry.kind === 'review') {
        this.addReview(request.node, retry.reason, retry.message);
        if (retry.callbackApi) continue;
      }
      const outcome = this.flow.outcome(request);
      if (outcome.handled) continue;
      if (outcome.reason === 'uncaughtAwait' || outcome.reason === 'topLevelAwait') this.uncaught.push({ at: outcome.at, context });
      this.addErrorFix(fixes, request, context, outcome);
    }
    const needed = new Set<HelperExport>();
    if (wraps.length > 0) needed.add('withRetry');
    const errorEdits: TextEdit[] = [];
    let passesOn = false;
    for (const fix of fixes.values()) {
      const edits = this.errorEdits(fix);
      if (edits.length === 0) continue;
      errorEdits.push(...edits);
      passesOn ||= fix.passesOn;
      if (fix.kind !== 'await' && fix.kind !== 'unthrow' && !fix.ofCall) needed.add('logRequestFailure');
      for (const request of fix.requests) changed.add(request);
    }
    const helper = this.helperPlan(needed);
    if (helper === 'refused') return { edits: [], changes: 0, manualReview: this.review };
    // Retry wraps first: the try/catch edits re-indent whole regions, so they come a round later.
    const edits = wraps.length > 0 ? wraps : nonOverlapping(errorEdits);
    const last = !passesOn && (wraps.length > 0 ? errorEdits.length === 0 : edits.length === errorEdits.length);
    // First, so that at the same offset (a request on the first line) the import comes before the rewrite.
    if (edits.length > 0 && helper.edit) edits.unshift(helper.edit);
    return { edits, last, changes: changed.size, manualReview: this.review, helper: helper.request };
  }

  /** `withRetry((attempt) => fetch(attempt.url(u), init), { method })`: the URL passes through the attempt once. */
  private wrapEdits(expression: Node, context: RequestContext): TextEdit[] {
    const options = retryOptionsText(context, this.style.quote, this.options);
    const url = context.tracked;
    const attempt = url && freeName(this.text.slice(expression.range[0], expression.range[1]), 'attempt');
    const tracking = url && attempt ? [
      { start: url.range[0], end: url.range[0], text: `${attempt}.url(` },
      { start: url.range[1], end: url.range[1], text: ')' },
    ] : [];
    return [
      // Before the wrap's own text: the capture goes in front of the statement, which may start with the request.
      ...(isTypeScriptFile(this.filePath) ? narrowedCaptureEdits(expression, this.scope, this.text, this.style) : []),
      { start: expression.range[0], end: expression.range[0], text: `${this.names.withRetry}((${attempt ?? ''}) => ` },
      ...tracking,
      { start: expression.range[1], end: expression.range[1], text: options ? `, ${options})` : ')' },
    ];
  }

  private addErrorFix(fixes: Map<string, PlannedFix>, request: RequestCall, context: RequestContext, outcome: Unhandled): void {
    const found = errorFixTarget(outcome, this.site);
    if ('reason' in found) {
      this.addReview(request.node, found.reason, found.message);
      return;
    }
    const target = preferCatch(found, found.kind === 'try' && tryReindents(this.text, this.scope, found.node, isTypeScriptFile(this.filePath)));
    // Requests whose failures end in the same statement or expression share one edit.
    const anchor = target.kind === 'try' ? statementOf(target.node)! : target.node;
    const key = `${target.kind}:${target.ending.kind}:${target.ofCall}:${anchor.range[0]}:${anchor.range[1]}`;
    const fix = fixes.get(key) ?? { ...target, requests: [], contexts: [], passesOn: false };
    fix.passesOn ||= target.ending.kind === 'rethrow' && this.flow.afterRethrow(outcome)?.handled !== true;
    fix.requests.push(request);
    fix.contexts.push(context);
    fixes.set(key, fix);
  }

  private errorEdits(fix: PlannedFix): TextEdit[] {
    const typed = isTypeScriptFile(this.filePath);
    const covered = fix.kind === 'try' ? tryCatchCovers(this.scope, fix.node, typed) : undefined;
    const contexts = covered ? this.caughtBy(covered, fix.node) : fix.contexts;
    // A try block's catch cannot see bindings declared in the statements it wraps.
    const site = covered ? statementOf(fix.node)! : fix.node;
    const context = logContextText(contextAt(commonContext(contexts), site, this.scope, covered?.[0]), this.style.quote);
    // A catch around a call sees whatever the call throws, not only the request's failure: it logs it as it is.
    const log = fix.ofCall ? 'console.error(error)' : `${this.names.logRequestFailure}(error${context ? `, ${context}` : ''})`;
    const next = fix.addNextAfter ? [{ start: fix.addNextAfter.range[1], end: fix.addNextAfter.range[1], text: ', next' }] : [];
    switch (fix.kind) {
      case 'await':
        return [{ start: fix.node.range[0], end: fix.node.range[0], text: 'await ' }];
      case 'catch':
        return [replaceNode(fix.node, appendCatchText(this.text, fix.node, endingCatchHandler(log, fix.ending, this.style), this.style.printWidth)), ...next];
      case 'unthrow': {
        // An earlier run's `throw error;` becomes the ending; its log line stays.
        const block = fix.node.parent as TSESTree.BlockStatement;
        const tryStatement = block.parent!.parent!;
        const lines = afterLog(fix.ending, endsFunction(tryStatement), this.style);
        const indent = `${detectEol(this.text)}${indentationOfLine(this.text, fix.node.range[0])}`;
        const previous = block.body[block.body.indexOf(fix.node as TSESTree.Statement) - 1]!;
        return [{ start: previous.range[1], end: fix.node.range[1], text: lines.map((line) => indent + line).join('') }, ...next];
      }
      case 'try': {
        const edit = awaitTryCatchEdit(this.text, this.scope, fix.node, endingCatchLines(log, fix.ending, this.style), typed, this.style);
        if (typeof edit !== 'string') return [{ start: edit.range[0], end: edit.range[1], text: edit.text }, ...next];
        for (const request of fix.requests) this.addReview(request.node, 'try-would-move-declarations', tryRefusalMessage(edit));
        return [];
      }
    }
  }

  /**
   * Every request whose failure the try block covering `covered` would catch: when the block
   * reaches to the end of the enclosing block, later awaited requests of the same function are
   * caught too, and the log must not name only the first one's endpoint.
   */
  private caughtBy(covered: readonly [number, number], awaitNode: Node): RequestContext[] {
    const fn = enclosingFunction(awaitNode);
    return this.uncaught
      .filter(({ at }) => at.range[0] >= covered[0] && at.range[1] <= covered[1] && enclosingFunction(at) === fn)
      .map(({ context }) => context);
  }

  /** The import (or inline copy) this round needs; 'refused' when the names are taken in this file. */
  private helperPlan(needed: ReadonlySet<HelperExport>): { edit?: TextEdit; request?: HelperRequest } | 'refused' {
    if (needed.size === 0) return {};
    const { ast, scopeManager, parserUsed } = this.parsed;
    const inline = this.existing?.kind === 'inline' || (!this.existing && this.options.helper === 'inline');
    const missing = [...needed].filter((name) => !this.existing?.locals.has(name));
    const flavour = helperFlavour(this.filePath, ast, this.index.globalScope, parserUsed);
    // A CommonJS TypeScript file binds the helper module itself too.
    const wanted = this.existing ? missing : inline ? INLINE_HELPER_NAMES : flavour === 'cts' ? [...missing, CTS_NAMESPACE] : missing;
    const taken = takenNames(scopeManager, wanted, this.existing);
    if (taken.length > 0) {
      const first = this.index.requests[0]!;
      this.addReview(
        first.node,
        'helper-name-taken',
        `This file already uses the name${taken.length > 1 ? 's' : ''} ${taken.map((name) => `'${name}'`).join(', ')}, which the retry helper needs; nothing was changed.`,
      );
      return 'refused';
    }
    const redact = this.options.settings.redact ?? [];
    const existingSpecifier =
      this.existing?.kind === 'import' ? this.existing.node.source.value : this.existing?.kind === 'require' ? this.existing.specifier : undefined;
    const helperPath = inline
      ? undefined
      : existingSpecifier !== undefined
        ? helperPathFromSpecifier(this.filePath, existingSpecifier, flavour)
        : helperPathFor(this.filePath, flavour);
    const edit = helperImportEdit({
      text: this.text,
      ast,
      flavour,
      mode: inline ? 'inline' : 'file',
      specifier: helperPath ? helperSpecifier(this.filePath, helperPath, flavour, ast) : '',
      existing: this.existing,
      needed,
      quote: this.style.quote,
      semi: this.style.semi,
      render: { redact, audience: this.library ? 'library' : 'application' },
    });
    return { edit, request: helperPath ? { flavour, helperPath, ...(redact.length > 0 ? { redact } : {}) } : undefined };
  }

  private addReview(node: Node, reason: string, message: string): void {
    const { line, column } = startOf(node);
    if (this.review.some((item) => item.line === line && item.column === column + 1 && item.reason === reason)) return;
    this.review.push({ line, column: column + 1, reason, message });
  }
}

function planRound(parsed: ParsedFile, text: string, filePath: string, options: RetryRequestsOptions, style: () => CodeStyle): RoundPlan {
  const index = indexRequests({ ast: parsed.ast, scopeManager: parsed.scopeManager, settings: options.settings, text, filePath });
  if (index.requests.length === 0) return { edits: [], changes: 0, manualReview: [] };
  // Where the file runs the helper cannot come in (a classic script; a published library without helper: 'inline').
  const environment = runtimeEnvironment({ program: parsed.ast, globalScope: index.globalScope, text, filePath });
  const refusal = helperRefusal(environment, options.helper);
  if (refusal) return { edits: [], changes: 0, manualReview: index.requests.map((request) => manualReviewAt(request.node, refusal.reason, refusal.message)) };
  return new Planner(parsed, index, text, filePath, options, environment.kind === 'library', style()).plan();
}

function replaceNode(node: Node, text: string): TextEdit {
  return { start: node.range[0], end: node.range[1], text };
}

/** Keeps the outermost of overlapping edits; the rest wait for the next round. */
function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
  const ordered = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TextEdit[] = [];
  for (const edit of ordered) {
    if (!kept.some((other) => overlaps(other, edit))) kept.push(edit);
  }
  return kept;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return false;
  if (aInsert) return b.start < a.start && a.start < b.end;
  if (bInsert) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

export const retryRequests: CodeTransform = { name: 'retry-requests', run };

export default toJscodeshiftTransform(retryRequests);
