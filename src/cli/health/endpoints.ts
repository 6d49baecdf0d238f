import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { compareText } from '../../analysis/compare-text';
import { UsageError } from '../exit-codes';
import type { InventoryEntry } from '../report';
import type { HealthConfig } from './config';
import type { Location, UrlSource } from './types';

/**
 * From the inventory to what health probes: one endpoint per variable and default origin (or per
 * origin written in the code), resolved from the environment, then the --env-file, then the default.
 */

export interface HealthEndpoint {
  /** The variable the code reads the URL from; null for a URL written in the code. */
  readonly variable: string | null;
  /** The origin written in the code: the variable's default, or the URL itself. */
  readonly defaultOrigin: string | null;
  /** Where the code uses it, in the inventory's order. */
  readonly locations: readonly Location[];
}

export interface ResolvedEndpoint extends HealthEndpoint {
  /** Where the URL came from; null when the variable is set nowhere and has no default. */
  readonly source: UrlSource | null;
  /** The variable's value or the origin in the code (it may hold credentials: never print it). */
  readonly url: string | null;
  /** The path probed on the URL's origin. */
  readonly path: string;
  /** No health path was named, so any answer below 500 shows the server is up. */
  readonly anyAnswer: boolean;
}

export function endpointKey(endpoint: HealthEndpoint): string {
  return `${endpoint.variable ?? ''}\n${endpoint.defaultOrigin ?? ''}`;
}

export function collectEndpoints(entries: readonly InventoryEntry[]): HealthEndpoint[] {
  const byKey = new Map<string, { variable: string | null; defaultOrigin: string | null; locations: Location[] }>();
  for (const entry of entries) {
    for (const target of entry.targets) {
      const endpoint = { variable: target.variable, defaultOrigin: target.origin, locations: [] };
      const key = endpointKey(endpoint);
      if (!byKey.has(key)) byKey.set(key, endpoint);
      byKey.get(key)!.locations.push({ path: entry.path, line: entry.line, column: entry.column });
    }
  }
  const first = (endpoint: HealthEndpoint) => endpoint.locations[0]!;
  return [...byKey.values()].sort(
    (a, b) => compareText(first(a).path, first(b).path) || first(a).line - first(b).line || compareText(endpointKey(a), endpointKey(b)),
  );
}

export interface Resolution {
  readonly env: NodeJS.ProcessEnv;
  /** Parsed --env-file, when given. */
  readonly envFile: Readonly<Record<string, string>> | undefined;
  readonly config: HealthConfig;
  /** --path. */
  readonly path: string | undefined;
}

export function resolveEndpoint(endpoint: HealthEndpoint, resolution: Resolution): ResolvedEndpoint {
  const { variable, defaultOrigin } = endpoint;
  // An empty variable counts as unset: no client can call ''.
  const fromEnv = variable === null ? undefined : resolution.env[variable] || undefined;
  const fromFile = variable === null ? undefined : resolution.envFile?.[variable] || undefined;
  const [source, url]: [UrlSource | null, string | null] =
    fromEnv !== undefined
      ? ['env', fromEnv]
      : fromFile !== undefined
        ? ['env-file', fromFile]
        : defaultOrigin !== null
          ? [variable === null ? 'code' : 'default', defaultOrigin]
          : [null, null];
  const origin = url !== null && URL.canParse(url) ? new URL(url).origin : undefined;
  const { paths } = resolution.config;
  const pathFor = (key: string | null | undefined) => (key && Object.hasOwn(paths, key) ? paths[key] : undefined);
  const named = pathFor(variable) ?? pathFor(origin) ?? resolution.path;
  return { ...endpoint, source, url, path: named ?? '/', anyAnswer: named === undefined };
}

/** The --env-file's variables (dotenv syntax, as Node's --env-file reads it). */
export function readEnvFile(path: string | undefined, cwd: string): Record<string, string> | undefined {
  if (path === undefined) return undefined;
  try {
    return parseEnv(readFileSync(resolve(cwd, path), 'utf8')) as Record<string, string>;
  } catch (error) {
    throw new UsageError(`--env-file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Endpoints with the same origin, path and rule share one probe. */
export function probeKey(endpoint: ResolvedEndpoint): string {
  const origin = endpoint.url !== null && URL.canParse(endpoint.url) ? new URL(endpoint.url).origin : endpoint.url;
  return `${origin}\n${endpoint.path}\n${endpoint.anyAnswer}`;
}
