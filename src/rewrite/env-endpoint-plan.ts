import type { TSESTree } from '@typescript-eslint/types';
import { findHardcodedEndpoints, mayHoldEndpoint, type EndpointFinding, type EndpointOptions } from '../analysis/endpoints';
import type { EnvAccess, EnvAccessChoice } from '../analysis/env-access';
import { envNamesOf, type FileEnvNames } from '../analysis/file-env-names';
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

export type { FileEnvNames } from '../analysis/file-env-names';

export const NO_ENV_NAMES: FileEnvNames = { proposals: [], known: [], reserved: [] };

export function fileEnvNames(plan: EnvEndpointPlan): FileEnvNames {
  return envNamesOf(plan.program, plan.rewritable, plan.access ?? 'process');
}
