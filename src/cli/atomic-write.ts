import { randomBytes } from 'node:crypto';
import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to a temporary file beside `path` and renames it over `path`: a crash or a full
 * disk leaves the old file or the new one, never half of one. An existing file keeps its mode
 * (an executable script stays executable); a symlink keeps pointing at the file it names.
 */
export function writeFileAtomic(path: string, text: string): void {
  const existing = statSync(path, { throwIfNoEntry: false });
  const target = existing ? realpathSync(path) : path;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.safe-requests.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    if (existing) chmodSync(temp, existing.mode & 0o7777);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
