import { createTwoFilesPatch, FILE_HEADERS_ONLY, structuredPatch, type StructuredPatchHunk } from 'diff';

/** Where a rewrite touched a file, in the original file's lines: what annotations and SARIF point at. */

export interface LineRange {
  /** 1-based, inclusive. A pure insertion points at the line it was inserted above. */
  readonly startLine: number;
  readonly endLine: number;
}

function hunksBetween(before: string, after: string): StructuredPatchHunk[] {
  return structuredPatch('', '', before, after, '', '', { context: 0 }).hunks;
}

export interface LineChanges {
  /**
   * The rewritten line ranges, in the coordinates of `before`. Lines only inserted (an import, a
   * blank line) are left out when the rewrite also changed existing lines: those say where it acted.
   */
  readonly ranges: LineRange[];
  /** Translates line numbers of `after` back to `before`; a line inside a rewritten block maps to the block's start. */
  readonly toBefore: (line: number) => number;
}

/** One line diff gives both, as a rewrite step needs both. */
export function lineChanges(before: string, after: string): LineChanges {
  const lineCount = Math.max(1, before.split('\n').length - (before.endsWith('\n') ? 1 : 0));
  const hunks = hunksBetween(before, after);
  const rewrites = hunks.filter((hunk) => hunk.oldLines > 0);
  const ranges = (rewrites.length > 0 ? rewrites : hunks).map((hunk) => {
    const startLine = Math.min(Math.max(hunk.oldStart, 1), lineCount);
    return { startLine, endLine: Math.min(startLine + Math.max(hunk.oldLines, 1) - 1, lineCount) };
  });
  const toBefore = (line: number) => {
    let delta = 0;
    for (const hunk of hunks) {
      if (line < hunk.newStart) break;
      if (line < hunk.newStart + hunk.newLines) return Math.max(hunk.oldStart, 1);
      delta += hunk.oldLines - hunk.newLines;
    }
    return line + delta;
  };
  return { ranges, toBefore };
}

/** A `git apply`-able unified diff with `a/` and `b/` prefixes. */
export function unifiedDiff(relPath: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(`a/${relPath}`, `b/${relPath}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  // jsdiff ends the file-name lines with a tab even without a timestamp.
  return patch.replace(/^((?:---|\+\+\+) [^\n]*)\t$/gm, '$1');
}
