import type { TSESTree } from '@typescript-eslint/types';
import { compareText } from '../analysis/compare-text';
import { findHardcodedEndpoints, mayHoldEndpoint, type EndpointFinding, type EndpointOptions } from '../analysis/endpoints';
import { envReadsIn, unexposedEnvName, type EnvAccess, type EnvAccessChoice } from '../analysis/env-access';
import { assignEnvNames } from '../analysis/env-name';
import { isDeclarationFile, isTestFile, looksGenerated, looksMinified } from '../analysis/file-kinds';
import { findPackageRoot, packageRelativePath } from '../analysis/package-root';
import { parseForAnalysis } from './parse';
import { envAccessIn, envReview, runtimeEnvironment, type RuntimeReview } from '../analysis/runtime-environment';
import type { SafeRequestsSettings } from '../analysis/settings';

/**
 * What env-endpoints would do to one file, and the names it would use. The transform and the
 * CLI's run-wide naming both start here, so they agree on which files are left alone, which
 * endpoints move, how each file reads the environment, and which names are already taken.
 */

/** The env-endpoints options this step depends on (see readEnvEndpointsOptions). */
export interface EnvEndpointsScope {
  readonly envAccess: EnvAccessChoice;
  readonly finder: EndpointOptions;
  readonly settings: SafeRequestsSettings;
}

export interface EnvEndpointPlan {
  readonly program: TSESTree.Program;
  /** Every reported endpoint, in source order; those with a secret are only reported. */
  readonly findings: readonly EndpointFinding[];
  /** The endpoints that move to the environment: none where the file cannot read one. */
  readonly rewritable: readonly EndpointFinding[];
  /** How this file reads a variable; undefined where it runs with no environment it may read (see `blocked`). */
  readonly access: EnvAccess | undefined;
  /** Why the endpoints stay, when `access` is undefined. */
  readonly blocked: RuntimeReview | undefined;
}

/**
 * undefined: the file is left alone without being parsed (no endpoint text, a test double,
 * a declaration, generated or minified). Throws SourceParseError for an unparsable file.
 */
export function planEnvEndpoints(text: string, filePath: string, scope: EnvEndpointsScope): EnvEndpointPlan | undefined {
  if (!mayHoldEndpoint(text, scope.settings.clients)) return undefined;
  const root = findPackageRoot(filePath);
  // Test doubles must keep matching literal URLs; generated and minified files are not ours to edit.
  if (isTestFile(packageRelativePath(filePath, root), scope.settings.testFiles) || isDeclarationFile(filePath) || looksGenerated(text) || looksMinified(text, filePath)) {
    return undefined;
  }
  const { ast, scopeManager } = parseForAnalysis(text, filePath);
  // One finding per literal: a `const` used by several requests is rewritten once.
  const findings = findHardcodedEndpoints({ ast, scopeManager, settings: scope.settings, text }, scope.finder);
  if (findings.length === 0) return { program: ast, findings, rewritable: [], access: undefined, blocked: undefined };
  const environment = runtimeEnvironment({ program: ast, globalScope: scopeManager.globalScope, text, filePath });
  const access = envAccessIn(environment, scope.envAccess);
  return {
    program: ast,
    findings,
    rewritable: access === undefined ? [] : findings.filter((finding) => !finding.secret),
    access,
    blocked: access === undefined ? envReview(environment) : undefined,
  };
}

/** A file's input to name assignment; plain data, so it crosses into and out of worker threads. */
export interface FileEnvNames {
  /** URL text of each rewritable endpoint with its shared proposal (no prefix). */
  readonly proposals: ReadonlyArray<{ readonly url: string; readonly proposed: string }>;
  /** `process.env.X ?? 'url'` already in the file: [url, X]. */
  readonly known: ReadonlyArray<readonly [string, string]>;
  /** Names the file reads already, without its access style's prefix. */
  readonly reserved: readonly string[];
}

export const NO_ENV_NAMES: FileEnvNames = { proposals: [], known: [], reserved: [] };

export function fileEnvNames(plan: EnvEndpointPlan): FileEnvNames {
  const reads = envReadsIn(plan.program);
  return {
    proposals: plan.rewritable.map((finding) => ({ url: finding.replacedText, proposed: finding.proposedEnvName })),
    known: [...reads.defaults],
    reserved: [...reads.names].map((name) => unexposedEnvName(plan.access ?? 'process', name)),
  };
}

/**
 * URL text → name (no prefix) for one file or a whole run; the result does not depend on the
 * order of `files`. Precedence: `pinned` (the envNames option), then a variable the code already
 * reads with that URL as its default, then the proposals, kept clear of every name read or taken.
 */
export function assignSharedEnvNames(files: readonly FileEnvNames[], pinned: ReadonlyMap<string, string> = new Map()): Map<string, string> {
  const known = new Map(pinned);
  const reserved = new Set<string>();
  for (const file of files) {
    for (const [url, name] of file.known) {
      if (pinned.has(url)) continue;
      const current = known.get(url);
      if (current === undefined || name < current) known.set(url, name);
    }
    for (const name of file.reserved) reserved.add(name);
  }
  const proposals = files.flatMap((file) => file.proposals).filter(({ url }) => !known.has(url));
  const assigned = assignEnvNames(proposals, new Set([...reserved, ...known.values()]));
  return new Map([...assigned, ...known].sort(([a], [b]) => compareText(a, b)));
}
