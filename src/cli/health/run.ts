import { relative, resolve } from 'node:path';
import { readRunConfig } from '../config';
import { ExitCode, UsageError } from '../exit-codes';
import { formatHealthGithub, formatHealthJson, formatHealthPretty, formatLiveLines, formatTransition, formatTransitionJson } from '../format-health';
import { writeReport, type CliIo } from '../main';
import { runInventory, type RunEnvironment } from '../run';
import { checkEndpoints, type ProbeOptions } from './check';
import { readHealthConfig } from './config';
import { collectEndpoints, readEnvFile, resolveEndpoint, type ResolvedEndpoint } from './endpoints';
import type { HealthOptions } from './options';
import { healthReport } from './report';
import { watchHealth } from './watch';

/** `safe-requests health`: the inventory's endpoints, resolved, probed once or every --watch interval. */

export async function runHealth(options: HealthOptions, env: RunEnvironment, io: CliIo, color: boolean): Promise<number> {
  if (options.watchMs !== undefined && options.format === 'github') throw new UsageError('--format github does not apply to --watch (annotations are for one round)');
  if (options.watchMs !== undefined && options.report !== undefined) throw new UsageError('--report does not apply to --watch');
  // Settings first: a bad --config or --env-file is a usage error before any file is read.
  const runConfig = readRunConfig(options.config, env.cwd);
  const config = readHealthConfig(runConfig.health, options.config);
  const envFile = readEnvFile(options.envFile, env.cwd);
  const { report: inventory, gitRoot } = await runInventory(options.inventory, env);
  const endpoints = collectEndpoints(inventory.entries).map((endpoint) =>
    resolveEndpoint(endpoint, { env: io.env, envFile, config, path: options.path }),
  );
  const probe: ProbeOptions = { timeoutMs: options.timeoutMs, concurrency: options.concurrency, insecure: options.insecure, redact: runConfig.settings.redact };
  // With nothing to watch, one round says so and ends.
  if (options.watchMs !== undefined && endpoints.length > 0) return watch(endpoints, probe, options.watchMs, options, io, color);

  const report = healthReport(inventory, await checkEndpoints(endpoints, probe), new Date());
  const toRepoPath = (path: string) => (gitRoot === undefined ? path : relative(gitRoot, resolve(io.cwd, path)).split('\\').join('/'));
  const pretty = (withColor: boolean) => formatHealthPretty(report, { color: withColor });
  const document = options.format === 'json' ? formatHealthJson(report) : options.format === 'github' ? formatHealthGithub(report, toRepoPath) : pretty(false);
  if (options.report !== undefined) {
    writeReport(resolve(io.cwd, options.report), document);
    io.stdout.write(pretty(color));
  } else if (options.format === 'github') {
    io.stdout.write(document + pretty(false));
  } else {
    io.stdout.write(options.format === 'json' ? document : pretty(color));
  }
  return report.exitCode;
}

async function watch(
  endpoints: readonly ResolvedEndpoint[],
  probe: ProbeOptions,
  intervalMs: number,
  options: HealthOptions,
  io: CliIo,
  color: boolean,
): Promise<number> {
  const stop = stopSignal(io);
  // On a terminal the last lines show every endpoint's state, rewritten each round.
  const live = Boolean(io.stdout.isTTY) && options.format === 'pretty';
  let liveLines = 0;
  try {
    const last = await watchHealth(
      () => checkEndpoints(endpoints, { ...probe, signal: stop.signal }),
      (transitions, entries, time) => {
        const lines = transitions.map((transition) => (options.format === 'json' ? formatTransitionJson(transition) : formatTransition(transition, { color })));
        const block = live ? formatLiveLines(entries, time, { color }) : [];
        const erase = liveLines > 0 ? `\u001b[${liveLines}A\u001b[J` : '';
        io.stdout.write(erase + lines.join('') + block.map((line) => line + '\n').join(''));
        liveLines = block.length;
      },
      { intervalMs, signal: stop.signal },
    );
    return last !== undefined && last.every((entry) => entry.healthy) ? ExitCode.Ok : ExitCode.Unhealthy;
  } finally {
    stop.dispose();
  }
}

/** The caller's signal (tests), or Ctrl-C and SIGTERM for as long as the watch runs. */
function stopSignal(io: CliIo): { signal: AbortSignal; dispose: () => void } {
  if (io.signal !== undefined) return { signal: io.signal, dispose: () => undefined };
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}
