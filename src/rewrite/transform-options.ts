import { TransformOptionError, type TransformName, type TransformOptions } from './transform-api';

/**
 * Reading a transform's options: every mistake throws TransformOptionError naming the option.
 * Values may come from jscodeshift's command line, which JSON-parses what it can, passes other
 * values as strings and turns a repeated flag into an array.
 */
export class OptionReader {
  constructor(
    private readonly transform: TransformName,
    private readonly options: TransformOptions,
    known: readonly string[],
  ) {
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) this.fail(key, `is not an option of ${transform} (known: ${known.join(', ')})`);
    }
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.options[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    return this.fail(key, `must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${show(value)}`);
  }

  /** A single string counts as a one-element list (`--allowedHosts=*.internal`). */
  stringList(key: string, fallback: readonly string[]): readonly string[] {
    const value = this.options[key];
    if (value === undefined) return fallback;
    const list = typeof value === 'string' ? [value] : value;
    if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item !== '')) return list as string[];
    return this.fail(key, `must be an array of non-empty strings, got ${show(value)}`);
  }

  /** An object whose values are strings matching `valuePattern`. */
  stringRecord(key: string, valuePattern: RegExp, describeValue: string): ReadonlyMap<string, string> {
    const value = this.options[key];
    if (value === undefined) return new Map();
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(key, `must be an object, got ${show(value)}`);
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [entryKey, entryValue] of entries) {
      if (typeof entryValue !== 'string' || !valuePattern.test(entryValue)) {
        this.fail(key, `maps ${JSON.stringify(entryKey)} to ${show(entryValue)}, which is not ${describeValue}`);
      }
    }
    return new Map(entries as [string, string][]);
  }

  /** An integer from `min` to `max`, or the string jscodeshift passes for `--attempts=5`; undefined when unset. */
  integer(key: string, min: number, max: number): number | undefined {
    const value = this.options[key];
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max) return number;
    return this.fail(key, `is invalid: must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }

  /** Hands the raw value to a validator that throws with its own message. */
  custom<T>(key: string, read: (value: unknown) => T): T {
    try {
      return read(this.options[key]);
    } catch (error) {
      return this.fail(key, `is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private fail(key: string, detail: string): never {
    throw new TransformOptionError(this.transform, key, detail);
  }
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `an array (${JSON.stringify(value)})`;
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${JSON.stringify(value)}`;
}
