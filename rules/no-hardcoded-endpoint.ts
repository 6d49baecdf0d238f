import type { TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../src/eslint/create-rule';
import { fileInputFromContext } from '../src/eslint/file-input';
import { DEFAULT_ENDPOINT_OPTIONS, findHardcodedEndpoints, type EndpointFinding, type EndpointOptions } from '../src/analysis/endpoints';
import { envDefaultText, envUseEdit } from '../src/fixes/env-use-edit';
import { preferredQuote, type Quote } from '../src/fixes/source-text';
import { redactUrlForDisplay } from '../src/analysis/url';
import { envReadText, exposedEnvName, type EnvAccess } from '../src/analysis/env-access';
import { resolveEnvName } from '../src/analysis/env-name';
import { assignSharedEnvNames, envNamesOf } from '../src/analysis/file-env-names';
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
        if (findings.length === 0) return;
        const { text, ast } = context.sourceCode;
        // Where the file runs decides the read the suggestion writes, or that no read would work there.
        const access = suggestedEnvAccess(runtimeOf(context));
        const rewritable = findings.filter((finding) => !finding.secret && finding.fallbackFor === undefined);
        // The names env-endpoints would give this file on its own.
        const naming: Naming = {
          table: assignSharedEnvNames([envNamesOf(ast, rewritable, access ?? 'process')]),
          access: access ?? 'process',
          fileQuote: preferredQuote(text, ast),
        };
        for (const finding of findings) report(context, finding, endpointOptions, naming, access !== undefined);
      },
    };
  },
});

interface Naming {
  readonly table: ReadonlyMap<string, string>;
  readonly access: EnvAccess;
  readonly fileQuote: Quote;
}

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  finding: EndpointFinding,
  options: EndpointOptions,
  naming: Naming,
  canRead: boolean,
): void {
  const { node, url } = finding;
  const sink = finding.sinkLabel;
  const host = url.origin.slice(url.origin.indexOf('://') + 3);
  if (finding.secret) {
    const secret = url.hasCredentials ? 'credentials' : `a secret ('${url.secretParams[0] ?? 'query'}')`;
    const display = redactUrlForDisplay(finding.staticText) + (finding.kind === 'literal' ? '' : '…');
    context.report({ node, messageId: 'secretInUrl', data: { sink, secret, url: display, name: finding.proposedEnvName } });
    return;
  }
  if (finding.fallbackFor !== undefined) {
    const messageId = options.envFallback === 'report' ? 'fallbackNotAllowed' : 'fallbackNotLocal';
    context.report({ node, messageId, data: { host, name: finding.fallbackFor, sink } });
    return;
  }
  const { text } = context.sourceCode;
  const { name: unexposed, base } = resolveEnvName(naming.table, finding.replacedText)!;
  const name = exposedEnvName(naming.access, unexposed);
  const read = envReadText(naming.access, name);
  context.report({
    node,
    messageId: 'hardcodedEndpoint',
    data: { host, sink, name },
    suggest: canRead
      ? [
          {
            messageId: 'suggestEnv',
            data: { read, what: finding.target === 'host' ? 'host' : 'URL' },
            fix: (fixer) => {
              // The read goes where the URL is: a quick fix edits the expression it is for (the transform hoists it).
              const expression = `${read} ?? ${envDefaultText([finding], base, text, naming.fileQuote)}`;
              const edit = envUseEdit(finding, base, expression, text, false, true);
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
