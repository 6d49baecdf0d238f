import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import { indexRequests } from '../src/analysis/requests';
import { retryCoverage } from '../src/analysis/retry-coverage';
import type { ClientId } from '../src/analysis/clients';

type Options = [{ ignoreMethods?: string[] }];
type MessageIds = 'noRetry' | 'retryDisabled' | 'methodNotRetried';

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE', 'POST', 'PATCH'];

const WRAP = 'Wrap it in a retry with backoff (p-retry, exponential-backoff, the safe-requests helper)';
/** The retry each client can be given, for the noRetry message. */
const HOW: Partial<Record<ClientId, string>> = {
  axios: `${WRAP}, or apply axios-retry to the instance that sends it.`,
  superagent: 'Chain `.retry(n)` (superagent then retries refused connections), or wrap it in a retry with backoff.',
  got: 'got does not retry streams: wrap the stream in a retry with backoff, or use a promise request, which got retries.',
};

export default createRule<Options, MessageIds>({
  name: 'require-retry',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require HTTP requests to be retried with backoff when the connection is refused',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignoreMethods: {
            type: 'array',
            items: { type: 'string', enum: HTTP_METHODS },
            uniqueItems: true,
            description: 'Upper-case HTTP methods whose requests need no retry (for example POST).',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      noRetry:
        'Nothing retries this {{client}} request, so one refused connection (a restart, a deploy) fails it. A refused connection is safe to retry: nothing was sent. {{how}}',
      retryDisabled:
        'This {{client}} request turns its retry off, so one refused connection fails it. A refused connection is safe to retry: nothing was sent.',
      methodNotRetried:
        '{{client}} retries by default, but not {{method}} requests. A refused connection is safe to retry even for {{method}} (nothing was sent): add a retry that only repeats refused connections.',
    },
  },
  defaultOptions: [{ ignoreMethods: [] }],
  create(context, [options]) {
    const ignored = new Set(options.ignoreMethods ?? []);
    return {
      'Program:exit'() {
        const index = indexRequests(fileInputFromContext(context));
        for (const request of index.requests) {
          // A team's own client may retry already; an unknown method may be one the user skips.
          if (request.client === 'custom' || (ignored.size > 0 && (!request.method || ignored.has(request.method)))) continue;
          const coverage = retryCoverage(request, index);
          if (coverage.covered) continue;
          const how = HOW[request.client] ?? `${WRAP} or use got/ky, which retry by default.`;
          const data = { client: request.label, method: coverage.unretriedMethod ?? '', how };
          const messageId = coverage.disabledByOption ? 'retryDisabled' : coverage.unretriedMethod ? 'methodNotRetried' : 'noRetry';
          context.report({ node: request.node, messageId, data });
        }
      },
    };
  },
});
