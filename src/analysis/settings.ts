/**
 * Shared ESLint `settings['safe-requests']`: extra request functions and retry wrappers
 * that live in a team's own modules. Read once per file by every rule and transform.
 */
export interface SafeRequestsSettings {
  /** module specifier → exported paths whose calls send a request (`'default'`, `'get'`, `'client.get'`). */
  readonly clients: Readonly<Record<string, readonly string[]>>;
  /** module specifier → exported paths whose first function argument runs under retry. */
  readonly retryWrappers: Readonly<Record<string, readonly string[]>>;
  /**
   * Globs of the project's own test and fixture files, added to TEST_FILE_GLOBS (file-kinds.ts):
   * the CLI leaves them out and env-endpoints never rewrites them. ESLint configs are static, so
   * there they go into an `ignores` entry of their own (README).
   */
  readonly testFiles?: readonly string[];
  /**
   * Methods that run their function argument under retry, by the member path of the call:
   * `this.caller.call`, `client.withRetry`, or `*.withRetry` for any receiver.
   */
  readonly retryMethods: readonly string[];
  /**
   * Regular expressions (source text) of secrets the generated helper masks in the URLs it logs,
   * besides credentials, query values and known path tokens; `safe-requests health` masks them too.
   */
  readonly redact?: readonly string[];
}

export const EMPTY_SETTINGS: SafeRequestsSettings = { clients: {}, retryWrappers: {}, testFiles: [], retryMethods: [], redact: [] };

const KEYS = ['clients', 'retryWrappers', 'retryMethods', 'testFiles', 'redact'] as const;

/** Validates the raw settings object; a mistake fails loudly with the name of the bad key. */
export function readSettings(raw: unknown): SafeRequestsSettings {
  if (raw === undefined || raw === null) return EMPTY_SETTINGS;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TypeError(`settings['safe-requests'] must be an object, got ${describe(raw)}`);
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`settings['safe-requests'].${key} is not a known setting (known: ${KEYS.join(', ')})`);
    }
  }
  return {
    clients: readModuleMap(record.clients, 'clients'),
    retryWrappers: readModuleMap(record.retryWrappers, 'retryWrappers'),
    retryMethods: readMemberPaths(record.retryMethods, 'retryMethods'),
    testFiles: readGlobs(record.testFiles, 'testFiles'),
    redact: readPatterns(record.redact, 'redact'),
  };
}

/** True when `settings` holds nothing beyond the defaults. */
export function isEmptySettings(settings: SafeRequestsSettings): boolean {
  return (
    Object.keys(settings.clients).length === 0 &&
    Object.keys(settings.retryWrappers).length === 0 &&
    (settings.testFiles ?? []).length === 0 &&
    settings.retryMethods.length === 0 &&
    (settings.redact ?? []).length === 0
  );
}

/** Regular expressions as strings, each valid (with the `g` flag the helper adds) and never matching the empty string. */
function readPatterns(value: unknown, key: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError(`settings['safe-requests'].${key} must be an array of regular expressions as strings, like ['tenant-[a-z0-9]+'], got ${describe(value)}`);
  value.forEach((pattern: unknown, index) => {
    const name = `settings['safe-requests'].${key}[${index}]`;
    if (typeof pattern !== 'string' || pattern === '') throw new TypeError(`${name} must be a non-empty string, got ${describe(pattern)}`);
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'g');
    } catch (error) {
      throw new TypeError(`${name} is not a valid regular expression: ${(error as Error).message}`, { cause: error });
    }
    // It would put *** between every two characters of every URL.
    if (regex.test('')) throw new TypeError(`${name} matches the empty string: '${pattern}'`);
  });
  return value as string[];
}

function readGlobs(value: unknown, key: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((glob) => typeof glob === 'string' && glob.trim().length > 0)) {
    throw new TypeError(`settings['safe-requests'].${key} must be an array of glob strings like ['**/test-utils/**'], got ${describe(value)}`);
  }
  return value as string[];
}

const MEMBER_PATH = /^(?:\*|this|[A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)+$/;

function readMemberPaths(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((path) => typeof path === 'string' && MEMBER_PATH.test(path))) {
    throw new TypeError(`settings['safe-requests'].${key} must be an array of member paths like 'this.caller.call' or '*.withRetry'`);
  }
  return value as string[];
}

function readModuleMap(value: unknown, key: string): Record<string, readonly string[]> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`settings['safe-requests'].${key} must map module names to arrays of export paths, got ${describe(value)}`);
  }
  const result: Record<string, readonly string[]> = {};
  for (const [moduleName, paths] of Object.entries(value)) {
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) {
      throw new TypeError(`settings['safe-requests'].${key}['${moduleName}'] must be an array of export paths like ['default', 'get']`);
    }
    result[moduleName] = paths as string[];
  }
  return result;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
