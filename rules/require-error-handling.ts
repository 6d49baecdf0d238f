import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import type { FunctionNode } from '../src/analysis/ast';
import { FailureFlow, type FailureOptions, type Unhandled } from '../src/analysis/failure-flow';
import { indexRequests, type RequestCall } from '../src/analysis/requests';
import { isTypeScriptFile } from '../src/analysis/file-kinds';
import { runsInBrowser } from '../src/analysis/boundaries';
import { memberOf } from '../src/analysis/function-uses';
import { errorFixTarget, preferCatch, type FixSite } from '../src/fixes/error-fix';
import { endingCatchHandler, endingCatchLines } from '../src/fixes/failure-endings';
import { appendCatchText, awaitTryCatchEdit, consoleLogCall, errorListenerEdit, tryReindents } from '../src/fixes/fix-snippets';
import { inferCodeStyle, type CodeStyle } from '../src/fixes/code-style';
import { startOf } from '../src/analysis/positions';

type Options = [Partial<FailureOptions>];
type MessageIds =
  | 'floating'
  | 'void'
  | 'returnWithoutAwait'
  | 'topLevelAwait'
  | 'uncaughtAwait'
  | 'returned'
  | 'neverRead'
  | 'escapes'
  | 'rethrown'
  | 'noErrorListener'
  | 'errorIgnored'
  | 'suggestCatch'
  | 'suggestTryCatch'
  | 'suggestReturnAwait'
  | 'suggestErrorListener';

export default createRule<Options, MessageIds>({
  name: 'require-error-handling',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every HTTP request to handle a failed connection (try/catch, .catch(), or an error listener)',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          propagation: {
            type: 'string',
            enum: ['allow', 'intra-file', 'report'],
            description: 'What to do when a failure leaves the function that made the request.',
          },
          exportedFunctions: {
            type: 'string',
            enum: ['allow', 'report'],
            description: 'Whether exported functions may leave failures to their callers.',
          },
          libraryExports: {
            type: 'string',
            enum: ['allow', 'report'],
            description: "propagation 'report': whether a published library's exported functions and public methods may reject to their callers.",
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      floating:
        "Nothing handles this {{client}} request's failure: a refused connection becomes an unhandled rejection. Await it inside try/catch or add .catch().",
      void: "`void` discards this {{client}} request's failure: a refused connection becomes an unhandled rejection. Add .catch().",
      returnWithoutAwait:
        'This {{client}} request is returned without `await`, so the surrounding catch never sees its failure. Use `return await`.',
      topLevelAwait:
        'A refused connection stops this module from loading: this top-level await of a {{client}} request is outside try/catch.',
      uncaughtAwait: 'This {{client}} request is awaited outside try/catch, so its failure leaves the function unhandled.',
      returned: "This {{client}} request's failure is handed to the caller; handle it where the request is made.",
      neverRead: "The {{client}} request stored in '{{name}}' is never read, so nothing handles its failure.",
      escapes:
        "The failure of this {{client}} request leaves '{{fn}}', which is {{how}} (line {{line}}) where nothing handles it.",
      rethrown:
        "A catch rethrows the failure of this {{client}} request, and it leaves '{{fn}}', which is {{how}} (line {{line}}) where nothing handles it: end it there (log, and stop, call next(error) or set process.exitCode).",
      noErrorListener: "This {{client}} request has no 'error' listener: a refused connection {{consequence}}.",
      errorIgnored: 'The error argument of this .end() callback is never used, so a refused connection goes unnoticed.',
      suggestCatch: 'Add .catch() that logs the failure (and keeps a script\'s failing exit status).',
      suggestTryCatch: 'Wrap the statement in try/catch that logs the failure, then rethrows it or ends it where nothing else would.',
      suggestReturnAwait: 'Use `return await` so the catch sees the failure.',
      suggestErrorListener: "Add an 'error' listener that logs the failure.",
    },
  },
  defaultOptions: [{ propagation: 'intra-file', exportedFunctions: 'allow', libraryExports: 'allow' }],
  create(context, [options]) {
    const flowOptions: FailureOptions = {
      propagation: options.propagation ?? 'intra-file',
      exportedFunctions: options.exportedFunctions ?? 'allow',
      libraryExports: options.libraryExports ?? 'allow',
      askCallers: true,
    };
    return {
      'Program:exit'() {
        const index = indexRequests(fileInputFromContext(context));
        if (index.requests.length === 0) return;
        const flow = new FailureFlow(index, flowOptions);
        const site: FixSite = {
          flow,
          scope: index.globalScope,
          browser: runsInBrowser(context.sourceCode.ast, index.globalScope, context.filename),
          logName: 'console.error',
        };
        for (const request of index.requests) {
          const outcome = flow.outcome(request);
          if (!outcome.handled) report(context, site, request, outcome);
        }
      },
    };
  },
});

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  site: FixSite,
  request: RequestCall,
  outcome: Unhandled,
): void {
  const client = request.label;
  const node = request.node;
  switch (outcome.reason) {
    case 'floating':
    case 'void':
      context.report({ node, messageId: outcome.reason, data: { client }, suggest: suggestion(context, site, outcome) });
      return;
    case 'returnWithoutAwait':
      context.report({ node, messageId: 'returnWithoutAwait', data: { client }, suggest: suggestion(context, site, outcome) });
      return;
    case 'topLevelAwait':
    case 'uncaughtAwait':
      context.report({ node, messageId: outcome.reason, data: { client }, suggest: suggestion(context, site, outcome) });
      return;
    case 'returned':
      context.report({ node, messageId: 'returned', data: { client } });
      return;
    case 'neverRead':
      context.report({ node, messageId: 'neverRead', data: { client, name: outcome.at.name } });
      return;
    case 'escapes':
      context.report({
        node,
        messageId: outcome.rethrown ? 'rethrown' : 'escapes',
        data: { client, fn: functionName(outcome.fn), how: outcome.how, line: startOf(outcome.use).line },
      });
      return;
    case 'noErrorListener': {
      const edit = errorListenerEdit(context.sourceCode.text, request, styleOf(context));
      context.report({
        node,
        messageId: 'noErrorListener',
        data: {
          client,
          consequence: request.client === 'xhr' ? 'fails silently' : 'crashes the process',
        },
        suggest: edit
          ? [{ messageId: 'suggestErrorListener', fix: (fixer) => fixer.insertTextAfterRange(edit.range, edit.text) }]
          : [],
      });
      return;
    }
    case 'errorIgnored':
      context.report({ node, messageId: 'errorIgnored', data: { client } });
      return;
  }
}

/** The codemod's fix (fixes/error-fix.ts) with a console.error log: it ends the failure the same way. */
function suggestion(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  site: FixSite,
  outcome: Unhandled,
): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  const found = errorFixTarget(outcome, site);
  if ('reason' in found) return [];
  const { text } = context.sourceCode;
  const typed = isTypeScriptFile(context.filename);
  const target = preferCatch(found, found.kind === 'try' && tryReindents(text, site.scope, found.node, typed));
  const style = styleOf(context);
  const log = consoleLogCall(style.quote);
  const edits: Array<{ range: readonly [number, number]; text: string }> = [];
  if (target.kind === 'catch') edits.push({ range: target.node.range, text: appendCatchText(text, target.node, endingCatchHandler(log, target.ending, style), style.printWidth) });
  if (target.kind === 'await') edits.push({ range: [target.node.range[0], target.node.range[0]], text: 'await ' });
  if (target.kind === 'try') {
    const edit = awaitTryCatchEdit(text, site.scope, target.node, endingCatchLines(log, target.ending, style), typed, style);
    if (typeof edit === 'string') return [];
    edits.push(edit);
  }
  if (edits.length === 0) return [];
  if (target.addNextAfter) edits.push({ range: [target.addNextAfter.range[1], target.addNextAfter.range[1]], text: ', next' });
  const messageId = target.kind === 'try' ? 'suggestTryCatch' : target.kind === 'await' ? 'suggestReturnAwait' : 'suggestCatch';
  return [{ messageId, fix: (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text)) }];
}

// One file's style, inferred at its first suggestion (a file can have many).
const styles = new WeakMap<object, CodeStyle>();

function styleOf(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): CodeStyle {
  const { text, ast } = context.sourceCode;
  let style = styles.get(ast);
  if (!style) styles.set(ast, (style = inferCodeStyle(text, ast)));
  return style;
}

function functionName(fn: FunctionNode): string {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return memberOf(fn)?.name ?? 'this function';
}
