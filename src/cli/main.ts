import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ExitCode, UsageError } from './exit-codes';
import type { TransformRegistry } from './file-job';
import { formatGithubAnnotations } from './format-github';
import { formatCodemodPretty, formatCodemodSummary, formatInventoryPretty } from './format-pretty';
import { formatSarif } from './format-sarif';
import { createProgress } from './progress';
import { parseCommandLine, type CliOptions } from './program';
import { formatJson } from './report';
import type { RunEnvironment } from './run';

/** The CLI behind bin.ts, with its streams passed in. Resolves to the exit code (see exit-codes.ts). */

export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Tests run fake transforms in-process (`--workers 1`); worker threads always load the real ones. */
  readonly registry?: TransformRegistry;
  /** Stops `health --watch` (tests); without it, Ctrl-C and SIGTERM do. */
  readonly signal?: AbortSignal;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv, { stdout: (text) => io.stdout.write(text), stderr: (text) => io.stderr.write(text) });
  if (parsed.kind === 'exit') return parsed.exitCode;
  const { options } = parsed;
  // The parsers and transforms take most of a second to load: not for --help or a usage error.
  const registry = io.registry ?? (await import('./transforms.js')).TRANSFORMS;
  const env: RunEnvironment = {
    cwd: io.cwd,
    registry,
    progress: (files) => createProgress(io.stderr as NodeJS.WriteStream, io.env, files),
  };
  const color = Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  try {
    if (options.command === 'health') return await (await import('./health/run.js')).runHealth(options, env, io, color);
    return options.command === 'list' ? await list(options, env, io, color) : await codemod(options, env, io, color);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`safe-requests: ${error.message}\n`);
    return ExitCode.UsageError;
  }
}

async function codemod(options: CliOptions, env: RunEnvironment, io: CliIo, color: boolean): Promise<number> {
  const { runCodemod } = await import('./run.js');
  const { report, gitRoot } = await runCodemod(options, env);
  const toRepoPath = (path: string) => (gitRoot === undefined ? path : relative(gitRoot, resolve(io.cwd, path)).split('\\').join('/'));
  const pretty = (withColor: boolean) => formatCodemodPretty(report, { color: withColor, diff: options.diff });
  const documents = {
    pretty: () => pretty(false),
    json: () => formatJson(report),
    sarif: () => formatSarif(report, toRepoPath),
    github: () => formatGithubAnnotations(report, toRepoPath),
  };
  const document = documents[options.format]();
  if (options.report !== undefined) {
    writeReport(resolve(io.cwd, options.report), document);
    io.stdout.write(pretty(color));
  } else if (options.format === 'pretty') {
    io.stdout.write(pretty(color));
  } else if (options.format === 'github') {
    // Annotations first, then the human output in the job log.
    io.stdout.write(document + '\n' + pretty(false));
  } else {
    io.stdout.write(document);
    io.stderr.write(formatCodemodSummary(report, { color: Boolean(io.stderr.isTTY) && color }));
  }
  return report.exitCode;
}

async function list(options: CliOptions, env: RunEnvironment, io: CliIo, color: boolean): Promise<number> {
  const { runInventory } = await import('./run.js');
  const { report } = await runInventory(options, env);
  const pretty = (withColor: boolean) => formatInventoryPretty(report, { color: withColor });
  const document = options.format === 'json' ? formatJson(report) : pretty(false);
  if (options.report !== undefined) {
    writeReport(resolve(io.cwd, options.report), document);
    io.stdout.write(pretty(color));
  } else {
    io.stdout.write(options.format === 'json' ? document : pretty(color));
  }
  return report.exitCode;
}

export function writeReport(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`--report ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
