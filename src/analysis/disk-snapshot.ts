/**
 * What the analysis learns from the disk around a file (its package.json, tsconfig.json, the
 * project's configs and pages, a deno.json or .git above it) is read again on every call, so a
 * long-lived process (an editor's ESLint) sees it change. A run that writes nothing until every
 * file is done, such as the CLI's, holds a snapshot instead: inside `withDiskSnapshot`, each answer
 * is read once for the whole run, however many files, parses and rounds ask for it.
 */

interface Snapshot {
  readonly run: string;
  readonly answers: Map<string, unknown>;
}

/** The last run's answers, kept between its files; `active` only while one of its files is worked on. */
let kept: Snapshot | undefined;
let active: Snapshot | undefined;

/** Runs `work` with the answers of `run` (a new run id starts afresh). */
export function withDiskSnapshot<T>(run: string, work: () => T): T {
  if (kept?.run !== run) kept = { run, answers: new Map() };
  const outer = active;
  active = kept;
  try {
    return work();
  } finally {
    active = outer;
  }
}

/** `read()`, or inside a snapshot the answer already read for `key` (answers are shared: never mutate one). */
export function fromDisk<T>(key: string, read: () => T): T {
  if (!active) return read();
  if (active.answers.has(key)) return active.answers.get(key) as T;
  const answer = read();
  active.answers.set(key, answer);
  return answer;
}
