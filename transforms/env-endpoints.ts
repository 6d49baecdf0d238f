import { DEFAULT_ENDPOINT_OPTIONS, type EndpointFinding, type EndpointOptions } from '../src/analysis/endpoints';
import { ENV_ACCESS_CHOICES, ENV_FALLBACKS, needsBracketEnvAccess, unexposedEnvName, type EnvAccess, type EnvFallback } from '../src/analysis/env-access';
import { assignSharedEnvNames } from '../src/analysis/file-env-names';
import { envEndpointEdits } from '../src/rewrite/env-endpoint-edits';
import { fileEnvNames, planEnvEndpoints, type EnvEndpointPlan, type EnvEndpointsScope } from '../src/rewrite/env-endpoint-plan';
import { toJscodeshiftTransform } from '../src/rewrite/jscodeshift-adapter';
import { readSettings } from '../src/analysis/settings';
import { applyTextEdits } from '../src/rewrite/text-edits';
import { preferredQuote } from '../src/fixes/source-text';
import { manualReviewAt, UNCHANGED, type CodeTransform, type EnvVariable, type ManualReviewItem, type TransformOptions, type TransformOutcome } from '../src/rewrite/transform-api';
import { OptionReader } from '../src/rewrite/transform-options';
import { nearestCompilerOptions } from '../src/rewrite/ts-config';
import { redactUrlForDisplay } from '../src/analysis/url';
import { UnsafeOutputError, verifyTransformOutput } from '../src/rewrite/verify-output';
import { fileCodeStyle } from '../src/rewrite/project-style';
import { startOf } from '../src/analysis/positions';

/**
 * env-endpoints: every hardcoded endpoint `no-hardcoded-endpoint` reports reads its origin's
 * environment variable, with the original URL as its default, through one module-level constant
 * per variable (docs/transforms/env-endpoints.md). Edits are spliced into the original text, so
 * everything else stays byte-identical.
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

  const { uses, edits } = envEndpointEdits({
    text: source,
    program,
    endpoints: rewritable,
    names: chooseNames(plan, access, options.envNames),
    access,
    fallback: options.fallback,
    bracketed: access === 'process' && needsBracketEnvAccess(filePath, nearestCompilerOptions(filePath)),
    fileQuote: preferredQuote(source, program),
    semi: fileCodeStyle(source, program, filePath).semi,
  });
  const envVariables: EnvVariable[] = uses.map(({ finding, name, value }) => ({ name, defaultValue: value, filePath, line: startOf(finding.node).line }));

  const output = applyTextEdits(source, edits);
  const verdict = verifyTransformOutput(source, output, filePath);
  if (!verdict.ok) throw new UnsafeOutputError(filePath, verdict.reason);
  return { output, changes: uses.length, envVariables, manualReview };
}

/** The name table (no prefix): the file's own assignment (the CLI pins its run's whole table through `envNames`). */
function chooseNames(plan: EnvEndpointPlan, access: EnvAccess, envNames: ReadonlyMap<string, string>): Map<string, string> {
  const pinned = new Map([...envNames].map(([value, name]) => [value, unexposedEnvName(access, name)]));
  return assignSharedEnvNames([fileEnvNames(plan)], pinned);
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
