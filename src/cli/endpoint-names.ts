import { assignSharedEnvNames, fileEnvNames, NO_ENV_NAMES, planEnvEndpoints, type FileEnvNames } from '../rewrite/env-endpoint-plan';
import { readEnvEndpointsOptions, type EnvEndpointsOptions } from '../../transforms/env-endpoints';
import { optionsFor, type RunConfig } from './config';

/**
 * Names across a run: while it is transformed, every file reports the endpoints env-endpoints
 * rewrites, with the shared name proposal, and the variables it already reads; one assignment over
 * the whole run then gives the same URL the same name in every file, whatever the order the threads
 * finished in (files whose names it changes are done again: see runWithEnvNames).
 */

/** env-endpoints' options for this run, read by the transform's own reader (validated before the run). */
export function envEndpointsOptions(config: RunConfig): EnvEndpointsOptions {
  return readEnvEndpointsOptions(optionsFor(config, 'env-endpoints'));
}

export function collectEndpointNames(text: string, absPath: string, config: RunConfig): FileEnvNames {
  const plan = planEnvEndpoints(text, absPath, envEndpointsOptions(config));
  return plan === undefined ? NO_ENV_NAMES : fileEnvNames(plan);
}

/** URL text → name for the whole run, names pinned in --config included; independent of the order of `files`. */
export function assignRunEnvNames(files: readonly FileEnvNames[], config: RunConfig): Record<string, string> {
  return Object.fromEntries(assignSharedEnvNames(files, envEndpointsOptions(config).envNames));
}
