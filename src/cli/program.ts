import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PACKAGE_VERSION } from '../package-info';
import type { TransformName } from '../rewrite/transform-api';
import { ExitCode } from './exit-codes';
import { addHealthOptions, toHealthOptions, type HealthOptions } from './health/options';

/** Command-line parsing: every bad flag or value ends in exit 3 with a message naming the flag. */

export type CommandName = 'check' | 'fix' | 'list';
export type OutputFormat = 'pretty' | 'json' | 'sarif' | 'github';

export const TRANSFORM_NAMES: readonly TransformName[] = ['env-endpoints', 'timeouts', 'retry-requests'];

export interface CliOptions {
  readonly command: CommandName;
  /** As given; empty means the current directory. */
  readonly paths: readonly string[];
  /**
   * In the order they run: env-endpoints first, so retry-requests logs the configured endpoint;
   * timeouts before retry-requests, though either order gives the same text.
   */
  readonly transforms: readonly TransformName[];
  /** `--changed` alone gives '' (the default base); absent: undefined. */
  readonly changed: string | undefined;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly includeTests: boolean;
  /** undefined: chosen from the CPU count and the number of files. */
  readonly workers: number | undefined;
  readonly format: OutputFormat;
  readonly report: string | undefined;
  readonly dryRun: boolean;
  readonly strict: boolean;
  readonly allowDirty: boolean;
  readonly diff: boolean;
  /** Path of the --config JSON file. */
  readonly config: string | undefined;
}

export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly options: CliOptions | HealthOptions }
  /** Help, version, or a usage error already written out. */
  | { readonly kind: 'exit'; readonly exitCode: number };

export interface Output {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const DESCRIPTIONS: Record<CommandName, string> = {
  check: 'show what fix would change without writing anything; exit 1 when anything would change',
  fix: 'rewrite the files, write the retry helper and update .env.example',
  list: 'inventory: every request and endpoint with client, method, handled?, retried? and proposed env name',
};

export function parseCommandLine(argv: readonly string[], output: Output): ParsedCommandLine {
  let parsed: CliOptions | HealthOptions | undefined;
  const program = new Command('safe-requests')
    .description('Make HTTP calls survive "Connection refused": endpoints from the environment, error handling, retry.')
    .version(PACKAGE_VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
    .showHelpAfterError("(run 'safe-requests --help' for usage)");

  for (const name of ['check', 'fix', 'list'] as const) {
    const command = program.command(name).description(DESCRIPTIONS[name]).argument('[paths...]', 'files or folders (default: .)');
    addSharedOptions(command, name);
    command.action((paths: string[], raw: Record<string, unknown>) => {
      parsed = toCliOptions(name, paths, raw);
    });
  }
  const health = program
    .command('health')
    .description('probe every endpoint the code calls (DNS, TCP, TLS, HTTP); exit 1 when any is unhealthy')
    .argument('[paths...]', 'files or folders (default: .)');
  addSharedOptions(health, 'health');
  addHealthOptions(health);
  health.action((paths: string[], raw: Record<string, unknown>) => {
    // The endpoints are list's inventory, without the transforms' manual-review pass.
    parsed = toHealthOptions(toCliOptions('list', paths, { ...raw, transforms: [] }), raw);
  });

  try {
    if (argv.length === 0) {
      output.stderr(program.helpInformation());
      return { kind: 'exit', exitCode: ExitCode.UsageError };
    }
    program.parse(normalizeChangedFlag(argv), { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const finished = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    return { kind: 'exit', exitCode: finished && error.exitCode === 0 ? ExitCode.Ok : ExitCode.UsageError };
  }
  return parsed ? { kind: 'run', options: parsed } : { kind: 'exit', exitCode: ExitCode.UsageError };
}

function addSharedOptions(command: Command, name: CommandName | 'health'): void {
  const formats: OutputFormat[] = name === 'list' ? ['pretty', 'json'] : name === 'health' ? ['pretty', 'json', 'github'] : ['pretty', 'json', 'sarif', 'github'];
  // health probes what the whole inventory lists: no transform runs and no git base narrows it.
  if (name !== 'health') {
    command
      .addOption(
        new Option('--transforms <names>', `comma-separated, run in this order (${TRANSFORM_NAMES.join(', ')})`)
          .argParser(parseTransforms)
          .default(TRANSFORM_NAMES, TRANSFORM_NAMES.join(',')),
      )
      .option('--changed [base]', 'only files changed against a git base ref (write --changed=<base>; default origin/HEAD, then main)');
  }
  command
    .option('--include <glob>', 'only files matching this glob, relative to the current folder (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip files matching this glob (repeatable)', collect, [])
    .option('--include-tests', 'also process test files (*.test.*, test/, tests/, __tests__, fixtures, e2e, cypress, …; see docs/cli.md)', false)
    .addOption(new Option('--workers <n>', 'threads, this one included; 1 runs in-process (default: one per 2 MB of files left after the pre-filter, at most the CPU count)').argParser(parseWorkers))
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('pretty'))
    .option('--report <file>', 'write the --format output to this file; stdout then gets the pretty output')
    .option('--strict', 'a file that does not parse fails the run (exit 2) instead of being skipped', false)
    .option('--config <file>', "JSON file: { settings: <settings['safe-requests']>, 'env-endpoints': {…}, 'retry-requests': {…}, health: { paths: {…} } }");
  if (name === 'check' || name === 'fix') command.option('--no-diff', 'print the summary without the unified diff');
  if (name === 'fix') {
    command
      .option('--dry-run', 'compute and print everything, write nothing', false)
      .option('--allow-dirty', 'fix even when the git working tree has uncommitted changes', false);
  }
}

function toCliOptions(command: CommandName, paths: string[], raw: Record<string, unknown>): CliOptions {
  return {
    command,
    paths,
    transforms: raw.transforms as TransformName[],
    changed: raw.changed === undefined ? undefined : raw.changed === true ? '' : String(raw.changed),
    include: raw.include as string[],
    exclude: raw.exclude as string[],
    includeTests: raw.includeTests === true,
    workers: raw.workers as number | undefined,
    format: raw.format as OutputFormat,
    report: raw.report as string | undefined,
    dryRun: raw.dryRun === true,
    strict: raw.strict === true,
    allowDirty: raw.allowDirty === true,
    diff: raw.diff !== false,
    config: raw.config as string | undefined,
  };
}

/**
 * `--changed` takes its base only as `--changed=<base>`: commander would otherwise read the next
 * word, so `check --changed src` would compare against a ref named `src`.
 */
function normalizeChangedFlag(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((arg, index) => (arg === '--changed' && (end === -1 || index < end) ? '--changed=' : arg));
}

function parseTransforms(value: string): TransformName[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(TRANSFORM_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown transform '${unknown[0]}' (known: ${TRANSFORM_NAMES.join(', ')})`);
  if (names.length === 0) throw new InvalidArgumentError(`name at least one of ${TRANSFORM_NAMES.join(', ')}`);
  // The run order is fixed whatever order the user wrote.
  return TRANSFORM_NAMES.filter((name) => names.includes(name));
}

function parseWorkers(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
