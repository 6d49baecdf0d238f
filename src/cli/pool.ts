import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { processFile, type FileJob, type FileResult, type TransformRegistry } from './file-job';

/** Runs file jobs in worker threads (tinypool), or in this process for `--workers 1` and small runs. */

export interface JobRunner {
  readonly threads: number;
  run(job: FileJob): Promise<FileResult>;
  close(): Promise<void>;
}

/** Starting a worker costs about as much as parsing this many files, so small runs use fewer threads. */
const FILES_PER_THREAD = 40;

/** `--workers N` is taken as given; the default is the CPU count, scaled down for small runs. */
export function chooseThreads(requested: number | undefined, files: number): number {
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(files / FILES_PER_THREAD)));
}

export async function createJobRunner(threads: number, registry: TransformRegistry): Promise<JobRunner> {
  if (threads <= 1) {
    return {
      threads: 1,
      // One file per macrotask, so the progress bar can redraw between files.
      run: (job) => new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(processFile(job, registry));
        } catch (error) {
          reject(error);
        }
      })),
      close: async () => {},
    };
  }
  // tinypool is ESM-only; import() loads it from this CommonJS build.
  const { Tinypool } = await import('tinypool');
  const pool = new Tinypool({ filename: join(__dirname, 'worker.js'), minThreads: threads, maxThreads: threads });
  return {
    threads,
    run: (job) => pool.run(job) as Promise<FileResult>,
    close: () => pool.destroy(),
  };
}
