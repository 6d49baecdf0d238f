/** The CLI's exit codes (DESIGN.md); CI scripts branch on them. */
export const ExitCode = {
  /** check: nothing to change; fix: everything applied; list: inventory printed. */
  Ok: 0,
  /** check: some file would change. */
  ChangesNeeded: 1,
  /** health: some endpoint is unhealthy. */
  Unhealthy: 1,
  /** A file failed: transform crash, parse error under --strict, output that failed verification. */
  FileFailed: 2,
  /** Bad flag or value, bad settings, dirty tree for fix, missing path or git ref. */
  UsageError: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage or configuration problem: the message names the flag or setting at fault. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
