import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliOptions } from '../program';

/** `safe-requests health`: its own flags, on top of the file-selection flags it shares with list. */

export type HealthFormat = 'pretty' | 'json' | 'github';

export interface HealthOptions {
  readonly command: 'health';
  /** The inventory run that finds the endpoints: list's options, no transform. */
  readonly inventory: CliOptions;
  readonly format: HealthFormat;
  readonly report: string | undefined;
  readonly config: string | undefined;
  /** As given, relative to the current folder. */
  readonly envFile: string | undefined;
  /** Probed on every origin that has no path of its own in --config. */
  readonly path: string | undefined;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** undefined: one round. */
  readonly watchMs: number | undefined;
  readonly insecure: boolean;
}

export const HEALTH_DEFAULTS = { timeoutMs: 5000, concurrency: 8 } as const;
// A watch faster than this would only load the servers it watches.
const MIN_WATCH_MS = 100;

export function addHealthOptions(command: Command): void {
  command
    .option('--env-file <file>', 'variables the environment does not set are read from this dotenv file')
    .addOption(new Option('--path <path>', 'probe this path on every origin (default: /, where any answer below 500 counts)').argParser(parseProbePath))
    .addOption(
      new Option('--timeout <duration>', 'limit for each probe, all stages together (250ms, 5s, 1m; a bare number is ms)')
        .argParser((value) => parseDuration(value, 1))
        .default(HEALTH_DEFAULTS.timeoutMs, '5s'),
    )
    .addOption(new Option('--concurrency <n>', 'probes running at once').argParser(parseCount).default(HEALTH_DEFAULTS.concurrency))
    .addOption(
      new Option('--watch <interval>', 'probe again every interval and log each change of state with a timestamp; Ctrl-C stops').argParser((value) =>
        parseDuration(value, MIN_WATCH_MS),
      ),
    )
    .option('--insecure', 'accept any TLS certificate (self-signed, expired, another host)', false);
}

export function toHealthOptions(inventory: CliOptions, raw: Record<string, unknown>): HealthOptions {
  return {
    command: 'health',
    inventory,
    format: inventory.format as HealthFormat,
    report: inventory.report,
    config: inventory.config,
    envFile: raw.envFile as string | undefined,
    path: raw.path as string | undefined,
    timeoutMs: raw.timeout as number,
    concurrency: raw.concurrency as number,
    watchMs: raw.watch as number | undefined,
    insecure: raw.insecure === true,
  };
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/** `250ms`, `5s`, `1m`, or a bare number of milliseconds. */
export function parseDuration(value: string, minMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  const ms = match ? Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']) : NaN;
  if (!(ms >= minMs)) {
    throw new InvalidArgumentError(`must be a duration of at least ${minMs} ms, like 500ms, 5s or 1m (a bare number is milliseconds)`);
  }
  return ms;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
}

export function parseProbePath(value: string): string {
  if (!isProbePath(value)) throw new InvalidArgumentError("must be a path starting with '/', like /health");
  return value;
}

export function isProbePath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !/\s/.test(value);
}
