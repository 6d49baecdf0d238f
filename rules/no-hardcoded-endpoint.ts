import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import {
  DEFAULT_ENDPOINT_OPTIONS,
  envReplacementEdit,
  fallbackValueText,
  findHardcodedEndpoints,
  type EndpointFinding,
  type EndpointOptions,
} from '../src/analysis/endpoints';
import { preferredQuote, type Quote } from '../src/fixes/source-text';
import { redactUrlForDisplay } from '../src/analysis/url';
import { envReadText, exposedEnvName, type EnvAccess } from '../src/analysis/env-access';
import { runtimeEnvironment, suggestedEnvAccess, type RuntimeEnvironment } from '../src/analysis/runtime-environment';

type Options = [Partial<EndpointOptions>];
type MessageIds = 'hardcodedEndpoint' | 'secretInUrl' | 'fallbackNotLocal' | 'fallbackNotAllowed' | 'suggestEnv';

const ENV_FALLBACK_MODES: ReadonlyArray<EndpointOptions['envFallback']> = ['allow', 'local-only', 'report'];

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-endpoint',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow hardcoded absolute URLs that reach an HTTP request; read endpoints from the environment',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allowedHosts: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Hosts that may be hardcoded: exact names or globs such as `*.example.com` (loopback is always allowed).',
          },
          ignore: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'URL globs never reported, matched against origin + path without the query, e.g. `https://status.acme.io/**`.',
          },
          envFallback: {
            type: 'string',
            enum: [...ENV_FALLBACK_MODES],
            description: "Literal fallbacks of env lookups: 'allow' any, 'local-only' loopback only, 'report' none.",
          },
          thirdPartyHosts: {
            type: 'string',
            enum: ['ignore', 'report'],
            description: "Hosts of public platforms (instagram.com, api.github.com, googleapis.com…), the same in every deployment: 'ignore' (default) or 'report'.",
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      hardcodedEndpoint:
        "Hardcoded endpoint '{{host}}' reaches {{sink}}(): read it from the environment ({{name}}) so each deployment can point it elsewhere.",
      secretInUrl:
        'This URL for {{sink}}() carries {{secret}} in the source ({{url}}): move it to the environment ({{name}}) and keep the secret out of the code.',
      fallbackNotLocal:
        "The fallback endpoint '{{host}}' for {{name}} reaches {{sink}}(): only loopback fallbacks are allowed (envFallback: 'local-only').",
      fallbackNotAllowed:
        "{{name}} falls back to '{{host}}' for {{sink}}(): set {{name}} in every environment instead (envFallback: 'report').",
      suggestEnv: 'Read {{read}}, keeping the current {{what}} as the fallback.',
    },
  },
  defaultOptions: [{ ...DEFAULT_ENDPOINT_OPTIONS }],
  create(context, [options]) {
    const endpointOptions: EndpointOptions = {
      allowedHosts: options.allowedHosts ?? DEFAULT_ENDPOINT_OPTIONS.allowedHosts,
      ignore: options.ignore ?? DEFAULT_ENDPOINT_OPTIONS.ignore,
      envFallback: options.envFallback ?? DEFAULT_ENDPOINT_OPTIONS.envFallback,
      thirdPartyHosts: options.thirdPartyHosts ?? DEFAULT_ENDPOINT_OPTIONS.thirdPartyHosts,
    };
    return {
      'Program:exit'() {
        const findings = findHardcodedEndpoints(fileInputFromContext(context), endpointOptions);
        let fileQuote: Quote | undefined;
        const quote = (): Quote => (fileQuote ??= preferredQuote(context.sourceCode.text, context.sourceCode.ast));
        // Where the file runs decides the read the suggestion writes, or that no read would work there.
        let environment: RuntimeEnvironment | undefined;
        const envAccess = (): EnvAccess | undefined => suggestedEnvAccess((environment ??= runtimeOf(context)));
        for (const finding of findings) report(context, finding, endpointOptions, quote, envAccess);
      },
    };
  },
});

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  finding: EndpointFinding,
  options: EndpointOptions,
  fileQuote: () => Quote,
  envAccess: () => EnvAccess | undefined,
): void {
  const { node, url, proposedEnvName: name } = finding;
  const sink = finding.sinkLabel;
  const host = url.origin.slice(url.origin.indexOf('://') + 3);
  if (finding.secret) {
    const secret = url.hasCredentials ? 'credentials' : `a secret ('${url.secretParams[0] ?? 'query'}')`;
    const display = redactUrlForDisplay(finding.staticText) + (finding.kind === 'literal' ? '' : '…');
    context.report({ node, messageId: 'secretInUrl', data: { sink, secret, url: display, name } });
    return;
  }
  if (finding.fallbackFor !== undefined) {
    const messageId = options.envFallback === 'report' ? 'fallbackNotAllowed' : 'fallbackNotLocal';
    context.report({ node, messageId, data: { host, name, sink } });
    return;
  }
  const { text } = context.sourceCode;
  const access = envAccess();
  const read = access && envReadText(access, exposedEnvName(access, name));
  context.report({
    node,
    messageId: 'hardcodedEndpoint',
    data: { host, sink, name },
    suggest: read
      ? [
          {
            messageId: 'suggestEnv',
            data: { read, what: finding.target === 'host' ? 'host' : 'URL' },
            fix: (fixer) => {
              const edit = envReplacementEdit(finding, text, `${read} ?? ${fallbackValueText(finding, text, fileQuote())}`);
              return fixer.replaceTextRange([edit.start, edit.end], edit.text);
            },
          },
        ]
      : [],
  });
}

function runtimeOf(context: Readonly<TSESLint.RuleContext<MessageIds, Options>>): RuntimeEnvironment {
  const { ast, scopeManager, text } = context.sourceCode;
  return runtimeEnvironment({ program: ast, globalScope: scopeManager?.globalScope, text, filePath: context.physicalFilename });
}
