import { assignSharedEnvNames, sameEnvNames } from '../analysis/file-env-names';
import { fileEnvNames, NO_ENV_NAMES, planEnvEndpoints, type FileEnvNames } from '../rewrite/env-endpoint-plan';
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

/**
 * The run's name table (what each variable holds → its name; see resolveEnvName), names pinned in
 * --config included; independent of the order of `files`. Given to env-endpoints as `envNames`, it
 * makes every file take the run's names, bases included.
 */
export function assignRunEnvNames(files: readonly FileEnvNames[], config: RunConfig): Record<string, string> {
  return Object.fromEntries(assignSharedEnvNames(files, envEndpointsOptions(config).envNames));
}

/** A file's output depends on the names of its own endpoints only: the run's must resolve them as the file's own do. */
export function keepsItsNames(names: FileEnvNames, envNames: Readonly<Record<string, string>>, config: RunConfig): boolean {
  if (names.proposals.length === 0) return true;
  return sameEnvNames(names, new Map(Object.entries(assignRunEnvNames([names], config))), new Map(Object.entries(envNames)));
}
