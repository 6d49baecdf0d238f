import type { TSESTree } from '@typescript-eslint/types';
import { DEFAULT_ENDPOINT_OPTIONS, envReplacementEdit, fallbackValueText, type EndpointFinding, type EndpointOptions } from '../src/analysis/endpoints';
import { ENV_ACCESS_CHOICES, ENV_FALLBACKS, envExpressionText, exposedEnvName, needsBracketEnvAccess, unexposedEnvName, type EnvAccess, type EnvFallback } from '../src/analysis/env-access';
import { assignSharedEnvNames, fileEnvNames, planEnvEndpoints, type EnvEndpointPlan, type EnvEndpointsScope } from '../src/rewrite/env-endpoint-plan';
import { toJscodeshiftTransform } from '../src/rewrite/jscodeshift-adapter';
import { readSettings } from '../src/analysis/settings';
import { applyTextEdits } from '../src/rewrite/text-edits';
import { preferredQuote, type Quote, type TextEdit } from '../src/fixes/source-text';
import { manualReviewAt, UNCHANGED, type CodeTransform, type EnvVariable, type ManualReviewItem, type TransformOptions, type TransformOutcome } from '../src/rewrite/transform-api';
import { OptionReader } from '../src/rewrite/transform-options';
import { nearestCompilerOptions } from '../src/rewrite/ts-config';
import { redactUrlForDisplay } from '../src/analysis/url';
import { UnsafeOutputError, verifyTransformOutput } from '../src/rewrite/verify-output';

/**
 * env-endpoints: every hardcoded endpoint `no-hardcoded-endpoint` reports becomes an environment
 * read with the original URL as its default (docs/transforms/env-endpoints.md). Edits are spliced
 * into the original text, so everything else stays byte-identical.
 */

const OPTION_NAMES = ['envAccess', 'fallback', 'envNames', 'allowedHosts', 'ignore', 'thirdPartyHosts', 'settings'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface EnvEndpointsOptions extends EnvEndpointsScope {
  readonly fallback: EnvFallback;
  /** URL text → name: names to use for these URLs whatever the file reads or proposes. */
  readonly envNames: ReadonlyMap<string, string>;
}

/** The transform's options, validated; exported so runners can check a configuration before a run. */
export function readEnvEndpointsOptions(raw: TransformOptions): EnvEndpointsOptions {
  const reader = new OptionReader('env-endpoints', raw, OPTION_NAMES);
  const finder: EndpointOptions = {
    allowedHosts: reader.stringList('allowedHosts', DEFAULT_ENDPOINT_OPTIONS.allowedHosts),
    ignore: reader.stringList('ignore', DEFAULT_ENDPOINT_OPTIONS.ignore),
    // An env read with a URL default is what this transform writes: never a finding for it.
    envFallback: 'allow',
    // The rule's default: public platforms' hosts stay as written.
    thirdPartyHosts: reader.oneOf('thirdPartyHosts', ['ignore', 'report'] as const, 'ignore'),
  };
  return {
    envAccess: reader.oneOf('envAccess', ENV_ACCESS_CHOICES, 'auto'),
    fallback: reader.oneOf('fallback', ENV_FALLBACKS, '??'),
    envNames: reader.stringRecord('envNames', ENV_NAME, 'a valid environment variable name'),
    settings: reader.custom('settings', readSettings),
    finder,
  };
}

function run(source: string, filePath: string, rawOptions: TransformOptions = {}): TransformOutcome {
  const options = readEnvEndpointsOptions(rawOptions);
  const plan = planEnvEndpoints(source, filePath, options);
  if (plan === undefined || plan.findings.length === 0) return UNCHANGED;
  const manualReview = plan.findings.flatMap((finding) => reviewOf(finding, plan));
  const { program, rewritable, access } = plan;
  if (rewritable.length === 0 || access === undefined) return { ...UNCHANGED, manualReview };

  const names = chooseNames(plan, access, options.envNames);
  const fileQuote = preferredQuote(source, program);
  const bracketed = access === 'process' && needsBracketEnvAccess(filePath, nearestCompilerOptions(filePath));
  const envVariables: EnvVariable[] = [];
  const edits = rewritable.map((finding) => {
    const fullName = names.get(finding.replacedText)!;
    envVariables.push({ name: fullName, defaultValue: finding.replacedText, filePath, line: finding.node.loc.start.line });
    const defaultText = fallbackValueText(finding, source, fileQuote);
    const quote: Quote = defaultText.startsWith('"') ? '"' : defaultText.startsWith("'") ? "'" : fileQuote;
    const edit = envReplacementEdit(finding, source, envExpressionText({ access, fullName, fallback: options.fallback, defaultText, quote, bracketed }));
    return options.fallback === 'none' && finding.kind === 'literal' ? withoutConstAssertion(edit, finding.node) : edit;
  });

  const output = applyTextEdits(source, edits);
  const verdict = verifyTransformOutput(source, output, filePath);
  if (!verdict.ok) throw new UnsafeOutputError(filePath, verdict.reason);
  return { output, changes: edits.length, envVariables, manualReview };
}

/**
 * `'https://…' as const` (or `<const>'https://…'`): with a default the assertion stays on the
 * default literal, but with `fallback: 'none'` no literal is left for it and TypeScript rejects
 * it (TS1355). A value read at run time has no literal type anyway, so the assertion goes.
 */
function withoutConstAssertion(edit: TextEdit, node: TSESTree.Node): TextEdit {
  const assertion = node.parent;
  const isConstAssertion =
    (assertion?.type === 'TSAsExpression' || assertion?.type === 'TSTypeAssertion') &&
    assertion.expression === node &&
    assertion.typeAnnotation.type === 'TSTypeReference' &&
    assertion.typeAnnotation.typeName.type === 'Identifier' &&
    assertion.typeAnnotation.typeName.name === 'const';
  if (!isConstAssertion) return edit;
  // Parenthesised, because the operator around the assertion is not known here.
  return { start: assertion.range[0], end: assertion.range[1], text: `(${edit.text})` };
}

/** URL → full variable name: the file's own assignment (the CLI pins every URL of its run through `envNames`). */
function chooseNames(plan: EnvEndpointPlan, access: EnvAccess, envNames: ReadonlyMap<string, string>): Map<string, string> {
  const pinned = new Map([...envNames].map(([url, name]) => [url, unexposedEnvName(access, name)]));
  const names = assignSharedEnvNames([fileEnvNames(plan)], pinned);
  return new Map([...names].map(([url, name]) => [url, exposedEnvName(access, name)]));
}

/** A URL carrying a secret, or any URL of a file that runs where no variable may be read. */
function reviewOf(finding: EndpointFinding, plan: EnvEndpointPlan): ManualReviewItem[] {
  const url = redactUrlForDisplay(finding.staticText);
  if (finding.secret) {
    return [manualReviewAt(finding.node, 'secret-in-url', `${url} carries a credential; move the whole URL (or the secret) to the environment by hand, no default is written`)];
  }
  return plan.blocked ? [manualReviewAt(finding.node, plan.blocked.reason, `${url} stays: ${plan.blocked.message}`)] : [];
}

export const envEndpoints: CodeTransform = { name: 'env-endpoints', run };

export default toJscodeshiftTransform(envEndpoints);
