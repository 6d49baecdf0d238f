import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EMPTY_SETTINGS, isEmptySettings, readSettings, type SafeRequestsSettings } from '../analysis/settings';
import type { TransformName, TransformOptions } from '../rewrite/transform-api';
import { UsageError } from './exit-codes';
import { TRANSFORM_NAMES } from './program';

/**
 * `--config <file>`: a JSON object with the plugin's `settings['safe-requests']` under `settings`
 * and each transform's options under its name. Plain data, so it crosses into worker threads.
 */
export interface RunConfig {
  readonly settings: SafeRequestsSettings;
  readonly transformOptions: Readonly<Record<TransformName, TransformOptions>>;
  /** The `health` key as written; `safe-requests health` checks it (health/config.ts). */
  readonly health?: unknown;
}

const DEFAULT_CONFIG: RunConfig = {
  settings: EMPTY_SETTINGS,
  transformOptions: { 'env-endpoints': {}, timeouts: {}, 'retry-requests': {} },
};

/** Options the CLI sets itself for every file. */
const RUNNER_OWNED_OPTIONS = ['settings'];

/** `path` as the user wrote it (messages show it so), relative to `cwd`. */
export function readRunConfig(path: string | undefined, cwd: string): RunConfig {
  if (path === undefined) return DEFAULT_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (error) {
    throw new UsageError(`--config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`--config ${path}: must hold a JSON object`);
  const record = raw as Record<string, unknown>;
  const known = ['settings', ...TRANSFORM_NAMES, 'health'];
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) throw new UsageError(`--config ${path}: unknown key '${key}' (known: ${known.join(', ')})`);
  }
  let settings: SafeRequestsSettings;
  try {
    settings = readSettings(record.settings);
  } catch (error) {
    throw new UsageError(`--config ${path}: ${(error as Error).message}`);
  }
  const transformOptions = Object.fromEntries(
    TRANSFORM_NAMES.map((name) => [name, readTransformOptions(path, name, record[name])]),
  ) as Record<TransformName, TransformOptions>;
  return { settings, transformOptions, health: record.health };
}

function readTransformOptions(path: string, name: TransformName, value: unknown): TransformOptions {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--config ${path}: '${name}' must be an object of transform options`);
  }
  for (const key of RUNNER_OWNED_OPTIONS) {
    if (key in value) throw new UsageError(`--config ${path}: '${name}.${key}' is set by the CLI; put it at the top level as '${key}'`);
  }
  return value as TransformOptions;
}

/** A transform's options with the run's settings; `settings` is left out when there are none to pass. */
export function optionsFor(config: RunConfig, name: TransformName): TransformOptions {
  const own = config.transformOptions[name];
  return isEmptySettings(config.settings) ? own : { ...own, settings: config.settings };
}
