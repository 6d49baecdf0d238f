import { processFile, type FileJob, type FileResult } from './file-job';
import { TRANSFORMS } from './transforms';

/** Tinypool's entry point in each worker thread. */
export default function runFileJob(job: FileJob): Promise<FileResult> {
  return processFile(job, TRANSFORMS);
}
