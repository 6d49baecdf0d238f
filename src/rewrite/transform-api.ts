import type { TSESTree } from '@typescript-eslint/types';
import { startOf } from '../analysis/positions';
import type { RuntimeHelperFlavour } from '../runtime/runtime-helper';

/**
 * The contract between our transforms and their runners (the jscodeshift adapter, the CLI,
 * the corpus run). A transform is a pure function of (source, file path, options).
 */

export type TransformName = 'env-endpoints' | 'timeouts' | 'retry-requests';

/** Something the transform saw but deliberately left alone, for the CLI's manual-review list. */
export interface ManualReviewItem {
  readonly line: number;
  readonly column: number;
  /** Stable machine-readable reason, e.g. `secret-in-url`, `stream-body`, `callback-api`. */
  readonly reason: string;
  readonly message: string;
}

/** A manual-review item at a node's start (columns are 1-based, as in every report). */
export function manualReviewAt(node: TSESTree.Node, reason: string, message: string): ManualReviewItem {
  const { line, column } = startOf(node);
  return { line, column: column + 1, reason, message };
}

/** An environment variable the env-endpoints transform introduced. */
export interface EnvVariable {
  readonly name: string;
  /** The original URL, written as the default in `.env.example`. Never a URL carrying a secret. */
  readonly defaultValue: string;
  readonly filePath: string;
  readonly line: number;
}

/** The generated helper a rewritten file imports (written once per package and flavour by the CLI). */
export interface HelperRequest {
  readonly flavour: RuntimeHelperFlavour;
  /** Absolute path of the helper file the import specifier points at. */
  readonly helperPath: string;
  /** `settings['safe-requests'].redact`, rendered into the helper; absent when there are none. */
  readonly redact?: readonly string[];
}

export interface TransformOutcome {
  /** The new text, or null when nothing changed (the file must not be rewritten). */
  readonly output: string | null;
  /** How many rewrites were made (requests wrapped, endpoints extracted). */
  readonly changes: number;
  readonly envVariables: readonly EnvVariable[];
  readonly manualReview: readonly ManualReviewItem[];
  readonly helper?: HelperRequest;
}

export interface TransformOptions {
  readonly [key: string]: unknown;
}

export interface CodeTransform {
  readonly name: TransformName;
  /** Throws SourceParseError for an unparsable input; never returns output that fails to parse. */
  run(source: string, filePath: string, options?: TransformOptions): TransformOutcome;
}

export const UNCHANGED: TransformOutcome = { output: null, changes: 0, envVariables: [], manualReview: [] };

/** A bad option fails with a message that names it. */
export class TransformOptionError extends Error {
  constructor(transform: TransformName, option: string, detail: string) {
    super(`${transform}: option '${option}' ${detail}`);
    this.name = 'TransformOptionError';
  }
}
