import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { processFile, type FileJob, type FileResult, type TransformRegistry } from './file-job';

/**
 * Runs file jobs on `threads` threads: this one, plus `threads - 1` worker threads (tinypool).
 * The CLI's own thread has loaded the transforms already and would otherwise wait, so it takes
 * jobs from the same queue; a worker costs a module load and a JIT warm-up, which is a large share
 * of a run on a small machine.
 */

export interface JobRunner {
  readonly threads: number;
  run(job: FileJob): Promise<FileResult>;
  close(): Promise<void>;
}

/**
 * A thread's start (module load, JIT warm-up of the parser) costs about as much as working
 * through this much source on a warm thread; measured on the corpus (docs/corpus-and-bench.md).
 */
const WORK_BYTES_PER_THREAD = 2_000_000;
/** Jobs handed to each worker ahead, so it never waits for this thread to finish a file of its own. */
const WORKER_QUEUE_DEPTH = 2;

/**
 * `--workers N` is taken as given; by default, as many threads as the work pays for (the bytes of
 * the files left after the pre-filter), up to the CPU count.
 */
export function chooseThreads(requested: number | undefined, workBytes: number): number {
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(workBytes / WORK_BYTES_PER_THREAD)));
}

interface Queued {
  readonly job: FileJob;
  readonly resolve: (result: FileResult) => void;
  readonly reject: (error: unknown) => void;
}

export async function createJobRunner(threads: number, registry: TransformRegistry): Promise<JobRunner> {
  const queue: Queued[] = [];
  let localBusy = false;
  let workerRun: ((job: FileJob) => Promise<FileResult>) | undefined;
  let workersInFlight = 0;
  let workerCapacity = 0;

  // One file per macrotask, so worker results and the progress bar are handled between files.
  const runLocally = () => {
    if (localBusy || queue.length === 0) return;
    localBusy = true;
    setImmediate(() => {
      const next = queue.shift();
      localBusy = false;
      if (next) settle(next, () => processFile(next.job, registry));
      runLocally();
    });
  };
  const feedWorkers = () => {
    while (workerRun && workersInFlight < workerCapacity && queue.length > 0) {
      const next = queue.shift()!;
      workersInFlight++;
      workerRun(next.job)
        .then(next.resolve, next.reject)
        .finally(() => {
          workersInFlight--;
          feedWorkers();
        });
    }
  };

  let close = async () => {};
  if (threads > 1) {
    // tinypool is ESM-only; Node ≥ 20.19 requires it. Not import(): a script from V8's code cache has no import() (load-cli.ts).
    const { Tinypool } = createRequire(__filename)('tinypool') as typeof import('tinypool');
    const workers = threads - 1;
    const pool = new Tinypool({ filename: join(__dirname, 'worker.js'), minThreads: workers, maxThreads: workers });
    workerRun = (job) => pool.run(job) as Promise<FileResult>;
    workerCapacity = workers * WORKER_QUEUE_DEPTH;
    close = () => pool.destroy();
  }
  return {
    threads,
    run: (job) =>
      new Promise<FileResult>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        feedWorkers();
        runLocally();
      }),
    close: () => close(),
  };
}

function settle(queued: Queued, work: () => Promise<FileResult>): void {
  work().then(queued.resolve, queued.reject);
}
