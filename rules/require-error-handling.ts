import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import { FailureFlow, type FailureOptions, type Unhandled } from '../src/analysis/failure-flow';
import { indexRequests, type RequestCall } from '../src/analysis/requests';
import type { Scope } from '../src/analysis/ast';
import { appendCatchText, errorListenerEdit, tryCatchEdit } from '../src/fixes/fix-snippets';

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
      noErrorListener: "This {{client}} request has no 'error' listener: a refused connection {{consequence}}.",
      errorIgnored: 'The error argument of this .end() callback is never used, so a refused connection goes unnoticed.',
      suggestCatch: 'Add .catch() that logs the failure.',
      suggestTryCatch: 'Wrap in try/catch that logs and rethrows.',
      suggestReturnAwait: 'Use `return await` so the catch sees the failure.',
      suggestErrorListener: "Add an 'error' listener that logs the failure.",
    },
  },
  defaultOptions: [{ propagation: 'intra-file', exportedFunctions: 'allow' }],
  create(context, [options]) {
    const flowOptions: FailureOptions = {
      propagation: options.propagation ?? 'intra-file',
      exportedFunctions: options.exportedFunctions ?? 'allow',
    };
    return {
      'Program:exit'() {
        const index = indexRequests(fileInputFromContext(context));
        if (index.requests.length === 0) return;
        const flow = new FailureFlow(index, flowOptions);
        for (const request of index.requests) {
          const outcome = flow.outcome(request);
          if (!outcome.handled) report(context, index.globalScope, request, outcome);
        }
      },
    };
  },
});

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  globalScope: Scope,
  request: RequestCall,
  outcome: Unhandled,
): void {
  const client = request.label;
  const { sourceCode } = context;
  const node = request.node;
  switch (outcome.reason) {
    case 'floating':
    case 'void':
      context.report({
        node,
        messageId: outcome.reason,
        data: { client },
        suggest: [{ messageId: 'suggestCatch', fix: (fixer) => fixer.replaceText(outcome.at, appendCatchText(sourceCode.text, outcome.at)) }],
      });
      return;
    case 'returnWithoutAwait':
      context.report({
        node,
        messageId: 'returnWithoutAwait',
        data: { client },
        suggest: outcome.at.argument
          ? [{ messageId: 'suggestReturnAwait', fix: (fixer) => fixer.insertTextBefore(outcome.at.argument!, 'await ') }]
          : [],
      });
      return;
    case 'topLevelAwait':
    case 'uncaughtAwait': {
      const edit = tryCatchEdit(sourceCode.text, globalScope, outcome.at);
      context.report({
        node,
        messageId: outcome.reason,
        data: { client },
        suggest: edit ? [{ messageId: 'suggestTryCatch', fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) }] : [],
      });
      return;
    }
    case 'returned':
      context.report({ node, messageId: 'returned', data: { client } });
      return;
    case 'neverRead':
      context.report({ node, messageId: 'neverRead', data: { client, name: outcome.at.name } });
      return;
    case 'escapes':
      context.report({
        node,
        messageId: 'escapes',
        data: { client, fn: functionName(outcome.fn), how: outcome.how, line: outcome.use.loc.start.line },
      });
      return;
    case 'noErrorListener': {
      const edit = errorListenerEdit(sourceCode.text, request);
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

function functionName(fn: TSESTree.Node): string {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return 'this function';
}
