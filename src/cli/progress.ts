import { createRequire } from 'node:module';
/** A progress bar on stderr for long runs in a terminal; silent in CI and when stderr is piped. */

export interface Progress {
  start(total: number, phase: string): void;
  tick(): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, tick() {}, stop() {} };
/** Shorter runs finish before a bar would be worth drawing. */
const MIN_FILES = 100;

export async function createProgress(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv, files: number): Promise<Progress> {
  if (!stream.isTTY || env.CI || files < MIN_FILES) return SILENT;
  // Loaded only when a bar is drawn: two dozen modules that runs in CI and pipes never use.
  const { SingleBar } = createRequire(__filename)('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({
    stream,
    format: '{phase} [{bar}] {value}/{total} files',
    clearOnComplete: true,
    hideCursor: true,
  });
  let running = false;
  return {
    start(total, phase) {
      if (running) bar.stop();
      bar.start(total, 0, { phase });
      running = true;
    },
    tick() {
      bar.increment();
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
