import { UsageError } from '../exit-codes';
import { isProbePath } from './options';

/**
 * The `health` key of the --config file:
 * `{ "health": { "paths": { "MODEL_SERVING_ENDPOINT": "/v1/health", "https://search.acme.io": "/status" } } }`.
 * A key names the variable the code reads the URL from, or an origin.
 */

export interface HealthConfig {
  readonly paths: Readonly<Record<string, string>>;
}

const KNOWN_KEYS = ['paths'];
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readHealthConfig(value: unknown, configPath: string | undefined): HealthConfig {
  if (value === undefined) return { paths: {} };
  const fail = (message: string): never => {
    throw new UsageError(`--config ${configPath}: ${message}`);
  };
  if (!isRecord(value)) return fail("'health' must be an object like { \"paths\": { \"MODEL_SERVING_ENDPOINT\": \"/health\" } }");
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.includes(key)) fail(`unknown key 'health.${key}' (known: ${KNOWN_KEYS.join(', ')})`);
  }
  const paths = value.paths ?? {};
  if (!isRecord(paths)) return fail("'health.paths' must be an object of variable or origin → path");
  const normalized: Record<string, string> = {};
  for (const [key, path] of Object.entries(paths)) {
    const origin = VARIABLE.test(key) ? undefined : originOf(key);
    if (!VARIABLE.test(key) && origin === undefined) fail(`'health.paths' key '${key}' is neither an environment variable name nor an origin like https://api.acme.io`);
    if (typeof path !== 'string' || !isProbePath(path)) fail(`'health.paths.${key}' must be a path starting with '/', like /health`);
    normalized[origin ?? key] = path as string;
  }
  return { paths: normalized };
}

/** `scheme://host[:port]` with nothing after it but a '/', as `URL#origin` writes it; else undefined. */
export function originOf(text: string): string | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && !text.endsWith('?');
  return bare && /^(https?|wss?):$/.test(url.protocol) ? url.origin : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
