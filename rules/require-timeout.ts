import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import type { ClientId } from '../src/analysis/clients';
import { indexRequests } from '../src/analysis/requests';
import { DEFAULT_TIMEOUT_MS, timeoutStatus } from '../src/analysis/timeout-policy';
import { howToTimeout, timeoutEdit } from '../src/fixes/timeout-snippets';
import { inferCodeStyle, type CodeStyle } from '../src/fixes/code-style';

type Options = [{ unknownOptions?: 'ignore' | 'report'; defaultMs?: number }];
type MessageIds = 'missing' | 'disabled' | 'opaque' | 'suggestSignal' | 'suggestTimeout';

const FOREVER = 'a server that accepts the connection and never answers leaves it waiting forever';
const NODE_FETCH_BOUND =
  "a server that accepts the connection and never answers keeps it waiting 300 s in Node (undici's headers and body timeouts) and as long as the browser allows in a page";

/** What a silent server does to each client without a timeout (measured for Node's fetch: 301 s). */
const WAIT: Record<Exclude<ClientId, 'custom'>, string> = {
  fetch: NODE_FETCH_BOUND,
  undici: "a server that accepts the connection and never answers keeps it waiting 300 s (undici's headers and body timeouts)",
  'node-fetch': FOREVER,
  'cross-fetch': FOREVER,
  'isomorphic-fetch': FOREVER,
  axios: FOREVER,
  got: FOREVER,
  ky: FOREVER,
  superagent: FOREVER,
  'node-http': FOREVER,
  xhr: FOREVER,
};

export default createRule<Options, MessageIds>({
  name: 'require-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every HTTP request to have a timeout, knowing which libraries have one by default',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          unknownOptions: {
            type: 'string',
            enum: ['ignore', 'report'],
            description: 'Whether to report a request whose options are a variable or spread this rule cannot read.',
          },
          defaultMs: {
            type: 'integer',
            minimum: 1,
            description: 'The timeout in milliseconds the suggestion writes.',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      missing: 'This {{client}} request has no timeout: {{wait}}. To fix, {{how}}.',
      disabled: 'This {{client}} request turns its timeout off (`{{value}}`): {{wait}}.',
      opaque: 'The options of this {{client}} request cannot be read here, so nothing shows it has a timeout. To fix, {{how}}.',
      suggestSignal: 'Abort after {{ms}} ms with `AbortSignal.timeout({{ms}})`.',
      suggestTimeout: 'Set a {{ms}} ms timeout.',
    },
  },
  defaultOptions: [{ unknownOptions: 'ignore', defaultMs: DEFAULT_TIMEOUT_MS }],
  create(context, [options]) {
    const reportOpaque = options.unknownOptions === 'report';
    const ms = options.defaultMs ?? DEFAULT_TIMEOUT_MS;
    return {
      'Program:exit'() {
        const index = indexRequests(fileInputFromContext(context));
        const { text, ast } = context.sourceCode;
        // Inferred once, at the file's first report.
        let style: CodeStyle | undefined;
        for (const request of index.requests) {
          if (request.client === 'custom') continue;
          const status = timeoutStatus(request, index);
          if (status.ok || (status.reason === 'opaque' && !reportOpaque)) continue;
          const edit = timeoutEdit(text, request, status, ms, index.globalScope, (style ??= inferCodeStyle(text, ast)));
          const suggestion = edit?.text.includes('AbortSignal.timeout') ? 'suggestSignal' : 'suggestTimeout';
          context.report({
            node: request.node,
            messageId: status.reason,
            data: {
              client: request.label,
              wait: WAIT[request.client],
              how: howToTimeout(request.client),
              value: status.at ? text.slice(status.at.range[0], status.at.range[1]) : '',
            },
            suggest: edit
              ? [{ messageId: suggestion, data: { ms }, fix: (fixer) => fixer.replaceTextRange(edit.range, edit.text) }]
              : [],
          });
        }
      },
    };
  },
});
